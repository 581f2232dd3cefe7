"""Site search over courses, lessons, modules and indicators (Wagtail search; read only)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from courses.search import search_terms
from spbe.models import Framework, Indicator

MAX_QUERY = 200


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
