"""Load the question bank and the quizzes built on it from ``content/quizzes`` (idempotent).

Question files are GIFT (keyed on question codes); the mindset questionnaire is YAML. Quizzes are
derived from the loaded courses: one end-of-module quiz per module, one final test per course, a
stand-alone pre/post test, and the Profil Pola Pikir Digital ASN. A quiz whose derived definition
has not changed is left alone, so an editor's changes in the admin survive until the content does.
"""

import hashlib
import json
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from courses.content_loader import ContentError
from courses.models import CoursePage, ModulePage
from spbe.models import Domain

from .gift import GiftError, parse_gift
from .importing import resolve_indicators, save_questions
from .models import MindsetDimension, Question, QuestionType, Quiz, QuizQuestion, ReviewPolicy

QUIZ_DIR = Path(settings.BASE_DIR) / "content" / "quizzes"


def load_question_files(directory=QUIZ_DIR / "questions"):
    totals = {"created": 0, "updated": 0, "unchanged": 0}
    for path in sorted(Path(directory).glob("*.gift")):
        try:
            parsed = parse_gift(path.read_text(encoding="utf-8"))
            counts = save_questions(parsed, resolve_indicators(parsed))
        except GiftError as error:
            raise ContentError(f"{path}:\n{error}") from None
        for key, value in counts.items():
            totals[key] += value
    return totals


def load_mindset(path=QUIZ_DIR / "pola-pikir-digital.yaml"):
    if not Path(path).exists():
        return None
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    dimensions = {}
    for order, entry in enumerate(data["dimensions"]):
        dimensions[entry["code"]], _ = MindsetDimension.objects.update_or_create(
            code=entry["code"],
            defaults={"name": entry["name"], "description": entry.get("description", ""), "sort_order": order},
        )
    codes = []
    for item in data["items"]:
        if item["dimension"] not in dimensions:
            raise ContentError(f"{path}: butir {item['code']} memakai dimensi '{item['dimension']}' yang tidak ada.")
        Question.objects.update_or_create(
            code=item["code"],
            defaults={
                "qtype": QuestionType.LIKERT,
                "stem": item["text"],
                "dimension": dimensions[item["dimension"]],
                "reverse_scored": bool(item.get("reverse", False)),
                "competency": "pola_pikir",
                "indicator": None,
            },
        )
        codes.append(item["code"])
    return data, codes


def _sync_quiz(slug, definition, question_codes, force):
    digest = hashlib.sha256(json.dumps([definition, question_codes], sort_keys=True, default=str).encode()).hexdigest()
    quiz = Quiz.objects.filter(slug=slug).first()
    if quiz and quiz.source_hash == digest and not force:
        return "unchanged"
    draw_indicators = definition.pop("draw_indicators", None)
    fields = {**definition, "source_hash": digest}
    quiz, created = Quiz.objects.update_or_create(slug=slug, defaults=fields)
    if draw_indicators is not None:
        quiz.draw_indicators.set(draw_indicators)
    ids = dict(Question.objects.filter(code__in=question_codes).values_list("code", "pk"))
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question_id=ids[code], sort_order=n)
        for n, code in enumerate(question_codes)
        if code in ids
    )
    return "created" if created else "updated"


@transaction.atomic
def load_quiz_content(force=False) -> str:
    totals = load_question_files()
    outcomes = []
    by_indicator = {}
    for code, indicator_id in Question.objects.filter(indicator__isnull=False, is_active=True).values_list(
        "code", "indicator_id"
    ):
        by_indicator.setdefault(indicator_id, []).append(code)

    for module in ModulePage.objects.live().select_related("indicator"):
        codes = sorted(by_indicator.get(module.indicator_id, []))
        if not codes:
            continue
        definition = {
            "title": f"Kuis modul: {module.title}",
            "kind": Quiz.Kind.MODULE,
            "module": module,
            "course": None,
            "description": "Periksa pemahaman Anda tentang indikator ini. Umpan balik muncul setelah dikumpulkan.",
            "pass_mark": 70,
            "review_policy": ReviewPolicy.IMMEDIATELY,
            "shuffle_options": True,
        }
        outcomes.append(_sync_quiz(f"kuis-indikator-{module.indicator.number:02d}", definition, codes, force))

    for course in CoursePage.objects.live():
        domain_ids = set(
            ModulePage.objects.live().child_of(course).values_list("indicator__aspect__domain_id", flat=True)
        )
        definition = {
            "title": f"Tes akhir: {course.title}",
            "kind": Quiz.Kind.COURSE,
            "course": course,
            "module": None,
            "description": "Soal diundi dari bank soal kursus ini. Nilai lulus 70 %; tiga kesempatan.",
            "draw_count": 10,
            "draw_domain": Domain.objects.get(pk=domain_ids.pop()) if len(domain_ids) == 1 else None,
            "time_limit_minutes": 20,
            "max_attempts": 3,
            "pass_mark": 70,
            "review_policy": ReviewPolicy.IMMEDIATELY,
        }
        outcomes.append(_sync_quiz(f"tes-akhir-{course.slug}", definition, [], force))

    outcomes.append(
        _sync_quiz(
            "tes-pemahaman-spbe",
            {
                "title": "Tes Pemahaman SPBE (pra/pasca)",
                "kind": Quiz.Kind.STANDALONE,
                "description": "Lima belas soal diundi dari seluruh indikator; dipakai sebagai pra-tes dan pasca-tes.",
                "draw_count": 15,
                "time_limit_minutes": 25,
                "pass_mark": 70,
                "review_policy": ReviewPolicy.NEVER,
            },
            [],
            force,
        )
    )
    mindset = load_mindset()
    if mindset:
        data, codes = mindset
        outcomes.append(
            _sync_quiz(
                data["slug"],
                {
                    "title": data["title"],
                    "kind": Quiz.Kind.MINDSET,
                    "description": data.get("description", ""),
                    "pass_mark": 0,
                    "review_policy": ReviewPolicy.NEVER,
                    "shuffle_options": False,
                },
                codes,
                force,
            )
        )
    return (
        f"Bank soal: {totals['created']} dibuat, {totals['updated']} diperbarui, {totals['unchanged']} tidak berubah; "
        f"kuis: {outcomes.count('created')} dibuat, {outcomes.count('updated')} diperbarui, "
        f"{outcomes.count('unchanged')} tidak berubah."
    )
