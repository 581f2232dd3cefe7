"""Grading rules, as pure functions over stored values. Nothing here trusts the client."""

from decimal import Decimal

from .models.questions import QuestionType

ZERO, ONE = Decimal(0), Decimal(1)

PARTIAL_CREDIT_RULE = (
    "Nilai soal pilihan ganda kompleks = jumlah bobot pilihan yang Anda centang: setiap pilihan benar "
    "menambah bagiannya, setiap pilihan salah mengurangi; hasilnya paling kecil 0 dan paling besar 1."
)


def grade_choices(qtype: str, selected_fractions: list[Decimal]) -> Decimal:
    """Credit (0–1) for an answer, from the stored fractions of the choices the learner selected."""
    if not selected_fractions:
        return ZERO
    if qtype == QuestionType.MULTIPLE:
        return min(ONE, max(ZERO, sum(selected_fractions, ZERO)))
    if len(selected_fractions) != 1:
        return ZERO
    return min(ONE, max(ZERO, selected_fractions[0]))


def likert_score(value: int, reverse: bool) -> int:
    """Agreement 1–5 on the scale; reverse-scored items count 6 − value."""
    return 6 - value if reverse else value


def percent(credits: list[Decimal], total_questions: int) -> Decimal:
    if not total_questions:
        return ZERO
    return (sum(credits, ZERO) * 100 / total_questions).quantize(Decimal("0.01"))
