"""Living Lab: case studies from pilot regions, written by the region and curated before publishing.

``CaseStudyIndexPage`` (the listing) → ``RegionPage`` (one per Instansi; its contributors may add and
edit drafts only below it) → ``CaseStudyPage``. Publishing goes through the two-step workflow
"Kurasi Living Lab" (provincial verifier, then national curator).
"""

from decimal import Decimal

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.markdown import render_markdown
from courses.models import ContentSourceMixin
from courses.search import search_terms
from spbe.models import Domain, Instansi

INDEX_VALIDATORS = [MinValueValidator(Decimal("1.00")), MaxValueValidator(Decimal("5.00"))]
LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
PAGE_SIZE = 10


class CaseStudyIndexPage(RoutablePageMixin, Page):
    """The Living Lab listing: filters, sort, pagination, search and an Atom feed."""

    intro = models.TextField(_("pengantar"), blank=True, help_text=_("Markdown."))

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["livinglab.RegionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("Living Lab")

    def case_studies(self):
        return (
            CaseStudyPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("instansi", "instansi__provinsi")
            .annotate(gain=F("index_after") - F("index_before"))
        )

    def filtered(self, params):
        results = self.case_studies()
        domain = params.get("domain", "")
        if domain.isdigit():
            results = results.filter(indicators__aspect__domain__number=int(domain))
        indicator = params.get("indikator", "")
        if indicator.isdigit():
            results = results.filter(indicators__number=int(indicator))
        province = params.get("provinsi", "")
        if province:
            results = results.filter(models.Q(instansi__kode=province) | models.Q(instansi__provinsi__kode=province))
        year = params.get("tahun", "")
        if year.isdigit():
            results = results.filter(year=int(year))
        if params.get("naik") == "1":
            results = results.filter(index_after__gt=F("index_before"))
        query = (params.get("q") or "").strip()[:200]
        results = results.distinct()
        if params.get("urut") == "kenaikan":
            results = results.order_by(F("gain").desc(nulls_last=True), "-first_published_at")
        else:
            results = results.order_by("-year", "-first_published_at")
        if query:
            terms = search_terms(query)
            ids = [p.pk for p in CaseStudyPage.objects.live().descendant_of(self).search(terms)] if terms else []
            results = results.filter(pk__in=ids)
        return results

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        results = self.filtered(request.GET)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("hal"))
        CaseStudyPage.attach_indicators(page.object_list)
        params = request.GET.copy()
        params.pop("hal", None)
        context.update(
            results=page,
            query_string=params.urlencode(),
            domains=Domain.objects.filter(framework__code="spbe-2020").order_by("number"),
            provinces=Instansi.objects.filter(jenis=Instansi.Jenis.PROVINSI).order_by("nama"),
            years=sorted(set(self.case_studies().values_list("year", flat=True)), reverse=True),
            filters=request.GET,
        )
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        return CaseStudyFeed(self)(request)


class CaseStudyFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def title(self):
        return "Living Lab — Bimtek SPBE"

    def link(self):
        return self.index_page.url

    def subtitle(self):
        return str(_("Studi kasus dari daerah percontohan: apa yang menaikkan indeks SPBE mereka."))

    def items(self):
        return self.index_page.case_studies().order_by("-first_published_at")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class RegionPage(Page):
    """A region's folder in the Living Lab; its contributor group may add and edit drafts only here."""

    instansi = models.OneToOneField(Instansi, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="+")

    content_panels = Page.content_panels + [FieldPanel("instansi")]
    parent_page_types = ["livinglab.CaseStudyIndexPage"]
    subpage_types = ["livinglab.CaseStudyPage"]

    class Meta:
        verbose_name = _("wilayah Living Lab")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        parent = self.get_parent()
        province = self.instansi.provinsi.kode if self.instansi.provinsi_id else self.instansi.kode
        return redirect(f"{parent.url}?provinsi={province}")


