"""The fixture world of the access matrix (test_access_matrix.py builds it once per module, then rolls it back).

Two learners, two workshops each with its own facilitator, a Living Lab with a contributor of region X,
a verifier, a curator and a superuser; every private object (attempt, result, test attempt, survey, export
file, certificate, draft case study with revisions, evidence document) exists once per owner, so each URL
can be tried on "mine" and on "someone else's".
"""

from datetime import timedelta
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document

from accounts.models import JPLedgerEntry, Role
from livinglab.models import EvidenceDocument
from livinglab.permissions import VERIFIER, ensure_living_lab, ensure_region
from quizzes.services import save_answer, start_attempt, submit_attempt
from spbe.models import Framework, Indicator, Instansi
from workshops.exports import build_export_task
from workshops.models import (
    Certificate,
    ExportJob,
    Participant,
    Session,
    SurveyResponse,
    Workshop,
    WorkshopTest,
)
from workshops.models import TestPhase as Phase
from workshops.testing import open_test, start_test

from ..factories import CoursePageFactory, ModulePageFactory, UserFactory, build_site, make_question, make_quiz
from ..livinglab.conftest import make_case_study

ROLES = [
    "anonymous",
    "learner_a",
    "learner_b",
    "facilitator_x",
    "facilitator_y",
    "contributor_x",
    "verifier",
    "curator",
    "admin",
]


def _answer_and_submit(attempt, right=True):
    for item in attempt.items.select_related("question"):
        choice = item.question.choices.filter(fraction=1 if right else 0).first()
        save_answer(attempt, item.question_id, [choice.pk])
    attempt, _ = submit_attempt(attempt.pk)
    return attempt


