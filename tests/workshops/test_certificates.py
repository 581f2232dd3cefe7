import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.utils import dateformat, timezone, translation

from accounts.models import JPLedgerEntry, Role
from courses.models import Enrolment
from quizzes.models import Attempt
from quizzes.services import save_answer, start_attempt, submit_attempt
from spbe.models import Instansi
from workshops.certificates import (
    _create,
    certificate_html,
    date_range_text,
    issue_certificate,
    issue_certificates_task,
    issue_course_certificate,
)
from workshops.models import Attendance, Certificate, Participant, Session, Workshop, WorkshopTest
from workshops.models import TestAttempt as WorkshopTestAttempt  # not collected as a test class

from ..factories import CoursePageFactory, LessonPageFactory, UserFactory, make_question, make_quiz

WIB = ZoneInfo("Asia/Jakarta")
NIP = "199001012015031001"


def weasyprint_or_skip():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: Pango or another system library is missing
        pytest.skip(f"WeasyPrint cannot be imported: {error}")


@pytest.fixture
def setup(site, learner, other_learner):
    course = CoursePageFactory(parent=site["katalog"], title="Kebijakan Internal SPBE")
    group = Group.objects.get_or_create(name=Role.FASILITATOR)[0]
    fac_a = UserFactory(email="fasilitator.a@contoh.go.id")
    fac_b = UserFactory(email="fasilitator.b@contoh.go.id")
    for user in (fac_a, fac_b):
        user.groups.add(group)
    a = Workshop.objects.create(course=course, title="Workshop A", jp=8, min_attendance_percent=80, min_post_score=60)
    a.facilitators.add(fac_a)
    b = Workshop.objects.create(course=course, title="Workshop B")
    b.facilitators.add(fac_b)
    sessions = [
        Session.objects.create(
            workshop=a,
            title=f"Hari {day - 2}",
            starts_at=datetime(2026, 12, day, 8, tzinfo=WIB),
            ends_at=datetime(2026, 12, day, 16, tzinfo=WIB),
        )
        for day in (3, 4)
    ]
    instansi = Instansi.objects.order_by("pk").first()
    learner.nip, learner.instansi = NIP, instansi
    learner.save()
    low_score = UserFactory(email="nilai.rendah@contoh.go.id", nama="Nilai Rendah")

    quiz = make_quiz(slug="pasca-a", questions=[make_question("P1")], shuffle_options=False)
    post = WorkshopTest.objects.create(workshop=a, phase="post", form_a=quiz, is_open=True)
    question = quiz.quiz_questions.first().question

    def participant(user, present_days, correct):
        p = Participant.objects.create(workshop=a, user=user)
        for session in sessions[:present_days]:
            Attendance.objects.create(session=session, participant=p, status="hadir", method="facilitator")
        attempt = start_attempt(user, quiz)
        choice = question.choices.filter(fraction=1 if correct else 0).first()
        save_answer(attempt, question.pk, [choice.pk])
        attempt, _ = submit_attempt(attempt.pk)
        WorkshopTestAttempt.objects.create(participant=p, test=post, attempt=attempt)
        return p

    return {
        "course": course,
        "a": a,
        "b": b,
        "fac_a": fac_a,
        "fac_b": fac_b,
        "instansi": instansi,
        "low_score_user": low_score,
        "complete": participant(learner, 2, True),  # 100% attendance, post 100
        "low_attendance": participant(other_learner, 1, True),  # 50% attendance, post 100
        "low_score": participant(low_score, 2, False),  # 100% attendance, post 0
    }


def test_indonesian_date_ranges():
    assert date_range_text(date(2026, 12, 3)) == "3 Desember 2026"
    assert date_range_text(date(2026, 12, 3), date(2026, 12, 5)) == "3–5 Desember 2026"
    assert date_range_text(date(2026, 11, 30), date(2026, 12, 2)) == "30 November – 2 Desember 2026"
    assert date_range_text(date(2026, 12, 30), date(2027, 1, 2)) == "30 Desember 2026 – 2 Januari 2027"


