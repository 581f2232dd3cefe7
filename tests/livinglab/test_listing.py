from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CourseIndexPage
from livinglab.models import Adoption
from spbe.models import Indicator

from ..factories import CoursePageFactory, ModulePageFactory
from .conftest import make_case_study


@pytest.fixture
def published(lab):
    rx, ry = lab["region_x"], lab["region_y"]
    return {
        "naik": make_case_study(
            rx, "Naik tinggi", publish=True, indicator_numbers=[18, 20], year=2024,
            index_before=Decimal("1.78"), index_before_year=2021, index_after=Decimal("3.87"), index_after_year=2024,
        ),
        "sedikit": make_case_study(
            ry, "Naik sedikit", publish=True, indicator_numbers=[25], year=2023,
            index_before=Decimal("3.00"), index_before_year=2022, index_after=Decimal("3.10"), index_after_year=2023,
        ),
        "turun": make_case_study(
            ry, "Tanpa kenaikan", publish=True, indicator_numbers=[42], year=2022,
            index_before=Decimal("3.50"), index_before_year=2021, index_after=Decimal("3.20"), index_after_year=2022,
        ),
    }  # fmt: skip


def titles(client, query=""):
    html = client.get(f"/living-lab/?{query}").content.decode()
    return [t for t in ("Naik tinggi", "Naik sedikit", "Tanpa kenaikan") if t in html]


@pytest.mark.django_db
def test_filters_sort_and_search(client, published):
    assert titles(client) == ["Naik tinggi", "Naik sedikit", "Tanpa kenaikan"]
    assert titles(client, "domain=2") == ["Naik tinggi"]  # indicators 18, 20 are Tata Kelola
    assert titles(client, "indikator=25") == ["Naik sedikit"]
    assert titles(client, "tahun=2023") == ["Naik sedikit"]
    assert titles(client, "provinsi=51") == ["Naik tinggi", "Naik sedikit", "Tanpa kenaikan"]
    assert titles(client, "provinsi=73") == []
    assert titles(client, "naik=1") == ["Naik tinggi", "Naik sedikit"]
    html = client.get("/living-lab/?urut=kenaikan").content.decode()
    assert html.index("Naik tinggi") < html.index("Naik sedikit") < html.index("Tanpa kenaikan")
    assert titles(client, "q=tinggi") == ["Naik tinggi"]
    assert titles(client, "q=%22tinggi%22") == ["Naik tinggi"]  # a quote once crashed SQLite FTS5
    for odd in [
        "domain=x",
        "indikator=abc",
        "tahun=--",
        "hal=999",
        "q=" + "a" * 3000,
        "provinsi=%3Cscript%3E",
        "q=%22",
    ]:
        assert client.get(f"/living-lab/?{odd}").status_code == 200


@pytest.mark.django_db
def test_atom_feed_advertised_and_lists_published(client, published):
    html = client.get("/living-lab/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html and 'href="/living-lab/feed/"' in html
    feed = client.get("/living-lab/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert body.count("<entry>") == 3 and "Naik tinggi" in body


@pytest.mark.django_db
def test_case_study_page_and_module_links(client, lab, published):
    course = CoursePageFactory(parent=CourseIndexPage.objects.get())
    module = ModulePageFactory(parent=course, indicator=Indicator.objects.get(framework__code="spbe-2020", number=18))
    html = client.get(published["naik"].url).content.decode()
    assert "1,78" in html and "3,87" in html and "+2,09" in html
    assert "Kurang" in html and "Sangat Baik" in html  # predikat from the bands
    assert module.url in html  # related module
    module_html = client.get(module.url).content.decode()
    assert published["naik"].url in module_html and "Tanpa kenaikan" not in module_html


@pytest.mark.django_db
def test_kami_menerapkan_ini_once_per_instansi(client, lab, published, learner, other_learner):
    from spbe.models import Instansi

    page = published["naik"]
    denpasar = Instansi.objects.get(kode="51.71")
    for user in (learner, other_learner):
        user.instansi = denpasar
        user.save()
        client.force_login(user)
        client.post(f"/living-lab-aksi/studi-kasus/{page.pk}/menerapkan/")
    assert Adoption.objects.filter(case_study=page).count() == 1
    html = client.get(page.url).content.decode()
    assert "1 instansi mencatat" in html and "Kota Denpasar" in html
    client.logout()
    assert client.post(f"/living-lab-aksi/studi-kasus/{page.pk}/menerapkan/").status_code == 302
    assert Adoption.objects.count() == 1


@pytest.mark.django_db
def test_listing_queries_identical_at_5_and_100(client, lab):
    def fill(n, start):
        for k in range(n):
            region = lab["region_x"] if k % 2 else lab["region_y"]
            make_case_study(region, f"Studi {start + k}", publish=True, indicator_numbers=[18, 25], index_before=Decimal("2.00"),
                            index_before_year=2022, index_after=Decimal("2.50"), index_after_year=2023)  # fmt: skip

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = ["/living-lab/", "/living-lab/?urut=kenaikan&naik=1", "/living-lab/?domain=2&hal=2", "/living-lab/feed/"]
    fill(5, 0)
    small = [count(u) for u in urls]
    fill(95, 5)
    large = [count(u) for u in urls]
    assert small == large
