"""The SPBE index calculator: pure functions over ``Decimal``, no database access.

Formula (PermenPANRB 59/2020): an indicator's value is its level (1–5). An aspect's
index is Σ level × weight / aspect weight, a domain's index Σ aspect index × aspect
weight / domain weight, and the overall index Σ level × weight / 100. Official
results show every index with two decimals (half up).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)


class IndexInputError(ValueError):
    """Bad calculator input; the message is Indonesian and names the indicator."""


@dataclass(frozen=True)
class IndicatorSpec:
    number: int
    name: str
    weight: Decimal
    aspect: int
    aspect_name: str = ""
    domain: int | None = None
    domain_name: str = ""


@dataclass(frozen=True)
class PredikatBand:
    name: str
    min: Decimal | None
    max: Decimal | None
    max_inclusive: bool = False

    def contains(self, value: Decimal) -> bool:
        if self.min is not None and value < self.min:
            return False
        return not (self.max is not None and (value > self.max or value == self.max and not self.max_inclusive))


@dataclass(frozen=True)
class FrameworkStructure:
    code: str
    indicators: tuple[IndicatorSpec, ...]
    bands: tuple[PredikatBand, ...] = ()

    @property
    def domain_weights(self) -> dict[int, Decimal]:
        weights: dict[int, Decimal] = {}
        for spec in self.indicators:
            if spec.domain is not None:
                weights[spec.domain] = weights.get(spec.domain, Decimal(0)) + spec.weight
        return dict(sorted(weights.items()))

    @property
    def aspect_weights(self) -> dict[int, Decimal]:
        weights: dict[int, Decimal] = {}
        for spec in self.indicators:
            weights[spec.aspect] = weights.get(spec.aspect, Decimal(0)) + spec.weight
        return dict(sorted(weights.items()))


@dataclass
class IndexResult:
    index: Decimal
    predikat: str | None
    domains: dict[int, Decimal] = field(default_factory=dict)
    aspects: dict[int, Decimal] = field(default_factory=dict)

    def rounded(self) -> "IndexResult":
        return IndexResult(
            index=round2(self.index),
            predikat=self.predikat,
            domains={k: round2(v) for k, v in self.domains.items()},
            aspects={k: round2(v) for k, v in self.aspects.items()},
        )

    def as_json(self) -> dict:
        """Values as strings with two decimals, as printed by ``spbe_index --json``."""
        data = {"index": f"{round2(self.index)}", "predikat": self.predikat}
        if self.domains:
            data["domains"] = {str(k): f"{round2(v)}" for k, v in self.domains.items()}
        if self.aspects:
            data["aspects"] = {str(k): f"{round2(v)}" for k, v in self.aspects.items()}
        return data


def round2(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def predikat_for(bands, value: Decimal) -> str | None:
    """The predikat of an index as shown officially (the value rounded to two decimals)."""
    shown = round2(value)
    for band in bands:
        if band.contains(shown):
            return band.name
    return None


def _to_int_level(number, raw) -> int:
    try:
        level = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise IndexInputError(
            _("Indikator %(n)s: tingkat '%(raw)s' bukan angka; isi 1 sampai 5.") % {"n": number, "raw": raw}
        ) from None
    if level != level.to_integral_value() or not 1 <= level <= 5:
        raise IndexInputError(_("Indikator %(n)s: tingkat %(raw)s di luar rentang 1–5.") % {"n": number, "raw": raw})
    return int(level)


def validate_levels(structure: FrameworkStructure, pairs) -> dict[int, int]:
    """Check (indicator number, level) pairs: every indicator once, levels 1–5, none foreign."""
    known = {spec.number for spec in structure.indicators}
    levels: dict[int, int] = {}
    for raw_number, raw_level in pairs:
        try:
            number = int(str(raw_number).strip())
        except ValueError:
            raise IndexInputError(_("Nomor indikator '%(raw)s' tidak dikenal.") % {"raw": raw_number}) from None
        if number not in known:
            raise IndexInputError(
                _("Indikator %(n)s bukan bagian dari kerangka %(code)s (nomor yang sah: %(low)s–%(high)s).")
                % {"n": number, "code": structure.code, "low": min(known), "high": max(known)}
            )
        if number in levels:
            raise IndexInputError(_("Indikator %(n)s diisi lebih dari sekali.") % {"n": number})
        levels[number] = _to_int_level(number, raw_level)
    missing = sorted(known - levels.keys())
    if missing:
        listed = ", ".join(str(n) for n in missing[:10]) + (" …" if len(missing) > 10 else "")
        raise IndexInputError(_("Tingkat belum diisi untuk indikator %(list)s.") % {"list": listed})
    return levels


def index_from_levels(structure: FrameworkStructure, levels) -> IndexResult:
    """Aspect, domain and overall index and predikat from a level per indicator.

    ``levels`` is a mapping ``{indicator number: level}`` or an iterable of pairs.
    """
    pairs = levels.items() if hasattr(levels, "items") else levels
    checked = validate_levels(structure, pairs)

    aspect_sum: dict[int, Decimal] = {}
    domain_sum: dict[int, Decimal] = {}
    total = Decimal(0)
    for spec in structure.indicators:
        contribution = Decimal(checked[spec.number]) * spec.weight
        aspect_sum[spec.aspect] = aspect_sum.get(spec.aspect, Decimal(0)) + contribution
        if spec.domain is not None:
            domain_sum[spec.domain] = domain_sum.get(spec.domain, Decimal(0)) + contribution
        total += contribution

    aspect_weights = structure.aspect_weights
    domain_weights = structure.domain_weights
    overall = total / sum(aspect_weights.values())
    return IndexResult(
        index=overall,
        predikat=predikat_for(structure.bands, overall),
        domains={d: domain_sum[d] / domain_weights[d] for d in domain_weights},
        aspects={a: aspect_sum[a] / aspect_weights[a] for a in aspect_weights},
    )


def index_from_domains(structure: FrameworkStructure, domain_indices) -> IndexResult:
    """Overall index and predikat from one index per domain: Σ domain index × domain weight / 100."""
    weights = structure.domain_weights
    if not weights:
        raise IndexInputError(_("Kerangka %(code)s tidak memiliki domain.") % {"code": structure.code})
    values = list(domain_indices.items()) if hasattr(domain_indices, "items") else list(enumerate(domain_indices, 1))
    if len(values) != len(weights):
        raise IndexInputError(
            _("Isi tepat %(n)s indeks domain (sekarang %(got)s).") % {"n": len(weights), "got": len(values)}
        )
    total = Decimal(0)
    for number, raw in values:
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise IndexInputError(_("Indeks domain %(n)s '%(raw)s' bukan angka.") % {"n": number, "raw": raw}) from None
        if not Decimal(1) <= value <= Decimal(5):
            raise IndexInputError(
                _("Indeks domain %(n)s (%(raw)s) di luar rentang 1,00–5,00.") % {"n": number, "raw": raw}
            )
        total += value * weights[int(number)]
    overall = total / sum(weights.values())
    return IndexResult(index=overall, predikat=predikat_for(structure.bands, overall))