class CaseStudyPage(ContentSourceMixin, Page):
    """A practice that raised a region's SPBE index, tied to the indicators it addressed."""

    instansi = models.ForeignKey(Instansi, verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+")
    programme = models.CharField(_("program"), max_length=200, blank=True, help_text=_("Mis. IDSL 2022."))
    year = models.PositiveSmallIntegerField(_("tahun"), validators=[MinValueValidator(2018), MaxValueValidator(2100)])
    indicators = ParentalManyToManyField(
        "spbe.Indicator", verbose_name=_("indikator"), related_name="case_studies", blank=False
    )
    index_before = models.DecimalField(
        _("indeks sebelum"), max_digits=3, decimal_places=2, null=True, blank=True, validators=INDEX_VALIDATORS
    )
    index_before_year = models.PositiveSmallIntegerField(_("tahun (sebelum)"), null=True, blank=True)
    index_after = models.DecimalField(
        _("indeks sesudah"), max_digits=3, decimal_places=2, null=True, blank=True, validators=INDEX_VALIDATORS
    )
    index_after_year = models.PositiveSmallIntegerField(_("tahun (sesudah)"), null=True, blank=True)
    summary = models.TextField(_("ringkasan"), max_length=600)
    practice = models.TextField(
        _("praktik"),
        help_text=_(
            "Markdown dengan bagian: Konteks, Yang dilakukan, Linimasa, Sumber daya dan biaya, Hambatan, Hasil, "
            "Cara mereplikasi."
        ),
    )
    responsible_unit = models.CharField(_("unit penanggung jawab"), max_length=250)
    sources = models.TextField(_("sumber"), help_text=_("Satu sumber per baris."))

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("instansi"), FieldPanel("year")]),
        FieldPanel("programme"),
        FieldPanel("indicators"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("index_before"), FieldPanel("index_before_year")]),
                FieldRowPanel([FieldPanel("index_after"), FieldPanel("index_after_year")]),
            ],
            heading=_("Indeks SPBE"),
        ),
        InlinePanel("level_changes", label=_("Perubahan tingkat per indikator")),
        FieldPanel("summary"),
        FieldPanel("practice"),
        InlinePanel("evidence_documents", label=_("Dokumen bukti")),
        FieldPanel("responsible_unit"),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("practice"),
        index.SearchField("programme"),
        index.RelatedFields("instansi", [index.SearchField("nama")]),
    ]
    parent_page_types = ["livinglab.RegionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("studi kasus")
        verbose_name_plural = _("studi kasus")

    def clean(self):
        super().clean()
        for prefix in ("before", "after"):
            value, year = getattr(self, f"index_{prefix}"), getattr(self, f"index_{prefix}_year")
            if (value is None) != (year is None):
                raise ValidationError(
                    {f"index_{prefix}_year": _("Isi indeks beserta tahunnya, atau kosongkan keduanya.")}
                )
        if self.index_before_year and self.index_after_year and self.index_after_year <= self.index_before_year:
            raise ValidationError({"index_after_year": _("Tahun sesudah harus setelah tahun sebelum.")})

    @property
    def index_gain(self):
        if self.index_before is None or self.index_after is None:
            return None
        return self.index_after - self.index_before

    @cached_property
    def _bands(self):
        from spbe.models import Framework

        framework = Framework.objects.filter(code="spbe-2020").only("predikat_bands").first()
        return framework.bands() if framework else ()

    def _predikat(self, value):
        from spbe.calculator import predikat_for

        return predikat_for(self._bands, value) or "" if value is not None else ""

    @property
    def predikat_before(self):
        return self._predikat(self.index_before)

    @property
    def predikat_after(self):
        return self._predikat(self.index_after)

    @property
    def source_list(self):
        return [line.strip(" -*") for line in self.sources.splitlines() if line.strip(" -*")]

    @property
    def practice_html(self):
        return render_markdown(self.practice)

    @staticmethod
    def attach_indicators(pages):
        """Set ``indicator_list`` on each page with one query (for listings)."""
        from spbe.models import Indicator

        pages = list(pages)
        through = CaseStudyPage.indicators.through
        rows = through.objects.filter(casestudypage_id__in=[p.pk for p in pages]).values_list(
            "casestudypage_id", "indicator_id"
        )
        indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={r[1] for r in rows})}
        by_page = {}
        for page_id, indicator_id in rows:
            by_page.setdefault(page_id, []).append(indicators[indicator_id])
        for page in pages:
            page.indicator_list = sorted(by_page.get(page.pk, []), key=lambda i: i.number)
        return pages

    def get_context(self, request, *args, **kwargs):
        from courses.models import ModulePage

        from .charts import official_results_for

        context = super().get_context(request, *args, **kwargs)
        indicators = list(self.indicators.select_related("aspect__domain").order_by("number"))
        context["indicator_list"] = indicators
        context["related_modules"] = list(
            ModulePage.objects.live()
            .filter(indicator__in=indicators)
            .select_related("indicator")
            .order_by("indicator__number")
        )
        context["adoptions"] = list(self.adoptions.select_related("instansi").order_by("created_at"))
        context["official_results"] = official_results_for(self.instansi)
        if request.user.is_authenticated and request.user.instansi_id:
            context["already_adopted"] = any(a.instansi_id == request.user.instansi_id for a in context["adoptions"])
        return context


class LevelChange(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="level_changes")
    indicator = models.ForeignKey(
        "spbe.Indicator", verbose_name=_("indikator"), on_delete=models.PROTECT, related_name="+"
    )
    level_before = models.PositiveSmallIntegerField(_("tingkat sebelum"), validators=LEVEL_VALIDATORS)
    level_after = models.PositiveSmallIntegerField(_("tingkat sesudah"), validators=LEVEL_VALIDATORS)

    panels = [FieldRowPanel([FieldPanel("indicator"), FieldPanel("level_before"), FieldPanel("level_after")])]


class EvidenceDocument(Orderable):
    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="evidence_documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("dokumen"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("keterangan"), max_length=250, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]


class Adoption(models.Model):
    """ "Kami menerapkan ini": an instansi records that it adopted a case study's practice (once)."""

    case_study = models.ForeignKey(CaseStudyPage, on_delete=models.CASCADE, related_name="adoptions")
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_study", "instansi"], name="uniq_adoption_per_instansi")]
        verbose_name = _("penerapan")
        verbose_name_plural = _("penerapan")


class WorkflowNotification(models.Model):
    """A workflow e-mail already sent; makes the sending task idempotent."""

    kind = models.CharField(max_length=20)
    state_id = models.PositiveBigIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "state_id"], name="uniq_workflow_notification")]
