"""A task that goes through Redis and a real Celery worker process (CI: PostgreSQL + Redis)."""

from django.db import connection

from spbe.loaders import load_instansi
from spbe.models import Instansi

from .conftest import NEEDS_WORKER, wait_for

pytestmark = NEEDS_WORKER


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
