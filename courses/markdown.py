"""The platform's one Markdown renderer: Markdown → HTML → nh3 allow-list.

Everything written by editors, contributors or learners that is shown as formatted text
goes through ``render_markdown``; raw HTML in the source is escaped by Markdown's
``escape``-free configuration and then filtered by nh3, so no script or event handler
can survive.
"""

import functools

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

EXTENSIONS = ["extra", "sane_lists", "smarty", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": False, "slugify": None}}

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "td": {"align"},
    "th": {"align", "scope"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _slugify(value, separator):
    from django.utils.text import slugify

    return slugify(value) or "bagian"


EXTENSION_CONFIGS["toc"]["slugify"] = _slugify


@functools.lru_cache(maxsize=4096)
def render_markdown(text: str) -> SafeString:
    """Render Markdown source to sanitised HTML, safe to put in a template.

    A pure function of the text, so each process keeps the last 4,096 results: a module page renders
    its blocks once per process instead of on every request (a few MB at most; nothing to invalidate,
    since edited text is a different key)."""
    html = markdown.markdown(text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308  sanitised by nh3 just above
