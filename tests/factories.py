"""Factories for every test. Pages are built under a root and Site the tests create themselves."""

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage
from home.management.commands.bootstrap import tree_root
from home.models import HomePage

PASSWORD = "kata-sandi-uji-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"asn{n}@contoh.go.id")
    nama = factory.Faker("name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Bimtek SPBE"
    slug = "beranda"
    lead = "Belajar membaca indikator evaluasi SPBE."


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Katalog Bimtek"
    slug = "katalog"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Kursus {n}")
    slug = factory.Sequence(lambda n: f"kursus-{n}")
    summary = "Ringkasan kursus."
    jp = 4
    framework = factory.LazyFunction(lambda: __import__("spbe.models").models.Framework.objects.get(code="spbe-2020"))


def module_body(levels=range(1, 6)):
    """A complete module body: every section kind and the five level blocks."""
    body = [("section", {"kind": "assesses", "heading": "Apa yang dinilai", "body": "Indikator ini **menilai** hal."})]
    body += [("level", {"level": n, "body": f"Syarat tingkat {n}."}) for n in levels]
    body += [
        ("section", {"kind": "evidence", "heading": "Bukti dukung", "body": "- Peraturan yang ditetapkan"}),
        ("section", {"kind": "misreadings", "heading": "Salah baca yang menaikkan nilai", "body": "1. Draf"}),
        ("section", {"kind": "next_level", "heading": "Naik satu tingkat", "body": "Lakukan reviu."}),
        ("section", {"kind": "regulations", "heading": "Regulasi terkait", "body": "- Perpres 95/2018"}),
    ]
    return body


class ModulePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ModulePage

    title = factory.Sequence(lambda n: f"Modul {n}")
    slug = factory.Sequence(lambda n: f"modul-{n}")
    summary = "Ringkasan modul."
    indicator = factory.LazyFunction(
        lambda: __import__("spbe.models").models.Indicator.objects.get(framework__code="spbe-2020", number=1)
    )
    body = factory.LazyFunction(module_body)


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Pelajaran {n}")
    slug = factory.Sequence(lambda n: f"pelajaran-{n}")
    body = factory.LazyFunction(lambda: [("section", {"kind": "other", "heading": "Bagian", "body": "Isi."})])


def build_site():
    """Root → HomePage (default Site) → Katalog; returns (home, katalog)."""
    root = tree_root()
    Page.objects.filter(depth__gt=1).delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Bimtek SPBE")
    katalog = CourseIndexPageFactory(parent=home)
    return home, katalog


# --- Quizzes ---------------------------------------------------------------------------------


def make_question(code, qtype="single", indicator_number=1, options=None, **fields):
    """A question with options given as [(text, fraction, feedback)]."""
    from decimal import Decimal

    from quizzes.models import Choice, Question
    from spbe.models import Indicator

    if qtype == "level" and options is None:
        correct = fields.pop("correct_level", 3)
        options = [(f"Tingkat {n}", 1 if n == correct else 0, f"Umpan balik tingkat {n}") for n in range(1, 6)]
    if qtype == "truefalse" and options is None:
        options = [("Benar", 1, "Ya."), ("Salah", 0, "Bukan.")]
    if options is None:
        options = [("Benar", 1, "Tepat."), ("Salah A", 0, "Bukan A."), ("Salah B", 0, "Bukan B.")]
    indicator = None
    if qtype != "likert":
        indicator = Indicator.objects.get(framework__code="spbe-2020", number=indicator_number)
    question = Question.objects.create(
        code=code, qtype=qtype, indicator=indicator, stem=fields.pop("stem", f"Soal {code}?"), **fields
    )
    for n, (text, fraction, feedback) in enumerate(options):
        Choice.objects.create(
            question=question, text=text, fraction=Decimal(str(fraction)), feedback=feedback, sort_order=n
        )
    return question


def make_quiz(slug="kuis-uji", questions=(), **fields):
    from quizzes.models import Quiz, QuizQuestion

    quiz = Quiz.objects.create(slug=slug, title=fields.pop("title", f"Kuis {slug}"), **fields)
    for n, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=n)
    return quiz
