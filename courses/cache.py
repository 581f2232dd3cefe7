"""Whole-page cache for anonymous visitors of the Bimtek pages (Katalog, courses, lessons, modules).

Why our own and not wagtail-cache: its latest release (3.0.0) requires ``wagtail<8.0``; this is about
a hundred lines and does exactly what we need.

How it works

* ``PageCacheMiddleware`` sits near the top of ``MIDDLEWARE`` (after WhiteNoise, before sessions), so a
  hit is answered before session, CSRF, authentication and Wagtail's site and page routing run: no
  database query at all.
* Only requests that cannot be personal are looked up: GET/HEAD, no query string, no session or
  messages cookie, no Authorization header, outside the app URL prefixes in ``SKIP_PREFIXES``.
* Only responses a page marked from its own ``serve()`` (``CacheablePageMixin``) are stored, and
  only when they are a plain 200 that sets no cookie (so a page that used a CSRF token, logged someone
  in or touched the session is never stored) and the user is anonymous. Private pages (Wagtail view
  restrictions) answer from a hook before ``serve()`` and are never marked.
* The key is scheme + host + path + language (the ``django_language`` cookie, else LANGUAGE_CODE).
  Each entry carries the content *generation* it was rendered under; the generation lives in the cache
  and changes on publish, unpublish, move and delete of any page, on a new live page and on saving or
  deleting a quiz (module pages list their quizzes). One ``get_many`` fetches generation and entry, and
  an entry of another generation is a miss. A new generation is a random value, never a counter, so a
  generation evicted from the cache can never bring an old entry back to life.
* ``X-Cache: HIT | MISS | BYPASS`` tells what happened. Stored responses get ``Vary: Cookie`` and
  ``Cache-Control: no-cache``: browsers and proxies revalidate, so a publish shows at once everywhere.

Settings (all optional): ``PAGE_CACHE_ENABLED`` (True), ``PAGE_CACHE_TIMEOUT`` (seconds, 3600),
``PAGE_CACHE_ALIAS`` ("default").
"""

import contextlib
import hashlib
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_supported_language_variant

GENERATION_KEY = "pagecache:generation"
KEY_PREFIX = "pagecache:page:"
BYPASS_COOKIES = ("messages",)  # plus settings.SESSION_COOKIE_NAME
# Application views (never Wagtail pages) are not looked up, which saves a cache round trip.
SKIP_PREFIXES = (
    "/admin/",
    "/akun/",
    "/bahasa/",
    "/belajar/",
    "/cari/",
    "/dokumen/",
    "/kuis/",
    "/living-lab-aksi/",
    "/spbe/",
    "/verifikasi/",
    "/workshop/",
)
# Headers that belong to one request and must not be replayed to another visitor.
NOT_STORED = {"set-cookie", "x-cache", "x-request-id"}


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _new_generation():
    return uuid.uuid4().hex


def bump_generation():
    """Every cached page becomes stale."""
    _cache().set(GENERATION_KEY, _new_generation(), timeout=None)


def invalidate(**kwargs):
    """Signal receiver. Bumps now, and again when the transaction commits: a request rendering the
    page between the two sees the old rows but stores them under a generation that is already gone."""
    bump_generation()
    transaction.on_commit(bump_generation)


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate()


def _page_saved(sender, instance, created, **kwargs):
    from wagtail.models import Page

    if created and isinstance(instance, Page) and instance.live:
        invalidate()


def connect_signals():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache-deleted")
    post_save.connect(_page_saved, dispatch_uid="pagecache-created")
    post_save.connect(invalidate, sender="quizzes.Quiz", dispatch_uid="pagecache-quiz-saved")
    post_delete.connect(invalidate, sender="quizzes.Quiz", dispatch_uid="pagecache-quiz-deleted")


class CacheablePageMixin:
    """For page models whose public view is the same for every anonymous visitor."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.page_cacheable = True
        return response


def cache_key(request):
    """The key for this request, or None when it may be personal (or is not a page)."""
    if not getattr(settings, "PAGE_CACHE_ENABLED", True):
        return None
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if request.path_info.startswith(SKIP_PREFIXES) or "HTTP_AUTHORIZATION" in request.META:
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or any(name in cookies for name in BYPASS_COOKIES):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = settings.LANGUAGE_CODE
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        with contextlib.suppress(LookupError):  # an unknown choice: LocaleMiddleware falls back too
            language = get_supported_language_variant(chosen)
    raw = f"{request.scheme}://{host}{request.path}|{language}"
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request, response):
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and getattr(response, "page_cacheable", False)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (user is not None and user.is_authenticated)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """Serve and store anonymous page views; see the module docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = cache_key(request)
        if key is None:
            response = self.get_response(request)
            if getattr(response, "page_cacheable", False):
                response["X-Cache"] = "BYPASS"
                patch_cache_control(response, private=True)
            return response

        cache = _cache()
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache.add(GENERATION_KEY, _new_generation(), timeout=None)
            generation = cache.get(GENERATION_KEY)
        if generation is None:  # the cache is down (django-redis ignores its errors): serve uncached
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            _, status, headers, content = entry
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "HIT"
            return response

        response = self.get_response(request)
        if _storable(request, response):
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, no_cache=True)
            headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED]
            timeout = getattr(settings, "PAGE_CACHE_TIMEOUT", 3600)
            cache.set(key, (generation, response.status_code, headers, response.content), timeout)
            response["X-Cache"] = "MISS"
        elif getattr(response, "page_cacheable", False):
            response["X-Cache"] = "BYPASS"
            patch_cache_control(response, private=True)
        return response
