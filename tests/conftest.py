import os
import shutil

import pytest

from spbe.loaders import load_all_frameworks, load_instansi
from spbe.models import Framework, Instansi

from .factories import PASSWORD, UserFactory, build_site

CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: page ids and paths repeat across tests, so a page
    cached by one test (courses/cache.py) must not answer in the next."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the frameworks and Instansi once into the test database; every test starts with them."""
    with django_db_blocker.unblock():
        load_all_frameworks()
        load_instansi()


@pytest.fixture
def spbe_data(db):
    """Both frameworks and the Instansi reference (loaded once per database state)."""
    if not Framework.objects.filter(code="spbe-2020").exists():
        load_all_frameworks()
    if not Instansi.objects.exists():
        load_instansi()
    return Framework.objects.get(code="spbe-2020")


@pytest.fixture
def framework(spbe_data):
    return spbe_data


@pytest.fixture
def site(spbe_data):
    home, katalog = build_site()
    return {"home": home, "katalog": katalog}


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def learner(db):
    return UserFactory(email="learner.a@contoh.go.id", nama="Learner A")


@pytest.fixture
def other_learner(db):
    return UserFactory(email="learner.b@contoh.go.id", nama="Learner B")


# --- Suites that need services: report plainly what was skipped, and never skip under CI=true. ---

SERVICE_HINTS = {
    "e2e": "end-to-end (Chromium): apt-get install chromium",
    "postgres": "PostgreSQL: set DATABASE_URL=postgres://…",
    "worker": "Celery worker + Redis: set REDIS_URL=redis://127.0.0.1:6379/0 and DATABASE_URL (PostgreSQL)",
}


def chromium_path():
    return (
        os.environ.get("CHROMIUM", "/usr/bin/chromium")
        if shutil.which("chromium") or os.path.exists("/usr/bin/chromium")
        else None
    )


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = terminalreporter.stats.get("skipped", [])
    suites = sorted({kw for rep in skipped for kw in SERVICE_HINTS if kw in rep.keywords})
    if suites:
        terminalreporter.write_sep("=", "suites skipped on this machine", yellow=True)
        for suite in suites:
            terminalreporter.write_line(f"SKIPPED {suite}: to enable, {SERVICE_HINTS[suite]}")
    if CI and skipped:
        terminalreporter.write_line(f"CI=true: {len(skipped)} skipped tests are not allowed.", red=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if CI and reporter and reporter.stats.get("skipped"):
        session.exitstatus = 1
