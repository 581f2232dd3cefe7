"""A finished demo workshop, so a newcomer sees every facilitator screen with data (make run)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.models import CoursePage
from quizzes.models import Quiz
from quizzes.services import save_answer, submit_attempt
from spbe.models import Instansi

from .models import Attendance, Participant, Session, SurveyResponse, TestPhase, Workshop, WorkshopTest
from .testing import close_test, open_test, start_test

TITLE = "Bimtek Evaluasi SPBE — Kabupaten Badung (contoh)"
DEMO_LEARNERS = [
    ("Putu Ayu Lestari", "Dinas Komunikasi dan Informatika"),
    ("Gede Wirawan", "Badan Perencanaan Pembangunan Daerah"),
    ("Komang Sari Dewi", "Badan Kepegawaian dan Pengembangan SDM"),
    ("Made Suarjana", "Inspektorat"),
    ("Ketut Ardana", "Dinas Penanaman Modal dan PTSP"),
    ("Ni Wayan Purnami", "Bagian Organisasi Sekretariat Daerah"),
    ("I Nyoman Sudarsa", "Badan Pengelolaan Keuangan dan Aset Daerah"),
]


def _answer(attempt, rng, share_right):
    for item in attempt.items.select_related("question").prefetch_related("question__choices"):
        choices = list(item.question.choices.all())
        right = [c for c in choices if c.fraction > 0]
        wrong = [c for c in choices if c.fraction <= 0]
        pick = right if (rng.random() < share_right and right) or not wrong else wrong
        if item.question.qtype == "multiple":
            save_answer(attempt, item.question_id, [c.pk for c in pick])
        else:
            save_answer(attempt, item.question_id, [pick[0].pk])


@transaction.atomic
def ensure_demo_workshop(facilitator_email="fasilitator@demo.bimtek.id", learner_email="peserta@demo.bimtek.id"):
    """Create the demo workshop once (idempotent by title); returns it or None if prerequisites are missing."""
    existing = Workshop.objects.filter(title=TITLE).first()
    if existing:
        return existing
    User = get_user_model()
    facilitator = User.objects.filter(email=facilitator_email).first()
    course = CoursePage.objects.live().filter(slug="kebijakan-internal-spbe").first()
    quiz = Quiz.objects.filter(slug="tes-pemahaman-spbe").first()
    if not (facilitator and course and quiz):
        return None
    rng = random.Random(2026)  # deterministic demo data  # noqa: S311
    badung = Instansi.objects.filter(kode="51.03").first()
    workshop = Workshop.objects.create(course=course, title=TITLE, venue="Puspem Badung, Mangupura", capacity=40, jp=8)
    workshop.facilitators.add(facilitator)
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=14)
    sessions = [
        Session.objects.create(workshop=workshop, title=f"Hari {n + 1}", starts_at=start + timedelta(days=n), ends_at=start + timedelta(days=n, hours=8))
        for n in range(2)
    ]  # fmt: skip
    learners = [u for u in [User.objects.filter(email=learner_email).first()] if u]
    for n, (nama, unit) in enumerate(DEMO_LEARNERS, start=1):
        user, _ = User.objects.get_or_create(
            email=f"peserta{n}@demo.bimtek.id", defaults={"nama": nama, "instansi": badung, "unit_kerja": unit}
        )
        if not user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        learners.append(user)
    participants = [Participant.objects.create(workshop=workshop, user=u) for u in learners]
    for p in participants:
        for session in sessions:
            status = (
                Attendance.Status.HADIR
                if rng.random() > 0.1
                else rng.choice([Attendance.Status.IZIN, Attendance.Status.SAKIT])
            )
            Attendance.objects.create(
                session=session,
                participant=p,
                status=status,
                method=Attendance.Method.FACILITATOR,
                recorded_by=facilitator,
            )
    tests = {phase: WorkshopTest.objects.create(workshop=workshop, phase=phase, form_a=quiz) for phase in (TestPhase.PRE, TestPhase.POST)}  # fmt: skip
    for phase, share in ((TestPhase.PRE, 0.45), (TestPhase.POST, 0.8)):
        open_test(tests[phase])
        for p in participants:
            attempt = start_test(p, tests[phase])
            _answer(attempt, rng, share)
            submit_attempt(attempt.pk)
        close_test(tests[phase])
    for p in participants[:6]:
        SurveyResponse.objects.create(
            participant=p,
            ratings={"relevan": rng.choice([4, 5]), "jelas": rng.choice([4, 5]), "yakin": rng.choice([3, 4, 5]), "sarana": rng.choice([3, 4])},
            comment=rng.choice(["", "Contoh bukti per indikator sangat membantu.", "Perlu waktu lebih untuk domain Layanan."]),
        )  # fmt: skip
    try:
        from .certificates import issue_certificate
    except ImportError:  # certificates not installed yet
        return workshop
    for p in participants:
        issue_certificate(p)
    return workshop
