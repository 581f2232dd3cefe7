"""A worker is killed (SIGKILL, by PID) in the middle of an export. The task was acknowledged late, so
the broker delivers it again; after a restart the export completes — exactly once."""

import os
import signal

import pytest
from django.contrib.auth.models import Group

from accounts.models import Role, User
from workshops.models import ExportJob, Participant, Workshop

from ..factories import CoursePageFactory, UserFactory
from .conftest import NEEDS_WORKER, wait_for

pytestmark = [
    *NEEDS_WORKER,
    pytest.mark.worker_env(
        CELERY_VISIBILITY_TIMEOUT="5", CELERY_UNACKED_RESTORE_INTERVAL="1", CELERY_UNACKED_RESTORE_THROTTLE="1"
    ),
]

PARTICIPANTS = 6000  # enough rows that the export takes a few seconds: time to kill it half-way


def test_killed_worker_export_completes_once_after_restart(client, site, workers, settings):
    facilitator = UserFactory(email="fasilitator.crash@contoh.go.id")
    facilitator.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    workshop = Workshop.objects.create(course=CoursePageFactory(parent=site["katalog"]), title="Bimtek Besar")
    workshop.facilitators.add(facilitator)
    users = User.objects.bulk_create(
        User(email=f"peserta{n:05d}@contoh.go.id", nama=f"Peserta {n:05d}", password="!") for n in range(PARTICIPANTS)
    )
    Participant.objects.bulk_create(Participant(workshop=workshop, user=u) for u in users)

    first = workers.start("first")
    client.force_login(facilitator)
    client.post(f"/workshop/{workshop.pk}/ekspor/", {"format": "xlsx"})
    job = ExportJob.objects.get(workshop=workshop)

    running = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).exists(), timeout=60, interval=0.05
    )
    assert running, "the first worker never started the export:\n" + first.log_path.read_text()[-3000:]
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING, "killed too late: the export had already finished"
    assert not job.file

    second = workers.start("second")
    done = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.DONE).exists(), timeout=120, interval=0.5
    )
    assert done, "the export was not redelivered after the restart:\n" + second.log_path.read_text()[-3000:]
    job.refresh_from_db()
    finished_at = job.finished_at

    # Exactly once: one file with every participant, and no further run once the visibility timeout
    # has passed again (a redelivery would rewrite finished_at).
    wait_for(lambda: False, timeout=8)
    job.refresh_from_db()
    assert job.finished_at == finished_at and job.status == ExportJob.Status.DONE
    files = list((settings.PRIVATE_MEDIA_ROOT / "exports").iterdir())
    assert [f.name for f in files] == [f"rekap-{workshop.pk}-{job.pk}.xlsx"]
    from openpyxl import load_workbook

    sheet = load_workbook(files[0], read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == PARTICIPANTS + 1
