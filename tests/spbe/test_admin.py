import pytest

from spbe.models import Framework, Instansi


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser(email="admin@contoh.go.id", password="x", nama="Admin")


@pytest.mark.django_db
def test_administrator_marks_second_framework_verified(client, framework, admin):
    pemdi = Framework.objects.get(code="pemdi-2026")
    client.force_login(admin)
    url = f"/admin/frameworks/edit/{pemdi.pk}/"
    assert client.get(url).status_code == 200
    data = {
        "label": pemdi.label,
        "name": pemdi.name,
        "regulation": pemdi.regulation,
        "years": pemdi.years,
        "note": pemdi.note,
        "is_verified": "on",
        "sort_order": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    pemdi.refresh_from_db()
    assert pemdi.is_verified
    client.logout()
    assert client.get("/spbe/pemdi-2026/").status_code == 200


@pytest.mark.django_db
def test_central_agency_added_in_admin(client, spbe_data, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/instansi/new/", {"nama": "Kementerian Contoh", "jenis": "pusat", "kode": "", "provinsi": ""}
    )
    assert response.status_code == 302
    assert Instansi.objects.get(nama="Kementerian Contoh").jenis == "pusat"


@pytest.mark.django_db
def test_learner_cannot_reach_admin(client, learner):
    client.force_login(learner)
    response = client.get("/admin/frameworks/")
    assert response.status_code in (302, 403)
