"""The rekap export of a workshop: one row per participant, as XLSX or CSV, built by a Celery task.

The numbers come from ``participant_results`` — the same function behind the facilitator's screens —
plus one attendance query, so the file and the screen cannot disagree. Text cells that a spreadsheet
would read as a formula (leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading
apostrophe; numbers stay numbers.
"""

import csv
import logging
import os
import tempfile

from celery import shared_task
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Attendance, ExportJob
from .results import participant_results

logger = logging.getLogger(__name__)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
PROGRESS_STEP = 5  # percent between two progress writes
CONTENT_TYPES = {
    ExportJob.Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportJob.Format.CSV: "text/csv; charset=utf-8",
}


def neutralise(value):
    """A text cell that would start a formula gets a leading apostrophe; other values are unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rekap_rows(workshop):
    """[header, *rows]: NIP, nama, instansi, status per session, attendance %, pre, post, gain,
    completion, certificate number. Constant queries (participant_results + sessions + attendance)."""
    sessions = list(workshop.sessions.all())
    results = participant_results(workshop)
    labels = {value: str(label) for value, label in Attendance.Status.choices}
    statuses = {
        (participant_id, session_id): status
        for participant_id, session_id, status in Attendance.objects.filter(session__workshop=workshop).values_list(
            "participant_id", "session_id", "status"
        )
    }
    header = [_("NIP"), _("Nama"), _("Instansi")]
    header += [str(session) for session in sessions]
    header += [
        _("Kehadiran (%)"),
        _("Pra-tes"),
        _("Pasca-tes"),
        _("Gain"),
        _("Status penyelesaian"),
        _("Nomor sertifikat"),
    ]
    rows = [header]
    done, not_done = _("Selesai"), _("Belum")
    for r in results:
        user, participant_id = r["user"], r["participant"].pk
        row = [user.nip or "", user.nama, user.instansi.nama if user.instansi_id else ""]
        row += [labels.get(statuses.get((participant_id, s.pk)), "") for s in sessions]
        row += [r["attendance_percent"], r["pre"], r["post"], r["gain"], done if r["completed"] else not_done]
        row.append(r["certificate"])
        rows.append(row)
    return rows


def export_filename(job):
    return f"exports/rekap-{job.workshop_id}-{job.pk}.{job.format}"


class _Progress:
    """Writes job.progress every PROGRESS_STEP percent (capped at 99 until the file is saved)."""

    def __init__(self, job_id, total):
        self.job_id, self.total, self.last = job_id, max(total, 1), 0

    def __call__(self, done):
        percent = min(99, done * 100 // self.total)
        if percent - self.last >= PROGRESS_STEP:
            self.last = percent
            ExportJob.objects.filter(pk=self.job_id).update(progress=percent)


def _write_csv(path, rows, progress):
    # UTF-8 with a BOM so Excel recognises the encoding; csv quotes fields with separators or newlines.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for n, row in enumerate(rows, 1):
            writer.writerow(["" if v is None else neutralise(v) for v in row])
            progress(n)


def _write_xlsx(path, rows, progress):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rekap"))

    def clean(value):
        if isinstance(value, str):
            return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))  # control characters are not valid XML
        return value

    bold = Font(bold=True)
    for n, row in enumerate(rows, 1):
        if n == 1:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=clean(value))
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        else:
            sheet.append([clean(v) for v in row])
        progress(n)
    workbook.save(path)


WRITERS = {ExportJob.Format.XLSX: _write_xlsx, ExportJob.Format.CSV: _write_csv}


def _is_done(job):
    return job.status == ExportJob.Status.DONE and job.file and job.file.storage.exists(job.file.name)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_export_task(job_id):
    """Build the file of an export job. Idempotent: a job already done with its file is left alone, and
    a repeated run replaces (never duplicates) the file. A missing job is a logged no-op."""
    with translation.override(settings.LANGUAGE_CODE):  # the same headers and labels whoever asked
        return _build_export(job_id)


def _build_export(job_id):
    job = ExportJob.objects.select_related("workshop").filter(pk=job_id).first()
    if job is None:
        logger.info("build_export_task: export job %s is gone", job_id)
        return None
    if _is_done(job):
        return job.file.name
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=0, error="")
    fd, path = tempfile.mkstemp(suffix=f".{job.format}")
    os.close(fd)
    try:
        rows = rekap_rows(job.workshop)
        WRITERS[job.format](path, rows, _Progress(job.pk, len(rows)))
        with transaction.atomic():
            locked = ExportJob.objects.select_for_update().get(pk=job.pk)
            if _is_done(locked):  # a concurrent run finished first
                return locked.file.name
            storage = ExportJob._meta.get_field("file").storage
            name = export_filename(job)
            if storage.exists(name):
                storage.delete(name)  # a partial file of an interrupted run: replace, do not add a suffix
            with open(path, "rb") as handle:
                locked.file.name = storage.save(name, File(handle, name=os.path.basename(name)))
            locked.status, locked.progress, locked.error = ExportJob.Status.DONE, 100, ""
            locked.finished_at = timezone.now()
            locked.save(update_fields=["file", "status", "progress", "error", "finished_at"])
        return locked.file.name
    except Exception:
        logger.exception("build_export_task: export job %s failed", job_id)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error=_("Berkas ekspor gagal dibuat. Silakan coba lagi atau hubungi administrator."),
            finished_at=timezone.now(),
        )
        return None
    finally:
        os.remove(path)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def purge_old_exports():
    """Delete export files (participant personal data) and their jobs after EXPORT_RETENTION_DAYS.
    Run daily by Celery beat; idempotent. Returns how many jobs were removed."""
    cutoff = timezone.now() - timezone.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=cutoff).only("pk", "file").iterator():
        if job.file and job.file.storage.exists(job.file.name):
            job.file.storage.delete(job.file.name)
        job.delete()
        removed += 1
    logger.info("purge_old_exports: %s export jobs older than %s removed", removed, cutoff.date())
    return removed
