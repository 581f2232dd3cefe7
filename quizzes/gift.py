"""Moodle GIFT import and export for the question bank.

Supported: single choice, multiple response (``%weight%``), true/false, and *tentukan tingkat*
(written as single choice with the five options ``Tingkat 1`` … ``Tingkat 5``). Option feedback
``#``, general feedback ``####``, ``$CATEGORY:`` (a last part ``Indikator N`` → indicator N),
escapes ``\\= \\~ \\{ \\} \\# \\:``, and the ``[markdown]``/``[html]``/``[plain]``/``[moodle]`` markers.
A ``// difficulty: …; competency: …; level: N`` comment before a question carries our own labels.
Not supported (reported by line): essay, matching, numerical, short answer, description.
Likert items cannot be expressed in GIFT and are not exported.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SPECIAL = "=~{}#:"
DIFFICULTIES = {"mudah": 1, "sedang": 2, "sulit": 3}
COMPETENCIES = {"pemahaman", "interpretasi", "bukti", "penerapan"}
META = re.compile(r"^//\s*difficulty\s*:", re.IGNORECASE)
LEVEL_OPTION = re.compile(r"^Tingkat\s+([1-5])\s*$")


@dataclass
class ParsedChoice:
    text: str
    fraction: Decimal
    feedback: str = ""


@dataclass
class ParsedQuestion:
    code: str
    qtype: str
    stem: str
    line: int
    choices: list = field(default_factory=list)
    general_feedback: str = ""
    category: str = ""
    indicator_number: int | None = None
    difficulty: int = 2
    competency: str = "pemahaman"
    level: int | None = None
    text_format: str = "markdown"


@dataclass
class ParseResult:
    questions: list
    errors: list  # (line, message)
    unsupported: list  # (line, kind)


class GiftError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(f"baris {line}: {message}" for line, message in errors))


# ---------------------------------------------------------------- helpers


def unescape(text: str) -> str:
    text = text.replace("\\n", "\n")
    return re.sub(r"\\([=~{}#:])", r"\1", text).strip()


def escape(text: str) -> str:
    text = text.replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "\\n")


def _find(text, target, start=0):
    """Index of the first unescaped ``target`` at or after ``start``, or -1."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(target, i):
            return i
        i += 1
    return -1


def _split_unescaped(text, markers):
    """Split at unescaped marker characters, keeping each marker with the part it starts."""
    parts, current, i = [], "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current += text[i : i + 2]
            i += 2
            continue
        if char in markers:
            if current.strip():
                parts.append(current)
            current = char
        else:
            current += char
        i += 1
    if current.strip():
        parts.append(current)
    return parts


def _indicator_from_category(category):
    last = category.rstrip("/").split("/")[-1].strip()
    match = re.fullmatch(r"Indikator\s+(\d+)", last, re.IGNORECASE)
    return int(match.group(1)) if match else None


def _parse_meta(line):
    meta = {}
    for part in line.lstrip("/").split(";"):
        if ":" in part:
            key, value = part.split(":", 1)
            meta[key.strip().lower()] = value.strip().lower()
    return meta


# ---------------------------------------------------------------- parsing


def _chunks(text):
    """Yield ('category', line, value) and ('question', line, text, meta) items."""
    lines = text.splitlines()
    buffer, start, depth, meta = [], None, 0, {}
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if depth == 0 and not buffer:
            if not stripped:
                continue
            if stripped.startswith("//"):
                if META.match(stripped):
                    meta = _parse_meta(stripped)
                continue
            if stripped.upper().startswith("$CATEGORY:"):
                yield ("category", number, stripped.split(":", 1)[1].strip())
                continue
        if buffer and not stripped:
            # A blank line ends a question; inside an unclosed "{" that is an error the parser reports.
            yield ("question", start, "\n".join(buffer), meta)
            buffer, start, meta, depth = [], None, {}, 0
            continue
        if stripped.startswith("//"):
            continue
        if start is None:
            start = number
        buffer.append(line)
        i = 0
        while i < len(line):
            if line[i] == "\\":
                i += 2
                continue
            if line[i] == "{":
                depth += 1
            elif line[i] == "}":
                depth = max(0, depth - 1)
            i += 1
    if buffer:
        yield ("question", start, "\n".join(buffer), meta)


