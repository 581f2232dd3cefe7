"""Pointing the test process's Celery app at a real (or dead) broker and back."""

from lms.celery import app


def use_broker(**conf):
    """Point this process's Celery app at another broker. Connections and producers are pooled per
    broker (eager tasks earlier in the run filled the pools for memory://), so drop both pools."""
    app.conf.update(**conf)
    app._pool = None
    app.amqp._producer_pool = None
