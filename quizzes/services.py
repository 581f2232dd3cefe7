"""Starting, answering and submitting attempts. Every rule is checked here, on the server."""

import random
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log as audit_log

from .grading import grade_choices, likert_score, percent
from .models import Answer, Attempt, AttemptQuestion, MindsetScore, QuestionType, Quiz

GRACE = timedelta(seconds=getattr(settings, "QUIZ_GRACE_SECONDS", 30))


class QuizError(Exception):
    """A refused action; the message is shown to the learner."""


def attempts_left(user, quiz):
    if not quiz.max_attempts:
        return None
    used = Attempt.objects.filter(user=user, quiz=quiz).count()
    return max(0, quiz.max_attempts - used)


def is_expired(attempt, now=None):
    return attempt.deadline is not None and (now or timezone.now()) > attempt.deadline + GRACE


def open_attempt(user, quiz):
    return Attempt.objects.filter(user=user, quiz=quiz, submitted_at__isnull=True).first()


def start_attempt(user, quiz: Quiz, now=None, rng=None) -> Attempt:
    """Resume the learner's open attempt, or start a new one if the rules allow."""
    now = now or timezone.now()
    current = open_attempt(user, quiz)
    if current and is_expired(current, now):
        submit_attempt(current.pk, now=now, reason="time_up")
        current = None
    if current:
        return current
    if not quiz.is_open(now):
        raise QuizError(_("Kuis ini belum dibuka atau sudah ditutup."))
    left = attempts_left(user, quiz)
    if left == 0:
        raise QuizError(_("Anda sudah memakai semua %(n)s kesempatan untuk kuis ini.") % {"n": quiz.max_attempts})
    question_ids = quiz.pick_questions(rng)
    if not question_ids:
        raise QuizError(_("Kuis ini belum memiliki soal."))
    rng = rng or random.SystemRandom()
    try:
        with transaction.atomic():
            number = Attempt.objects.filter(user=user, quiz=quiz).count() + 1
            deadline = now + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None
            if deadline and quiz.closes_at:
                deadline = min(deadline, quiz.closes_at)
            attempt = Attempt.objects.create(user=user, quiz=quiz, number=number, deadline=deadline)
            choices = _choice_ids(question_ids)
            AttemptQuestion.objects.bulk_create(
                AttemptQuestion(
                    attempt=attempt,
                    question_id=qid,
                    position=n,
                    choice_order=_ordered(choices.get(qid), quiz.shuffle_options, rng),
                )
                for n, qid in enumerate(question_ids, start=1)
            )
    except IntegrityError:
        # A concurrent request started it first: resume that one.
        attempt = open_attempt(user, quiz)
        if attempt is None:
            raise
    return attempt


def _choice_ids(question_ids):
    from .models import Choice

    result = {}
    rows = Choice.objects.filter(question_id__in=question_ids).order_by("sort_order", "pk")
    for qid, cid, qtype in rows.values_list("question_id", "pk", "question__qtype"):
        result.setdefault(qid, {"type": qtype, "ids": []})["ids"].append(cid)
    return result


def _ordered(entry, shuffle, rng):
    if not entry:
        return []
    ids = list(entry["ids"])
    # Levels and true/false keep their natural order; other options are shuffled when asked.
    if shuffle and entry["type"] in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        rng.shuffle(ids)
    return ids


