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
