import pytest
from django.core.management import call_command

from livinglab.models import CaseStudyPage


@pytest.fixture
def content(site):
    call_command("load_spbe")
    call_command("load_content")


@pytest.mark.django_db
def test_four_seed_case_studies_are_published_with_sources(content, client):
    pages = CaseStudyPage.objects.live()
    assert pages.count() == 4
    assert set(pages.values_list("instansi__kode", flat=True)) == {"51", "51.03", "32.12", "73"}
    for page in pages:
        assert page.source_list and page.indicators.exists()
        html = client.get(page.url).content.decode()
        for section in [
            "Konteks",
            "Yang dilakukan",
            "Linimasa",
            "Sumber daya dan biaya",
            "Hambatan",
            "Hasil",
            "Cara mereplikasi",
        ]:
            assert f">{section}</h2>" in html, (page.slug, section)


@pytest.mark.django_db
def test_bali_shows_its_official_results_as_a_picture(content, client):
    bali = CaseStudyPage.objects.get(instansi__kode="51")
    html = client.get(bali.url).content.decode()
    assert "3,68" in html and "4,07" in html and "4,30" in html
    assert html.count("<svg") >= 2
    assert "Indeks per domain" in html and "4,60" in html and "4,80" in html  # Domain 1 in 2023 and 2024


@pytest.mark.django_db
def test_reloading_changes_nothing(content, capsys):
    call_command("load_content")
    assert "Living Lab: 0 dibuat, 0 diperbarui, 4 tidak berubah" in capsys.readouterr().out
