import csv
import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from quizzes.models import Attempt
from spbe.models import Instansi
from workshops.exports import build_export_task, neutralise, rekap_rows
from workshops.models import (
    Attendance,
    Certificate,
    ExportJob,
    Participant,
    Session,
    Workshop,
    WorkshopTest,
)
from workshops.models import TestAttempt as WorkshopTestAttempt
from workshops.models import TestPhase as Phase
from workshops.results import participant_results

from ..factories import CoursePageFactory, UserFactory, make_quiz

INJECTIONS = ['=HYPERLINK("http://x")', "@SUM(1)", "-2+3", "\tx", "\rx", "+1"]


def score(participant, test, value):
    attempt = Attempt.objects.create(
        user=participant.user, quiz=test.form_a, number=1, submitted_at=timezone.now(), score=Decimal(value)
    )
    WorkshopTestAttempt.objects.create(participant=participant, test=test, attempt=attempt)


@pytest.fixture
def rekap(site):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE")
    group = Group.objects.get_or_create(name=Role.FASILITATOR)[0]
    fac_a = UserFactory(email="fasilitator.a@contoh.go.id")
    fac_b = UserFactory(email="fasilitator.b@contoh.go.id")
    for user in (fac_a, fac_b):
        user.groups.add(group)
    a = Workshop.objects.create(course=course, title="Bimtek Badung 2026", capacity=100)
    b = Workshop.objects.create(course=course, title="Workshop B")
    a.facilitators.add(fac_a)
    b.facilitators.add(fac_b)
    now = timezone.now()
    s1 = Session.objects.create(workshop=a, title="Hari 1", starts_at=now - timedelta(hours=1), ends_at=now)
    s2 = Session.objects.create(  # a session title is facilitator input: neutralised in the header too
        workshop=a, title="+Hari 2", starts_at=now + timedelta(days=1), ends_at=now + timedelta(days=1, hours=4)
    )
    pre = WorkshopTest.objects.create(workshop=a, phase=Phase.PRE, form_a=make_quiz(slug="pra"))
    post = WorkshopTest.objects.create(workshop=a, phase=Phase.POST, form_a=make_quiz(slug="pasca"))
    instansi = Instansi.objects.filter(jenis=Instansi.Jenis.KABUPATEN).first()

    def enrol(nama, nip=None, statuses=(), scores=None):
        user = UserFactory(email=f"{abs(hash(nama))}@contoh.go.id", nama=nama, nip=nip, instansi=instansi)
        participant = Participant.objects.create(workshop=a, user=user)
        for session, status in zip((s1, s2), statuses, strict=False):
            Attendance.objects.create(session=session, participant=participant, status=status, method="facilitator")
        if scores:
            score(participant, pre, scores[0])
            score(participant, post, scores[1])
        return participant

    ani = enrol("Ani Lestari", nip="198001012005012001", statuses=("hadir", "hadir"), scores=(40, 70))
    Certificate.objects.create(
        user=ani.user, workshop=a, holder_name=ani.user.nama, title=a.title, date_text="1 Desember 2026", jp=8
    )
    budi = enrol("Budi Santoso", statuses=("hadir", "sakit"), scores=(60, 40))  # negative gain
    enrol(INJECTIONS[0], statuses=("izin", "alpa"))
    for nama in INJECTIONS[1:]:
        enrol(nama)
    return {"a": a, "b": b, "fac_a": fac_a, "fac_b": fac_b, "s1": s1, "s2": s2, "ani": ani, "budi": budi}


def run_export(workshop, fmt, user=None):
    job = ExportJob.objects.create(workshop=workshop, requested_by=user, format=fmt)
    build_export_task(job.pk)
    job.refresh_from_db()
    return job


