"""Evidence documents are public once a live case study cites them; until then only its editors see them."""

from django.http import Http404
from wagtail import hooks
from wagtail.documents import get_permission_policy

from .models import CaseStudyPage


def _may_see_draft(user, page):
    """Who may open the page's draft in the admin: its editors and the reviewer of its current workflow step."""
    if page.permissions_for_user(user).can_edit():
        return True
    task = page.current_workflow_task
    return bool(task and task.user_can_access_editor(page, user))


@hooks.register("before_serve_document")
def hide_unpublished_evidence(document, request):
    pages = list(CaseStudyPage.objects.filter(evidence_documents__document=document).distinct())
    if any(page.live for page in pages):
        return None
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if get_permission_policy().user_has_permission_for_instance(user, "change", document):
        return None  # the uploader, curators, administrators
    if any(_may_see_draft(user, page) for page in pages):
        return None
    raise Http404
