from csp.middleware import CSPMiddleware
from django.http import QueryDict
from django.http.multipartparser import MultiPartParserError


class IndonesianFirstMiddleware:
    """The interface speaks Bahasa Indonesia unless the user picks English in the footer.

    Django's LocaleMiddleware would follow the browser's Accept-Language, showing English to
    every ASN whose phone is set to English. We drop that header so only the explicit choice
    (the language cookie) or LANGUAGE_CODE decides. Place before LocaleMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one exception: Wagtail's admin still relies on inline scripts and eval, so
    paths under /admin/ get them (only editors and administrators reach it). Learner pages keep the
    strict policy from settings.CONTENT_SECURITY_POLICY: scripts only from our own static files."""

    ADMIN_RELAXATIONS = {  # noqa: RUF012
        "script-src": ["'unsafe-inline'", "'unsafe-eval'"],
        "img-src": ["blob:", "https:"],
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), **self.ADMIN_RELAXATIONS}
        return parts


class StripNullCharactersMiddleware:
    """No legitimate input contains a NUL character (0x00), and PostgreSQL cannot store one in text:
    a NUL in a query or a form field would end in a database error. Remove it from the
    query string and form data before any view sees them; a path containing one is simply not found."""

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            from .views import page_not_found

            return page_not_found(request)
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and request.content_type in self.FORM_TYPES and _has_nul_safely(request):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)


def _has_nul_safely(request):
    try:
        return _has_nul(request.POST)
    except MultiPartParserError:  # a malformed body: the view answers it (as JSON where the view speaks JSON)
        return False


def _has_nul(querydict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in querydict.lists())


def _without_nul(querydict):
    cleaned = QueryDict(mutable=True)
    for key, values in querydict.lists():
        for value in values:
            cleaned.appendlist(key.replace("\x00", ""), value.replace("\x00", ""))
    cleaned._mutable = False
    return cleaned
