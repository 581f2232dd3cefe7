"""The bare view `make bench` compares pages with: no database, no template, no session.

Mounted at /bench/bare/ only when settings.BENCH is on (environment variable BENCH=1).
"""

from django.http import HttpResponse


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")
