"""Facilitator: request a rekap export (XLSX/CSV), follow its progress, download the file.

The status and the file are shown only to the workshop's facilitators and administrators; anyone
else signed in gets a 404 (the export's existence is not revealed), anyone signed out the login page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from accounts.models import Role
from lms.celery import enqueue

from .exports import CONTENT_TYPES, build_export_task
from .models import ExportJob
from .views import _managed, facilitator_required

RECENT_JOBS = 20


def _job(request, workshop_id, job_id):
    """The export job if the user facilitates its workshop (or is an administrator); 404 otherwise."""
    if not (request.user.is_superuser or request.user.groups.filter(name=Role.FASILITATOR).exists()):
        raise Http404
    workshop = _managed(request, workshop_id)
    return get_object_or_404(ExportJob.objects.select_related("workshop"), pk=job_id, workshop=workshop)


def _download_url(job):
    if job.status != ExportJob.Status.DONE or not job.file:
        return ""
    return reverse("workshops:export_download", args=[job.workshop_id, job.pk])


@facilitator_required
def exports(request, workshop_id):
    """GET: the export jobs of the workshop. POST format=xlsx|csv: queue a new export."""
    workshop = _managed(request, workshop_id)
    if request.method == "POST":
        fmt = request.POST.get("format")
        if fmt not in ExportJob.Format.values:
            messages.error(request, _("Format ekspor tidak dikenal."))
        else:
            job = ExportJob.objects.create(workshop=workshop, requested_by=request.user, format=fmt)
            enqueue(
                build_export_task,
                job.pk,
                request=request,
                success_message=_("Ekspor sedang disiapkan; tautan unduhan muncul setelah selesai."),
                failure_message=_("Ekspor tidak dapat dimulai karena layanan antrean sedang terganggu."),
                on_failure=job.mark_not_queued,
            )
        return redirect("workshops:exports", workshop.pk)
    jobs = list(workshop.exports.select_related("requested_by").order_by("-created_at", "-pk")[:RECENT_JOBS])
    for job in jobs:
        job.download_url = _download_url(job)
    return render(request, "workshops/exports.html", {"workshop": workshop, "jobs": jobs})


@never_cache
@login_required
def export_status(request, workshop_id, job_id):
    job = _job(request, workshop_id, job_id)
    return JsonResponse(
        {
            "id": job.pk,
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "error": job.error,
            "download_url": _download_url(job),
        }
    )


@never_cache
@login_required
def export_download(request, workshop_id, job_id):
    job = _job(request, workshop_id, job_id)
    if not _download_url(job):
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"rekap-{slugify(job.workshop.title) or 'workshop'}-{job.pk}.{job.format}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[job.format])
    response["Cache-Control"] = "private, no-store"
    return response
