import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from wagtail.models import TaskState, WorkflowState

from .models import WorkflowNotification

logger = logging.getLogger(__name__)

SUBJECTS = {
    "submitted": "Menunggu tinjauan Anda: {title}",
    "approved": "Disetujui dan terbit: {title}",
    "rejected": "Perlu perbaikan: {title}",
}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_workflow_email(kind, state_id):
    """E-mail reviewers (submitted) or the requester (approved/rejected). Idempotent: a notification
    is recorded before sending, so a repeated task sends nothing; a missing state is a logged no-op."""
    if kind == "submitted":
        state = TaskState.objects.select_related("workflow_state__requested_by", "task").filter(pk=state_id).first()
        if state is None:
            logger.info("send_workflow_email: task state %s is gone", state_id)
            return 0
        page = state.workflow_state.content_object
        groups = getattr(state.task.specific, "groups", None)
        recipients = sorted(
            {
                u.email
                for g in (groups.all() if groups is not None else [])
                for u in g.user_set.filter(is_active=True)
                if u.email and u != state.workflow_state.requested_by
            }
        )
        comment = ""
    else:
        state = WorkflowState.objects.select_related("requested_by").filter(pk=state_id).first()
        if state is None:
            logger.info("send_workflow_email: workflow state %s is gone", state_id)
            return 0
        page = state.content_object
        recipients = [state.requested_by.email] if state.requested_by and state.requested_by.email else []
        comment = ""
        if kind == "rejected":
            rejected = TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_REJECTED)
            last = rejected.order_by("-finished_at", "-pk").first()
            comment = getattr(last, "comment", "") if last else ""
    if not recipients:
        return 0
    try:
        with transaction.atomic():
            WorkflowNotification.objects.create(kind=kind, state_id=state_id)
    except IntegrityError:
        return 0  # already sent
    title = getattr(page, "title", str(page))
    body = [
        f"Studi kasus Living Lab: {title}",
        "",
        {
            "submitted": "Studi kasus ini diajukan dan menunggu tinjauan kelompok Anda.",
            "approved": "Studi kasus Anda disetujui pada semua tahap.",
            "rejected": "Peninjau meminta perbaikan sebelum studi kasus ini dapat terbit.",
        }[kind],
    ]
    if comment:
        body += ["", f"Komentar peninjau: {comment}"]
    body += ["", f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{page.pk}/edit/"]
    send_mail(SUBJECTS[kind].format(title=title), "\n".join(body), None, recipients)
    return len(recipients)
