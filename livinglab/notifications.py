"""Workflow e-mails (submitted for review, approved, changes requested), sent by Celery.

Wagtail's own notifiers send in the request; we swap them for handlers that enqueue a task with ids.
"""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted


def on_task_submitted(sender, instance, user=None, **kwargs):
    from .tasks import send_workflow_email

    send_workflow_email.delay_on_commit("submitted", instance.pk)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    from .tasks import send_workflow_email

    send_workflow_email.delay_on_commit("approved", instance.pk)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    from .tasks import send_workflow_email

    send_workflow_email.delay_on_commit("rejected", instance.pk)


def replace_wagtail_workflow_emails():
    task_submitted.disconnect(sender=TaskState, dispatch_uid="group_approval_task_submitted_email_notification")
    workflow_submitted.disconnect(sender=WorkflowState, dispatch_uid="workflow_state_submitted_email_notification")
    workflow_rejected.disconnect(sender=WorkflowState, dispatch_uid="workflow_state_rejected_email_notification")
    workflow_approved.disconnect(sender=WorkflowState, dispatch_uid="workflow_state_approved_email_notification")
    task_submitted.connect(on_task_submitted, sender=TaskState, dispatch_uid="livinglab_task_submitted")
    workflow_approved.connect(on_workflow_approved, sender=WorkflowState, dispatch_uid="livinglab_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState, dispatch_uid="livinglab_workflow_rejected")


def on_groups_changed(sender, instance, action, pk_set, **kwargs):
    """A user added to Kontributor Daerah joins their region's group, so they can write there."""
    from django.contrib.auth.models import Group

    from accounts.models import Role

    from .permissions import assign_contributor

    if action != "post_add" or not pk_set or not hasattr(instance, "instansi_id"):
        return
    if Group.objects.filter(pk__in=pk_set, name=Role.KONTRIBUTOR).exists():
        assign_contributor(instance)


def connect_contributor_signal():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed

    m2m_changed.connect(
        on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="livinglab_contributor_region"
    )
