"""Load the seed case studies from ``content/livinglab/*.md`` (idempotent, keyed on slugs).

Seed case studies are official content and are published by the loader directly; everything a
region writes afterwards goes through the "Kurasi Living Lab" workflow.
"""

from decimal import Decimal
from pathlib import Path

import frontmatter
from django.conf import settings
from django.db import transaction

from courses.content_loader import ContentError, LoadReport, file_hash, save_page
from home.models import HomePage
from spbe.models import Indicator, Instansi

from .models import CaseStudyPage
from .permissions import ensure_living_lab, ensure_region

CONTENT_DIR = Path(settings.BASE_DIR) / "content" / "livinglab"
SECTIONS = [
    "Konteks",
    "Yang dilakukan",
    "Linimasa",
    "Sumber daya dan biaya",
    "Hambatan",
    "Hasil",
    "Cara mereplikasi",
]


def _decimal(value):
    return None if value in (None, "") else Decimal(str(value))


@transaction.atomic
def load_case_studies(force=False, content_dir=CONTENT_DIR) -> str:
    home = HomePage.objects.first()
    if home is None:
        return "Living Lab: beranda belum ada."
    index = ensure_living_lab(home)
    report = LoadReport()
    for path in sorted(Path(content_dir).glob("*.md")):
        post = frontmatter.load(path)
        meta = post.metadata
        instansi = Instansi.objects.filter(kode=str(meta.get("instansi", ""))).first()
        if instansi is None:
            raise ContentError(f"{path}: instansi '{meta.get('instansi')}' tidak dikenal.")
        headings = [line[3:].strip() for line in post.content.splitlines() if line.startswith("## ")]
        if headings != SECTIONS:
            raise ContentError(f"{path}: bagian harus {SECTIONS}, ditemukan {headings}.")
        numbers = [int(n) for n in meta.get("indicators", [])]
        indicators = list(Indicator.objects.filter(framework__code="spbe-2020", number__in=numbers))
        if len(indicators) != len(numbers) or not numbers:
            raise ContentError(f"{path}: indikator {numbers} tidak valid.")
        region, _group = ensure_region(instansi, index)
        fields = {
            "_model": CaseStudyPage,
            "title": meta["title"],
            "slug": meta["slug"],
            "instansi": instansi,
            "programme": meta.get("programme", ""),
            "year": int(meta["year"]),
            "index_before": _decimal(meta.get("index_before")),
            "index_before_year": meta.get("index_before_year"),
            "index_after": _decimal(meta.get("index_after")),
            "index_after_year": meta.get("index_after_year"),
            "summary": meta["summary"],
            "practice": post.content.strip(),
            "responsible_unit": meta.get("responsible_unit", ""),
            "sources": "\n".join(meta.get("sources", [])),
            "indicators": indicators,
        }
        page = CaseStudyPage.objects.filter(slug=meta["slug"]).first()
        save_page(page, region, fields, file_hash(path), force, report, f"living-lab/{meta['slug']}")
    return (
        f"Living Lab: {len(report.created)} dibuat, {len(report.updated)} diperbarui, "
        f"{len(report.unchanged)} tidak berubah, {len(report.skipped)} dilewati."
    )
