import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_welcome_email(user_id):
    """Welcome a new learner. Takes an id and re-reads the row; a missing user is a logged no-op."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        logger.info("send_welcome_email: user %s no longer exists", user_id)
        return
    context = {"user": user, "base_url": settings.WAGTAILADMIN_BASE_URL}
    send_mail(
        subject=render_to_string("accounts/email/welcome_subject.txt", context).strip(),
        message=render_to_string("accounts/email/welcome.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
