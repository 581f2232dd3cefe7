"""The SPBE evaluation framework as versioned data, and the Instansi reference.

A ``Framework`` (e.g. PermenPANRB 59/2020) holds ``Aspect``s and ``Indicator``s and,
where it has them, ``Domain``s. Weights are percentages of the whole index and nest
exactly. Level scales and predikat bands are part of the framework's data.
"""

from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from .calculator import FrameworkStructure, IndicatorSpec, PredikatBand


class FrameworkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Unverified frameworks are shown to staff only."""
        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(is_verified=True)


class Framework(models.Model):
    """One version of the evaluation framework, loaded from ``spbe/data/*.json``."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    label = models.CharField(
        _("label untuk peserta"),
        max_length=120,
        help_text=_("Ditampilkan di setiap modul, mis. 'Evaluasi SPBE 2021–2025 (PermenPANRB 59/2020)'."),
    )
    regulation = models.TextField(_("dasar hukum"), blank=True)
    years = models.CharField(_("tahun berlaku"), max_length=60, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    is_verified = models.BooleanField(
        _("terverifikasi"),
        default=True,
        help_text=_("Kerangka yang belum terverifikasi hanya terlihat oleh staf, tidak oleh peserta."),
    )
    level_scales = models.JSONField(
        _("skala tingkat"),
        default=dict,
        blank=True,
        help_text=_('{"process": [{"level": 1, "name": "Rintisan", "summary": "..."}, ...]}'),
    )
    predikat_bands = models.JSONField(_("rentang predikat"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("kerangka evaluasi")
        verbose_name_plural = _("kerangka evaluasi")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("spbe:framework", args=[self.code])

    def level_name(self, scale, level):
        for entry in self.level_scales.get(scale, []):
            if entry["level"] == level:
                return entry["name"]
        return ""

    def structure(self) -> FrameworkStructure:
        """The framework as plain data for the calculator (one query)."""
        indicators = self.indicators.select_related("aspect", "aspect__domain").order_by("number")
        return FrameworkStructure(
            code=self.code,
            indicators=tuple(
                IndicatorSpec(
                    number=i.number,
                    name=i.name,
                    weight=i.weight,
                    aspect=i.aspect.number,
                    aspect_name=i.aspect.name,
                    domain=i.aspect.domain.number if i.aspect.domain_id else None,
                    domain_name=i.aspect.domain.name if i.aspect.domain_id else "",
                )
                for i in indicators
            ),
            bands=self.bands(),
        )

    def bands(self) -> tuple[PredikatBand, ...]:
        """The predikat bands as calculator objects (no query)."""
        return tuple(
            PredikatBand(
                name=b["name"],
                min=None if b.get("min") is None else Decimal(str(b["min"])),
                max=None if b.get("max") is None else Decimal(str(b["max"])),
                max_inclusive=bool(b.get("max_inclusive")),
            )
            for b in self.predikat_bands
        )


class Domain(models.Model):
    """A domain (e.g. Kebijakan Internal SPBE); a framework may have none."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot (%)"), max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="uniq_domain_number")]
        verbose_name = _("domain")
        verbose_name_plural = _("domain")

    def __str__(self):
        return f"Domain {self.number}: {self.name}"


class Aspect(models.Model):
    """An aspect; belongs to a domain when the framework has domains."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="aspects")
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="aspects", null=True, blank=True)
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=200)
    weight = models.DecimalField(_("bobot (%)"), max_digits=6, decimal_places=3)

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="uniq_aspect_number")]
        verbose_name = _("aspek")
        verbose_name_plural = _("aspek")

    def __str__(self):
        return f"Aspek {self.number}: {self.name}"


class Indicator(index.Indexed, models.Model):
    """One evaluation indicator: its weight, level scale, per-level criteria and evidence."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="indicators")
    aspect = models.ForeignKey(Aspect, on_delete=models.CASCADE, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("nomor"))
    name = models.CharField(_("nama"), max_length=250)
    weight = models.DecimalField(_("bobot (%)"), max_digits=6, decimal_places=3)
    scale = models.CharField(_("skala tingkat"), max_length=20, blank=True)
    purpose = models.TextField(_("tujuan"), blank=True)
    levels = models.JSONField(_("kriteria per tingkat"), default=dict, blank=True)
    evidence = models.JSONField(_("bukti dukung"), default=list, blank=True)
    related_regulations = models.JSONField(_("regulasi terkait"), default=list, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("purpose"),
        index.FilterField("framework_id"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["framework", "number"]
        constraints = [models.UniqueConstraint(fields=["framework", "number"], name="uniq_indicator_number")]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")

    def __str__(self):
        return f"Indikator {self.number}: {self.name}"

    def get_absolute_url(self):
        return reverse("spbe:indicator", args=[self.framework.code, self.number])

    @property
    def gain_per_level(self) -> Decimal:
        """What one level more on this indicator adds to the overall index (weight / 100)."""
        return self.weight / Decimal(100)

    def level_name(self, level):
        return self.framework.level_name(self.scale, int(level))

    def level_rows(self):
        """(level, name, criteria) for levels 1–5, for templates."""
        return [(n, self.level_name(n), self.levels.get(str(n), "")) for n in range(1, 6)]


class Instansi(models.Model):
    """A government body: a province, a kabupaten/kota (Kemendagri code) or a central agency."""

    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PUSAT = "pusat", _("Instansi Pusat")

    kode = models.CharField(
        _("kode Kemendagri"),
        max_length=20,
        blank=True,
        help_text=_("Kode wilayah Kemendagri (mis. 51.03). Kosongkan untuk instansi pusat."),
    )
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=20, choices=Jenis.choices)
    provinsi = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wilayah",
        limit_choices_to={"jenis": "provinsi"},
    )

    class Meta:
        ordering = ["kode", "nama"]
        constraints = [
            models.UniqueConstraint(fields=["kode"], condition=~models.Q(kode=""), name="uniq_instansi_kode"),
        ]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self):
        return self.nama


class OfficialResult(models.Model):
    """An official evaluation result of one government for one year (index, domains, predikat, source)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="official_results")
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="official_results")
    year = models.PositiveSmallIntegerField(_("tahun"))
    index = models.DecimalField(_("indeks"), max_digits=4, decimal_places=2)
    domains = models.JSONField(_("indeks domain"), default=dict, blank=True)
    predikat = models.CharField(_("predikat"), max_length=40, blank=True)
    source = models.CharField(_("sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["instansi", "year"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "instansi", "year"], name="uniq_official_result"),
        ]
        verbose_name = _("hasil resmi")
        verbose_name_plural = _("hasil resmi")

    def __str__(self):
        return f"{self.instansi} {self.year}: {self.index}"
