"""Save parsed questions into the bank: all or nothing, keyed on the question code."""

from django.db import transaction

from spbe.models import Indicator

from .gift import GiftError, ParsedQuestion
from .models import Choice, Question


def resolve_indicators(parsed: list[ParsedQuestion], framework_code="spbe-2020", default_indicator=None):
    """Map each question's indicator number to an Indicator; errors name the line."""
    numbers = {q.indicator_number for q in parsed if q.indicator_number}
    indicators = {i.number: i for i in Indicator.objects.filter(framework__code=framework_code, number__in=numbers)}
    errors, mapping = [], {}
    for q in parsed:
        indicator = indicators.get(q.indicator_number) if q.indicator_number else default_indicator
        if indicator is None:
            if q.indicator_number:
                errors.append((q.line, f"indikator {q.indicator_number} tidak ada di kerangka {framework_code}"))
            else:
                errors.append((q.line, "soal tanpa indikator: pakai $CATEGORY: …/Indikator N (atau --indicator N)"))
        mapping[q.code] = indicator
    if errors:
        raise GiftError(errors)
    return mapping


@transaction.atomic
def save_questions(parsed: list[ParsedQuestion], indicators) -> dict:
    """Create or update each question (by code). Returns counts."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for q in parsed:
        fields = {
            "qtype": q.qtype,
            "indicator": indicators[q.code],
            "stem": q.stem,
            "general_feedback": q.general_feedback,
            "difficulty": q.difficulty,
            "competency": q.competency,
            "level": q.level,
        }
        question = Question.objects.filter(code=q.code).first()
        new_choices = [(c.text, c.fraction, c.feedback) for c in q.choices]
        if question is None:
            question = Question.objects.create(code=q.code, **fields)
            counts["created"] += 1
        else:
            old_choices = [(c.text, c.fraction, c.feedback) for c in question.choices.all()]
            same = all(getattr(question, k) == v for k, v in fields.items()) and old_choices == new_choices
            if same:
                counts["unchanged"] += 1
                continue
            for key, value in fields.items():
                setattr(question, key, value)
            question.save()
            if old_choices != new_choices:
                # Keep option rows that answers point at; only text/feedback/fraction change in place.
                existing = list(question.choices.all())
                for n, (text, fraction, feedback) in enumerate(new_choices):
                    if n < len(existing):
                        choice = existing[n]
                        choice.text, choice.fraction, choice.feedback, choice.sort_order = text, fraction, feedback, n
                        choice.save()
                    else:
                        Choice.objects.create(
                            question=question, text=text, fraction=fraction, feedback=feedback, sort_order=n
                        )
                for extra in existing[len(new_choices) :]:
                    extra.delete()
            counts["updated"] += 1
            continue
        Choice.objects.bulk_create(
            Choice(question=question, text=text, fraction=fraction, feedback=feedback, sort_order=n)
            for n, (text, fraction, feedback) in enumerate(new_choices)
        )
    return counts
