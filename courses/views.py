from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .models import UNIT_MODELS, CoursePage
from .progress import complete_unit, enrol


@require_POST
@login_required
def enrol_view(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrol(request.user, course)
    messages.success(request, _("Anda terdaftar di kursus %(title)s.") % {"title": course.title})
    return redirect(course.url)


@require_POST
@login_required
def complete_view(request, page_id):
    unit = get_object_or_404(
        Page.objects.live().filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS),
        pk=page_id,
    ).specific
    enrolment = complete_unit(request.user, unit)
    messages.success(request, _("“%(title)s” ditandai selesai.") % {"title": unit.title})
    if enrolment.completed_at:
        messages.success(
            request,
            _("Kursus %(course)s selesai. %(jp)s JP tercatat di Belajar Saya.")
            % {"course": enrolment.course.title, "jp": enrolment.course.jp},
        )
    return redirect(unit.url)