def _answers(block):
    """Split an answer block into (general feedback, [(marker, weight, text, feedback)])."""
    general = ""
    cut = _find(block, "####")
    if cut >= 0:
        general = block[cut + 4 :]
        block = block[:cut]
    options = []
    for part in _split_unescaped(block, "=~"):
        marker, body = part[0], part[1:]
        if marker not in "=~":
            return general, None
        weight = None
        match = re.match(r"\s*%(-?\d+(?:\.\d+)?)%", body)
        if match:
            weight = Decimal(match.group(1)) / 100
            body = body[match.end() :]
        cut = _find(body, "#")
        feedback = body[cut + 1 :] if cut >= 0 else ""
        text = body[:cut] if cut >= 0 else body
        options.append((marker, weight, unescape(text), unescape(feedback)))
    return unescape(general), options


def _parse_question(start, text, category, meta, errors, unsupported):
    code = ""
    body = text.strip()
    if body.startswith("::"):
        end = _find(body, "::", 2)
        if end < 0:
            errors.append((start, "judul '::…::' tidak ditutup"))
            return None
        code = unescape(body[2:end])
        body = body[end + 2 :].strip()
    text_format = "moodle"
    marker = re.match(r"^\[(markdown|html|plain|moodle)\]", body)
    if marker:
        text_format = marker.group(1)
        body = body[marker.end() :]
    open_at = _find(body, "{")
    if open_at < 0:
        unsupported.append((start, "deskripsi (tanpa blok jawaban)"))
        return None
    close_at = _find(body, "}", open_at)
    if close_at < 0:
        errors.append((start, "blok jawaban '{' tidak ditutup dengan '}'"))
        return None
    stem = body[:open_at].strip()
    after = body[close_at + 1 :].strip()
    if after:
        stem = f"{stem} _____ {after}"
    block = body[open_at + 1 : close_at].strip()
    if not code:
        errors.append((start, "soal tanpa kode '::KODE::' (diperlukan agar impor ulang tidak menggandakan soal)"))
        return None
    if not block:
        unsupported.append((start, "esai"))
        return None
    if block.startswith("#"):
        unsupported.append((start, "numerik"))
        return None
    question = ParsedQuestion(
        code=code,
        qtype="single",
        stem=unescape(stem),
        line=start,
        category=category,
        indicator_number=_indicator_from_category(category),
        text_format=text_format,
    )
    if meta:
        difficulty = meta.get("difficulty")
        if difficulty and difficulty not in DIFFICULTIES:
            errors.append((start, f"kesulitan '{difficulty}' tidak dikenal (mudah, sedang, sulit)"))
        question.difficulty = DIFFICULTIES.get(difficulty, 2)
        competency = meta.get("competency", "pemahaman")
        if competency not in COMPETENCIES:
            errors.append((start, f"kompetensi '{competency}' tidak dikenal"))
        question.competency = competency
        if meta.get("level"):
            try:
                question.level = int(meta["level"])
            except ValueError:
                errors.append((start, f"tingkat '{meta['level']}' bukan angka"))

    tf = re.fullmatch(r"(T|F|TRUE|FALSE)\s*(#.*)?", block, re.DOTALL | re.IGNORECASE)
    if tf:
        truth = tf.group(1).upper().startswith("T")
        general, feedbacks = "", []
        rest = tf.group(2) or ""
        cut = _find(rest, "####")
        if cut >= 0:
            general, rest = rest[cut + 4 :], rest[:cut]
        for part in _split_unescaped(rest, "#"):
            feedbacks.append(unescape(part[1:]))
        wrong_feedback = feedbacks[0] if feedbacks else ""
        right_feedback = feedbacks[1] if len(feedbacks) > 1 else ""
        question.qtype = "truefalse"
        question.general_feedback = unescape(general)
        question.choices = [
            ParsedChoice("Benar", Decimal(1 if truth else 0), right_feedback if truth else wrong_feedback),
            ParsedChoice("Salah", Decimal(0 if truth else 1), wrong_feedback if truth else right_feedback),
        ]
        return question

    general, options = _answers(block)
    if options is None or not options:
        errors.append((start, "blok jawaban tidak dapat dibaca (setiap pilihan diawali '=' atau '~')"))
        return None
    if any("->" in text for marker, _w, text, _f in options if marker == "="):
        unsupported.append((start, "menjodohkan"))
        return None
    rights = [o for o in options if o[0] == "="]
    if rights and len(rights) == len(options):
        unsupported.append((start, "jawaban singkat"))
        return None
    weighted = any(o[1] is not None for o in options)
    question.general_feedback = general
    if weighted:
        question.qtype = "multiple"
        question.choices = [
            ParsedChoice(text, weight if weight is not None else Decimal(1 if marker == "=" else 0), feedback)
            for marker, weight, text, feedback in options
        ]
        positive = sum(c.fraction for c in question.choices if c.fraction > 0)
        if abs(positive - 1) > Decimal("0.02"):
            errors.append((start, f"bobot positif pilihan ganda kompleks berjumlah {positive * 100:.0f}%, harus 100%"))
    else:
        if len(rights) != 1:
            errors.append((start, f"pilihan tunggal harus tepat satu jawaban '=' (ditemukan {len(rights)})"))
            return None
        question.choices = [
            ParsedChoice(text, Decimal(1 if marker == "=" else 0), feedback) for marker, _w, text, feedback in options
        ]
        levels = [LEVEL_OPTION.match(c.text) for c in question.choices]
        if len(levels) == 5 and all(levels) and sorted(int(m.group(1)) for m in levels) == [1, 2, 3, 4, 5]:
            question.qtype = "level"
            question.choices.sort(key=lambda c: int(LEVEL_OPTION.match(c.text).group(1)))
    return question


