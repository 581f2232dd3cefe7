import pytest
from django.core.management import call_command


@pytest.fixture
def content(spbe_data):
    call_command("bootstrap")


@pytest.mark.django_db
def test_search_finds_modules_courses_and_indicators(client, content):
    html = client.get("/cari/", {"q": "arsitektur"}).content.decode()
    assert "/katalog/kebijakan-internal-spbe/" in html
    assert "/spbe/spbe-2020/indikator/1/" in html


@pytest.mark.django_db
def test_search_hides_unverified_framework_and_handles_odd_input(client, content):
    html = client.get("/cari/", {"q": "Pemerintah Digital"}).content.decode()
    assert "/spbe/pemdi-2026/" not in html
    for query in ["", "   ", "<script>alert(1)</script>", "a" * 5000, "%%%", "' OR 1=1 --"]:
        response = client.get("/cari/", {"q": query})
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get("/cari/", {"q": "spbe", "hal": "999"}).status_code == 200


@pytest.mark.django_db
def test_search_covers_case_studies(client, content):
    html = client.get("/cari/", {"q": "Single Sign-On"}).content.decode()
    assert "/living-lab/" in html
