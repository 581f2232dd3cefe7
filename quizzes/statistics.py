"""Classical item analysis.

Facility (p) = mean credit of a question over all graded answers (0 = nobody right, 1 = everybody).
Discrimination (D) = facility in the top 27 % of attempts (by score) minus facility in the bottom 27 %
(upper–lower groups, Kelley). Both need at least 2 attempts per group to mean something; with fewer
responses D is left empty.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count

from .models import Attempt, AttemptQuestion, ItemStatistic, Quiz

GROUP = Decimal("0.27")


def item_statistics(rows, scores):
    """rows: [(question id, attempt id, credit)], scores: {attempt id: score} → {question id: (n, p, D)}."""
    ordered = sorted(scores, key=lambda a: scores[a])
    size = int(len(ordered) * GROUP)
    lower, upper = set(ordered[:size]), set(ordered[-size:]) if size else set()
    per_question = defaultdict(list)
    for question_id, attempt_id, credit in rows:
        per_question[question_id].append((attempt_id, Decimal(credit)))
    result = {}
    for question_id, answers in per_question.items():
        credits = [c for _, c in answers]
        facility = sum(credits) / len(credits)
        discrimination = None
        if size >= 2:
            up = [c for a, c in answers if a in upper]
            low = [c for a, c in answers if a in lower]
            if up and low:
                discrimination = sum(up) / len(up) - sum(low) / len(low)
        result[question_id] = (len(credits), facility, discrimination)
    return result


def recompute_for_quiz(quiz_id) -> bool:
    if not Quiz.objects.filter(pk=quiz_id).exists():
        return False
    question_ids = set(
        AttemptQuestion.objects.filter(attempt__quiz_id=quiz_id).values_list("question_id", flat=True).distinct()
    )
    recompute_questions(question_ids)
    return True


def recompute_questions(question_ids):
    """Statistics over every submitted attempt that contains these questions (across quizzes)."""
    items = AttemptQuestion.objects.filter(
        question_id__in=question_ids, attempt__submitted_at__isnull=False, attempt__score__isnull=False
    )
    attempt_ids = set(items.values_list("attempt_id", flat=True))
    scores = dict(Attempt.objects.filter(pk__in=attempt_ids).values_list("pk", "score"))
    rows = [
        (qid, aid, fraction if fraction is not None else 0)
        for qid, aid, fraction in items.values_list("question_id", "attempt_id", "answer__fraction")
    ]
    stats = item_statistics(rows, scores)
    for question_id in question_ids:
        n, p, d = stats.get(question_id, (0, None, None))
        ItemStatistic.objects.update_or_create(
            question_id=question_id,
            defaults={
                "responses": n,
                "facility": None if p is None else round(p, 3),
                "discrimination": None if d is None else round(d, 3),
            },
        )


def indicator_rollup():
    """Mean facility and discrimination per indicator, for the authors' report."""
    return (
        ItemStatistic.objects.filter(question__indicator__isnull=False, responses__gt=0)
        .values("question__indicator__number", "question__indicator__name")
        .annotate(questions=Count("pk"), facility=Avg("facility"), discrimination=Avg("discrimination"))
        .order_by("question__indicator__number")
    )