def parse(text: str) -> ParseResult:
    questions, errors, unsupported = [], [], []
    category = ""
    seen = {}
    for chunk in _chunks(text):
        if chunk[0] == "category":
            category = chunk[2]
            continue
        _kind, start, body, meta = chunk
        question = _parse_question(start, body, category, meta, errors, unsupported)
        if question is None:
            continue
        if question.code in seen:
            errors.append((start, f"kode '{question.code}' sudah dipakai di baris {seen[question.code]}"))
            continue
        seen[question.code] = start
        questions.append(question)
    return ParseResult(questions, errors, unsupported)


def parse_gift(text: str, skip_unsupported=False) -> list[ParsedQuestion]:
    """Parse a GIFT file; raise ``GiftError`` listing every problem with its line number."""
    result = parse(text)
    errors = list(result.errors)
    if not skip_unsupported:
        errors += [
            (line, f"jenis soal '{kind}' tidak didukung (pakai --skip-unsupported untuk melewatinya)")
            for line, kind in result.unsupported
        ]
    if errors:
        raise GiftError(sorted(errors))
    return result.questions


# ---------------------------------------------------------------- writing


def _weight(fraction: Decimal) -> str:
    value = (fraction * 100).normalize()
    try:
        return f"{value:f}"
    except (InvalidOperation, ValueError):
        return str(value)


def write_gift(questions, category_for=None) -> str:
    """GIFT text for model ``Question`` instances (choices prefetched); Likert items are skipped."""
    out, category = [], None
    names = {1: "mudah", 2: "sedang", 3: "sulit"}
    for q in questions:
        if q.qtype == "likert":
            continue
        wanted = category_for(q) if category_for else ""
        if wanted and wanted != category:
            out.append(f"$CATEGORY: {wanted}\n")
            category = wanted
        meta = f"// difficulty: {names.get(q.difficulty, 'sedang')}; competency: {q.competency}"
        if q.level:
            meta += f"; level: {q.level}"
        lines = [meta, f"::{escape(q.code)}:: [markdown]{escape(q.stem)} {{"]
        choices = list(q.choices.all())
        if q.qtype == "truefalse":
            right = next(c for c in choices if c.fraction > 0)
            wrong = next(c for c in choices if c.fraction <= 0)
            truth = "T" if right.text.strip().lower() in ("benar", "true", "t") else "F"
            lines[-1] += f"{truth}#{escape(wrong.feedback)}#{escape(right.feedback)}"
        else:
            for c in choices:
                prefix = "=" if c.fraction >= 1 else "~"
                if q.qtype == "multiple":
                    prefix = f"~%{_weight(c.fraction)}%"
                feedback = f" #{escape(c.feedback)}" if c.feedback else ""
                lines.append(f"{prefix}{escape(c.text)}{feedback}")
        if q.general_feedback:
            lines.append(f"####{escape(q.general_feedback)}")
        lines.append("}")
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)
