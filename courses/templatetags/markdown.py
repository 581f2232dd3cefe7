from django import template

from courses.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value):
    return render_markdown(value)


@register.filter
def level_label(indicator, level):
    """The name of ``level`` on the indicator's scale, e.g. 'Terdefinisi'."""
    return indicator.level_name(level)


@register.filter
def plain_number(value):
    """A Decimal without trailing zeros, in the active locale: 1.300 → '1,3' in Indonesian."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if value in (None, ""):
        return ""
    normalised = Decimal(str(value)).normalize()
    return number_format(normalised, decimal_pos=max(0, -normalised.as_tuple().exponent))
