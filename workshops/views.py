"""Facilitator screens (own workshops only) and participants' join and check-in."""

from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role

from .attendance import CheckInError, attendance_percent, check_in, mark, participations_of, seconds_left, token_for
from .forms import JoinCodeForm, SessionFormSet, WorkshopForm
from .models import Attendance, Participant, Session, Workshop


def facilitator_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_superuser or request.user.groups.filter(name=Role.FASILITATOR).exists()):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _managed(request, workshop_id):
    """The workshop if the user manages it; 404 otherwise (its existence is not revealed)."""
    return get_object_or_404(Workshop.objects.managed_by(request.user), pk=workshop_id)


@facilitator_required
def workshop_list(request):
    workshops = (
        Workshop.objects.managed_by(request.user)
        .select_related("course")
        .annotate(
            participant_count=Count("participants", distinct=True), session_count=Count("sessions", distinct=True)
        )
    )
    return render(request, "workshops/workshop_list.html", {"workshops": workshops})


@facilitator_required
def workshop_edit(request, workshop_id=None):
    workshop = _managed(request, workshop_id) if workshop_id else None
    form = WorkshopForm(request.POST or None, instance=workshop)
    formset = SessionFormSet(request.POST or None, instance=workshop or Workshop())
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            workshop = form.save()
            if not workshop.facilitators.filter(pk=request.user.pk).exists() and not request.user.is_superuser:
                workshop.facilitators.add(request.user)
            formset.instance = workshop
            formset.save()
        messages.success(request, _("Workshop tersimpan."))
        return redirect(workshop.get_absolute_url())
    return render(request, "workshops/workshop_form.html", {"form": form, "formset": formset, "workshop": workshop})


GRID_PAGE_SIZE = 50  # participants per page of the attendance grid; a cohort of 1,000 is 20 pages


def attendance_grid(workshop, participants):
    """The given participants with their status per session and attendance %, in constant queries."""
    sessions = list(workshop.sessions.all())
    participants = list(participants)
    statuses = {
        (a.participant_id, a.session_id): a.status
        for a in Attendance.objects.filter(
            session__workshop=workshop, participant__in=[p.pk for p in participants]
        ).only("participant_id", "session_id", "status")
    }
    rows = []
    for p in participants:
        cells = [statuses.get((p.pk, s.pk), "") for s in sessions]
        present = sum(1 for c in cells if c == Attendance.Status.HADIR)
        rows.append(
            {
                "participant": p,
                "cells": list(zip(sessions, cells, strict=True)),
                "percent": attendance_percent(present, len(sessions)),
            }
        )
    return sessions, rows


@facilitator_required
def workshop_detail(request, workshop_id):
    workshop = _managed(request, workshop_id)
    query = request.GET.get("q", "").strip()[:100]
    participants = workshop.participants.select_related("user", "user__instansi").order_by("user__nama", "pk")
    if query:
        participants = participants.filter(
            Q(user__nama__icontains=query) | Q(user__email__icontains=query) | Q(user__nip__icontains=query)
        )
    page = Paginator(participants, GRID_PAGE_SIZE).get_page(request.GET.get("hal"))
    total = workshop.participants.count() if query else page.paginator.count
    sessions, rows = attendance_grid(workshop, page.object_list)
    return render(
        request,
        "workshops/workshop_detail.html",
        {
            "workshop": workshop,
            "sessions": sessions,
            "rows": rows,
            "page": page,
            "total": total,
            "query": query,
            "statuses": Attendance.Status.choices,
            "join_link": request.build_absolute_uri(workshop.join_url()),
        },
    )


