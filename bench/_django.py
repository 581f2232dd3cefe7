"""Django-side steps of `make bench` (bench/run_all.py runs them with the same settings as gunicorn).

    python bench/_django.py prepare     # data for P1, P2, P4, P5; prints JSON
    python bench/_django.py p2queries   # queries of a cached anonymous module page view; prints JSON
    python bench/_django.py attempts SLUG   # attempts stored for a quiz; prints JSON

Never run against a database you care about: ``prepare`` adds users, a quiz and two large workshops.
"""

import json
import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

LEARNERS = 50
P4_QUIZ = "bench-p4"
DOMAIN = "bench.example"


def session_for(user):
    """A signed-in session as the login view would leave it (no password hashing in the bench)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def workshop_with(n, course, facilitator):
    from django.utils import timezone

    from accounts.models import User
    from workshops.models import Attendance, Participant, Session, Workshop

    workshop = Workshop.objects.create(course=course, title=f"Bimtek bench {n} peserta", capacity=n)
    workshop.facilitators.add(facilitator)
    now = timezone.now()
    sessions = [
        Session.objects.create(
            workshop=workshop,
            title=f"Hari {d + 1}",
            starts_at=now + timedelta(days=d - 1),
            ends_at=now + timedelta(days=d - 1, hours=8),
        )
        for d in range(2)
    ]
    users = User.objects.bulk_create(
        [User(email=f"w{n}-{k}@{DOMAIN}", nama=f"Peserta {n}-{k:04d}", password="!") for k in range(n)],
        batch_size=1000,
    )
    participants = Participant.objects.bulk_create([Participant(workshop=workshop, user=u) for u in users])
    Attendance.objects.bulk_create(
        [
            Attendance(session=s, participant=p, method="qr")
            for k, p in enumerate(participants)
            for s in sessions
            if k % 7
        ],
        batch_size=2000,
    )
    return workshop


def prepare():
    from django.contrib.auth.models import Group

    from accounts.models import Role, User
    from courses.models import CoursePage, ModulePage
    from quizzes.models import Question, Quiz, QuizQuestion

    module = ModulePage.objects.live().order_by("path").first()
    questions = list(Question.objects.filter(qtype="single", choices__fraction=1).distinct().order_by("pk")[:10])
    assert module and len(questions) == 10, "run manage.py bootstrap --demo first"
    quiz, _ = Quiz.objects.get_or_create(slug=P4_QUIZ, defaults={"title": "Kuis bench P4"})
    for n, question in enumerate(questions):
        QuizQuestion.objects.get_or_create(quiz=quiz, question=question, defaults={"sort_order": n})
    answers = {f"q{q.pk}": q.choices.filter(fraction=1).first().pk for q in questions}
    learners = User.objects.bulk_create(
        [User(email=f"p4-{k}@{DOMAIN}", nama=f"Peserta P4 {k}", password="!") for k in range(LEARNERS)]
    )
    learner_group = Group.objects.get(name=Role.PESERTA)
    learner_group.user_set.add(*learners)

    facilitator = User.objects.get(email="fasilitator@demo.bimtek.id")
    course = CoursePage.objects.live().order_by("path").first()
    small, large = workshop_with(100, course, facilitator), workshop_with(1000, course, facilitator)
    return {
        "module_url": module.url,
        "p4": {
            "quiz": P4_QUIZ,
            "answers": answers,
            "sessions": [session_for(u) for u in learners],
            "csrf": secrets.token_hex(16),  # 32 characters, the unmasked form Django accepts
        },
        "p5": {"session": session_for(facilitator), "small": small.pk, "large": large.pk},
    }


def p2queries(url):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return {"queries": len(ctx.captured_queries), "x_cache": response.get("X-Cache"), "status": response.status_code}


def attempts(slug):
    from quizzes.models import Attempt

    stored = Attempt.objects.filter(quiz__slug=slug)
    return {"attempts": stored.count(), "submitted": stored.filter(submitted_at__isnull=False).count()}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.production")
    django.setup()
    step = sys.argv[1]
    result = {
        "prepare": prepare,
        "p2queries": lambda: p2queries(sys.argv[2]),
        "attempts": lambda: attempts(sys.argv[2]),
    }[step]()
    print(json.dumps(result))
