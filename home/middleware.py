from csp.middleware import CSPMiddleware


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