@require_POST
@facilitator_required
def mark_attendance(request, workshop_id, session_id):
    workshop = _managed(request, workshop_id)
    session = get_object_or_404(Session, pk=session_id, workshop=workshop)
    changed = 0
    posted = [key[1:] for key in request.POST if key.startswith("p") and key[1:].isdigit()]
    for participant in workshop.participants.filter(pk__in=[int(pk) for pk in posted if len(pk) < 19]):
        status = request.POST.get(f"p{participant.pk}")
        if status:
            try:
                mark(session, participant, status, request.user)
                changed += 1
            except CheckInError as error:
                messages.error(request, str(error))
    messages.success(request, _("%(n)s status kehadiran tersimpan.") % {"n": changed})
    back = {k: v for k in ("q", "hal") if (v := request.POST.get(k, "").strip()[:100])}
    return redirect(workshop.get_absolute_url() + (f"?{urlencode(back)}" if back else ""))


def qr_svg(data, scale=8):
    """An SVG QR code, drawn on the server (segno)."""
    return segno.make(data, error="m").svg_inline(scale=scale, dark="#1b1f24", light="#ffffff")


@facilitator_required
def checkin_screen(request, workshop_id, session_id):
    """The rotating QR for the projector; the page refreshes its code by itself."""
    workshop = _managed(request, workshop_id)
    session = get_object_or_404(Session, pk=session_id, workshop=workshop)
    context = _checkin_payload(request, session)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse(context)
    return render(request, "workshops/checkin_screen.html", {"workshop": workshop, "session": session, **context})


def _checkin_payload(request, session):
    token = token_for(session)
    url = request.build_absolute_uri(reverse("workshops:checkin", args=[token]))
    present = session.attendances.filter(status=Attendance.Status.HADIR).count()
    return {
        "qr": qr_svg(url),
        "url": url,
        "seconds_left": seconds_left(),
        "running": session.is_running(),
        "present": present,
    }


@login_required
def checkin(request, token):
    """A participant scanned the facilitator's QR: record presence, or say plainly why not."""
    try:
        attendance = check_in(request.user, token)
    except CheckInError as error:
        return render(request, "workshops/checkin_result.html", {"error": str(error)}, status=400)
    return render(request, "workshops/checkin_result.html", {"attendance": attendance})


def join(request, code=None):
    """Join a workshop by code or QR: sign in or register first, then enrol (capacity respected)."""
    form = JoinCodeForm(request.POST or None, initial={"code": code} if code else None)
    if code is None and request.method == "POST" and form.is_valid():
        return redirect("workshops:join", form.cleaned_data["code"])
    if code is None:
        return render(request, "workshops/join.html", {"form": form})
    workshop = Workshop.objects.filter(join_code=code.strip().upper()).select_related("course").first()
    if workshop is None:
        return render(
            request, "workshops/join.html", {"form": form, "error": _("Kode workshop tidak dikenal.")}, status=404
        )
    if not request.user.is_authenticated:
        return render(request, "workshops/join.html", {"form": form, "workshop": workshop, "needs_login": True})
    if request.method == "POST":
        with transaction.atomic():
            locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
            already = Participant.objects.filter(workshop=locked, user=request.user).exists()
            if not already and locked.participants.count() >= locked.capacity:
                messages.error(request, _("Maaf, kuota workshop ini sudah penuh."))
                return redirect("workshops:join", code)
            # The workshop row is locked, so joins are serialised and capacity holds under concurrency.
            Participant.objects.get_or_create(
                workshop=locked, user=request.user, defaults={"source": Participant.Source.JOIN}
            )
        messages.success(request, _("Anda terdaftar di workshop %(title)s.") % {"title": workshop.title})
        return redirect("workshops:mine")
    joined = Participant.objects.filter(workshop=workshop, user=request.user).exists()
    return render(request, "workshops/join.html", {"form": form, "workshop": workshop, "joined": joined})


@login_required
def my_workshops(request):
    return render(request, "workshops/my_workshops.html", {"rows": participations_of(request.user)})


@facilitator_required
def join_qr(request, workshop_id):
    workshop = _managed(request, workshop_id)
    svg = segno.make(request.build_absolute_uri(workshop.join_url()), error="m")
    response = HttpResponse(content_type="image/svg+xml")
    svg.save(response, kind="svg", scale=10)
    return response
