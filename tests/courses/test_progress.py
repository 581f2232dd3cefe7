import pytest

from accounts.models import JPLedgerEntry
from courses.models import Enrolment, UnitCompletion

from ..factories import CoursePageFactory, LessonPageFactory, ModulePageFactory


@pytest.fixture
def course(site):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE", jp=6)
    units = [ModulePageFactory(parent=course), ModulePageFactory(parent=course), LessonPageFactory(parent=course)]
    return course, units


@pytest.mark.django_db
def test_anonymous_reads_module_but_cannot_complete(client, course):
    _, units = course
    response = client.get(units[0].url)
    assert response.status_code == 200
    assert "Daftar</a> atau" in response.content.decode()
    response = client.post(f"/belajar/unit/{units[0].pk}/selesai/")
    assert response.status_code == 302 and "/akun/masuk/" in response.url
    assert not UnitCompletion.objects.exists()


@pytest.mark.django_db
def test_enrol_complete_and_jp_credited_once(client, course, learner):
    page, units = course
    client.force_login(learner)
    client.post(f"/belajar/kursus/{page.pk}/daftar/")
    assert Enrolment.objects.filter(user=learner, course=page).exists()
    for unit in units[:2]:
        client.post(f"/belajar/unit/{unit.pk}/selesai/")
    html = client.get(page.url).content.decode()
    assert "2 dari 3 unit selesai (67%)" in html
    assert not JPLedgerEntry.objects.filter(user=learner).exists()

    response = client.post(f"/belajar/unit/{units[2].pk}/selesai/", follow=True)
    assert "Kursus Kebijakan Internal SPBE selesai. 6 JP tercatat" in response.content.decode()
    # completing again, or re-posting, credits nothing more
    client.post(f"/belajar/unit/{units[2].pk}/selesai/")
    client.post(f"/belajar/unit/{units[0].pk}/selesai/")
    entries = JPLedgerEntry.objects.filter(user=learner)
    assert [(e.jp, e.source_key) for e in entries] == [(6, f"course:{page.pk}")]
    assert UnitCompletion.objects.filter(user=learner).count() == 3

    html = client.get("/akun/belajar-saya/").content.decode()
    assert "6 / 20 JP" in html
    assert "Kursus selesai" in html and "Kebijakan Internal SPBE" in html


@pytest.mark.django_db
def test_completing_a_unit_enrols(client, course, learner):
    page, units = course
    client.force_login(learner)
    client.post(f"/belajar/unit/{units[0].pk}/selesai/")
    assert Enrolment.objects.filter(user=learner, course=page, completed_at__isnull=True).exists()
    html = client.get("/akun/belajar-saya/").content.decode()
    assert "1 dari 3 unit (33%)" in html


@pytest.mark.django_db
def test_only_the_owner_sees_progress(client, course, learner, other_learner):
    page, units = course
    client.force_login(learner)
    client.post(f"/belajar/unit/{units[0].pk}/selesai/")
    client.force_login(other_learner)
    html = client.get("/akun/belajar-saya/").content.decode()
    assert "Tidak ada kursus yang sedang berjalan" in html
    html = client.get(units[0].url).content.decode()
    assert "Anda sudah menyelesaikan unit ini" not in html
    assert "Tandai selesai</button>" in html
    html = client.get(page.url).content.decode()
    assert "1 dari 3" not in html


@pytest.mark.django_db
def test_unpublished_unit_cannot_be_completed(client, course, learner):
    _, units = course
    units[0].unpublish()
    client.force_login(learner)
    assert client.post(f"/belajar/unit/{units[0].pk}/selesai/").status_code == 404
    assert client.get(f"/belajar/unit/{units[1].pk}/selesai/").status_code == 405
