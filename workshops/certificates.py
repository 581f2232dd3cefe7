"""Certificates: issued once per learner and workshop (or self-paced course), verifiable, revocable.

Eligibility is the rule of ``participant_results`` (attendance % and post-test score). Issuing is
idempotent and safe under races: the unique constraints on Certificate and JPLedgerEntry decide, and
a losing concurrent insert returns the row the winner created. Holder and activity are copied onto
the certificate when it is issued, so later profile edits do not change a certificate on paper.
"""

import logging

import segno
from celery import shared_task
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log as audit_log

from accounts.models import JPLedgerEntry

from .models import Certificate, Workshop
from .results import participant_results

logger = logging.getLogger(__name__)

# Certificates are Indonesian documents whatever the interface language: month names are fixed here.
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


class PdfUnavailable(Exception):
    """WeasyPrint or the system libraries it needs (Pango, HarfBuzz) are not installed."""


def _day(d):
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def date_range_text(first, last=None):
    """'3 Desember 2026', '3–5 Desember 2026', '30 November – 2 Desember 2026',
    '30 Desember 2026 – 2 Januari 2027'."""
    last = last or first
    if first > last:
        first, last = last, first
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def workshop_date_text(workshop):
    """The Indonesian date range of the workshop's sessions (local dates); today if it has none."""
    sessions = list(workshop.sessions.order_by("starts_at").values_list("starts_at", "ends_at"))
    if not sessions:
        return date_range_text(timezone.localdate())
    first = timezone.localtime(sessions[0][0]).date()
    last = max(timezone.localtime(ends).date() for _starts, ends in sessions)
    return date_range_text(first, last)


def _holder(user):
    return {
        "holder_name": (user.nama or user.email)[:150],
        "holder_nip": user.nip or "",
        "holder_instansi": (user.instansi.nama if user.instansi_id else "")[:200],
    }


def _existing(user, *, workshop=None, course=None):
    if workshop is not None:
        return Certificate.objects.filter(user=user, workshop=workshop).first()
    return Certificate.objects.filter(user=user, course=course).first()


def _create(fields, *, workshop=None, course=None):
    """Insert the certificate; if a concurrent issue won the race, return that row instead.

    Returns (certificate, created)."""
    try:
        with transaction.atomic():
            return Certificate.objects.create(workshop=workshop, course=course, **fields), True
    except IntegrityError:
        existing = _existing(fields["user"], workshop=workshop, course=course)
        if existing is None:  # not the per-user constraint (e.g. a number collision): do not hide it
            raise
        return existing, False


def _audit_issue(certificate):
    audit_log(
        certificate,
        "bimtek.certificate.issue",
        title=certificate.number,
        data={
            "holder": certificate.user_id,
            "number": certificate.number,
            "workshop": certificate.workshop_id,
            "course": certificate.course_id,
            "jp": certificate.jp,
        },
    )


def _issue_workshop_certificate(participant, workshop, date_text):
    """Returns (certificate, created); credits the JP in the same transaction as the insert."""
    user = participant.user
    existing = _existing(user, workshop=workshop)
    if existing is not None:
        return existing, False
    with transaction.atomic():
        certificate, created = _create(
            {
                "user": user,
                **_holder(user),
                "title": workshop.title[:250],
                "date_text": date_text[:120],
                "jp": workshop.jp,
            },
            workshop=workshop,
        )
        if created:
            _audit_issue(certificate)
            JPLedgerEntry.objects.get_or_create(
                user=user,
                source_key=f"workshop:{workshop.pk}",
                defaults={"description": f"Workshop: {workshop.title}"[:250], "jp": workshop.jp},
            )
    return certificate, created


