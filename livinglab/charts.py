"""The official results of a region as data and as a server-drawn SVG (index over years, domains)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from spbe.models import Domain, OfficialResult

COLOURS = {1: "#0b5394", 2: "#1d6b34", 3: "#8a4b00", 4: "#5b2a86"}


def official_results_for(instansi):
    results = list(OfficialResult.objects.filter(instansi=instansi, framework__code="spbe-2020").order_by("year"))
    if not results:
        return None
    domains = {d.number: d.name for d in Domain.objects.filter(framework__code="spbe-2020")}
    with_domains = [r for r in results if r.domains]
    return {
        "results": results,
        "index_svg": index_chart(results),
        "domain_svg": domain_chart(with_domains, domains) if with_domains else "",
        "domain_names": domains,
        "with_domains": with_domains,
    }


def index_chart(results, width=520, height=180):
    """Bars of the index per year on the 1–5 scale."""
    bar, gap, base, top = 60, 40, height - 30, 15
    scale = (base - top) / 5

    def part(n, r):
        x = 40 + n * (bar + gap)
        h = float(r.index) * scale
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#0b5394"/>'
            '<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>'
            '<text x="{}" y="{}" font-size="13" text-anchor="middle">{}</text>',
            x, f"{base - h:.1f}", bar, f"{h:.1f}",
            x + bar // 2, f"{base - h - 4:.1f}", f"{r.index:.2f}".replace(".", ","),
            x + bar // 2, base + 18, r.year,
        )  # fmt: skip

    grid = format_html_join(
        "",
        '<line x1="30" x2="{}" y1="{}" y2="{}" stroke="#d5dae1"/><text x="0" y="{}" font-size="11">{}</text>',
        (
            (width, f"{base - v * scale:.1f}", f"{base - v * scale:.1f}", f"{base - v * scale + 4:.1f}", v)
            for v in range(6)
        ),
    )
    body = mark_safe("".join(part(n, r) for n, r in enumerate(results)))  # noqa: S308  built with format_html
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" role="img" aria-label="Indeks SPBE per tahun">{}{}</svg>',
        width, height, width, grid, body,
    )  # fmt: skip


def domain_chart(results, names, width=520):
    """Grouped bars: the four domain indices for each year that has them."""
    row_h, label_w, bar_w = 22, 200, width - 260
    parts, y = [], 10
    for r in results:
        parts.append(format_html('<text x="0" y="{}" font-size="13" font-weight="bold">{}</text>', y + 12, r.year))
        y += 18
        for number in sorted(int(k) for k in r.domains):
            value = float(r.domains[str(number)])
            parts.append(
                format_html(
                    '<text x="0" y="{}" font-size="12">{}</text>'
                    '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="12">{}</text>',
                    y + 12,
                    names.get(number, number),
                    label_w,
                    y + 2,
                    f"{value / 5 * bar_w:.1f}",
                    COLOURS.get(number, "#333"),
                    label_w + bar_w + 6,
                    y + 13,
                    f"{value:.2f}".replace(".", ","),
                )  # fmt: skip
            )
            y += row_h
        y += 8
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" role="img" aria-label="Indeks domain">{}</svg>',
        width, y, width, mark_safe("".join(parts)),  # noqa: S308
    )  # fmt: skip
