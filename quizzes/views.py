"""Quiz pages for learners: intro, attempt (answers saved one by one), submit, results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .grading import PARTIAL_CREDIT_RULE
from .models import Attempt, Quiz, ReviewPolicy
from .services import QuizError, attempts_left, is_expired, open_attempt, save_answer, start_attempt, submit_attempt


def quiz_detail(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    context = {"quiz": quiz, "now": timezone.now()}
    if request.user.is_authenticated:
        context.update(
            open_attempt=open_attempt(request.user, quiz),
            attempts_left=attempts_left(request.user, quiz),
            past=list(Attempt.objects.filter(user=request.user, quiz=quiz, submitted_at__isnull=False)),
        )
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
@login_required
def start(request, slug):
    quiz = get_object_or_404(Quiz, slug=slug)
    try:
        attempt = start_attempt(request.user, quiz)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.get_absolute_url())
    return redirect("quizzes:attempt", attempt.pk)


def _own_attempt(request, attempt_id):
    """The learner's own attempt; anyone else's is a 404 (we do not reveal that it exists)."""
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user)


def _items(attempt):
    """Attempt questions with their options in the shown order and the saved answer (constant queries)."""
    items = list(attempt.items.select_related("question", "answer").prefetch_related("question__choices"))
    selected = {}
    for item in items:
        answer = getattr(item, "answer", None)
        item.saved = answer
    answer_ids = [i.saved.pk for i in items if i.saved]
    from .models import Answer

    for answer_id, choice_id in Answer.choices.through.objects.filter(answer_id__in=answer_ids).values_list(
        "answer_id", "choice_id"
    ):
        selected.setdefault(answer_id, set()).add(choice_id)
    for item in items:
        by_id = {c.pk: c for c in item.question.choices.all()}
        order = item.choice_order or list(by_id)
        item.options = [by_id[cid] for cid in order if cid in by_id]
        item.selected = selected.get(item.saved.pk, set()) if item.saved else set()
        item.likert = item.saved.likert_value if item.saved else None
    return items


@login_required
def attempt_view(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at:
        return redirect("quizzes:result", attempt.pk)
    if is_expired(attempt):
        submit_attempt(attempt.pk, reason="time_up")
        messages.warning(request, _("Waktu habis. Jawaban yang sudah tersimpan telah dinilai."))
        return redirect("quizzes:result", attempt.pk)
    if request.method == "POST":
        return _save_all(request, attempt)
    return render(
        request,
        "quizzes/attempt.html",
        {"attempt": attempt, "quiz": attempt.quiz, "items": _items(attempt), "partial_rule": PARTIAL_CREDIT_RULE},
    )


def _save_all(request, attempt):
    """The no-JavaScript path: save every answer in the form, then submit if asked."""
    problems = []
    for item in attempt.items.select_related("question"):
        key = f"q{item.question_id}"
        try:
            if item.question.qtype == "likert":
                if request.POST.get(key):
                    save_answer(attempt, item.question_id, likert=_int(request.POST.get(key)))
            elif key in request.POST:
                save_answer(attempt, item.question_id, choice_ids=[_int(v) for v in request.POST.getlist(key)])
        except QuizError as error:
            problems.append(f"{item.position}: {error}")
    for problem in problems:
        messages.error(request, _("Soal %(problem)s") % {"problem": problem})
    if "submit" in request.POST and not problems:
        submit_attempt(attempt.pk, by=request.user)
        return redirect("quizzes:result", attempt.pk)
    if not problems:
        messages.success(request, _("Jawaban tersimpan. Anda dapat melanjutkan kapan saja."))
    return redirect("quizzes:attempt", attempt.pk)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


@require_POST
@login_required
def answer(request, attempt_id):
    """Save one answer (JavaScript autosave). JSON in, JSON out; errors are Indonesian messages."""
    attempt = _own_attempt(request, attempt_id)
    try:
        request.POST  # noqa: B018  parse now: a malformed body gets the JSON answer below, not an HTML 400
    except MultiPartParserError:
        return JsonResponse(
            {"ok": False, "error": _("Jawaban tidak dapat dibaca. Pilih lagi jawaban Anda.")}, status=400
        )
    try:
        question_id = int(request.POST.get("question", ""))
        if not 0 < question_id < 2**63:  # beyond the database's integer range the lookup itself fails
            raise ValueError
        if request.POST.get("likert"):
            save_answer(attempt, question_id, likert=_int(request.POST["likert"]))
        else:
            save_answer(attempt, question_id, choice_ids=[_int(v) for v in request.POST.getlist("choice")])
    except ValueError:
        return JsonResponse({"ok": False, "error": _("Soal tidak dikenal.")}, status=400)
    except QuizError as error:
        return JsonResponse({"ok": False, "error": str(error)}, status=409)
    return JsonResponse({"ok": True, "saved_at": timezone.localtime().strftime("%H:%M:%S")})


@require_POST
@login_required
def submit(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    submit_attempt(attempt.pk, by=request.user)
    return redirect("quizzes:result", attempt.pk)


def review_allowed(attempt):
    policy = attempt.quiz.review_policy
    if policy == ReviewPolicy.IMMEDIATELY:
        return True
    if policy == ReviewPolicy.AFTER_CLOSE:
        return attempt.quiz.is_closed()
    return False


@login_required
def result(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if attempt.submitted_at is None:
        raise Http404
    items = _items(attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "items": items,
        "show_review": review_allowed(attempt),
        "partial_rule": PARTIAL_CREDIT_RULE,
        "graded_count": sum(1 for i in items if i.question.qtype != "likert"),
        "correct_count": sum(1 for i in items if i.saved and i.saved.fraction == 1),
    }
    if attempt.quiz.is_mindset:
        context["mindset_scores"] = list(
            attempt.mindset_scores.select_related("dimension").order_by("dimension__sort_order")
        )
    return render(request, "quizzes/result.html", context)
