"""Pre/post tests in a workshop: which form a participant takes, starting and closing, and gain per indicator."""

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.models import Answer
from quizzes.services import QuizError, start_attempt, submit_attempt

from .models import Participant, TestAttempt, TestPhase, WorkshopTest
from .results import normalised_gain


def group_of(participant):
    """'A' or 'B': half the cohort (alternating by enrolment order) takes form A first."""
    earlier = Participant.objects.filter(workshop_id=participant.workshop_id, pk__lt=participant.pk).count()
    return "A" if earlier % 2 == 0 else "B"


def form_for(test: WorkshopTest, group: str):
    if not test.form_b_id:
        return test.form_a
    first, second = (test.form_a, test.form_b) if group == "A" else (test.form_b, test.form_a)
    return first if test.phase == TestPhase.PRE else second


def start_test(participant, test: WorkshopTest):
    """Start (or resume) the participant's attempt for this test; refused unless the facilitator opened it."""
    existing = TestAttempt.objects.filter(participant=participant, test=test).select_related("attempt").first()
    if existing:
        return existing.attempt
    if not test.is_open:
        raise QuizError(_("Tes ini belum dibuka oleh fasilitator atau sudah ditutup."))
    quiz = form_for(test, group_of(participant))
    attempt = start_attempt(participant.user, quiz)
    try:
        with transaction.atomic():
            TestAttempt.objects.create(participant=participant, test=test, attempt=attempt)
    except IntegrityError:
        return TestAttempt.objects.get(participant=participant, test=test).attempt
    return attempt


def open_test(test):
    test.is_open, test.opened_at = True, timezone.now()
    test.save(update_fields=["is_open", "opened_at"])


def close_test(test, by=None):
    """Close the test and grade every attempt still open, from the answers stored so far."""
    test.is_open, test.closed_at = False, timezone.now()
    test.save(update_fields=["is_open", "closed_at"])
    open_ids = list(test.test_attempts.filter(attempt__submitted_at__isnull=True).values_list("attempt_id", flat=True))
    for attempt_id in open_ids:
        submit_attempt(attempt_id, by=by, reason="test_closed")
    return len(open_ids)


def indicator_gain(workshop):
    """Per indicator: mean pre % and post % over participants, normalised gain of the means, and n.

    A participant counts for an indicator in a phase when they answered at least one of its questions
    in that phase's submitted attempt.
    """
    rows = Answer.objects.filter(
        item__attempt__workshop_link__participant__workshop=workshop,
        item__attempt__submitted_at__isnull=False,
        fraction__isnull=False,
        item__question__indicator__isnull=False,
    ).values_list(
        "item__attempt__workshop_link__test__phase",
        "item__attempt__workshop_link__participant_id",
        "item__question__indicator__number",
        "item__question__indicator__name",
        "fraction",
    )
    per = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))  # indicator → phase → participant → fractions
    names = {}
    for phase, participant_id, number, name, fraction in rows:
        per[number][phase][participant_id].append(fraction)
        names[number] = name
    result = []
    for number in sorted(per):
        phases = {}
        for phase in (TestPhase.PRE, TestPhase.POST):
            scores = [sum(f) * 100 / len(f) for f in per[number][phase].values()]
            phases[phase] = (
                (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1")) if scores else None,
                len(scores),
            )
        pre, n_pre = phases[TestPhase.PRE]
        post, n_post = phases[TestPhase.POST]
        result.append(
            {
                "number": number,
                "name": names[number],
                "pre": pre,
                "n_pre": n_pre,
                "post": post,
                "n_post": n_post,
                "gain": normalised_gain(pre, post),
            }  # fmt: skip
        )
    return result
