import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

from .logging import request_id

# The database is unreachable or went away mid-request: a temporary condition, not a bug.
DATABASE_DOWN = (OperationalError, InterfaceError)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """500, or 503 when the database is down. Rendered without context processors or the request:
    nothing here may touch the database, and the page must never show a traceback. The report code
    is the request id of the log line, so a learner's complaint can be found in the logs."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, DATABASE_DOWN)
    template = "503.html" if unavailable else "500.html"
    html = loader.get_template(template).render({"request_id": request_id()})
    response = HttpResponse(html, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
    return response
