"""Mastery per indicator and domain, and the digital-mindset profile over time.

Mastery of an indicator = the mean credit (0–100 %) of your latest answer to each of that indicator's
questions you have answered in submitted attempts. A domain's mastery is the same over all its
questions. Questions you have not answered do not count; the number behind each figure is shown.
"""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from spbe.models import Domain

from .models import Answer, MindsetDimension, MindsetScore

MASTERY_DEFINITION = _(
    "Penguasaan = rata-rata nilai jawaban terakhir Anda untuk setiap soal indikator (atau domain) itu yang "
    "pernah Anda kerjakan dalam kuis yang sudah dikumpulkan, 0–100 %. Soal yang belum dikerjakan tidak "
    "dihitung; angka n menunjukkan jumlah soal di baliknya."
)


def latest_answers(user):
    """{question id: (indicator id, domain id, credit)} from the learner's latest graded answer to each question."""
    rows = (
        Answer.objects.filter(
            item__attempt__user=user,
            item__attempt__submitted_at__isnull=False,
            fraction__isnull=False,
            item__question__indicator__isnull=False,
        )
        .order_by("item__attempt__submitted_at", "pk")
        .values_list(
            "item__question_id",
            "item__question__indicator_id",
            "item__question__indicator__aspect__domain_id",
            "fraction",
        )
    )
    latest = {}
    for question_id, indicator_id, domain_id, fraction in rows:
        latest[question_id] = (indicator_id, domain_id, fraction)
    return latest


def _mean(values):
    return (sum(values, Decimal(0)) * 100 / len(values)).quantize(Decimal("1")) if values else None


def mastery(user):
    """({indicator id: (percent, n)}, {domain id: (percent, n)})."""
    by_indicator, by_domain = defaultdict(list), defaultdict(list)
    for indicator_id, domain_id, fraction in latest_answers(user).values():
        by_indicator[indicator_id].append(fraction)
        if domain_id:
            by_domain[domain_id].append(fraction)
    return (
        {k: (_mean(v), len(v)) for k, v in by_indicator.items()},
        {k: (_mean(v), len(v)) for k, v in by_domain.items()},
    )


def domain_mastery_rows(user, framework_code="spbe-2020"):
    _indicators, domains = mastery(user)
    return [
        {"domain": d, "percent": domains.get(d.pk, (None, 0))[0], "n": domains.get(d.pk, (None, 0))[1]}
        for d in Domain.objects.filter(framework__code=framework_code).order_by("number")
    ]


def mindset_profile(user):
    """Dimensions with the score of every submitted questionnaire attempt, oldest first."""
    dimensions = list(MindsetDimension.objects.all())
    scores = MindsetScore.objects.filter(attempt__user=user, attempt__submitted_at__isnull=False).order_by(
        "attempt__submitted_at"
    )
    attempts = {}
    for attempt_id, submitted_at, dimension_id, score in scores.values_list(
        "attempt_id", "attempt__submitted_at", "dimension_id", "score"
    ):
        attempts.setdefault(attempt_id, {"date": submitted_at, "scores": {}})["scores"][dimension_id] = score
    history = list(attempts.values())
    rows = []
    for dimension in dimensions:
        series = [h["scores"].get(dimension.pk) for h in history]
        latest = series[-1] if series else None
        first = series[0] if series else None
        rows.append(
            {
                "dimension": dimension,
                "series": series,
                "latest": latest,
                "change": (latest - first) if latest is not None and first is not None and len(series) > 1 else None,
            }
        )
    return {"rows": rows, "history": history}
