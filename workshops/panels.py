"""Belajar Saya panel: the learner's workshops, and for facilitators a link to their screens."""

from accounts.dashboard import register_panel
from accounts.models import Role

from .attendance import participations_of


@register_panel
def workshops_panel(request):
    rows = participations_of(request.user)
    is_facilitator = request.user.is_superuser or request.user.groups.filter(name=Role.FASILITATOR).exists()
    return {
        "template": "workshops/includes/belajar_saya_panel.html",
        "order": 30,
        "rows": rows,
        "is_facilitator": is_facilitator,
    }
