"""The question bank: questions tagged to an indicator, their options, and the mindset dimensions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import PreviewableMixin
from wagtail.search import index


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Pilihan tunggal")
    MULTIPLE = "multiple", _("Pilihan ganda kompleks")
    TRUE_FALSE = "truefalse", _("Benar/salah")
    LEVEL = "level", _("Tentukan tingkat")
    LIKERT = "likert", _("Likert (pola pikir)")


class Difficulty(models.IntegerChoices):
    EASY = 1, _("mudah")
    MEDIUM = 2, _("sedang")
    HARD = 3, _("sulit")


class Competency(models.TextChoices):
    UNDERSTANDING = "pemahaman", _("Pemahaman")
    INTERPRETATION = "interpretasi", _("Interpretasi tingkat")
    EVIDENCE = "bukti", _("Validitas bukti")
    APPLICATION = "penerapan", _("Penerapan")
    MINDSET = "pola_pikir", _("Pola pikir digital")


LIKERT_LABELS = [
    (1, _("Sangat tidak setuju")),
    (2, _("Tidak setuju")),
    (3, _("Ragu-ragu")),
    (4, _("Setuju")),
    (5, _("Sangat setuju")),
]


class MindsetDimension(models.Model):
    """A dimension of the Profil Pola Pikir Digital ASN (e.g. Keamanan Digital)."""

    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("deskripsi"), blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("dimensi pola pikir")
        verbose_name_plural = _("dimensi pola pikir")

    def __str__(self):
        return self.name


class Question(PreviewableMixin, index.Indexed, ClusterableModel):
    """One question. Graded questions are tied to an indicator; Likert items to a mindset dimension."""

    code = models.CharField(
        _("kode"), max_length=40, unique=True, help_text=_("Kode unik, mis. I07-02; dipakai impor GIFT.")
    )
    qtype = models.CharField(_("jenis"), max_length=12, choices=QuestionType.choices)
    indicator = models.ForeignKey(
        "spbe.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    level = models.PositiveSmallIntegerField(
        _("tingkat yang diuji"), null=True, blank=True, help_text=_("Opsional: tingkat 1–5 yang diuji soal ini.")
    )
    competency = models.CharField(
        _("kompetensi"), max_length=20, choices=Competency.choices, default=Competency.UNDERSTANDING
    )
    difficulty = models.PositiveSmallIntegerField(_("kesulitan"), choices=Difficulty.choices, default=Difficulty.MEDIUM)
    stem = models.TextField(_("pertanyaan"), help_text=_("Markdown."))
    general_feedback = models.TextField(_("penjelasan"), blank=True, help_text=_("Markdown; tampil saat ulasan."))
    dimension = models.ForeignKey(
        MindsetDimension,
        verbose_name=_("dimensi pola pikir"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    reverse_scored = models.BooleanField(
        _("skor terbalik"), default=False, help_text=_("Likert: setuju berarti pola pikir lebih lemah.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("code"), FieldPanel("qtype")]),
                FieldRowPanel([FieldPanel("indicator"), FieldPanel("level")]),
                FieldRowPanel([FieldPanel("competency"), FieldPanel("difficulty")]),
                FieldRowPanel([FieldPanel("dimension"), FieldPanel("reverse_scored")]),
                FieldPanel("is_active"),
            ],
            heading=_("Label"),
        ),
        FieldPanel("stem"),
        InlinePanel("choices", label=_("Pilihan jawaban"), heading=_("Pilihan")),
        FieldPanel("general_feedback"),
    ]
    search_fields = [index.SearchField("stem"), index.SearchField("code"), index.FilterField("qtype")]
    likert_choices = LIKERT_LABELS

    class Meta:
        ordering = ["code"]
        verbose_name = _("soal")
        verbose_name_plural = _("bank soal")

    def __str__(self):
        return f"{self.code} ({self.get_qtype_display()})"

    @property
    def domain(self):
        return self.indicator.aspect.domain if self.indicator_id else None

    @property
    def is_graded(self):
        return self.qtype != QuestionType.LIKERT

    def clean(self):
        if self.qtype == QuestionType.LIKERT:
            if not self.dimension_id:
                raise ValidationError({"dimension": _("Soal Likert memerlukan dimensi pola pikir.")})
        elif not self.indicator_id:
            raise ValidationError({"indicator": _("Soal bernilai harus terkait satu indikator.")})
        if self.level is not None and not 1 <= self.level <= 5:
            raise ValidationError({"level": _("Tingkat harus 1 sampai 5.")})

    def get_preview_template(self, request, mode_name):
        return "quizzes/question_preview.html"


class Choice(models.Model):
    """An option. ``fraction`` is its credit: 1 for a right single answer; weights for multiple response."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("teks"), help_text=_("Markdown."))
    fraction = models.DecimalField(
        _("bobot"),
        max_digits=6,
        decimal_places=5,
        default=0,
        help_text=_("1 = benar; 0 = salah; pilihan ganda kompleks: bobot positif/negatif, mis. 0.5 atau -0.5."),
    )
    feedback = models.TextField(_("umpan balik"), blank=True, help_text=_("Markdown; mengapa pilihan ini benar/salah."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("pilihan")
        verbose_name_plural = _("pilihan")

    def __str__(self):
        return self.text[:60]

    @property
    def is_correct(self):
        return self.fraction > 0
