"""The database goes away: learners get a friendly 503 (no traceback), nothing is half-written, and the
next request after the database is back works — no restart."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from quizzes.models import Answer, Attempt
from quizzes.services import save_answer, start_attempt

from ..factories import make_question, make_quiz


@contextmanager
def unreachable_database():
    """A real outage: the next connection attempt fails (PostgreSQL: nothing listens on the port;
    SQLite: the file cannot be opened). Restores the settings and reconnects afterwards."""
    settings = connection.settings_dict
    saved = {key: settings.get(key) for key in ("NAME", "PORT", "HOST")}
    connection.close()
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-directory/bimtek.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", "1"
    try:
        yield
    finally:
        connection.close()
        settings.update(saved)


@contextmanager
def database_fails_at(fragment):
    """The server drops the connection in the middle of a request, at the first statement containing
    ``fragment``, after the earlier statements of the same request went through."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        if fragment in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def assert_friendly_503(response):
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Layanan sedang dipulihkan" in html
    assert "Kode laporan" in html
    assert "Traceback" not in html and "OperationalError" not in html


@pytest.mark.django_db(transaction=True)
def test_outage_gives_503_and_the_site_recovers_without_restart(client, site, learner):
    client.force_login(learner)
    assert client.get("/akun/belajar-saya/").status_code == 200

    client.raise_request_exception = False  # as in production: the handler answers, nothing propagates
    with unreachable_database():
        assert_friendly_503(client.get("/akun/belajar-saya/"))
        assert_friendly_503(client.get("/katalog/"))
        assert_friendly_503(client.post("/akun/masuk/", {"username": "x@contoh.go.id", "password": "x"}))

    response = client.get("/akun/belajar-saya/")
    assert response.status_code == 200
    assert "Belajar Saya" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_outage_in_the_middle_of_a_submit_writes_nothing(client, spbe_data, learner):
    questions = [make_question(f"Q{i}") for i in range(3)]
    quiz = make_quiz(questions=questions)
    attempt = start_attempt(learner, quiz)
    for item in attempt.items.select_related("question"):
        right = item.question.choices.get(fraction=1)
        save_answer(attempt, item.question_id, choice_ids=[right.pk])
    client.force_login(learner)
    client.raise_request_exception = False

    # The attempt is claimed (UPDATE … SET submitted_at), then the connection drops while the graded
    # answers are written.
    with database_fails_at('UPDATE "quizzes_answer"') as seen:
        response = client.post(f"/kuis/percobaan/{attempt.pk}/kumpulkan/")
    assert any('UPDATE "quizzes_attempt"' in sql and "submitted_at" in sql for sql in seen)
    assert_friendly_503(response)
    attempt.refresh_from_db()
    assert attempt.submitted_at is None and attempt.score is None  # claimed-and-graded is one transaction
    assert not Answer.objects.filter(item__attempt=attempt, fraction__isnull=False).exists()

    response = client.post(f"/kuis/percobaan/{attempt.pk}/kumpulkan/")
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 100
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1
