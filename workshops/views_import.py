"""Facilitator page: import a participant list (CSV/XLSX) into one of their workshops."""

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from .importing import MAX_ROWS, ImportFileError, format_count, import_file, template_csv
from .views import _managed, facilitator_required

MAX_ERRORS_SHOWN = 1000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas daftar peserta (.csv atau .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    reinvite = forms.BooleanField(
        label=gettext_lazy("Kirim ulang undangan kepada peserta dalam berkas yang belum mengaktifkan akunnya"),
        required=False,
    )


@facilitator_required
def import_participants(request, workshop_id):
    workshop = _managed(request, workshop_id)
    # Bound on every POST, even an empty one (no file chosen), so the form says what is missing.
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = import_file(workshop, form.cleaned_data["file"], reinvite=form.cleaned_data["reinvite"])
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            form = ImportForm()
    context = {
        "workshop": workshop,
        "form": form,
        "result": result,
        "max_rows": format_count(MAX_ROWS),
        "participant_count": workshop.participants.count(),
    }
    if result is not None:
        context["errors_shown"] = result.errors[:MAX_ERRORS_SHOWN]
        context["errors_hidden"] = max(len(result.errors) - MAX_ERRORS_SHOWN, 0)
    return render(request, "workshops/import.html", context, status=400 if form.errors else 200)


@facilitator_required
def import_template(request, workshop_id):
    _managed(request, workshop_id)
    response = HttpResponse("\ufeff" + template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templat-peserta.csv"'
    return response
