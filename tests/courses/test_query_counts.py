"""Lists and pages run a constant number of queries whatever the number of modules."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.progress import complete_unit
from spbe.models import Indicator

from ..factories import CoursePageFactory, ModulePageFactory


def build(site, modules, learner):
    indicators = list(Indicator.objects.filter(framework__code="spbe-2020").order_by("number"))
    courses = [CoursePageFactory(parent=site["katalog"]) for _ in range(5)]
    created = []
    for n in range(modules):
        course = courses[n % len(courses)]
        created.append(ModulePageFactory(parent=course, indicator=indicators[n % len(indicators)]))
    for module in created[::3]:
        complete_unit(learner, module)
    return courses, created


def count_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_catalog_and_module_page_constant(client, site, learner, signed_in, settings):
    settings.PAGE_CACHE_ENABLED = False  # count the rendering, not cache hits (those are 0: test_page_cache)
    if signed_in:
        client.force_login(learner)
    courses, modules = build(site, 5, learner)
    small = {
        "katalog": count_queries(client, "/katalog/"),
        "course": count_queries(client, courses[0].url),
        "module": count_queries(client, modules[0].url),
        "belajar": count_queries(client, "/akun/belajar-saya/") if signed_in else 0,
    }
    more_courses, more_modules = build(site, 45, learner)  # 50 modules in all
    large = {
        "katalog": count_queries(client, "/katalog/"),
        "course": count_queries(client, courses[0].url),
        "module": count_queries(client, modules[0].url),
        "belajar": count_queries(client, "/akun/belajar-saya/") if signed_in else 0,
    }
    assert small == large
