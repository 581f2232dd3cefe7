"""Small server-rendered SVG charts (no script, no CDN)."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

COLOURS = ["#0b5394", "#1d6b34", "#8a4b00", "#5b2a86", "#a1142b", "#3d5a80"]


@register.simple_tag
def profile_chart(rows, width=560):
    """Horizontal bars (1–5) per dimension: the latest score, with a tick at the first score."""
    label_w, bar_w, row_h = 210, width - 260, 34
    height = row_h * len(rows) + 30
    scale = bar_w / 5

    def bar(n, row):
        y = 10 + n * row_h
        latest = row["latest"]
        first = row["series"][0] if row["series"] else None
        parts = [
            format_html('<text x="0" y="{}" font-size="13">{}</text>', y + 16, row["dimension"].name),
            format_html(
                '<rect x="{}" y="{}" width="{}" height="18" fill="#f3f5f8" stroke="#d5dae1"/>', label_w, y + 3, bar_w
            ),
        ]
        if latest is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>',
                    label_w,
                    y + 3,
                    f"{float(latest) * scale:.1f}",
                    COLOURS[n % len(COLOURS)],
                )
            )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="12">{}</text>', label_w + bar_w + 6, y + 17, f"{float(latest):.2f}"
                )
            )
        if first is not None and len(row["series"]) > 1:
            x = f"{label_w + float(first) * scale:.1f}"
            parts.append(
                format_html(
                    '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1b1f24" stroke-width="2" stroke-dasharray="3 2"/>',
                    x,
                    x,
                    y,
                    y + 24,
                )
            )
        return mark_safe("".join(parts))  # noqa: S308  every part built with format_html

    ticks = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle">{}</text>',
        ((f"{label_w + v * scale:.1f}", height - 4, v) for v in range(0, 6)),
    )
    body = mark_safe("".join(bar(n, row) for n, row in enumerate(rows)))  # noqa: S308
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" role="img" aria-labelledby="profil-judul">{}{}</svg>',
        width,
        height,
        width,
        body,
        ticks,
    )


@register.simple_tag
def percent_bars(rows, width=560):
    """Bars 0–100 % per domain; rows: [{"domain", "percent", "n"}]."""
    label_w, bar_w, row_h = 230, width - 300, 30
    height = row_h * len(rows) + 10
    parts = []
    for n, row in enumerate(rows):
        y = 5 + n * row_h
        name = f"{row['domain'].number}. {row['domain'].name}"
        parts.append(format_html('<text x="0" y="{}" font-size="13">{}</text>', y + 16, name))
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="18" fill="#f3f5f8" stroke="#d5dae1"/>', label_w, y + 3, bar_w
            )
        )
        if row["percent"] is not None:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="18" fill="{}"/>',
                    label_w,
                    y + 3,
                    f"{float(row['percent']) * bar_w / 100:.1f}",
                    COLOURS[n % len(COLOURS)],
                )
            )
            label = f"{row['percent']} % (n={row['n']})"
        else:
            label = "–"
        parts.append(format_html('<text x="{}" y="{}" font-size="12">{}</text>', label_w + bar_w + 6, y + 17, label))
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" role="img" aria-label="{}">{}</svg>',
        width,
        height,
        width,
        "Penguasaan per domain",
        mark_safe("".join(parts)),  # noqa: S308
    )
