"""The anonymous page cache (courses/cache.py): hits cost no query, publishing invalidates, nobody
signed in gets or feeds the anonymous copy, and the cached footer still switches language."""

import pytest
from django.test import Client

from courses.cache import GENERATION_KEY, _cache
from courses.progress import complete_unit

from ..factories import CoursePageFactory, ModulePageFactory


@pytest.fixture
def module(site):
    course = CoursePageFactory(parent=site["katalog"], title="Kursus Tata Kelola")
    return ModulePageFactory(parent=course, title="Kebijakan Internal Arsitektur SPBE")


@pytest.mark.django_db
def test_second_anonymous_get_is_a_hit_without_queries(client, module, django_assert_num_queries):
    first = client.get(module.url)
    assert first.status_code == 200 and first["X-Cache"] == "MISS"
    assert not first.cookies, "a stored response must not set cookies"
    assert "Cookie" in first["Vary"] and "no-cache" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get(module.url)
    assert second.status_code == 200 and second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] and "Cookie" in second["Vary"]
    assert not second.cookies
    html = second.content.decode()
    assert "Kebijakan Internal Arsitektur SPBE" in html
    assert "csrfmiddlewaretoken" not in html, "no one's CSRF token may sit in a cached page"


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["katalog", "course"])
def test_catalog_and_course_pages_are_cached_too(client, site, module, which, django_assert_num_queries):
    url = site["katalog"].url if which == "katalog" else module.get_parent().url
    assert client.get(url)["X-Cache"] == "MISS"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_publishing_a_new_revision_invalidates(client, module):
    client.get(module.url)
    assert client.get(module.url)["X-Cache"] == "HIT"
    module.title = "Judul Baru Setelah Terbit"
    module.save_revision().publish()
    response = client.get(module.url)
    assert response["X-Cache"] == "MISS"
    assert "Judul Baru Setelah Terbit" in response.content.decode()
    assert client.get(module.url)["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_a_draft_does_not_change_the_cached_page_but_unpublish_and_delete_invalidate(client, module):
    client.get(module.url)
    module.title = "Draf Belum Terbit"
    module.save_revision()  # a draft: the public page is unchanged
    response = client.get(module.url)
    assert response["X-Cache"] == "HIT" and "Draf Belum Terbit" not in response.content.decode()
    course = module.get_parent()
    client.get(course.url)
    module.unpublish()
    assert client.get(module.url).status_code == 404
    assert client.get(course.url)["X-Cache"] == "MISS"  # the course no longer lists the module
    client.get(course.url)
    module.delete()
    assert client.get(course.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_an_evicted_generation_never_revives_old_entries(client, module):
    client.get(module.url)
    _cache().delete(GENERATION_KEY)
    assert client.get(module.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_signed_in_learner_neither_gets_nor_feeds_the_anonymous_copy(client, module, learner):
    anonymous = Client()
    anonymous.get(module.url)
    assert anonymous.get(module.url)["X-Cache"] == "HIT"

    complete_unit(learner, module)
    client.force_login(learner)
    for _ in range(2):
        response = client.get(module.url)
        assert response["X-Cache"] == "BYPASS" and "private" in response["Cache-Control"]
        html = response.content.decode()
        assert "Anda sudah menyelesaikan unit ini" in html and learner.nama in html

    # What the learner saw was not stored: anonymous visitors still get the anonymous page.
    html = anonymous.get(module.url).content.decode()
    assert "Anda sudah menyelesaikan unit ini" not in html and learner.nama not in html

    # Nor does a learner's visit on an empty cache store anything.
    _cache().clear()
    client.get(module.url)
    assert anonymous.get(module.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_post_query_string_and_messages_cookie_bypass(client, module):
    client.get(module.url)
    assert client.get(module.url)["X-Cache"] == "HIT"
    assert client.post(module.url)["X-Cache"] == "BYPASS"
    assert client.get(module.url + "?x=1")["X-Cache"] == "BYPASS"
    client.cookies["messages"] = "something"
    assert client.get(module.url)["X-Cache"] == "BYPASS"


@pytest.mark.django_db
def test_language_switch_from_a_cached_page(module):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(module.url)
    cached = visitor.get(module.url)
    assert cached["X-Cache"] == "HIT"
    html = cached.content.decode()
    assert 'action="/bahasa/"' in html and "Lewati ke isi" in html

    # The visitor submits the footer form of the cached page as it is: no CSRF token, no cookie.
    response = visitor.post("/bahasa/", {"language": "en", "next": module.url})
    assert response.status_code == 302 and response["Location"] == module.url
    assert visitor.cookies["django_language"].value == "en"

    english = visitor.get(module.url)
    assert english["X-Cache"] == "MISS" and "Skip to content" in english.content.decode()
    assert visitor.get(module.url)["X-Cache"] == "HIT"
    # Each language has its own copy.
    assert "Lewati ke isi" in Client().get(module.url).content.decode()
