"""Parallel requests: one open attempt, exactly one grading (file SQLite locally, PostgreSQL in CI)."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.test import Client

from quizzes import services
from quizzes.models import Attempt

from ..factories import make_question, make_quiz


def in_parallel(n, action):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # noqa: BLE001  collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


@pytest.fixture
def setup(transactional_db, spbe_data, learner):
    quiz = make_quiz(slug="paralel", questions=[make_question("C1"), make_question("C2")])
    return quiz, learner


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_database_is_a_shared_file_or_server():
    assert connection.vendor == "postgresql" or "memory" not in str(connection.settings_dict["NAME"])


def test_parallel_starts_make_one_open_attempt(setup):
    quiz, learner = setup
    clients = [client_for(learner) for _ in range(6)]
    results, errors = in_parallel(6, lambda: clients.pop().post(f"/kuis/{quiz.slug}/mulai/").status_code)
    assert not errors and results == [302] * 6
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1


def test_parallel_submits_grade_exactly_once(setup):
    quiz, learner = setup
    attempt = services.start_attempt(learner, quiz)
    question = quiz.quiz_questions.first().question
    services.save_answer(attempt, question.pk, [question.choices.get(fraction=1).pk])
    clients = [client_for(learner) for _ in range(8)]
    real_grade = services.grade_attempt
    calls = []

    def counting_grade(a):
        calls.append(a.pk)
        return real_grade(a)

    with mock.patch.object(services, "grade_attempt", counting_grade):
        results, errors = in_parallel(
            8, lambda: clients.pop().post(f"/kuis/percobaan/{attempt.pk}/kumpulkan/").status_code
        )
    assert not errors and results == [302] * 8
    assert calls == [attempt.pk]
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 50
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1