def read_csv(job):
    with job.file.open("rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_xlsx(job):
    with job.file.open("rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    sheet = workbook.active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.django_db
def test_csv_export_equals_results_and_screen(client, rekap):
    a = rekap["a"]
    job = run_export(a, "csv", rekap["fac_a"])
    assert job.status == ExportJob.Status.DONE and job.progress == 100 and job.finished_at
    assert job.file.name == f"exports/rekap-{a.pk}-{job.pk}.csv"
    header, *rows = read_csv(job)
    assert header == ["NIP", "Nama", "Instansi", "Hari 1", "'+Hari 2", "Kehadiran (%)", "Pra-tes", "Pasca-tes",
                      "Gain", "Status penyelesaian", "Nomor sertifikat"]  # fmt: skip
    results = participant_results(a)
    assert len(rows) == len(results) == 8

    def text(value):
        return "" if value is None else str(value)

    for row, r in zip(rows, results, strict=True):
        assert row[1] == neutralise(r["user"].nama)
        assert row[5:] == [
            str(r["attendance_percent"]), text(r["pre"]), text(r["post"]), text(r["gain"]),
            "Selesai" if r["completed"] else "Belum", r["certificate"],
        ]  # fmt: skip

    client.force_login(rekap["fac_a"])
    screen = client.get(f"/workshop/{a.pk}/").context["rows"]
    by_name = {row[1]: row for row in rows}
    for line in screen:
        row = by_name[neutralise(line["participant"].user.nama)]
        assert row[5] == str(line["percent"])
        assert row[3:5] == [str(Attendance.Status(s).label) if s else "" for _session, s in line["cells"]]

    ani = by_name["Ani Lestari"]
    certificate = Certificate.objects.get(user=rekap["ani"].user)
    assert ani == ["198001012005012001", "Ani Lestari", rekap["ani"].user.instansi.nama, "Hadir", "Hadir", "100",
                   "40.00", "70.00", "0.50", "Selesai", certificate.number]  # fmt: skip
    assert by_name["Budi Santoso"][3:9] == ["Hadir", "Sakit", "50", "60.00", "40.00", "-0.50"]  # a number, no '
    assert by_name["'" + INJECTIONS[0]][3:5] == ["Izin", "Alpa"]


@pytest.mark.django_db
def test_xlsx_opens_with_numbers_as_numbers(rekap):
    job = run_export(rekap["a"], "xlsx")
    assert job.status == ExportJob.Status.DONE and job.file.name.endswith(".xlsx")
    sheet, (header, *rows) = read_xlsx(job)
    assert header[:5] == ["NIP", "Nama", "Instansi", "Hari 1", "'+Hari 2"]
    by_name = {row[1]: row for row in rows}
    assert by_name["Ani Lestari"][0] == "198001012005012001"  # text: an 18-digit NIP must not become 1.98E+17
    assert by_name["Ani Lestari"][5:9] == [100, 40, 70, 0.5]
    budi = by_name["Budi Santoso"]
    assert budi[5:10] == [50, 60, 40, -0.5, "Belum"] and isinstance(budi[8], float)
    assert by_name["'" + INJECTIONS[0]][5:9] == [0, None, None, None]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # no formula anywhere


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_formula_injection_is_neutralised(rekap, fmt):
    job = run_export(rekap["a"], fmt)
    rows = read_csv(job) if fmt == "csv" else read_xlsx(job)[1]
    names = {row[1] for row in rows[1:]}
    for nama in INJECTIONS:
        expected = "'" + nama
        if fmt == "xlsx" and nama.startswith("\r"):
            # XML normalises a bare CR; what matters is the apostrophe in front
            assert any(n.startswith("'") and n.endswith("x") and len(n) == 3 for n in names), names
        else:
            assert expected in names, (nama, names)
    for row in rows[1:]:
        for value in row:
            if isinstance(value, str) and value:
                assert not value.startswith(("=", "+", "@", "\t", "\r")), row
                assert not value.startswith("-") or value.lstrip("-").replace(".", "").isdigit(), row


def test_neutralise_leaves_numbers_alone():
    assert neutralise(Decimal("-0.50")) == Decimal("-0.50")
    assert neutralise(-3) == -3
    assert neutralise("-0.50") == "'-0.50"  # text that looks like a number is still text
    assert neutralise("Ani") == "Ani" and neutralise("") == ""


@pytest.mark.django_db
def test_rekap_rows_queries_constant(rekap):
    a = rekap["a"]
    with CaptureQueriesContext(connection) as small:
        rekap_rows(a)
    for k in range(30):
        p = Participant.objects.create(workshop=a, user=UserFactory(email=f"tambahan{k}@contoh.go.id"))
        Attendance.objects.create(session=rekap["s1"], participant=p, method="qr")
    with CaptureQueriesContext(connection) as large:
        assert len(rekap_rows(a)) == 8 + 30 + 1
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db
def test_task_is_idempotent_and_reports_progress(rekap, settings):
    a = rekap["a"]
    for k in range(60):
        Participant.objects.create(workshop=a, user=UserFactory(email=f"banyak{k}@contoh.go.id"))
    job = ExportJob.objects.create(workshop=a, format="csv")
    with CaptureQueriesContext(connection) as ctx:
        build_export_task(job.pk)
    progress_writes = [
        q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE") and "progress" in q["sql"]
    ]
    assert len(progress_writes) >= 10  # every 5 % over 69 rows
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100
    first = job.file.name
    exports = Path(settings.PRIVATE_MEDIA_ROOT) / "exports"
    assert not (Path(settings.MEDIA_ROOT) / "exports").exists()  # never under the publicly served media
    mtime = (exports / first.split("/")[-1]).stat().st_mtime_ns
    assert build_export_task(job.pk) == first  # twice: a no-op
    assert sorted(p.name for p in exports.iterdir()) == [f"rekap-{a.pk}-{job.pk}.csv"]
    assert (exports / first.split("/")[-1]).stat().st_mtime_ns == mtime

    # An interrupted run left a partial file and the job RUNNING: the redelivered task replaces it.
    ExportJob.objects.filter(pk=job.pk).update(status="running", progress=40)
    (exports / first.split("/")[-1]).write_bytes(b"partial")
    build_export_task(job.pk)
    job.refresh_from_db()
    assert job.status == "done" and job.file.name == first and job.progress == 100
    assert sorted(p.name for p in exports.iterdir()) == [f"rekap-{a.pk}-{job.pk}.csv"]
    assert len(read_csv(job)) == 1 + 8 + 60


@pytest.mark.django_db
def test_missing_job_and_failure(rekap, monkeypatch):
    assert build_export_task(987654) is None  # logged no-op
    monkeypatch.setattr("workshops.exports.rekap_rows", lambda workshop: 1 / 0)
    job = run_export(rekap["a"], "xlsx")
    assert job.status == "failed" and not job.file and job.finished_at
    assert job.error == "Berkas ekspor gagal dibuat. Silakan coba lagi atau hubungi administrator."


@pytest.mark.django_db
def test_facilitator_requests_follows_and_downloads(client, rekap, django_capture_on_commit_callbacks):
    a = rekap["a"]
    client.force_login(rekap["fac_a"])
    html = client.get(f"/workshop/{a.pk}/ekspor/").content.decode()
    assert "Ekspor XLSX" in html and "Ekspor CSV" in html and "Belum ada ekspor" in html
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/workshop/{a.pk}/ekspor/", {"format": "xlsx"})
    assert response.status_code == 302 and response.url == f"/workshop/{a.pk}/ekspor/"
    assert len(callbacks) == 1
    job = ExportJob.objects.get(workshop=a)
    assert job.requested_by == rekap["fac_a"] and job.status == "done"
    download = f"/workshop/{a.pk}/ekspor/{job.pk}/unduh/"
    html = client.get(f"/workshop/{a.pk}/ekspor/").content.decode()
    assert f'href="{download}"' in html and "<progress" in html and "js/export.js" in html
    status = client.get(f"/workshop/{a.pk}/ekspor/{job.pk}/status/").json()
    assert status == {"id": job.pk, "status": "done", "status_label": "selesai", "progress": 100, "error": "",
                      "download_url": download}  # fmt: skip
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="rekap-bimtek-badung-2026-{job.pk}.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(body)).active["B1"].value == "Nama"

    # A queued job: the page polls its status; no download yet.
    with django_capture_on_commit_callbacks(execute=False):
        client.post(f"/workshop/{a.pk}/ekspor/", {"format": "csv"})
    pending = ExportJob.objects.get(workshop=a, format="csv")
    html = client.get(f"/workshop/{a.pk}/ekspor/").content.decode()
    assert f'data-status-url="/workshop/{a.pk}/ekspor/{pending.pk}/status/"' in html
    assert client.get(f"/workshop/{a.pk}/ekspor/{pending.pk}/status/").json()["status"] == "pending"
    assert client.get(f"/workshop/{a.pk}/ekspor/{pending.pk}/unduh/").status_code == 404
    client.post(f"/workshop/{a.pk}/ekspor/", {"format": "pdf"})
    assert ExportJob.objects.filter(workshop=a).count() == 2


@pytest.mark.django_db
def test_only_the_workshops_facilitators_see_status_and_download(client, rekap, learner):
    a, b = rekap["a"], rekap["b"]
    job = run_export(a, "csv", rekap["fac_a"])
    other = run_export(b, "csv", rekap["fac_b"])
    status, download = f"/workshop/{a.pk}/ekspor/{job.pk}/status/", f"/workshop/{a.pk}/ekspor/{job.pk}/unduh/"

    assert client.get(status).status_code == 302 and client.get(download).status_code == 302  # anonymous
    assert client.get(download).url.startswith("/akun/")
    client.force_login(rekap["fac_b"])
    for url in (status, download, f"/workshop/{a.pk}/ekspor/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/workshop/{a.pk}/ekspor/", {"format": "csv"}).status_code == 404
    # the other workshop's job through this workshop's URL
    client.force_login(rekap["fac_a"])
    assert client.get(f"/workshop/{a.pk}/ekspor/{other.pk}/unduh/").status_code == 404
    assert client.get(f"/workshop/{b.pk}/ekspor/{other.pk}/status/").status_code == 404
    assert client.get(download).status_code == 200
    # a participant of the workshop, even one listed as facilitator without the role
    Participant.objects.create(workshop=a, user=learner)
    client.force_login(learner)
    for url in (status, download):
        assert client.get(url).status_code == 404, url
    a.facilitators.add(learner)
    assert client.get(download).status_code == 404
    admin = UserFactory(email="admin@contoh.go.id", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(download).status_code == 200
    assert client.get(status).json()["progress"] == 100


@pytest.mark.django_db
def test_old_export_files_are_purged_by_the_daily_task(rekap, settings):
    from workshops.exports import purge_old_exports

    workshop = rekap["a"]
    old = ExportJob.objects.create(workshop=workshop, format="csv")
    recent = ExportJob.objects.create(workshop=workshop, format="csv")
    build_export_task(old.pk)
    build_export_task(recent.pk)
    old.refresh_from_db()
    recent.refresh_from_db()
    old_path = Path(old.file.path)
    assert old_path.exists()
    ExportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=settings.EXPORT_RETENTION_DAYS + 1)
    )

    assert purge_old_exports() == 1
    assert not old_path.exists()
    assert not ExportJob.objects.filter(pk=old.pk).exists()
    assert Path(recent.file.path).exists()
    assert purge_old_exports() == 0
    assert settings.CELERY_BEAT_SCHEDULE["purge-old-exports"]["task"] == "workshops.exports.purge_old_exports"
