"""Redis (cache and Celery broker) is down: pages still render from the database, and what could not be
queued is reported to the user instead of failing the request that saved the data."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.cache import cache

from accounts.models import Role, User
from lms.celery import app
from workshops.models import ExportJob, Workshop

from ..brokers import use_broker
from ..factories import CoursePageFactory, ModulePageFactory, UserFactory

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": DEAD_REDIS,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    old = (app.conf.task_always_eager, app.conf.broker_url)
    use_broker(task_always_eager=False, broker_url=DEAD_REDIS)
    yield
    use_broker(task_always_eager=old[0], broker_url=old[1])


def test_the_cache_is_really_unreachable(db, redis_down):
    cache.set("probe", 1)
    assert cache.get("probe") is None  # ignored, not raised


@pytest.mark.django_db
def test_pages_render_without_redis(client, site, learner, redis_down):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE")
    module = ModulePageFactory(parent=course, title="Indikator 1 — Kebijakan Internal Arsitektur SPBE")
    assert client.get("/").status_code == 200
    for _ in range(2):  # the second visit would be a page-cache hit if Redis were up
        response = client.get(module.url)
        assert response.status_code == 200
        assert "Kebijakan Internal Arsitektur SPBE" in response.content.decode()
    client.force_login(learner)
    assert client.get("/akun/belajar-saya/").status_code == 200
    assert client.get(module.url).status_code == 200


# Transactional: on_commit callbacks (where tasks are published) run as they do in production.
@pytest.mark.django_db(transaction=True)
def test_signup_succeeds_and_says_the_welcome_email_is_late(client, spbe_data, redis_down, mailoutbox):
    response = client.post(
        "/akun/daftar/",
        {
            "nama": "Made Tanpa Redis",
            "email": "made.redis@contoh.go.id",
            "password1": "belajar-spbe-2026!",
            "password2": "belajar-spbe-2026!",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert User.objects.filter(email="made.redis@contoh.go.id").exists()
    html = response.content.decode()
    assert "E-mail selamat datang belum dapat dikirim" in html
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_export_request_is_marked_failed_and_reported(client, site, redis_down):
    facilitator = UserFactory(email="fasilitator@contoh.go.id")
    facilitator.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    course = CoursePageFactory(parent=site["katalog"])
    workshop = Workshop.objects.create(course=course, title="Bimtek Badung 2026")
    workshop.facilitators.add(facilitator)
    client.force_login(facilitator)

    response = client.post(f"/workshop/{workshop.pk}/ekspor/", {"format": "csv"})
    assert response.status_code == 302
    job = ExportJob.objects.get(workshop=workshop)
    assert job.status == ExportJob.Status.FAILED
    assert "antrean" in job.error
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Ekspor tidak dapat dimulai" in t for t in texts)
    assert not any("sedang disiapkan" in t for t in texts)
    page = client.get(f"/workshop/{workshop.pk}/ekspor/").content.decode()
    assert "gagal" in page.lower()
