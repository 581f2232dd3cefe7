"""Certificates: the learner's list and PDF, the facilitator's issue and revoke, public verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.celery import enqueue

from .certificates import PdfUnavailable, can_download, issue_certificates_task, render_pdf, revoke
from .models import Certificate
from .results import participant_results
from .views import _managed, facilitator_required

REASON_MAX_LENGTH = 1000


def verify(request, number):
    """Public: holder, activity, date and status only (no NIP, no instansi). Unknown number → 404."""
    certificate = get_object_or_404(Certificate, number=number.strip().upper())
    return render(request, "workshops/certificates/verify.html", {"certificate": certificate})


@login_required
def my_certificates(request):
    certificates = Certificate.objects.filter(user=request.user).order_by("-issued_at", "-pk")
    return render(request, "workshops/certificates/mine.html", {"certificates": certificates})


@login_required
def download(request, number):
    """The PDF, for the holder, the workshop's facilitators and superusers; 404 for anyone else."""
    certificate = Certificate.objects.select_related("workshop").filter(number=number).first()
    if certificate is None or not can_download(request.user, certificate):
        raise Http404
    if not certificate.is_valid:
        return render(
            request,
            "workshops/certificates/unavailable.html",
            {"message": _("Sertifikat ini sudah dicabut dan tidak dapat diunduh."), "certificate": certificate},
            status=410,
        )
    verify_url = request.build_absolute_uri(reverse("certificate_verify", args=[certificate.number]))
    try:
        pdf = render_pdf(certificate, verify_url)
    except PdfUnavailable:
        message = _(
            "Maaf, PDF sertifikat belum dapat dibuat di server ini (pustaka WeasyPrint belum terpasang). "
            "Hubungi administrator. Keabsahan sertifikat tetap dapat diperiksa di halaman verifikasi."
        )
        return render(
            request,
            "workshops/certificates/unavailable.html",
            {"message": message, "certificate": certificate},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sertifikat-{certificate.number}.pdf"'
    return response


def _facilitator_context(workshop, revoke_error=None):
    """revoke_error: (certificate pk, message, submitted reason) to show beside that revoke form."""
    rows = participant_results(workshop)
    certificates = list(workshop.certificates.order_by("holder_name", "pk"))
    for certificate in certificates:
        if revoke_error and certificate.pk == revoke_error[0]:
            certificate.revoke_error, certificate.reason_value = revoke_error[1], revoke_error[2]
    have = {c.user_id for c in certificates}
    pending = [r for r in rows if r["completed"] and r["user"].pk not in have]
    return {
        "workshop": workshop,
        "certificates": certificates,
        "pending": pending,
        "eligible_count": sum(1 for r in rows if r["completed"]),
        "participant_count": len(rows),
        "reason_max_length": REASON_MAX_LENGTH,
    }


@facilitator_required
def facilitator_certificates(request, workshop_id):
    workshop = _managed(request, workshop_id)
    return render(request, "workshops/certificates/facilitator.html", _facilitator_context(workshop))


@require_POST
@facilitator_required
def issue_all(request, workshop_id):
    """Enqueue the batch issue; the task runs after this request's transaction commits."""
    workshop = _managed(request, workshop_id)
    enqueue(
        issue_certificates_task,
        workshop.pk,
        request=request,
        success_message=_(
            "Sertifikat untuk semua peserta yang memenuhi syarat sedang diterbitkan. Muat ulang halaman ini sebentar lagi."
        ),
        failure_message=_(
            "Sertifikat belum dapat diterbitkan karena layanan antrean sedang terganggu. Coba lagi beberapa saat lagi."
        ),
    )
    return redirect("workshops:certificates", workshop.pk)


@require_POST
@facilitator_required
def revoke_certificate(request, workshop_id, number):
    workshop = _managed(request, workshop_id)
    certificate = get_object_or_404(Certificate, workshop=workshop, number=number)
    reason = request.POST.get("reason", "").strip()
    error = None
    if not reason:
        error = _("Alasan pencabutan wajib diisi.")
    elif len(reason) > REASON_MAX_LENGTH:
        error = _("Alasan pencabutan paling banyak %(n)s karakter.") % {"n": REASON_MAX_LENGTH}
    if error:
        context = _facilitator_context(workshop, revoke_error=(certificate.pk, error, reason))
        return render(request, "workshops/certificates/facilitator.html", context, status=400)
    if revoke(certificate, reason, by=request.user):
        messages.success(request, _("Sertifikat %(number)s dicabut.") % {"number": certificate.number})
    else:
        messages.info(request, _("Sertifikat %(number)s sudah dicabut sebelumnya.") % {"number": certificate.number})
    return redirect("workshops:certificates", workshop.pk)
