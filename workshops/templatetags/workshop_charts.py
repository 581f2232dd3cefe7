from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def pre_post_chart(rows, width=560):
    """Paired bars per indicator: pre (light) and post (dark), 0–100 %."""
    label_w, bar_w, row_h = 60, width - 120, 30
    parts = []
    for n, row in enumerate(rows):
        y = 6 + n * row_h
        parts.append(format_html('<text x="0" y="{}" font-size="12">Ind. {}</text>', y + 14, row["number"]))
        for offset, value, colour in ((0, row["pre"], "#9fb8d6"), (11, row["post"], "#0b5394")):
            if value is not None:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="10" fill="{}"/>',
                        label_w,
                        y + offset,
                        f"{float(value) * bar_w / 100:.1f}",
                        colour,
                    )  # fmt: skip
                )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11">{} → {}</text>',
                label_w + bar_w + 4,
                y + 14,
                row["pre"] if row["pre"] is not None else "–",
                row["post"] if row["post"] is not None else "–",
            )  # fmt: skip
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="{}" role="img" aria-label="Pra-tes dan pasca-tes per indikator">{}</svg>',
        width, row_h * len(rows) + 10, width, mark_safe("".join(parts)),  # noqa: S308  parts built with format_html
    )  # fmt: skip
