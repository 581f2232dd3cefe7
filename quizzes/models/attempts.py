"""Attempts and their stored answers; grades, mindset scores and item statistics computed from them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .questions import Choice, MindsetDimension, Question
from .quizzes import Quiz


class Attempt(models.Model):
    """One learner's attempt at a quiz. At most one open attempt per learner and quiz (a constraint)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("percobaan ke"))
    started_at = models.DateTimeField(_("dimulai"), auto_now_add=True)
    deadline = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dikumpulkan"), null=True, blank=True)
    score = models.DecimalField(_("nilai (%)"), max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("lulus"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"], condition=Q(submitted_at__isnull=True), name="one_open_attempt_per_quiz"
            ),
            models.UniqueConstraint(fields=["user", "quiz", "number"], name="uniq_attempt_number"),
        ]
        indexes = [models.Index(fields=["user", "submitted_at"])]
        verbose_name = _("percobaan kuis")
        verbose_name_plural = _("percobaan kuis")

    def __str__(self):
        return f"{self.user} · {self.quiz} #{self.number}"

    @property
    def is_open(self):
        return self.submitted_at is None


class AttemptQuestion(models.Model):
    """A question as drawn for an attempt, with the order its options were shown in."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    choice_order = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="uniq_attempt_question")]


class Answer(models.Model):
    """The learner's saved answer to one question of an attempt; ``fraction`` is set when graded."""

    item = models.OneToOneField(AttemptQuestion, on_delete=models.CASCADE, related_name="answer")
    choices = models.ManyToManyField(Choice, blank=True, related_name="+")
    likert_value = models.PositiveSmallIntegerField(null=True, blank=True)
    saved_at = models.DateTimeField(auto_now=True)
    fraction = models.DecimalField(max_digits=6, decimal_places=5, null=True, blank=True)


class MindsetScore(models.Model):
    """A dimension score (1–5) of one mindset-questionnaire attempt; kept per attempt for the trend."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="mindset_scores")
    dimension = models.ForeignKey(MindsetDimension, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "dimension"], name="uniq_mindset_score")]


class ItemStatistic(models.Model):
    """Facility and discrimination of a question over all submitted attempts (recomputed by a task)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="statistic")
    responses = models.PositiveIntegerField(_("jumlah jawaban"), default=0)
    facility = models.DecimalField(_("indeks kemudahan"), max_digits=5, decimal_places=3, null=True)
    discrimination = models.DecimalField(_("indeks daya beda"), max_digits=5, decimal_places=3, null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("statistik butir")
        verbose_name_plural = _("statistik butir")