def issue_certificate(participant):
    """The participant's certificate for their workshop, issued now if they completed it.

    Returns the existing certificate if there is one (valid or revoked: a revoked certificate is not
    re-issued), the new one if the participant completed the workshop, otherwise None. The workshop's
    JP are credited once to the ledger (source ``workshop:<id>``)."""
    workshop = participant.workshop
    existing = _existing(participant.user_id, workshop=workshop)
    if existing is not None:
        return existing
    row = next((r for r in participant_results(workshop) if r["participant"].pk == participant.pk), None)
    if row is None or not row["completed"]:
        return None
    certificate, _created = _issue_workshop_certificate(row["participant"], workshop, workshop_date_text(workshop))
    return certificate


def issue_for_workshop(workshop):
    """Issue a certificate to every eligible participant who has none yet; returns how many were new."""
    rows = participant_results(workshop)
    have = set(Certificate.objects.filter(workshop=workshop).values_list("user_id", flat=True))
    pending = [r["participant"] for r in rows if r["completed"] and r["participant"].user_id not in have]
    if not pending:
        return 0
    date_text = workshop_date_text(workshop)
    return sum(_issue_workshop_certificate(p, workshop, date_text)[1] for p in pending)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def issue_certificates_task(workshop_id):
    """Issue the certificates of a whole workshop. Idempotent: re-reads attendance and scores, and
    skips participants who already have a certificate; a missing workshop is a logged no-op."""
    workshop = Workshop.objects.filter(pk=workshop_id).first()
    if workshop is None:
        logger.info("issue_certificates_task: workshop %s no longer exists", workshop_id)
        return 0
    issued = issue_for_workshop(workshop)
    logger.info("issue_certificates_task: %s new certificates for workshop %s", issued, workshop_id)
    return issued


def issue_course_certificate(enrolment):
    """The certificate for a completed self-paced course (once per learner and course).

    JP are not credited here: courses.progress already credited them when the course was finished."""
    if enrolment.completed_at is None:
        return None
    course = enrolment.course
    user = enrolment.user
    existing = _existing(user, course=course)
    if existing is not None:
        return existing
    with transaction.atomic():
        certificate, created = _create(
            {
                "user": user,
                **_holder(user),
                "title": course.title[:250],
                "date_text": date_range_text(timezone.localtime(enrolment.completed_at).date()),
                "jp": course.jp,
            },
            course=course,
        )
        if created:
            _audit_issue(certificate)
    return certificate


def on_course_completed(sender, enrolment, **kwargs):
    """Receiver of courses.signals.course_completed (connected in WorkshopsConfig.ready)."""
    issue_course_certificate(enrolment)


def revoke(certificate, reason, by=None):
    """Revoke once with a reason (recorded in the audit log); returns False if it was already revoked."""
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoke_reason=reason
        )
        if updated:
            audit_log(
                certificate,
                "bimtek.certificate.revoke",
                user=by,
                title=certificate.number,
                data={"holder": certificate.user_id, "number": certificate.number, "reason": reason},
            )
    certificate.refresh_from_db()
    return bool(updated)


def can_download(user, certificate):
    """The holder, the workshop's facilitators and superusers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or certificate.user_id == user.pk:
        return True
    return certificate.workshop_id is not None and certificate.workshop.facilitators.filter(pk=user.pk).exists()


def certificate_html(certificate, verify_url):
    """The HTML WeasyPrint lays out: A4 landscape, with an inline SVG QR code to the verification page."""
    qr = segno.make(verify_url, error="m").svg_inline(scale=3, dark="#1b1f24", light="#ffffff")
    with translation.override("id"):  # an Indonesian document whatever the interface language
        return render_to_string(
            "workshops/certificate_pdf.html", {"certificate": certificate, "verify_url": verify_url, "qr": qr}
        )


def render_pdf(certificate, verify_url):
    """PDF bytes of the certificate; raises PdfUnavailable if WeasyPrint cannot be loaded."""
    try:
        from weasyprint import HTML  # lazily: the library and its system libraries are optional
    except (ImportError, OSError) as error:
        logger.warning("WeasyPrint unavailable: %s", error)
        raise PdfUnavailable(str(error)) from error
    return HTML(string=certificate_html(certificate, verify_url)).write_pdf()
