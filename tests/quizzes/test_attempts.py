from datetime import timedelta

import pytest
from django.utils import timezone

from quizzes.models import Attempt
from quizzes.services import QuizError, save_answer, start_attempt, submit_attempt

from ..factories import make_question, make_quiz


@pytest.fixture
def quiz(framework):
    return make_quiz(questions=[make_question("S1"), make_question("S2", indicator_number=2)], shuffle_options=False)


def right(question):
    return [question.choices.get(fraction=1).pk]


@pytest.mark.django_db
def test_resume_instead_of_a_second_open_attempt(quiz, learner):
    first = start_attempt(learner, quiz)
    save_answer(first, quiz.quiz_questions.first().question_id, right(quiz.quiz_questions.first().question))
    again = start_attempt(learner, quiz)
    assert again.pk == first.pk
    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 1


@pytest.mark.django_db
def test_time_limit_enforced_on_the_server_with_grace(quiz, learner):
    quiz.time_limit_minutes = 10
    quiz.save()
    start = timezone.now()
    attempt = start_attempt(learner, quiz, now=start)
    question = quiz.quiz_questions.first().question
    save_answer(attempt, question.pk, right(question), now=start + timedelta(minutes=10, seconds=20))  # in grace
    with pytest.raises(QuizError, match="Waktu pengerjaan sudah habis"):
        save_answer(attempt, question.pk, right(question), now=start + timedelta(minutes=11))
    # coming back after the limit grades what was stored and starts fresh
    again = start_attempt(learner, quiz, now=start + timedelta(minutes=30))
    assert again.pk != attempt.pk
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and attempt.score == 50


@pytest.mark.django_db
def test_attempt_limit(quiz, learner):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        submit_attempt(start_attempt(learner, quiz).pk)
    with pytest.raises(QuizError, match="semua 2 kesempatan"):
        start_attempt(learner, quiz)


@pytest.mark.django_db
def test_open_and_close_dates(quiz, learner):
    now = timezone.now()
    quiz.opens_at = now + timedelta(days=1)
    quiz.save()
    with pytest.raises(QuizError, match="belum dibuka atau sudah ditutup"):
        start_attempt(learner, quiz)
    quiz.opens_at, quiz.closes_at = now - timedelta(days=2), now + timedelta(hours=1)
    quiz.save()
    attempt = start_attempt(learner, quiz)
    question = quiz.quiz_questions.first().question
    with pytest.raises(QuizError, match="Kuis sudah ditutup"):
        save_answer(attempt, question.pk, right(question), now=now + timedelta(hours=2))


@pytest.mark.django_db
def test_tampering_is_refused(quiz, learner, framework):
    attempt = start_attempt(learner, quiz)
    outsider = make_question("X1", indicator_number=3)
    inside = quiz.quiz_questions.first().question
    other = quiz.quiz_questions.last().question
    with pytest.raises(QuizError, match="bukan bagian dari percobaan"):
        save_answer(attempt, outsider.pk, right(outsider))
    with pytest.raises(QuizError, match="Pilihan jawaban tidak dikenal"):
        save_answer(attempt, inside.pk, right(other))  # an option of another question
    with pytest.raises(QuizError, match="hanya menerima satu jawaban"):
        save_answer(attempt, inside.pk, list(inside.choices.values_list("pk", flat=True)))
    submit_attempt(attempt.pk)
    with pytest.raises(QuizError, match="sudah dikumpulkan"):
        save_answer(attempt, inside.pk, right(inside))


@pytest.mark.django_db
def test_repeated_submit_grades_once(quiz, learner):
    attempt = start_attempt(learner, quiz)
    _, first = submit_attempt(attempt.pk)
    _, second = submit_attempt(attempt.pk)
    assert (first, second) == (True, False)
    assert Attempt.objects.filter(user=learner, quiz=quiz, submitted_at__isnull=False).count() == 1


@pytest.mark.django_db
def test_draw_of_n_by_indicator_and_difficulty(framework, learner):
    from spbe.models import Indicator

    for n in range(6):
        make_question(f"A{n}", indicator_number=1, difficulty=1 if n < 3 else 3)
    make_question("B1", indicator_number=2, difficulty=1)
    quiz = make_quiz(slug="undian", draw_count=2, draw_difficulty=1)
    quiz.draw_indicators.set([Indicator.objects.get(framework__code="spbe-2020", number=1)])
    attempt = start_attempt(learner, quiz)
    codes = list(attempt.items.values_list("question__code", flat=True))
    assert len(codes) == 2 and set(codes) <= {"A0", "A1", "A2"}


@pytest.mark.django_db
def test_options_shuffled_per_attempt_but_levels_keep_order(framework, learner, other_learner):
    import random

    single = make_question("S9", options=[(f"opsi {n}", 1 if n == 0 else 0, "") for n in range(6)])
    level = make_question("L9", "level")
    quiz = make_quiz(slug="acak", questions=[single, level], shuffle_options=True)
    a = start_attempt(learner, quiz, rng=random.Random(1))
    b = start_attempt(other_learner, quiz, rng=random.Random(2))
    order_a = a.items.get(question=single).choice_order
    order_b = b.items.get(question=single).choice_order
    assert sorted(order_a) == sorted(order_b) and order_a != order_b
    assert a.items.get(question=level).choice_order == list(level.choices.values_list("pk", flat=True))