def build_world():
    home, katalog = build_site()
    course = CoursePageFactory(parent=katalog, title="Kebijakan Internal SPBE")
    module = ModulePageFactory(parent=course, title="Modul Kebijakan")

    # --- people ---------------------------------------------------------------------------------------
    index = ensure_living_lab(home)
    badung = Instansi.objects.get(kode="51.03")
    gianyar = Instansi.objects.get(kode="51.04")
    region_x, group_x = ensure_region(badung, index)
    region_y, group_y = ensure_region(gianyar, index)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in [*Role.ALL, VERIFIER]}

    def user(email, *group_names, **fields):
        account = UserFactory(email=email, **fields)
        account.groups.add(*[groups.get(name) or Group.objects.get(name=name) for name in group_names])
        return account

    learner_a = user("learner.a@contoh.go.id", Role.PESERTA, nama="Learner A", instansi=badung)
    learner_b = user("learner.b@contoh.go.id", Role.PESERTA, nama="Learner B", instansi=gianyar)
    facilitator_x = user("fasilitator.x@contoh.go.id", Role.FASILITATOR, nama="Fasilitator X")
    facilitator_y = user("fasilitator.y@contoh.go.id", Role.FASILITATOR, nama="Fasilitator Y")
    contributor_x = user("kontributor.x@contoh.go.id", Role.KONTRIBUTOR, group_x.name, instansi=badung, is_staff=True)
    contributor_y = user(  # not a matrix role: the author of region Y's draft and document
        "kontributor.y@contoh.go.id", Role.KONTRIBUTOR, group_y.name, instansi=gianyar, is_staff=True
    )
    verifier = user("verifikator@contoh.go.id", VERIFIER, is_staff=True)
    curator = user("kurator@contoh.go.id", Role.KURATOR, is_staff=True)
    admin = user("admin@contoh.go.id", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    # --- self-paced quiz: each learner has a submitted and an open attempt -------------------------------
    questions = [make_question(f"MX{n}") for n in range(2)]
    quiz = make_quiz(slug="kuis-matriks", questions=questions, review_policy="immediately", shuffle_options=False)
    attempts = {}
    for key, learner in (("a", learner_a), ("b", learner_b)):
        attempts[f"{key}_done"] = _answer_and_submit(start_attempt(learner, quiz))
        attempts[f"{key}_open"] = start_attempt(learner, quiz)
    JPLedgerEntry.objects.create(user=learner_a, source_key="matrix:a", description="Kursus", jp=4)

    # --- workshops X and Y -------------------------------------------------------------------------------
    now = timezone.now()
    workshops = {}
    for key, facilitator, learner in (("x", facilitator_x, learner_a), ("y", facilitator_y, learner_b)):
        workshop = Workshop.objects.create(course=course, title=f"Workshop {key.upper()}", jp=8, capacity=50)
        workshop.facilitators.add(facilitator)
        session = Session.objects.create(
            workshop=workshop, title="Hari 1", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5)
        )
        participant = Participant.objects.create(workshop=workshop, user=learner)
        forms = [make_quiz(slug=f"tes-{key}-{n}", questions=[make_question(f"T{key}{n}")]) for n in range(2)]
        pre = WorkshopTest.objects.create(workshop=workshop, phase=Phase.PRE, form_a=forms[0])
        post = WorkshopTest.objects.create(workshop=workshop, phase=Phase.POST, form_a=forms[1])
        open_test(pre)
        test_attempt = _answer_and_submit(start_test(participant, pre))
        SurveyResponse.objects.create(participant=participant, ratings={"relevan": 5}, comment="Bagus.")
        job = ExportJob.objects.create(workshop=workshop, requested_by=facilitator, format=ExportJob.Format.CSV)
        build_export_task(job.pk)
        job.refresh_from_db()
        assert job.status == ExportJob.Status.DONE and job.file
        certificate = Certificate.objects.create(
            user=learner, workshop=workshop, holder_name=learner.nama, title=workshop.title, date_text="hari ini", jp=8
        )
        workshops[key] = SimpleNamespace(
            workshop=workshop,
            session=session,
            participant=participant,
            pre=pre,
            post=post,
            attempt=test_attempt,
            export=job,
            certificate=certificate,
        )

    # --- Living Lab: published and draft case studies, a draft in review, evidence documents -----------------
    published_x = make_case_study(region_x, "Praktik terbit X", publish=True, user=contributor_x)
    draft_x = make_case_study(region_x, "Draf rahasia X", user=contributor_x)
    draft_x.summary = "Ringkasan revisi kedua."
    draft_x.save_revision(user=contributor_x)
    draft_y = make_case_study(region_y, "Draf rahasia Y", user=contributor_y)
    review_x = make_case_study(region_x, "Draf ditinjau X", user=contributor_x)
    review_x.get_workflow().start(review_x, contributor_x)
    documents = {}
    evidence = [
        ("x", draft_x, contributor_x),
        ("y", draft_y, contributor_y),
        ("review", review_x, contributor_x),
        ("published", published_x, contributor_x),
    ]
    for key, page, owner in evidence:
        document = Document(title=f"Bukti {key}", uploaded_by_user=owner)
        document.file.save(f"bukti-{key}.pdf", ContentFile(b"%PDF-1.7\nbukti"), save=False)
        document.save()
        EvidenceDocument.objects.create(page=page, document=document)
        documents[key] = document

    return SimpleNamespace(
        users={
            "learner_a": learner_a,
            "learner_b": learner_b,
            "facilitator_x": facilitator_x,
            "facilitator_y": facilitator_y,
            "contributor_x": contributor_x,
            "verifier": verifier,
            "curator": curator,
            "admin": admin,
        },
        home=home,
        katalog=katalog,
        course=course,
        module=module,
        quiz=quiz,
        question=questions[0],
        attempts=attempts,
        ledger=JPLedgerEntry.objects.get(user=learner_a),
        framework=Framework.objects.get(code="spbe-2020"),
        indicator=Indicator.objects.get(framework__code="spbe-2020", number=1),
        instansi=badung,
        x=workshops["x"],
        y=workshops["y"],
        index=index,
        region_x=region_x,
        region_y=region_y,
        published_x=published_x,
        draft_x=draft_x,
        draft_y=draft_y,
        review_x=review_x,
        documents=documents,
    )
