"""A task that goes through Redis and a real Celery worker process (CI: PostgreSQL + Redis)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from lms.celery import app
from spbe.loaders import load_instansi
from spbe.models import Instansi

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (a worker process cannot share an in-memory SQLite test database)",
    ),
]


def use_broker(**conf):
    """Point this process's Celery app at another broker. Connections and producers are pooled per
    broker (eager tasks earlier in the run filled the pools for memory://), so drop both pools."""
    app.conf.update(**conf)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker(transactional_db, tmp_path):
    db = settings.DATABASES["default"]
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "TEST_CELERY_BROKER_URL": REDIS_URL,
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    old = (app.conf.task_always_eager, app.conf.broker_url)
    use_broker(task_always_eager=False, broker_url=REDIS_URL)
    try:
        yield {"mail_dir": mail_dir, "process": process, "log": tmp_path / "worker.log"}
    finally:
        use_broker(task_always_eager=old[0], broker_url=old[1])
        process.terminate()
        process.wait(timeout=30)


def wait_for(predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    return None


def test_signup_welcome_email_is_sent_by_a_worker_process(client, worker):
    assert connection.vendor == "postgresql"
    if not Instansi.objects.exists():
        load_instansi()
    response = client.post(
        "/akun/daftar/",
        {
            "nama": "Ketut Lewat Worker",
            "email": "ketut.worker@contoh.go.id",
            "password1": "belajar-spbe-2026!",
            "password2": "belajar-spbe-2026!",
        },
    )
    assert response.status_code == 302

    def mail_written():
        files = list(worker["mail_dir"].glob("*.log")) if worker["mail_dir"].exists() else []
        return [f.read_text() for f in files if "ketut.worker@contoh.go.id" in f.read_text()]

    messages = wait_for(mail_written)
    assert worker["process"].poll() is None, "the worker died"
    assert messages, "no e-mail was written by the worker within 60 s:\n" + worker["log"].read_text()[-3000:]
    assert "Selamat datang di Bimtek SPBE" in messages[0]
    assert len(messages) == 1
