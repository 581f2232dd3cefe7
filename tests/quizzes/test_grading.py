from decimal import Decimal

import pytest

from quizzes.grading import grade_choices, likert_score, percent
from quizzes.models import Attempt, MindsetDimension
from quizzes.services import QuizError, save_answer, start_attempt, submit_attempt

from ..factories import make_question, make_quiz

D = Decimal


def test_single_choice_and_level_take_the_chosen_fraction():
    assert grade_choices("single", [D(1)]) == 1
    assert grade_choices("single", [D(0)]) == 0
    assert grade_choices("level", [D(1), D(0)]) == 0  # two answers to a one-answer question score nothing
    assert grade_choices("truefalse", []) == 0


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ([D("0.5"), D("0.5")], D(1)),
        ([D("0.5")], D("0.5")),
        ([D("0.5"), D("-0.5")], D(0)),
        ([D("0.5"), D("0.5"), D("-0.5")], D("0.5")),
        ([D("-0.5"), D("-0.5")], D(0)),  # never below zero
        ([D("0.5"), D("0.5"), D("0.5")], D(1)),  # never above one
    ],
)
def test_multiple_response_partial_credit(selected, expected):
    assert grade_choices("multiple", selected) == expected


def test_likert_reverse_scoring_and_percent():
    assert [likert_score(v, False) for v in range(1, 6)] == [1, 2, 3, 4, 5]
    assert [likert_score(v, True) for v in range(1, 6)] == [5, 4, 3, 2, 1]
    assert percent([D(1), D("0.5"), D(0)], 3) == D("50.00")


@pytest.mark.django_db
def test_every_type_graded_from_stored_answers(framework, learner):
    single = make_question("S1")
    multiple = make_question(
        "M1", "multiple", options=[("a", "0.5", ""), ("b", "0.5", ""), ("c", "-0.5", ""), ("d", "-0.5", "")]
    )
    truefalse = make_question("T1", "truefalse")
    level = make_question("L1", "level", correct_level=4)
    quiz = make_quiz(questions=[single, multiple, truefalse, level], shuffle_options=False, pass_mark=60)
    attempt = start_attempt(learner, quiz)
    pick = {q.code: {c.text: c.pk for c in q.choices.all()} for q in (single, multiple, truefalse, level)}
    save_answer(attempt, single.pk, [pick["S1"]["Benar"]])
    save_answer(attempt, multiple.pk, [pick["M1"]["a"], pick["M1"]["c"], pick["M1"]["b"]])  # 0.5
    save_answer(attempt, truefalse.pk, [pick["T1"]["Salah"]])  # wrong
    save_answer(attempt, level.pk, [pick["L1"]["Tingkat 4"]])
    attempt, graded = submit_attempt(attempt.pk)
    assert graded
    assert attempt.score == D("62.50")  # (1 + 0.5 + 0 + 1) / 4
    assert attempt.passed is True
    fractions = dict(attempt.items.values_list("question__code", "answer__fraction"))
    assert fractions == {"S1": D(1), "M1": D("0.5"), "T1": D(0), "L1": D(1)}


@pytest.mark.django_db
def test_unanswered_questions_count_as_zero(framework, learner):
    quiz = make_quiz(questions=[make_question("S1"), make_question("S2")], pass_mark=70)
    attempt = start_attempt(learner, quiz)
    save_answer(
        attempt,
        quiz.quiz_questions.first().question_id,
        [quiz.quiz_questions.first().question.choices.get(fraction=1).pk],
    )
    attempt, _ = submit_attempt(attempt.pk)
    assert attempt.score == D("50.00") and attempt.passed is False


@pytest.mark.django_db
def test_likert_questionnaire_scored_per_dimension_with_reverse_items(learner):
    security = MindsetDimension.objects.create(code="keamanan", name="Keamanan Digital")
    items = [
        make_question("P1", "likert", dimension=security, options=[]),
        make_question("P2", "likert", dimension=security, reverse_scored=True, options=[]),
    ]
    quiz = make_quiz(questions=items, kind="mindset", pass_mark=0)
    attempt = start_attempt(learner, quiz)
    save_answer(attempt, items[0].pk, likert=5)
    save_answer(attempt, items[1].pk, likert=2)  # reverse → 4
    with pytest.raises(QuizError, match="lima tingkat"):
        save_answer(attempt, items[1].pk, likert=7)
    attempt, _ = submit_attempt(attempt.pk)
    score = attempt.mindset_scores.get()
    assert score.dimension == security and score.score == D("4.5")
    assert attempt.score is None  # never right/wrong
    assert Attempt.objects.get(pk=attempt.pk).passed is None
