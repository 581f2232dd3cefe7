"""Site search over courses, lessons, modules and indicators (Wagtail search; read only)."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from spbe.models import Framework, Indicator

MAX_QUERY = 200
# The SQLite full-text backend wraps each term in "…" without escaping: a double quote or a control
# character (NUL) in the query made FTS5 fail ("unterminated string") and the page answer 500.
FTS_UNSAFE = re.compile(r'["\x00-\x1f\x7f]')


def search_terms(query):
    """The query as handed to the search backend; the page still shows what was typed."""
    return FTS_UNSAFE.sub(" ", query).strip()


def search(request):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    pages = indicators = None
    terms = search_terms(query)
    if terms:
        pages = Paginator(Page.objects.live().public().exclude(depth__lte=2).search(terms), 10).get_page(
            request.GET.get("hal")
        )
        frameworks = Framework.objects.visible_to(request.user).values_list("pk", flat=True)
        indicators = list(
            get_search_backend().search(
                terms, Indicator.objects.filter(framework_id__in=list(frameworks)).select_related("framework")
            )[:10]
        )
    return render(request, "search/search.html", {"query": query, "pages": pages, "indicators": indicators})