@pytest.mark.django_db
def test_only_completed_participants_get_a_certificate_and_jp_once(setup, learner, other_learner):
    a = setup["a"]
    assert issue_certificate(setup["low_attendance"]) is None
    assert issue_certificate(setup["low_score"]) is None
    certificate = issue_certificate(setup["complete"])
    assert (certificate.user, certificate.workshop, certificate.course) == (learner, a, None)
    assert certificate.holder_name == "Learner A"
    assert certificate.holder_nip == NIP
    assert certificate.holder_instansi == setup["instansi"].nama
    assert certificate.title == "Workshop A"
    assert certificate.date_text == "3–4 Desember 2026"
    assert certificate.jp == 8 and certificate.is_valid
    assert certificate.number.startswith("BSPBE-")

    # again, and a concurrent insert losing the race on the constraint: still the same row
    assert issue_certificate(setup["complete"]).pk == certificate.pk
    fields = {"user": learner, "holder_name": "x", "title": "x", "date_text": "x", "jp": 1}
    assert _create(fields, workshop=a) == (certificate, False)
    assert Certificate.objects.filter(workshop=a).count() == 1
    entries = JPLedgerEntry.objects.filter(user=learner)
    assert [(e.jp, e.source_key) for e in entries] == [(8, f"workshop:{a.pk}")]
    assert not JPLedgerEntry.objects.filter(user__in=[other_learner, setup["low_score_user"]]).exists()

    # the post-test minimum is inclusive: a score of exactly 60 completes
    Attempt.objects.filter(user=setup["low_score_user"]).update(score=60)
    assert issue_certificate(setup["low_score"]).jp == 8


@pytest.mark.django_db
def test_batch_issue_through_celery_is_idempotent(client, setup, learner, django_capture_on_commit_callbacks):
    a = setup["a"]
    client.force_login(setup["fac_a"])
    html = client.get(f"/workshop/{a.pk}/sertifikat/").content.decode()
    assert "1 dari 3 peserta memenuhi syarat; 0 sertifikat sudah diterbitkan." in html
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"/workshop/{a.pk}/sertifikat/terbitkan/")
    assert response.status_code == 302 and len(callbacks) == 1
    assert list(Certificate.objects.filter(workshop=a).values_list("user", flat=True)) == [learner.pk]

    # run twice more (a redelivered task): nothing new, JP still credited once
    assert issue_certificates_task.delay(a.pk).get() == 0
    assert issue_certificates_task(a.pk) == 0
    assert Certificate.objects.filter(workshop=a).count() == 1
    assert JPLedgerEntry.objects.filter(user=learner, source_key=f"workshop:{a.pk}").count() == 1
    assert issue_certificates_task(999_999) == 0  # a deleted workshop: logged no-op

    html = client.get(f"/workshop/{a.pk}/sertifikat/").content.decode()
    assert Certificate.objects.get(workshop=a).number in html and "Sah" in html

    b = setup["b"]
    assert client.get(f"/workshop/{b.pk}/sertifikat/").status_code == 404
    assert client.post(f"/workshop/{b.pk}/sertifikat/terbitkan/").status_code == 404
    client.force_login(learner)
    assert client.post(f"/workshop/{a.pk}/sertifikat/terbitkan/").status_code == 403


@pytest.mark.django_db
def test_public_verification_shows_status_and_nothing_else(client, setup, learner):
    certificate = issue_certificate(setup["complete"])
    url = f"/verifikasi/{certificate.number}/"
    html = client.get(url).content.decode()
    assert "Learner A" in html and "Workshop A" in html and "3–4 Desember 2026" in html
    assert "Sah" in html and "Dicabut" not in html
    for private in (NIP, setup["instansi"].nama, learner.email, "8 JP"):
        assert private not in html, private
    assert client.get(url.lower()).status_code == 200  # typed in lower case
    assert client.get("/verifikasi/BSPBE-TIDAKADA/").status_code == 404


