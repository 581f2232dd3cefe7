"""One JSON line per event, each carrying the request id, the user id and the outcome.

django-structlog's RequestMiddleware binds ``request_id``, ``user_id`` and ``ip`` for the length of a
request and logs ``request_finished`` with the status code; the receivers below add the outcome and
the duration, and hand the request id back to the client (``X-Request-ID``) so a learner who reports
a problem can quote it. Logs of Django, Celery and our own modules go through the same formatter.
"""

import time

import structlog
from django.dispatch import receiver
from django_structlog import signals

OUTCOMES = {2: "ok", 3: "redirect", 4: "client_error", 5: "server_error"}


def processors(fmt="json"):
    """The processor chain shared by structlog loggers and stdlib records (``foreign_pre_chain``)."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.stdlib.ExtraAdder(),
    ]


def logging_config(fmt="json", level="INFO"):
    """The LOGGING dict for settings. ``fmt`` is "json" (production: one line per event) or
    "console" (development: coloured, readable)."""
    renderer = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *processors(),
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info,  # a traceback stays inside the one line
                    renderer,
                ],
                "foreign_pre_chain": processors(),
            }
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            # request_finished already records every 4xx; django.request would say it twice.
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
            "django_structlog": {"level": level},
        },
    }


@receiver(signals.bind_extra_request_metadata)
def _remember_start(request, logger, log_kwargs, **kwargs):
    request._log_started = time.monotonic()


@receiver(signals.bind_extra_request_finished_metadata)
def _add_outcome(request, logger, response, log_kwargs, **kwargs):
    log_kwargs["outcome"] = OUTCOMES.get(response.status_code // 100, "other")
    started = getattr(request, "_log_started", None)
    if started is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id and not response.has_header("X-Request-ID"):
        response["X-Request-ID"] = request_id


def request_id():
    """The id of the request being served, for error pages ("kode laporan")."""
    return structlog.contextvars.get_contextvars().get("request_id", "")
