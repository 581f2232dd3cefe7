"""Load frameworks and the Instansi reference from the files in ``spbe/data/``. Idempotent."""

import csv
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .models import Aspect, Domain, Framework, Indicator, Instansi

DATA_DIR = Path(__file__).resolve().parent / "data"

# file, learner-facing label, sort order
FRAMEWORK_FILES = [
    ("permenpanrb-59-2020.json", "Evaluasi SPBE 2021–2025 (PermenPANRB 59/2020)", 1),
    ("pemdi-2026-reported.json", "Indeks Pemerintah Digital 2026 (PermenPANRB 8/2026, dilaporkan)", 2),
]


def _decimal(value) -> Decimal:
    return Decimal(str(value))


@transaction.atomic
def load_framework(path: Path, label: str = "", sort_order: int = 0) -> Framework:
    """Create or update one framework from its JSON file.

    Works for a framework with domains → aspects → indicators and for one with aspects
    only. An administrator's ``is_verified`` choice survives a reload.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    meta = data["framework"]
    scales = {
        code: [
            {"level": lv["level"], "name": lv["name"], "summary": lv.get("summary_en", "")} for lv in scale["levels"]
        ]
        for code, scale in data.get("level_scales", {}).items()
    }
    framework, created = Framework.objects.update_or_create(
        code=meta["code"],
        defaults={
            "name": meta["name"],
            "label": label or meta["name"],
            "regulation": meta.get("regulation", ""),
            "years": ", ".join(str(y) for y in meta.get("used_for_years", [])),
            "note": meta.get("note", ""),
            "level_scales": scales,
            "predikat_bands": data.get("predikat", []),
            "sort_order": sort_order,
        },
    )
    if created:
        framework.is_verified = meta.get("verified", True)
        framework.save(update_fields=["is_verified"])

    if "domains" in data:
        aspect_sources = []
        for d in data["domains"]:
            domain, _ = Domain.objects.update_or_create(
                framework=framework,
                number=d["number"],
                defaults={"name": d["name"], "weight": _decimal(d["weight_percent"])},
            )
            aspect_sources += [(domain, a) for a in d["aspects"]]
    else:
        aspect_sources = [(None, a) for a in data["aspects"]]

    for domain, a in aspect_sources:
        aspect, _ = Aspect.objects.update_or_create(
            framework=framework,
            number=a["number"],
            defaults={"name": a["name"], "weight": _decimal(a["weight_percent"]), "domain": domain},
        )
        for i in a["indicators"]:
            Indicator.objects.update_or_create(
                framework=framework,
                number=i["number"],
                defaults={
                    "aspect": aspect,
                    "name": i["name"],
                    "weight": _decimal(i["weight_percent"]),
                    "scale": i.get("scale", ""),
                    "purpose": i.get("purpose", ""),
                    "levels": i.get("levels", {}),
                    "evidence": i.get("evidence", []),
                    "related_regulations": i.get("related_regulations", []),
                    "notes": i.get("notes", ""),
                },
            )
    return framework


def load_all_frameworks() -> list[Framework]:
    return [load_framework(DATA_DIR / name, label, order) for name, label, order in FRAMEWORK_FILES]


@transaction.atomic
def load_instansi(path: Path = DATA_DIR / "wilayah-kabkota-2025.csv") -> int:
    """All provinces and kabupaten/kota with their Kemendagri codes; returns the row count."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    provinces = {}
    for row in rows:
        if row["jenis"] == "provinsi":
            provinces[row["kode"]], _ = Instansi.objects.update_or_create(
                kode=row["kode"], defaults={"nama": f"Provinsi {row['nama']}", "jenis": "provinsi", "provinsi": None}
            )
    for row in rows:
        if row["jenis"] != "provinsi":
            Instansi.objects.update_or_create(
                kode=row["kode"],
                defaults={"nama": row["nama"], "jenis": row["jenis"], "provinsi": provinces[row["kode_provinsi"]]},
            )
    return len(rows)


@transaction.atomic
def load_official_results(path: Path = DATA_DIR / "results-bali.json") -> int:
    """Official results (index, domain indices, predikat, source); predikat derived from the bands when absent."""
    from .calculator import predikat_for
    from .models import OfficialResult

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    framework = Framework.objects.get(code=data["framework"])
    bands = framework.bands()
    count = 0
    for row in data["results"]:
        instansi = Instansi.objects.filter(kode=row["kode_wilayah"]).first()
        if instansi is None:
            continue
        index = _decimal(row["index"])
        OfficialResult.objects.update_or_create(
            framework=framework,
            instansi=instansi,
            year=row["year"],
            defaults={
                "index": index,
                "domains": row["domains"] or {},
                "predikat": row["predikat"] or predikat_for(bands, index) or "",
                "source": row.get("source", ""),
            },
        )
        count += 1
    return count
