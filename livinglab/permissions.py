"""Groups, page permissions and the two-step workflow of the Living Lab.

* Kontributor Daerah: a role; each contributor is also in the group of their Instansi's region, which
  may add and edit (never publish) pages below that region's ``RegionPage`` only.
* Verifikator Provinsi: approves or requests changes in step 1 of "Kurasi Living Lab".
* Kurator: step 2, and the only group with publish permission on the Living Lab.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts.models import Role
from spbe.models import Instansi

from .models import CaseStudyIndexPage, RegionPage

VERIFIER = "Verifikator Provinsi"
WORKFLOW_NAME = "Kurasi Living Lab"


def _perm(codename, app_label="wagtailcore"):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_perms(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=_perm(codename))


CONTRIBUTOR_DOCUMENT_PERMISSIONS = ("add_document", "choose_document")
CURATOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")


def _admin_access(group, documents=()):
    """Admin access, and document permissions on the root collection. Contributors get add and choose
    only: Wagtail lets an uploader edit and delete their own documents, while change_document would let
    them edit or delete every region's evidence, published case studies' included."""
    group.permissions.add(_perm("access_admin", "wagtailadmin"))
    if documents:
        root = Collection.get_first_root_node()
        for codename in documents:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=_perm(codename, "wagtaildocs")
            )
        # Idempotent also for databases set up before contributors lost change_document.
        GroupCollectionPermission.objects.filter(
            group=group, permission__content_type__app_label="wagtaildocs"
        ).exclude(permission__codename__in=documents).delete()


@transaction.atomic
def ensure_living_lab(home):
    """The listing page, the role groups' permissions and the workflow (idempotent)."""
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CaseStudyIndexPage(
                title="Living Lab",
                slug="living-lab",
                intro="Studi kasus dari daerah percontohan: apa yang mereka lakukan sehingga indeks SPBE naik, "
                "ditulis oleh daerahnya dan diperiksa sebelum terbit.",
            )
        )
        index.save_revision().publish()
    contributors, _ = Group.objects.get_or_create(name=Role.KONTRIBUTOR)
    verifiers, _ = Group.objects.get_or_create(name=VERIFIER)
    curators, _ = Group.objects.get_or_create(name=Role.KURATOR)
    _admin_access(contributors, documents=CONTRIBUTOR_DOCUMENT_PERMISSIONS)
    _admin_access(verifiers)
    _admin_access(curators, documents=CURATOR_DOCUMENT_PERMISSIONS)
    _page_perms(curators, index, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"])

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if created or not workflow.workflow_tasks.exists():
        for order, (name, group) in enumerate([("Verifikasi provinsi", verifiers), ("Kurasi nasional", curators)]):
            task = GroupApprovalTask.objects.filter(name=name).first()
            if task is None:
                task = GroupApprovalTask.objects.create(name=name)
                task.groups.set([group])
            WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


def region_group_name(instansi):
    return f"Kontributor — {instansi.nama}"


@transaction.atomic
def ensure_region(instansi: Instansi, index=None):
    """The region's folder page and its contributor group, which may add and edit drafts only there."""
    index = index or CaseStudyIndexPage.objects.get()
    region = RegionPage.objects.filter(instansi=instansi).first()
    if region is None:
        region = index.add_child(
            instance=RegionPage(
                title=instansi.nama, slug=f"wilayah-{instansi.kode.replace('.', '-') or instansi.pk}", instansi=instansi
            )
        )
        region.save_revision().publish()
    group, _ = Group.objects.get_or_create(name=region_group_name(instansi))
    _page_perms(group, region, ["add_page", "change_page"])
    return region, group


def assign_contributor(user):
    """Put a Kontributor Daerah in their region's group (needs ``user.instansi``)."""
    if not user.instansi_id or not CaseStudyIndexPage.objects.exists():
        return None
    _region, group = ensure_region(user.instansi)
    user.groups.add(group)
    return group