@pytest.mark.django_db
def test_facilitator_revokes_with_a_reason(client, setup):
    a, b = setup["a"], setup["b"]
    certificate = issue_certificate(setup["complete"])
    revoke_url = f"/workshop/{a.pk}/sertifikat/{certificate.number}/cabut/"

    client.force_login(setup["fac_b"])
    assert client.post(revoke_url, {"reason": "Bukan workshop saya."}).status_code == 404
    assert client.post(f"/workshop/{b.pk}/sertifikat/{certificate.number}/cabut/", {"reason": "x"}).status_code == 404
    client.force_login(setup["fac_a"])
    response = client.post(revoke_url, {"reason": "   "})
    assert response.status_code == 400 and "Alasan pencabutan wajib diisi." in response.content.decode()
    assert client.get(revoke_url).status_code == 405
    certificate.refresh_from_db()
    assert certificate.is_valid

    assert client.post(revoke_url, {"reason": "Data kehadiran keliru."}).status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at and certificate.revoke_reason == "Data kehadiran keliru."

    client.logout()
    html = client.get(f"/verifikasi/{certificate.number}/").content.decode()
    with translation.override("id"):
        revoked_on = dateformat.format(timezone.localtime(certificate.revoked_at), "j F Y")
    assert "Dicabut" in html and revoked_on in html and ">Sah<" not in html
    assert "Data kehadiran keliru." not in html
    # a revoked certificate is not issued again
    assert issue_certificate(setup["complete"]).pk == certificate.pk
    assert issue_certificates_task(a.pk) == 0


@pytest.mark.django_db
def test_pdf_download_for_holder_and_own_facilitators_only(client, setup, learner, other_learner):
    certificate = issue_certificate(setup["complete"])
    url = f"/workshop/sertifikat/{certificate.number}/unduh/"
    html = certificate_html(certificate, f"http://testserver/verifikasi/{certificate.number}/")
    assert "<svg" in html and f"http://testserver/verifikasi/{certificate.number}/" in html
    assert NIP in html and setup["instansi"].nama in html and "8 jam pelajaran (JP)" in html

    assert client.get(url).status_code == 302  # sign in first
    for user in (other_learner, setup["fac_b"]):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(learner)
    assert client.get("/workshop/sertifikat/BSPBE-TIDAKADA/unduh/").status_code == 404

    weasyprint_or_skip()
    for user in (learner, setup["fac_a"]):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f"sertifikat-{certificate.number}.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_pdf_without_weasyprint_says_so_plainly(client, setup, learner, monkeypatch):
    certificate = issue_certificate(setup["complete"])
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if it were not installed
    client.force_login(learner)
    response = client.get(f"/workshop/sertifikat/{certificate.number}/unduh/")
    assert response.status_code == 503
    assert "WeasyPrint belum terpasang" in response.content.decode()


@pytest.mark.django_db
def test_revoked_certificate_is_not_downloadable(client, setup, learner):
    certificate = issue_certificate(setup["complete"])
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now(), revoke_reason="Keliru.")
    client.force_login(learner)
    response = client.get(f"/workshop/sertifikat/{certificate.number}/unduh/")
    assert response.status_code == 410 and "sudah dicabut" in response.content.decode()


@pytest.mark.django_db
def test_my_certificates_lists_own_with_links(client, setup, learner, other_learner):
    certificate = issue_certificate(setup["complete"])
    client.force_login(learner)
    html = client.get("/workshop/sertifikat/").content.decode()
    assert "Workshop A" in html and certificate.number in html
    assert f"/workshop/sertifikat/{certificate.number}/unduh/" in html
    assert f"/verifikasi/{certificate.number}/" in html
    client.force_login(other_learner)
    html = client.get("/workshop/sertifikat/").content.decode()
    assert certificate.number not in html and "Anda belum memiliki sertifikat" in html


