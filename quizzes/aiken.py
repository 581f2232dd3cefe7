"""Aiken format (single-choice only): a question, options ``A.``/``A)``, then ``ANSWER: X``."""

import re
from decimal import Decimal

from .gift import GiftError, ParsedChoice, ParsedQuestion

OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$")


def parse_aiken(text: str, code_prefix: str = "AIKEN") -> list[ParsedQuestion]:
    questions, errors = [], []
    stem, options, start = [], [], None
    for number, raw in enumerate(text.splitlines() + [""], start=1):
        line = raw.strip()
        if not line:
            if stem and not options:
                errors.append((start, "soal tanpa pilihan A., B., …"))
                stem, start = [], None
            continue
        answer = ANSWER.match(line)
        option = OPTION.match(line)
        if answer:
            letters = [letter for letter, _ in options]
            if len(options) < 2:
                errors.append((number, "soal Aiken memerlukan paling sedikit dua pilihan"))
            elif answer.group(1) not in letters:
                errors.append((number, f"ANSWER: {answer.group(1)} tidak ada di antara pilihan {', '.join(letters)}"))
            else:
                questions.append(
                    ParsedQuestion(
                        code=f"{code_prefix}-{len(questions) + 1:03d}",
                        qtype="single",
                        stem="\n".join(stem),
                        line=start,
                        choices=[
                            ParsedChoice(text, Decimal(1 if letter == answer.group(1) else 0))
                            for letter, text in options
                        ],
                    )
                )
            stem, options, start = [], [], None
        elif option and stem:
            options.append((option.group(1), option.group(2)))
        elif options:
            errors.append((number, "baris setelah pilihan harus 'ANSWER: X'"))
            stem, options, start = [], [], None
        else:
            start = start or number
            stem.append(line)
    if stem:
        errors.append((start, "soal terakhir tidak diakhiri 'ANSWER: X'"))
    if errors:
        raise GiftError(errors)
    return questions


def write_aiken(questions) -> str:
    out = []
    for q in questions:
        choices = list(q.choices.all())
        if q.qtype not in ("single", "level", "truefalse") or len(choices) > 26:
            continue
        lines = [" ".join(q.stem.split())]
        answer = "A"
        for n, c in enumerate(choices):
            letter = chr(ord("A") + n)
            lines.append(f"{letter}. {' '.join(c.text.split())}")
            if c.fraction >= 1:
                answer = letter
        lines.append(f"ANSWER: {answer}")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"
