"""P3 of `make bench`: the screens that grow with data run the same number of queries at 1× and 10×.

Learner dashboard (Belajar Saya), the quiz page, the facilitator's live view and the Living Lab
case-study listing, each counted with CaptureQueriesContext after a warm-up request. `make bench`
runs this module too (bench/run_all.py, on PostgreSQL) and reads the counts from the file named by
BENCH_QUERY_REPORT; in the normal suite it is an ordinary test.
"""

import json
import os
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from courses.progress import complete_unit, enrol
from quizzes.services import save_answer, start_attempt, submit_attempt
from spbe.models import Indicator
from tests.livinglab.conftest import lab, make_case_study  # noqa: F401  (lab is a fixture)
from workshops.models import Attendance, Participant, Session, Workshop, WorkshopTest
from workshops.models import TestPhase as Phase
from workshops.testing import open_test, start_test

from .factories import CoursePageFactory, ModulePageFactory, UserFactory, make_question, make_quiz

BASE = 5  # 1× data; 10× is ten times as much


def count(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def record(screen, small, large):
    """Append the counts to BENCH_QUERY_REPORT (JSON lines) when `make bench` asks for them."""
    path = os.environ.get("BENCH_QUERY_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"screen": screen, "1x": small, "10x": large}) + "\n")


def right_choice(question):
    return question.choices.get(fraction=1).pk


@pytest.mark.django_db
def test_learner_dashboard(client, site, learner):
    indicators = list(Indicator.objects.filter(framework__code="spbe-2020").order_by("number"))
    made = {"n": 0}

    def grow(units):
        for _ in range(units):
            n = made["n"]
            made["n"] += 1
            course = CoursePageFactory(parent=site["katalog"])
            modules = [ModulePageFactory(parent=course, indicator=indicators[(2 * n + k) % 47]) for k in range(2)]
            enrol(learner, course)
            complete_unit(learner, modules[0])
            questions = [make_question(f"D{n}-{k}", indicator_number=(n + k) % 47 + 1) for k in range(3)]
            attempt = start_attempt(learner, make_quiz(slug=f"dasbor-{n}", questions=questions))
            for question in questions[:2]:
                save_answer(attempt, question.pk, [right_choice(question)])
            submit_attempt(attempt.pk)

    client.force_login(learner)
    grow(BASE)
    small = count(client, "/akun/belajar-saya/")
    grow(9 * BASE)
    large = count(client, "/akun/belajar-saya/")
    record("learner dashboard /akun/belajar-saya/", small, large)
    assert small == large


@pytest.mark.django_db
def test_quiz_page(client, framework, learner):
    client.force_login(learner)
    counts = []
    for size in (BASE, 10 * BASE):
        questions = [make_question(f"K{size}-{n}", indicator_number=n % 47 + 1) for n in range(size)]
        attempt = start_attempt(learner, make_quiz(slug=f"kuis-{size}", questions=questions))
        for question in questions[::2]:
            save_answer(attempt, question.pk, [right_choice(question)])
        counts.append(count(client, f"/kuis/percobaan/{attempt.pk}/"))
    record("quiz page /kuis/percobaan/<id>/", *counts)
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_facilitator_live_view(client, site):
    course = CoursePageFactory(parent=site["katalog"])
    facilitator = UserFactory(email="fasilitator.p3@contoh.go.id")
    facilitator.groups.add(Group.objects.get_or_create(name=Role.FASILITATOR)[0])
    workshop = Workshop.objects.create(course=course, title="Bimtek P3", capacity=1000)
    workshop.facilitators.add(facilitator)
    now = timezone.now()
    session = Session.objects.create(
        workshop=workshop, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=5)
    )
    questions = [make_question(f"L{n}", indicator_number=n % 3 + 1) for n in range(3)]
    pre = WorkshopTest.objects.create(
        workshop=workshop, phase=Phase.PRE, form_a=make_quiz(slug="p3-pra", questions=questions)
    )
    open_test(pre)
    made = {"n": 0}

    def grow(n):
        for _ in range(n):
            made["n"] += 1
            user = UserFactory(email=f"peserta.p3.{made['n']}@contoh.go.id")
            participant = Participant.objects.create(workshop=workshop, user=user)
            Attendance.objects.create(session=session, participant=participant, method="qr")
            attempt = start_test(participant, pre)
            item = attempt.items.select_related("question").first()
            save_answer(attempt, item.question_id, [right_choice(item.question)])
            submit_attempt(attempt.pk)

    client.force_login(facilitator)
    urls = [f"/workshop/{workshop.pk}/langsung/", f"/workshop/{workshop.pk}/langsung/?partial=1"]
    grow(4 * BASE)
    small = [count(client, url) for url in urls]
    grow(36 * BASE)
    large = [count(client, url) for url in urls]
    record("facilitator live view /workshop/<id>/langsung/", small, large)
    assert small == large


@pytest.mark.django_db
def test_case_study_listing(client, lab):  # noqa: F811
    made = {"n": 0}

    def grow(n):
        for _ in range(n):
            made["n"] += 1
            region = lab["region_x"] if made["n"] % 2 else lab["region_y"]
            make_case_study(region, f"Studi {made['n']}", publish=True, indicator_numbers=[18, 25])

    urls = ["/living-lab/", "/living-lab/?domain=2", "/living-lab/feed/"]
    grow(BASE)
    small = [count(client, url) for url in urls]
    grow(9 * BASE)
    large = [count(client, url) for url in urls]
    record("case-study listing /living-lab/", small, large)
    assert small == large