def save_answer(attempt: Attempt, question_id, choice_ids=None, likert=None, now=None) -> Answer:
    """Store one answer as it is given. Refuses answers after the time limit, the close or submission."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_related("quiz").get(pk=attempt.pk)
        if attempt.submitted_at:
            raise QuizError(_("Percobaan ini sudah dikumpulkan; jawaban tidak dapat diubah lagi."))
        if is_expired(attempt, now):
            raise QuizError(_("Waktu pengerjaan sudah habis; jawaban ini tidak disimpan."))
        if attempt.quiz.is_closed(now):
            raise QuizError(_("Kuis sudah ditutup; jawaban ini tidak disimpan."))
        item = attempt.items.select_related("question").filter(question_id=question_id).first()
        if item is None:
            raise QuizError(_("Soal ini bukan bagian dari percobaan Anda."))
        question = item.question
        answer, _created = Answer.objects.get_or_create(item=item)
        if question.qtype == QuestionType.LIKERT:
            if likert not in (1, 2, 3, 4, 5):
                raise QuizError(_("Pilih salah satu dari lima tingkat persetujuan."))
            answer.likert_value = likert
            answer.save(update_fields=["likert_value", "saved_at"])
            return answer
        wanted = {int(c) for c in (choice_ids or [])}
        allowed = set(item.choice_order) or set(question.choices.values_list("pk", flat=True))
        if not wanted <= allowed:
            raise QuizError(_("Pilihan jawaban tidak dikenal untuk soal ini."))
        if question.qtype != QuestionType.MULTIPLE and len(wanted) > 1:
            raise QuizError(_("Soal ini hanya menerima satu jawaban."))
        answer.choices.set(wanted)
        answer.save(update_fields=["saved_at"])
        return answer


def submit_attempt(attempt_id, now=None, by=None, reason="submitted") -> tuple[Attempt, bool]:
    """Close and grade an attempt from its stored answers. Repeated or concurrent calls grade it once.

    The grade goes into the audit log in the same transaction: who closed the attempt (``by``: the
    learner, a facilitator closing a test, or nobody when the time ran out) and why (``reason``)."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Attempt.objects.filter(pk=attempt_id, submitted_at__isnull=True).update(submitted_at=now)
        attempt = Attempt.objects.select_related("quiz", "user").get(pk=attempt_id)
        if claimed:
            grade_attempt(attempt)
            audit_log(
                attempt,
                "bimtek.grade",
                user=by if getattr(by, "is_authenticated", False) else None,
                title=f"{attempt.quiz.title} · {attempt.user.email} · #{attempt.number}"[:255],
                data={
                    "learner": attempt.user_id,
                    "quiz": attempt.quiz.slug,
                    "score": str(attempt.score) if attempt.score is not None else None,
                    "passed": attempt.passed,
                    "reason": reason,
                },
            )
    if claimed:
        from .tasks import recompute_item_statistics

        recompute_item_statistics.delay_on_commit(attempt.quiz_id)
    return attempt, bool(claimed)


def grade_attempt(attempt: Attempt) -> None:
    items = list(attempt.items.select_related("question", "question__dimension", "answer"))
    selected = {}
    for answer_id, fraction in Answer.choices.through.objects.filter(answer__item__attempt=attempt).values_list(
        "answer_id", "choice__fraction"
    ):
        selected.setdefault(answer_id, []).append(fraction)
    credits, graded = [], 0
    dimension_values = {}
    answers_to_update = []
    for item in items:
        question = item.question
        answer = getattr(item, "answer", None)
        if question.qtype == QuestionType.LIKERT:
            if answer and answer.likert_value:
                value = likert_score(answer.likert_value, question.reverse_scored)
                dimension_values.setdefault(question.dimension_id, []).append(value)
            continue
        graded += 1
        credit = grade_choices(question.qtype, selected.get(answer.pk, []) if answer else [])
        credits.append(credit)
        if answer:
            answer.fraction = credit
            answers_to_update.append(answer)
    Answer.objects.bulk_update(answers_to_update, ["fraction"])
    if graded:
        attempt.score = percent(credits, graded)
        attempt.passed = attempt.score >= attempt.quiz.pass_mark
    attempt.save(update_fields=["score", "passed"])
    MindsetScore.objects.bulk_create(
        MindsetScore(attempt=attempt, dimension_id=dim, score=Decimal(sum(values)) / len(values))
        for dim, values in dimension_values.items()
    )
