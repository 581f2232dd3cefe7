"""Real Celery workers over Redis, against the PostgreSQL test database (CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from lms.celery import app

from ..brokers import use_broker

REDIS_URL = os.environ.get("REDIS_URL", "")
ROOT = Path(__file__).resolve().parents[2]


# Every module here: ``pytestmark = NEEDS_WORKER``.
NEEDS_WORKER = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL not set"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (a worker process cannot share the SQLite test database)",
    ),
]


def wait_for(predicate, timeout=60, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None


class Workers:
    """Starts worker processes (solo pool: the PID is the process that runs the task) and stops them."""

    def __init__(self, tmp_path, extra_env):
        db = settings.DATABASES["default"]
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings.test",
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
            "TEST_CELERY_BROKER_URL": REDIS_URL,
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            **extra_env,
        }
        self.processes = []

    def start(self, name="worker"):
        log_path = self.tmp_path / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "--pool=solo", "--loglevel=INFO", "-n", name],
            cwd=ROOT,
            env=self.env,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
        )
        process.log_path = log_path
        self.processes.append(process)
        return process

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def workers(transactional_db, tmp_path, request):
    """A factory of real workers; the test's own Celery app publishes to Redis while it runs."""
    marker = request.node.get_closest_marker("worker_env")
    pool = Workers(tmp_path, marker.kwargs if marker else {})
    old = (app.conf.task_always_eager, app.conf.broker_url, app.conf.broker_transport_options)
    use_broker(task_always_eager=False, broker_url=REDIS_URL)
    # Nothing left over from an earlier run may be delivered to these workers.
    app.control.purge()
    try:
        yield pool
    finally:
        use_broker(task_always_eager=old[0], broker_url=old[1], broker_transport_options=old[2])
        pool.stop_all()


@pytest.fixture
def worker(workers):
    """One running worker (compatibility with the first worker test)."""
    process = workers.start()
    return {"mail_dir": workers.mail_dir, "process": process, "log": process.log_path}
