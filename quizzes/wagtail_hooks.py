"""Authoring in the Wagtail admin: question bank (with preview and filters), quizzes, item analysis."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Question, Quiz


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Bank soal")
    list_display = [
        "code",
        "qtype",
        "indicator",
        "difficulty",
        Column("facility", label=_("Kemudahan"), accessor="statistic.facility"),
        Column("discrimination", label=_("Daya beda"), accessor="statistic.discrimination"),
    ]
    list_filter = ["qtype", "difficulty", "competency", "indicator__aspect__domain", "indicator", "is_active"]
    search_fields = ["code", "stem"]
    ordering = ["code"]

    def get_queryset(self, request):
        return Question.objects.select_related("indicator", "statistic")


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = _("Kuis")
    list_display = ["title", "kind", "draw_count", "pass_mark", "review_policy"]
    list_filter = ["kind", "review_policy"]
    search_fields = ["title", "slug"]


class QuizzesGroup(SnippetViewSetGroup):
    menu_label = _("Kuis")
    menu_icon = "help"
    menu_order = 310
    items = (QuestionViewSet, QuizViewSet)


register_snippet(QuizzesGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [
        path("kuis/analisis-butir/", admin_views.item_analysis, name="quizzes_item_analysis"),
        path("kuis/impor/", admin_views.import_questions, name="quizzes_import"),
        path("kuis/ekspor/", admin_views.export_questions, name="quizzes_export"),
    ]


@hooks.register("register_admin_menu_item")
def register_item_analysis_menu():
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("Analisis butir & impor"), "/admin/kuis/analisis-butir/", icon_name="table", order=320)


@hooks.register("register_log_actions")
def register_grade_log_action(actions):
    """Grades appear in the admin's audit log (Laporan → Riwayat situs) with who, when and the score."""

    def message(data):
        return _("Nilai %(score)s dicatat (%(reason)s)") % {
            "score": data.get("score"),
            "reason": GRADE_REASONS.get(data.get("reason"), data.get("reason")),
        }

    @actions.register_action("bimtek.grade")
    class GradeFormatter(LogFormatter):
        label = _("Penilaian kuis")

        def format_message(self, log_entry):
            return message(log_entry.data)


GRADE_REASONS = {
    "submitted": _("dikumpulkan peserta"),
    "time_up": _("waktu habis"),
    "test_closed": _("tes ditutup fasilitator"),
}
