"""Belajar Saya panel: the learner's workshops, and for facilitators a link to their screens."""

from django.db.models import Count, Q

from accounts.dashboard import register_panel
from accounts.models import Role

from .attendance import attendance_percent
from .models import Attendance, Participant


@register_panel
def workshops_panel(request):
    participations = (
        Participant.objects.filter(user=request.user)
        .select_related("workshop")
        .annotate(present=Count("attendances", filter=Q(attendances__status=Attendance.Status.HADIR), distinct=True))
        .annotate(sessions=Count("workshop__sessions", distinct=True))
    )
    rows = [{"workshop": p.workshop, "percent": attendance_percent(p.present, p.sessions)} for p in participations]
    is_facilitator = request.user.is_superuser or request.user.groups.filter(name=Role.FASILITATOR).exists()
    return {
        "template": "workshops/includes/belajar_saya_panel.html",
        "order": 30,
        "rows": rows,
        "is_facilitator": is_facilitator,
    }
