import gzip
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.management import call_command
from wagtail.models import Page, Revision

from courses.models import ModulePage


@pytest.fixture
def bootstrapped(spbe_data):
    call_command("bootstrap", "--demo")


@pytest.mark.django_db
def test_home_tells_what_the_platform_does_with_entry_points(client, bootstrapped):
    html = client.get("/").content.decode()
    assert "Bimtek SPBE membantu ASN membaca setiap indikator evaluasi SPBE" in html
    for link in ['href="/katalog/"', 'href="/spbe/kalkulator/"', 'href="/akun/daftar/"', 'href="/akun/masuk/"']:
        assert link in html
    assert "<main" in html and "<nav" in html and 'lang="id"' in html and "Lewati ke isi" in html


@pytest.mark.django_db
def test_bootstrap_is_idempotent_and_creates_one_demo_account_per_role(bootstrapped):
    counts = (Page.objects.count(), Revision.objects.count(), get_user_model().objects.count())
    call_command("bootstrap", "--demo")
    assert (Page.objects.count(), Revision.objects.count(), get_user_model().objects.count()) == counts
    users = get_user_model().objects.filter(email__endswith="@demo.bimtek.id")
    roles = {g for u in users for g in u.groups.values_list("name", flat=True)}
    assert roles >= {"Peserta", "Fasilitator", "Kontributor Daerah", "Kurator", "Administrator", "Verifikator Provinsi"}
    assert "Kontributor — Kabupaten Badung" in roles  # the demo contributor writes for Badung


@pytest.mark.django_db
def test_demo_learner_can_sign_in(client, bootstrapped):
    from home.management.commands.bootstrap import DEMO_PASSWORD

    response = client.post("/akun/masuk/", {"username": "peserta@demo.bimtek.id", "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_friendly_404(client, bootstrapped):
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_module_page_weighs_under_150_kb_without_images(client, bootstrapped):
    """HTML + CSS + JS a phone downloads for a module page, gzip-compressed as served in production."""
    module = ModulePage.objects.live().first()
    html = client.get(module.url).content
    assert b"<img" not in html
    total = len(gzip.compress(html))
    for asset in re.findall(rb'(?:href|src)="/static/([^"]+)"', html):
        total += len(gzip.compress(Path(finders.find(asset.decode())).read_bytes()))
    assert total < 150 * 1024
    assert b"cdn" not in html.lower() and b"https://" not in re.sub(rb'href="https://[^"]*"', b"", html)


@pytest.mark.django_db
def test_english_is_selectable(client, bootstrapped):
    response = client.post("/bahasa/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    html = client.get("/").content.decode()
    assert "Skip to content" in html and 'lang="en"' in html
    html = client.post("/spbe/kalkulator/", {"i1": "9"}).content.decode()
    assert "Indicator 1: the level must be 1 to 5." in html


@pytest.mark.django_db
def test_indonesian_even_when_the_browser_asks_for_english(client, bootstrapped):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Lewati ke isi" in html and 'lang="id"' in html


@pytest.mark.django_db
def test_pages_are_found_by_url_path_with_wagtails_rules(client, site):
    from ..factories import CoursePageFactory, ModulePageFactory

    course = CoursePageFactory(parent=site["katalog"], title="Kursus Rute")
    module = ModulePageFactory(parent=course, title="Modul Rute")
    assert client.get(module.url).status_code == 200
    assert client.get(module.url + "tidak-ada/").status_code == 404
    module.unpublish()
    assert client.get(module.url).status_code == 404  # a draft is never served
    course.unpublish()
    module.save_revision().publish()
    # As in Wagtail's own walk, an unpublished parent does not hide a live child.
    assert client.get(module.url).status_code == 200
