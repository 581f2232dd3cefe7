"""Rotating check-in tokens and attendance rules, computed on the server."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Attendance, Participant, Session

WINDOW_SECONDS = getattr(settings, "CHECKIN_WINDOW_SECONDS", 30)


class CheckInError(Exception):
    """A refused check-in; the message is shown to the participant."""


def _window(now):
    return int(now.timestamp()) // WINDOW_SECONDS


def token_for(session: Session, now=None) -> str:
    """The token shown on the facilitator's screen for the current window."""
    return _token(session, _window(now or timezone.now()))


def _token(session, window):
    key = f"{settings.SECRET_KEY}:{session.secret}".encode()
    digest = hmac.new(key, f"{session.pk}:{window}".encode(), hashlib.sha256).hexdigest()[:12]
    return f"{session.pk}-{window}-{digest}"


def seconds_left(now=None):
    now = now or timezone.now()
    return WINDOW_SECONDS - int(now.timestamp()) % WINDOW_SECONDS


def check_in(user, token: str, now=None) -> Attendance:
    """Record the user's presence from a scanned token, or raise CheckInError saying why not."""
    now = now or timezone.now()
    try:
        session_id, window, _digest = token.split("-", 2)
        session = Session.objects.select_related("workshop").get(pk=int(session_id))
        window = int(window)
    except (ValueError, Session.DoesNotExist):
        raise CheckInError(_("Kode QR tidak dikenal. Pindai lagi kode di layar fasilitator.")) from None
    # As bytes: compare_digest refuses a str with non-ASCII characters (TypeError, a server error).
    if not hmac.compare_digest(token.encode(), _token(session, window).encode()):
        raise CheckInError(_("Kode QR tidak sah. Pindai lagi kode di layar fasilitator."))
    current = _window(now)
    if window not in (current, current - 1):  # the previous window too, for a slow scan
        raise CheckInError(_("Kode QR sudah kedaluwarsa. Pindai kode yang sedang tampil."))
    if not session.is_running(now):
        raise CheckInError(_("Presensi hanya dapat dicatat selama sesi berlangsung."))
    participant = Participant.objects.filter(workshop=session.workshop, user=user).first()
    if participant is None:
        raise CheckInError(_("Anda belum terdaftar sebagai peserta workshop ini."))
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                session=session, participant=participant, status=Attendance.Status.HADIR, method=Attendance.Method.QR
            )
    except IntegrityError:
        raise CheckInError(_("Kehadiran Anda di sesi ini sudah tercatat.")) from None


def mark(session: Session, participant: Participant, status: str, by) -> Attendance:
    """The facilitator records (or corrects) a participant's status for a session."""
    if status not in Attendance.Status.values:
        raise CheckInError(_("Status kehadiran tidak dikenal."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session,
        participant=participant,
        defaults={"status": status, "method": Attendance.Method.FACILITATOR, "recorded_by": by},
    )
    return attendance


def attendance_percent(present: int, sessions: int) -> int:
    return round(present * 100 / sessions) if sessions else 0


def participations_of(user):
    """The user's workshops with their attendance %, in one query.

    Both counts are distinct: joining attendances and sessions in one query multiplies rows.
    """
    participations = (
        Participant.objects.filter(user=user)
        .select_related("workshop", "workshop__course")
        .annotate(
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.HADIR), distinct=True),
            sessions=Count("workshop__sessions", distinct=True),
        )
        .order_by("-joined_at")
    )
    return [
        {"participant": p, "workshop": p.workshop, "percent": attendance_percent(p.present, p.sessions)}
        for p in participations
    ]
