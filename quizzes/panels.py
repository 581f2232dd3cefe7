"""Belajar Saya panel: mastery per domain and the Profil Pola Pikir Digital ASN with its trend."""

from accounts.dashboard import register_panel

from .models import Quiz
from .progress import MASTERY_DEFINITION, domain_mastery_rows, mindset_profile


@register_panel
def quizzes_panel(request):
    profile = mindset_profile(request.user)
    return {
        "template": "quizzes/includes/belajar_saya_panel.html",
        "order": 20,
        "mastery": domain_mastery_rows(request.user),
        "mastery_definition": MASTERY_DEFINITION,
        "profile": profile,
        "mindset_quiz": Quiz.objects.filter(kind=Quiz.Kind.MINDSET).only("slug", "title").first(),
    }
