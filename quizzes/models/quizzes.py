"""Quizzes: a fixed list of questions or a draw of N by indicator/domain/difficulty, with their rules."""

import random

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from .questions import Question, QuestionType


class ReviewPolicy(models.TextChoices):
    IMMEDIATELY = "immediately", _("Langsung setelah dikumpulkan")
    AFTER_CLOSE = "after_close", _("Setelah kuis ditutup")
    NEVER = "never", _("Tidak ditampilkan")


class Quiz(ClusterableModel):
    """A quiz: end-of-module check, course final test, stand-alone (pre/post test) or the mindset profile."""

    class Kind(models.TextChoices):
        MODULE = "module", _("Kuis akhir modul")
        COURSE = "course", _("Tes akhir kursus")
        STANDALONE = "standalone", _("Mandiri (mis. pra/pasca-tes)")
        MINDSET = "mindset", _("Profil pola pikir digital")

    title = models.CharField(_("judul"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("deskripsi"), blank=True, help_text=_("Markdown."))
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.STANDALONE)
    module = models.ForeignKey(
        "courses.ModulePage",
        verbose_name=_("modul"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("kursus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quizzes",
    )
    # A draw of N questions instead of the fixed list
    draw_count = models.PositiveSmallIntegerField(
        _("jumlah soal diundi"), default=0, help_text=_("0 = pakai daftar soal tetap di bawah.")
    )
    draw_indicators = models.ManyToManyField(
        "spbe.Indicator", verbose_name=_("undi dari indikator"), blank=True, related_name="+"
    )
    draw_domain = models.ForeignKey(
        "spbe.Domain",
        verbose_name=_("undi dari domain"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    draw_difficulty = models.PositiveSmallIntegerField(
        _("undi dengan kesulitan"), null=True, blank=True, choices=Question._meta.get_field("difficulty").choices
    )
    shuffle_options = models.BooleanField(_("acak urutan pilihan"), default=True)
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("batas waktu (menit)"), default=0, help_text=_("0 = tanpa batas.")
    )
    max_attempts = models.PositiveSmallIntegerField(_("percobaan maksimum"), default=0, help_text=_("0 = tanpa batas."))
    pass_mark = models.PositiveSmallIntegerField(_("nilai lulus (%)"), default=70)
    review_policy = models.CharField(
        _("ulasan jawaban"), max_length=12, choices=ReviewPolicy.choices, default=ReviewPolicy.IMMEDIATELY
    )
    opens_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    closes_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    source_hash = models.CharField(max_length=64, blank=True, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("module"), FieldPanel("course")]),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("draw_count"),
                FieldPanel("draw_indicators"),
                FieldRowPanel([FieldPanel("draw_domain"), FieldPanel("draw_difficulty")]),
            ],
            heading=_("Undian soal"),
        ),
        InlinePanel("quiz_questions", label=_("Soal tetap"), heading=_("Daftar soal tetap")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts"), FieldPanel("pass_mark")]),
                FieldRowPanel([FieldPanel("review_policy"), FieldPanel("shuffle_options")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Aturan"),
        ),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("kuis")
        verbose_name_plural = _("kuis")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("quizzes:detail", args=[self.slug])

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Waktu tutup harus setelah waktu buka.")})

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or now >= self.opens_at) and (self.closes_at is None or now < self.closes_at)

    def is_closed(self, now=None):
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at

    @property
    def is_mindset(self):
        return self.kind == self.Kind.MINDSET

    def candidate_questions(self):
        """The pool a draw picks from (active questions matching the draw filters)."""
        pool = Question.objects.filter(is_active=True).exclude(qtype=QuestionType.LIKERT)
        indicator_ids = list(self.draw_indicators.values_list("pk", flat=True))
        if indicator_ids:
            pool = pool.filter(indicator_id__in=indicator_ids)
        if self.draw_domain_id:
            pool = pool.filter(indicator__aspect__domain_id=self.draw_domain_id)
        if self.draw_difficulty:
            pool = pool.filter(difficulty=self.draw_difficulty)
        return pool

    def pick_questions(self, rng=None):
        """Question ids for a new attempt: the fixed list in order, or a random draw."""
        rng = rng or random.SystemRandom()
        if self.draw_count:
            ids = list(self.candidate_questions().values_list("pk", flat=True))
            return rng.sample(ids, min(self.draw_count, len(ids)))
        return list(self.quiz_questions.filter(question__is_active=True).values_list("question_id", flat=True))


class QuizQuestion(models.Model):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, verbose_name=_("soal"), on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("question")]

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="uniq_quiz_question")]
