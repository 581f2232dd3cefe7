import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from courses.models import CoursePage, ModulePage
from quizzes.models import Question, Quiz
from spbe.models import Indicator


@pytest.fixture
def content(site):
    call_command("load_content")


@pytest.mark.django_db
def test_question_bank_covers_every_indicator(content):
    graded = Question.objects.exclude(qtype="likert")
    assert graded.count() >= 141
    per_indicator = Indicator.objects.filter(framework__code="spbe-2020").annotate(
        n=Count("questions"), level_questions=Count("questions", filter=Q(questions__qtype="level"))
    )
    thin = [(i.number, i.n, i.level_questions) for i in per_indicator if i.n < 3 or i.level_questions < 1]
    assert not thin, thin
    assert not graded.filter(general_feedback="").exists()  # every question explains itself
    assert Question.objects.filter(qtype="likert").count() >= 20
    assert set(Question.objects.filter(qtype="likert").values_list("dimension__code", flat=True)) >= {
        "kecakapan", "etika", "keamanan", "budaya",
    }  # fmt: skip
    assert Question.objects.filter(qtype="likert", reverse_scored=True).exists()


@pytest.mark.django_db
def test_every_module_and_course_has_its_quiz(content, client):
    modules = ModulePage.objects.live()
    assert modules.count() == 47
    for module in modules:
        quiz = Quiz.objects.get(module=module, kind="module")
        assert quiz.quiz_questions.count() >= 3
    for course in CoursePage.objects.live():
        assert Quiz.objects.filter(course=course, kind="course", draw_count__gt=0).exists(), course.slug
    assert Quiz.objects.filter(kind="mindset").exists()
    module = modules.get(indicator__number=5)
    assert "/kuis/kuis-indikator-05/" in client.get(module.url).content.decode()


@pytest.mark.django_db
def test_loading_twice_changes_nothing(content, capsys):
    call_command("load_content")
    assert "Bank soal: 0 dibuat, 0 diperbarui" in capsys.readouterr().out
