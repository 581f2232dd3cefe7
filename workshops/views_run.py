"""Running the day: pre/post tests, the participant's workshop page, the live view and the survey."""

from collections import Counter, defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from quizzes.models import Answer, Quiz
from quizzes.services import QuizError

from .models import Attendance, Participant, SurveyResponse, TestPhase, WorkshopTest
from .results import cohort_summary, participant_results
from .testing import close_test, indicator_gain, open_test, start_test
from .views import _managed, facilitator_required

SURVEY_ITEMS = [
    ("relevan", gettext_lazy("Materi workshop relevan dengan pekerjaan saya.")),
    ("jelas", gettext_lazy("Fasilitator menjelaskan dengan jelas.")),
    ("yakin", gettext_lazy("Setelah workshop ini saya lebih yakin menilai tingkat kematangan indikator.")),
    ("sarana", gettext_lazy("Waktu, tempat dan sarana workshop memadai.")),
]
LIKERT = [(n, str(n)) for n in range(1, 6)]


class TestSetupForm(forms.Form):
    phase = forms.ChoiceField(choices=TestPhase.choices, label=gettext_lazy("Tahap"))
    form_a = forms.ModelChoiceField(
        queryset=Quiz.objects.exclude(kind=Quiz.Kind.MINDSET), label=gettext_lazy("Bentuk A")
    )
    form_b = forms.ModelChoiceField(
        queryset=Quiz.objects.exclude(kind=Quiz.Kind.MINDSET), required=False, label=gettext_lazy("Bentuk B (opsional)")
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form_b") and cleaned.get("form_b") == cleaned.get("form_a"):
            raise forms.ValidationError(_("Bentuk B harus kuis yang berbeda dari bentuk A."))
        return cleaned


class SurveyForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Saran dan komentar"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SURVEY_ITEMS:
            self.fields[key] = forms.TypedChoiceField(
                label=label, choices=LIKERT, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih 1 (sangat tidak setuju) sampai 5 (sangat setuju).")},
            )  # fmt: skip
        self.order_fields([k for k, _ in SURVEY_ITEMS] + ["comment"])


@facilitator_required
def tests_and_results(request, workshop_id):
    """Facilitator: choose the quizzes, open/close each test, see scores and gain with their n."""
    workshop = _managed(request, workshop_id)
    form = TestSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        WorkshopTest.objects.update_or_create(
            workshop=workshop,
            phase=form.cleaned_data["phase"],
            defaults={"form_a": form.cleaned_data["form_a"], "form_b": form.cleaned_data["form_b"]},
        )
        messages.success(request, _("Tes tersimpan."))
        return redirect("workshops:tests", workshop.pk)
    rows = participant_results(workshop)
    indicators = indicator_gain(workshop)
    return render(
        request,
        "workshops/tests.html",
        {
            "workshop": workshop,
            "form": form,
            "tests": list(workshop.tests.select_related("form_a", "form_b").order_by("-phase")),
            "rows": rows,
            "summary": cohort_summary(rows),
            "indicators": indicators,
        },
    )


@require_POST
@facilitator_required
def toggle_test(request, workshop_id, test_id):
    workshop = _managed(request, workshop_id)
    test = get_object_or_404(WorkshopTest, pk=test_id, workshop=workshop)
    if test.is_open:
        graded = close_test(test, by=request.user)
        messages.success(request, _("Tes ditutup; %(n)s percobaan yang masih terbuka dinilai.") % {"n": graded})
    else:
        open_test(test)
        messages.success(request, _("Tes dibuka untuk peserta."))
    return redirect("workshops:tests", workshop.pk)


def _participant(request, workshop_id):
    return get_object_or_404(
        Participant.objects.select_related("workshop", "workshop__course"), workshop_id=workshop_id, user=request.user
    )


@login_required
def participant_home(request, workshop_id):
    """The participant's page for a workshop: sessions, own attendance, open tests, survey."""
    participant = _participant(request, workshop_id)
    workshop = participant.workshop
    mine = {a.session_id: a.get_status_display() for a in participant.attendances.all()}
    sessions = [(s, mine.get(s.pk, "")) for s in workshop.sessions.all()]
    taken = {t.test_id: t.attempt for t in participant.test_attempts.select_related("attempt")}
    tests = [(t, taken.get(t.pk)) for t in workshop.tests.order_by("-phase")]
    return render(
        request,
        "workshops/participant_home.html",
        {
            "participant": participant,
            "workshop": workshop,
            "sessions": sessions,
            "tests": tests,
            "survey_done": SurveyResponse.objects.filter(participant=participant).exists(),
        },  # fmt: skip
    )


@require_POST
@login_required
def take_test(request, workshop_id, test_id):
    participant = _participant(request, workshop_id)
    test = get_object_or_404(WorkshopTest, pk=test_id, workshop=participant.workshop)
    try:
        attempt = start_test(participant, test)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect("workshops:participant", workshop_id)
    return redirect("quizzes:attempt", attempt.pk)


@login_required
def survey(request, workshop_id):
    participant = _participant(request, workshop_id)
    if SurveyResponse.objects.filter(participant=participant).exists():
        messages.info(request, _("Terima kasih, tanggapan Anda sudah tersimpan."))
        return redirect("workshops:participant", workshop_id)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        SurveyResponse.objects.get_or_create(
            participant=participant,
            defaults={
                "ratings": {k: form.cleaned_data[k] for k, _ in SURVEY_ITEMS},
                "comment": form.cleaned_data["comment"],
            },
        )
        messages.success(request, _("Terima kasih atas tanggapan Anda."))
        return redirect("workshops:participant", workshop_id)
    return render(request, "workshops/survey.html", {"form": form, "workshop": participant.workshop})


def survey_summary(workshop):
    responses = list(SurveyResponse.objects.filter(participant__workshop=workshop).order_by("submitted_at"))
    items = []
    for key, label in SURVEY_ITEMS:
        values = [r.ratings.get(key) for r in responses if r.ratings.get(key)]
        items.append({"label": label, "mean": round(sum(values) / len(values), 2) if values else None, "n": len(values),
                      "distribution": [sum(1 for v in values if v == n) for n in range(1, 6)]})  # fmt: skip
    return {"items": items, "comments": [r.comment for r in responses if r.comment.strip()], "n": len(responses)}


@facilitator_required
def survey_results(request, workshop_id):
    workshop = _managed(request, workshop_id)
    return render(request, "workshops/survey_results.html", {"workshop": workshop, "summary": survey_summary(workshop)})


def live_data(workshop, now=None):
    """What the projector shows; a constant number of queries whatever the cohort size."""
    now = now or timezone.now()
    sessions = list(workshop.sessions.all())
    current = next((s for s in sessions if s.starts_at <= now <= s.ends_at), None) or (
        sessions[-1] if sessions else None
    )
    present = []
    if current:
        present = list(
            Attendance.objects.filter(session=current, status=Attendance.Status.HADIR)
            .select_related("participant__user")
            .order_by("recorded_at")
            .values_list("participant__user__nama", flat=True)
        )
    test = workshop.tests.filter(is_open=True).first() or workshop.tests.order_by("-opened_at").first()
    started = finished = []
    questions = []
    if test:
        links = list(test.test_attempts.select_related("participant__user", "attempt"))
        started = [t.participant.user.nama for t in links]
        finished = [t.participant.user.nama for t in links if t.attempt.submitted_at]
        attempt_ids = [t.attempt_id for t in links]
        distribution = defaultdict(Counter)
        texts = {}
        for question_id, code, choice_text in Answer.choices.through.objects.filter(
            answer__item__attempt_id__in=attempt_ids
        ).values_list("answer__item__question_id", "answer__item__question__code", "choice__text"):
            distribution[(question_id, code)][choice_text] += 1
        difficulty = dict(
            Answer.objects.filter(item__attempt_id__in=attempt_ids, fraction__isnull=False)
            .values_list("item__question_id")
            .annotate(mean=Avg("fraction"))
            .values_list("item__question_id", "mean")
        )
        for (question_id, code), counts in distribution.items():
            texts[question_id] = code
            total = sum(counts.values())
            questions.append({
                "code": code, "total": total, "mean": difficulty.get(question_id),
                "bars": [{"text": text, "count": n, "percent": round(n * 100 / total)} for text, n in counts.most_common()],
            })  # fmt: skip
    hardest = sorted((q for q in questions if q["mean"] is not None), key=lambda q: q["mean"])[:3]
    return {
        "session": current, "present": present, "participant_count": workshop.participants.count(),
        "test": test, "started": started, "finished": finished,
        "questions": sorted(questions, key=lambda q: q["code"]), "hardest": hardest,
    }  # fmt: skip


@facilitator_required
def live(request, workshop_id):
    workshop = _managed(request, workshop_id)
    context = {"workshop": workshop, **live_data(workshop)}
    template = "workshops/includes/live_panel.html" if request.GET.get("partial") else "workshops/live.html"
    return render(request, template, context)