@pytest.mark.django_db
def test_course_completion_issues_a_course_certificate_once(client, site, learner):
    course = CoursePageFactory(parent=site["katalog"], title="Kursus Mandiri SPBE", jp=6)
    units = [LessonPageFactory(parent=course), LessonPageFactory(parent=course)]
    client.force_login(learner)
    client.post(f"/belajar/unit/{units[0].pk}/selesai/")
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert issue_course_certificate(enrolment) is None  # not completed yet
    assert not Certificate.objects.exists()

    for unit in (units[1], units[1], units[0]):
        client.post(f"/belajar/unit/{unit.pk}/selesai/")
    certificate = Certificate.objects.get(user=learner)
    assert (certificate.course_id, certificate.workshop, certificate.jp) == (course.pk, None, 6)
    assert certificate.title == "Kursus Mandiri SPBE"
    assert certificate.date_text == date_range_text(timezone.localdate())
    enrolment.refresh_from_db()
    assert issue_course_certificate(enrolment).pk == certificate.pk
    assert Certificate.objects.filter(user=learner).count() == 1
    # the course credited its JP; the certificate credited nothing more
    assert list(JPLedgerEntry.objects.filter(user=learner).values_list("source_key", "jp")) == [
        (f"course:{course.pk}", 6)
    ]


@pytest.mark.django_db
def test_grades_issues_and_revocations_are_in_the_audit_log(client, setup, learner, admin_user):
    from wagtail.models import ModelLogEntry

    grades = ModelLogEntry.objects.filter(action="bimtek.grade")
    assert grades.count() == 3  # the three post-test attempts of the fixture
    grade = grades.get(object_id=str(Attempt.objects.get(user=learner).pk))
    assert grade.data["score"] == "100.00" and grade.data["passed"] is True
    assert grade.data["learner"] == learner.pk

    issue_certificates_task(setup["a"].pk)
    certificate = Certificate.objects.get(user=learner, workshop=setup["a"])
    issued = ModelLogEntry.objects.get(action="bimtek.certificate.issue")
    assert issued.object_id == str(certificate.pk)
    assert issued.data == {
        "holder": learner.pk,
        "number": certificate.number,
        "workshop": setup["a"].pk,
        "course": None,
        "jp": 8,
    }
    issue_certificates_task(setup["a"].pk)  # idempotent: no second certificate, no second entry
    assert ModelLogEntry.objects.filter(action="bimtek.certificate.issue").count() == 1

    client.force_login(setup["fac_a"])
    url = f"/workshop/{setup['a'].pk}/sertifikat/{certificate.number}/cabut/"
    client.post(url, {"reason": "Nama pada sertifikat keliru."})
    client.post(url, {"reason": "Kedua kali."})  # already revoked: not logged again
    revoked = ModelLogEntry.objects.get(action="bimtek.certificate.revoke")
    assert revoked.user == setup["fac_a"]
    assert revoked.data["reason"] == "Nama pada sertifikat keliru."

    client.force_login(admin_user)
    html = client.get("/admin/reports/site-history/").content.decode()
    assert "Sertifikat dicabut" in html and "Nama pada sertifikat keliru." in html
    assert "Sertifikat diterbitkan" in html and "Penilaian kuis" in html


@pytest.mark.django_db
def test_a_learner_submit_and_a_facilitator_close_are_attributed(client, setup, learner):
    from wagtail.models import ModelLogEntry

    from workshops.testing import start_test

    pre_quiz = make_quiz(slug="pra-a", questions=[make_question("R1")])
    pre = WorkshopTest.objects.create(workshop=setup["a"], phase="pre", form_a=pre_quiz, is_open=True)
    mine = start_test(setup["complete"], pre)
    left_open = start_test(setup["low_attendance"], pre)
    client.force_login(learner)
    client.post(f"/kuis/percobaan/{mine.pk}/kumpulkan/")
    client.force_login(setup["fac_a"])
    client.post(f"/workshop/{setup['a'].pk}/tes/{pre.pk}/buka-tutup/")

    by_learner = ModelLogEntry.objects.get(action="bimtek.grade", object_id=str(mine.pk))
    assert by_learner.user == learner and by_learner.data["reason"] == "submitted"
    by_facilitator = ModelLogEntry.objects.get(action="bimtek.grade", object_id=str(left_open.pk))
    assert by_facilitator.user == setup["fac_a"] and by_facilitator.data["reason"] == "test_closed"
