from decimal import Decimal

import pytest
from django.db.models import Sum

from spbe.loaders import load_all_frameworks
from spbe.models import Aspect, Domain, Framework, Indicator, Instansi


@pytest.mark.django_db
def test_framework_weights_nest_and_sum_to_100(framework):
    assert framework.indicators.count() == 47
    assert framework.aspects.count() == 8
    assert framework.domains.count() == 4
    assert framework.indicators.aggregate(s=Sum("weight"))["s"] == Decimal(100)
    for domain in framework.domains.all():
        aspects = Aspect.objects.filter(domain=domain)
        assert aspects.aggregate(s=Sum("weight"))["s"] == domain.weight
        for aspect in aspects:
            assert aspect.indicators.aggregate(s=Sum("weight"))["s"] == aspect.weight
    assert [d.weight for d in framework.domains.order_by("number")] == [
        Decimal("13"),
        Decimal("25"),
        Decimal("16.5"),
        Decimal("45.5"),
    ]


@pytest.mark.django_db
def test_level_scales_per_indicator(framework):
    i1 = framework.indicators.get(number=1)
    i47 = framework.indicators.get(number=47)
    assert [i1.level_name(n) for n in range(1, 6)] == [
        "Rintisan",
        "Terkelola",
        "Terdefinisi",
        "Terpadu dan Terukur",
        "Optimum",
    ]
    assert [i47.level_name(n) for n in range(1, 6)] == ["Informasi", "Interaksi", "Transaksi", "Kolaborasi", "Optimum"]
    assert set(i1.levels) == {"1", "2", "3", "4", "5"}
    assert i1.evidence and i1.related_regulations


@pytest.mark.django_db
def test_second_framework_of_another_shape_loads_beside_it(framework):
    pemdi = Framework.objects.get(code="pemdi-2026")
    assert pemdi.is_verified is False
    assert pemdi.indicators.count() == 20
    assert pemdi.aspects.count() == 7
    assert not Domain.objects.filter(framework=pemdi).exists()
    assert pemdi.indicators.aggregate(s=Sum("weight"))["s"] == Decimal(100)
    assert framework.indicators.count() == 47  # untouched


@pytest.mark.django_db
def test_reload_is_idempotent_and_keeps_admin_verification(framework):
    Framework.objects.filter(code="pemdi-2026").update(is_verified=True)
    counts = (Framework.objects.count(), Aspect.objects.count(), Indicator.objects.count())
    load_all_frameworks()
    assert (Framework.objects.count(), Aspect.objects.count(), Indicator.objects.count()) == counts
    assert Framework.objects.get(code="pemdi-2026").is_verified is True


@pytest.mark.django_db
def test_instansi_reference(spbe_data):
    assert Instansi.objects.filter(jenis="provinsi").count() == 38
    assert Instansi.objects.filter(jenis__in=["kabupaten", "kota"]).count() == 514
    badung = Instansi.objects.get(kode="51.03")
    assert badung.nama == "Kabupaten Badung"
    assert badung.provinsi.nama == "Provinsi Bali"


@pytest.mark.django_db
def test_unverified_framework_hidden_from_learners(client, framework, learner, django_user_model):
    assert client.get("/spbe/pemdi-2026/").status_code == 404
    assert client.get("/spbe/pemdi-2026/kalkulator/").status_code == 404
    assert "Indeks Pemerintah Digital" not in client.get("/spbe/").content.decode()
    client.force_login(learner)
    assert client.get("/spbe/pemdi-2026/").status_code == 404
    staff = django_user_model.objects.create_user(email="staf@contoh.go.id", nama="Staf", is_staff=True)
    client.force_login(staff)
    response = client.get("/spbe/pemdi-2026/")
    assert response.status_code == 200
    assert "belum terverifikasi" in response.content.decode()
    Framework.objects.filter(code="pemdi-2026").update(is_verified=True)
    client.logout()
    assert client.get("/spbe/pemdi-2026/").status_code == 200


@pytest.mark.django_db
def test_overview_draws_weights_as_bars(client, framework):
    html = client.get("/spbe/spbe-2020/").content.decode()
    assert "Kebijakan Internal SPBE" in html and "45,5%" in html
    assert html.count('class="bar-row"') == 47
    # the heaviest indicator (3 %) is the full bar; a 1,3 % one is 43 % of it
    assert "width: 43%" in html and "width: 100%" in html


@pytest.mark.django_db
def test_indicator_page(client, framework):
    html = client.get("/spbe/spbe-2020/indikator/22/").content.decode()
    assert "Tingkat 4 — Terpadu dan Terukur" in html
    assert "Manajemen Keamanan Informasi" in html
    assert client.get("/spbe/spbe-2020/indikator/48/").status_code == 404
