"""Who may do what in the Living Lab, and the two-step workflow with its e-mails."""

import pytest
from django.core import mail

from livinglab.models import CaseStudyPage, WorkflowNotification
from livinglab.tasks import send_workflow_email

from .conftest import make_case_study


def perms(page, user):
    return page.permissions_for_user(user)


@pytest.mark.django_db
def test_permission_matrix(lab, client):
    draft_x = make_case_study(lab["region_x"], "Draf X", user=lab["contributor_x"])
    draft_y = make_case_study(lab["region_y"], "Draf Y", user=lab["contributor_y"])
    cx, cy, verifier, curator = lab["contributor_x"], lab["contributor_y"], lab["verifier"], lab["curator"]

    assert perms(lab["region_x"], cx).can_add_subpage()
    assert not perms(lab["region_y"], cx).can_add_subpage()
    assert perms(draft_x, cx).can_edit() and not perms(draft_x, cx).can_publish()
    assert not perms(draft_y, cx).can_edit()
    assert not perms(draft_x, cy).can_edit() and perms(draft_y, cy).can_edit()
    assert not perms(draft_x, verifier).can_publish()
    assert perms(draft_x, curator).can_publish() and perms(draft_y, curator).can_publish()

    client.force_login(cx)
    assert client.get(f"/admin/pages/{draft_x.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{draft_y.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/livinglab/casestudypage/{lab['region_y'].pk}/").status_code in (302, 403)
    # trying to publish directly does not publish
    client.post(f"/admin/pages/{draft_x.pk}/edit/", {"action-publish": "1", "title": "X"})
    assert not CaseStudyPage.objects.get(pk=draft_x.pk).live


@pytest.mark.django_db
def test_anonymous_never_sees_drafts_previews_or_revisions(lab, client, learner):
    draft = make_case_study(lab["region_x"], "Rahasia draf", user=lab["contributor_x"])
    revision = draft.latest_revision
    for who in (None, learner):
        if who:
            client.force_login(who)
        assert client.get(draft.url or f"/living-lab/{lab['region_x'].slug}/{draft.slug}/").status_code == 404
        assert "Rahasia draf" not in client.get("/living-lab/").content.decode()
        assert "Rahasia draf" not in client.get("/living-lab/feed/").content.decode()
        for url in [
            f"/admin/pages/{draft.pk}/edit/preview/",
            f"/admin/pages/{draft.pk}/revisions/{revision.pk}/view/",
            f"/admin/pages/{draft.pk}/history/",
        ]:
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert "Rahasia draf" not in response.content.decode()


@pytest.mark.django_db
def test_two_step_workflow_with_emails(lab, django_capture_on_commit_callbacks):
    page = make_case_study(lab["region_x"], "Alur kerja", user=lab["contributor_x"])
    workflow = page.get_workflow()
    assert workflow.name == "Kurasi Living Lab"
    with django_capture_on_commit_callbacks(execute=True):
        state = workflow.start(page, lab["contributor_x"])
    assert [m.to for m in mail.outbox] == [["verifikator@contoh.go.id"]]
    assert "Menunggu tinjauan Anda" in mail.outbox[0].subject

    task_state = state.current_task_state
    assert task_state.task.name == "Verifikasi provinsi"
    assert not task_state.task.specific.get_actions(page, lab["contributor_x"])  # cannot approve own
    assert not task_state.task.specific.get_actions(page, lab["curator"])  # not the verifier's step
    with django_capture_on_commit_callbacks(execute=True):
        task_state.approve(user=lab["verifier"], comment="Lengkap.")
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Kurasi nasional"
    assert not CaseStudyPage.objects.get(pk=page.pk).live  # a verifier's approval does not publish
    assert mail.outbox[-1].to == ["kurator@contoh.go.id"]

    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.approve(user=lab["curator"])
    assert CaseStudyPage.objects.get(pk=page.pk).live
    assert mail.outbox[-1].to == ["kontributor.x@contoh.go.id"] and "Disetujui" in mail.outbox[-1].subject

    # The audit log keeps who approved and who published (Wagtail's page history, Laporan → Riwayat situs).
    from wagtail.models import PageLogEntry

    actions = list(PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk").values_list("action", "user"))
    assert ("wagtail.workflow.approve", lab["verifier"].pk) in actions
    assert ("wagtail.publish", lab["curator"].pk) in actions


@pytest.mark.django_db
def test_request_changes_emails_the_contributor_with_the_comment(lab, django_capture_on_commit_callbacks):
    page = make_case_study(lab["region_x"], "Perlu perbaikan", user=lab["contributor_x"])
    state = page.get_workflow().start(page, lab["contributor_x"])
    with django_capture_on_commit_callbacks(execute=True):
        state.current_task_state.reject(user=lab["verifier"], comment="Lampirkan notulensi reviu.")
    last = mail.outbox[-1]
    assert last.to == ["kontributor.x@contoh.go.id"] and "Perlu perbaikan" in last.subject
    assert "Lampirkan notulensi reviu." in last.body
    assert not CaseStudyPage.objects.get(pk=page.pk).live


@pytest.mark.django_db
def test_email_task_is_idempotent_and_tolerates_missing_rows(lab):
    page = make_case_study(lab["region_x"], "Idempoten", user=lab["contributor_x"])
    state = page.get_workflow().start(page, lab["contributor_x"])
    mail.outbox.clear()
    task_state_id = state.current_task_state.pk
    assert send_workflow_email("submitted", task_state_id) == 1
    assert send_workflow_email("submitted", task_state_id) == 0
    assert len(mail.outbox) == 1 and WorkflowNotification.objects.count() == 1
    assert send_workflow_email("approved", 999999) == 0


@pytest.mark.django_db
def test_contributor_added_in_admin_joins_their_region(lab):
    from django.contrib.auth.models import Group

    from accounts.models import Role
    from spbe.models import Instansi

    from ..factories import UserFactory

    newcomer = UserFactory(email="baru@contoh.go.id", instansi=Instansi.objects.get(kode="51.71"), is_staff=True)
    newcomer.groups.add(Group.objects.get(name=Role.KONTRIBUTOR))
    assert newcomer.groups.filter(name="Kontributor — Kota Denpasar").exists()
