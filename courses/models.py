"""Bimtek pages (Katalog → course → lessons and modules) and each learner's progress.

``CourseIndexPage`` (Katalog Bimtek) lists ``CoursePage``s. A course's units are its child
pages: ``ModulePage`` (exactly one SPBE indicator) or ``LessonPage`` (e.g. Pengantar SPBE).
Learners enrol in a course and complete units; a finished course credits its JP once.
"""

from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from spbe.models import Indicator

from .blocks import LessonStreamBlock, ModuleStreamBlock
from .cache import CacheablePageMixin

UNIT_MODELS = ("lessonpage", "modulepage")


class ContentSourceMixin(models.Model):
    """Bookkeeping for ``load_content``: which source file version and revision it last wrote."""

    source_hash = models.CharField(max_length=64, blank=True, editable=False)
    source_revision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class CourseIndexPage(CacheablePageMixin, Page):
    """The Katalog Bimtek: every published course, with each learner's own progress."""

    intro = models.TextField(_("pengantar"), blank=True, help_text=_("Markdown; tampil di atas daftar kursus."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("katalog Bimtek")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = list(CoursePage.objects.live().child_of(self).select_related("framework").order_by("path"))
        unit_paths = (
            Page.objects.live()
            .descendant_of(self)
            .filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS)
            .values_list("path", flat=True)
        )
        counts = Counter(path[: -Page.steplen] for path in unit_paths)
        progress = {}
        if request.user.is_authenticated:
            progress = course_progress_for(request.user, courses)
        for course in courses:
            course.unit_count = counts.get(course.path, 0)
            course.progress = progress.get(course.pk)
        context["courses"] = courses
        return context


class CoursePage(CacheablePageMixin, ContentSourceMixin, Page):
    """A Bimtek programme: objectives, audience, JP value and its units in order."""

    framework = models.ForeignKey(
        "spbe.Framework",
        verbose_name=_("kerangka"),
        on_delete=models.PROTECT,
        related_name="course_pages",
        help_text=_("Kerangka evaluasi yang diajarkan kursus ini."),
    )
    summary = models.TextField(_("ringkasan"), max_length=400, help_text=_("Satu-dua kalimat untuk katalog."))
    intro = models.TextField(_("pengantar"), blank=True, help_text=_("Markdown."))
    objectives = models.TextField(
        _("tujuan pembelajaran"), blank=True, help_text=_("Satu tujuan per baris; tampil sebagai daftar.")
    )
    audience = models.CharField(_("sasaran peserta"), max_length=250, blank=True)
    jp = models.PositiveSmallIntegerField(
        _("JP"), default=2, help_text=_("Jam pelajaran yang dicatat sekali ketika kursus diselesaikan.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("framework"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("audience"), FieldPanel("jp"), FieldPanel("objectives")], heading=_("Program")),
        FieldPanel("intro"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("intro"),
        index.SearchField("objectives"),
    ]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]

    class Meta:
        verbose_name = _("kursus")

    @property
    def objective_list(self):
        return [line.strip(" -*\t") for line in self.objectives.splitlines() if line.strip(" -*\t")]

    def units(self):
        """Live units in order, as their specific classes, with indicators (constant queries)."""
        return list(
            Page.objects.live()
            .child_of(self)
            .filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS)
            .specific()
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        units = self.units()
        done = set()
        enrolment = None
        if request.user.is_authenticated:
            enrolment = Enrolment.objects.filter(user=request.user, course=self).first()
            done = set(
                UnitCompletion.objects.filter(user=request.user, page__in=[u.pk for u in units]).values_list(
                    "page_id", flat=True
                )
            )
        for unit in units:
            unit.is_done = unit.pk in done
        context.update(
            units=units,
            enrolment=enrolment,
            done_count=len(done),
            percent=round(len(done) * 100 / len(units)) if units else 0,
        )
        return context


class UnitPageMixin(ContentSourceMixin):
    """What lessons and modules share: a summary, a StreamField body, completion by learners."""

    summary = models.TextField(_("ringkasan"), max_length=400, blank=True)

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        siblings = list(
            Page.objects.live()
            .child_of(course)
            .filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS)
            .order_by("path")
            .only("pk", "title", "url_path", "path", "depth")
        )
        position = next((n for n, s in enumerate(siblings) if s.pk == self.pk), 0)
        context.update(
            course=course,
            previous_unit=siblings[position - 1] if position > 0 else None,
            next_unit=siblings[position + 1] if position + 1 < len(siblings) else None,
            unit_position=position + 1,
            unit_total=len(siblings),
            is_done=request.user.is_authenticated
            and UnitCompletion.objects.filter(user=request.user, page=self).exists(),
            is_enrolled=request.user.is_authenticated
            and Enrolment.objects.filter(user=request.user, course=course).exists(),
        )
        return context


class LessonPage(CacheablePageMixin, UnitPageMixin, Page):
    """A lesson not tied to one indicator, e.g. the chapters of Pengantar SPBE."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("isi"))

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary", boost=2), index.SearchField("body")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("pelajaran")


class ModulePage(CacheablePageMixin, UnitPageMixin, Page):
    """A Bimtek module: how to read one SPBE indicator, level by level, and what evidence counts."""

    indicator = models.ForeignKey(
        "spbe.Indicator",
        verbose_name=_("indikator"),
        on_delete=models.PROTECT,
        related_name="module_pages",
        help_text=_("Tepat satu indikator kerangka evaluasi."),
    )
    body = StreamField(
        ModuleStreamBlock(),
        verbose_name=_("isi"),
        help_text=_("Bagian 'Apa yang dinilai', satu blok Tingkat untuk 1–5, bukti dukung, salah baca, naik tingkat."),
    )

    content_panels = Page.content_panels + [FieldPanel("indicator"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.RelatedFields("indicator", [index.SearchField("name", boost=2)]),
    ]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("modul")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        indicator = Indicator.objects.select_related("aspect__domain", "framework").get(pk=self.indicator_id)
        self.indicator = indicator
        context["aspect"] = indicator.aspect
        context["domain"] = indicator.aspect.domain
        context["framework"] = indicator.framework
        context["first_level_index"] = next(
            (n for n, block in enumerate(self.body) if block.block_type == "level"), None
        )
        return context

    def level_numbers(self):
        return sorted(b.value["level"] for b in self.body if b.block_type == "level")


class Enrolment(models.Model):
    """A learner's enrolment in a course; ``completed_at`` is set when every unit is done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("terdaftar"), auto_now_add=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="uniq_enrolment")]
        verbose_name = _("pendaftaran kursus")
        verbose_name_plural = _("pendaftaran kursus")

    def __str__(self):
        return f"{self.user} · {self.course}"


class UnitCompletion(models.Model):
    """A learner marked a lesson or module as done."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unit_completions")
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("selesai"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="uniq_unit_completion")]
        verbose_name = _("penyelesaian unit")
        verbose_name_plural = _("penyelesaian unit")


def course_progress_for(user, courses):
    """{course id: (done, total, enrolment)} for a user, in three queries whatever the number of courses."""
    courses = list(courses)
    if not courses:
        return {}
    enrolments = {e.course_id: e for e in Enrolment.objects.filter(user=user, course__in=courses)}
    units = (
        Page.objects.live()
        .filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS)
        .filter(Q(*[Q(path__startswith=c.path) for c in courses], _connector=Q.OR))
        .values_list("pk", "path")
    )
    by_course = {c.path: c.pk for c in courses}
    steplen = Page.steplen
    total, unit_course = {}, {}
    for pk, path in units:
        course_id = by_course.get(path[:-steplen])
        if course_id:
            unit_course[pk] = course_id
            total[course_id] = total.get(course_id, 0) + 1
    done = {}
    for page_id in UnitCompletion.objects.filter(user=user, page_id__in=unit_course).values_list("page_id", flat=True):
        done[unit_course[page_id]] = done.get(unit_course[page_id], 0) + 1
    return {
        c.pk: {
            "done": done.get(c.pk, 0),
            "total": total.get(c.pk, 0),
            "percent": round(done.get(c.pk, 0) * 100 / total[c.pk]) if total.get(c.pk) else 0,
            "enrolment": enrolments.get(c.pk),
        }
        for c in courses
        if c.pk in enrolments
    }
