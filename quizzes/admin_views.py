"""Admin pages for authors: item analysis per question and indicator, GIFT/Aiken import and export."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spbe.models import Indicator

from .aiken import parse_aiken, write_aiken
from .gift import GiftError, parse, write_gift
from .importing import resolve_indicators, save_questions
from .models import ItemStatistic, Question
from .statistics import indicator_rollup


def _require_author(request):
    if not request.user.has_perm("quizzes.change_question"):
        raise PermissionDenied


def item_analysis(request):
    _require_author(request)
    stats = ItemStatistic.objects.select_related("question", "question__indicator").order_by("question__code")
    return TemplateResponse(
        request,
        "quizzes/admin/item_analysis.html",
        {"stats": stats, "rollup": indicator_rollup(), "import_form": ImportForm()},
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas .gift atau .txt (Aiken)"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[("gift", "GIFT"), ("aiken", "Aiken")])
    indicator = forms.IntegerField(
        label=gettext_lazy("Indikator (untuk Aiken, atau GIFT tanpa $CATEGORY)"), required=False, min_value=1
    )
    skip_unsupported = forms.BooleanField(label=gettext_lazy("Lewati jenis soal yang tidak didukung"), required=False)


def import_questions(request):
    _require_author(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, _("Berkas bukan teks UTF-8."))
            return redirect("quizzes_item_analysis")
        try:
            counts, skipped = run_import(
                text, form.cleaned_data["format"], form.cleaned_data["indicator"], form.cleaned_data["skip_unsupported"]
            )
        except GiftError as error:
            for line, message in error.errors:
                messages.error(request, _("Baris %(line)s: %(message)s") % {"line": line, "message": message})
            messages.error(request, _("Tidak ada soal yang diimpor."))
            return redirect("quizzes_item_analysis")
        messages.success(
            request,
            _("Impor selesai: %(created)s dibuat, %(updated)s diperbarui, %(unchanged)s tidak berubah.") % counts,
        )
        for line, kind in skipped:
            messages.warning(request, _("Baris %(line)s dilewati: %(kind)s") % {"line": line, "kind": kind})
    return redirect("quizzes_item_analysis")


def run_import(text, fmt, indicator_number=None, skip_unsupported=False):
    """Parse and save; raises GiftError (nothing saved) when any error is found."""
    default = None
    if indicator_number:
        default = Indicator.objects.filter(framework__code="spbe-2020", number=indicator_number).first()
        if default is None:
            raise GiftError([(0, f"indikator {indicator_number} tidak ada")])
    skipped = []
    if fmt == "aiken":
        parsed = parse_aiken(text)
    else:
        result = parse(text)
        errors = list(result.errors)
        if result.unsupported and not skip_unsupported:
            errors += [(line, f"jenis soal '{kind}' tidak didukung") for line, kind in result.unsupported]
        if errors:
            raise GiftError(sorted(errors))
        parsed, skipped = result.questions, result.unsupported
    return save_questions(parsed, resolve_indicators(parsed, default_indicator=default)), skipped


def category_for(question):
    if not question.indicator_id:
        return ""
    domain = question.indicator.aspect.domain
    prefix = f"$course$/{question.indicator.framework.code}"
    return f"{prefix}/Domain {domain.number}/Indikator {question.indicator.number}" if domain else prefix


def export_queryset(indicator=None):
    queryset = (
        Question.objects.filter(is_active=True)
        .exclude(qtype="likert")
        .select_related("indicator__aspect__domain", "indicator__framework")
        .prefetch_related("choices")
        .order_by("indicator__number", "code")
    )
    if indicator:
        queryset = queryset.filter(indicator__number=indicator)
    return queryset


def export_questions(request):
    _require_author(request)
    fmt = request.GET.get("format", "gift")
    indicator = request.GET.get("indicator") or None
    questions = export_queryset(int(indicator) if indicator and indicator.isdigit() else None)
    body = write_aiken(questions) if fmt == "aiken" else write_gift(questions, category_for)
    response = HttpResponse(body, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bank-soal.{"txt" if fmt == "aiken" else "gift"}"'
    return response
