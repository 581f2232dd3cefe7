import logging

from celery import shared_task

from .statistics import recompute_for_quiz

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def recompute_item_statistics(quiz_id):
    """Recompute facility and discrimination for the questions of a quiz. Idempotent: derived from
    stored answers only; a missing quiz is a logged no-op."""
    if not recompute_for_quiz(quiz_id):
        logger.info("recompute_item_statistics: quiz %s no longer exists", quiz_id)
