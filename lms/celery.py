"""Celery application: configured from Django settings (CELERY_*), tasks autodiscovered per app.

``enqueue`` queues a task without letting a broker outage break the request that queued it. It
publishes after the current transaction commits (like ``delay_on_commit``). If Redis (the broker)
cannot be reached, what the request saved stays saved, the failure is logged, and the user is told
plainly what did not happen (``failure_message``) instead of getting an error page after the commit;
``on_failure`` lets the caller record the failure on its own row (an export job, say).
"""

import logging
import os

from celery import Celery
from django_structlog.celery.steps import DjangoStructLogInitStep
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")

app = Celery("lms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task log lines carry the request id of the request that queued them (django-structlog).
app.steps["worker"].add(DjangoStructLogInitStep)

logger = logging.getLogger(__name__)

BROKER_DOWN = (BrokerError, RedisError, ConnectionError, TimeoutError)


def enqueue(task, *args, request=None, success_message=None, failure_message=None, on_failure=None, **kwargs):
    from django.contrib import messages
    from django.db import transaction

    def publish():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except BROKER_DOWN as error:
            logger.error("enqueue_failed task=%s error=%s", task.name, error)
            if on_failure is not None:
                on_failure()
            if request is not None and failure_message:
                messages.warning(request, failure_message)
        else:
            if request is not None and success_message:
                messages.success(request, success_message)

    transaction.on_commit(publish)
