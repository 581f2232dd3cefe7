"""The courses panel of Belajar Saya: courses in progress and completed."""

from accounts.dashboard import register_panel

from .models import CoursePage, course_progress_for


@register_panel
def courses_panel(request):
    courses = CoursePage.objects.live().filter(enrolments__user=request.user).order_by("path")
    progress = course_progress_for(request.user, courses)
    in_progress, done = [], []
    for course in courses:
        row = progress.get(course.pk)
        if not row:
            continue
        course.progress = row
        (done if row["enrolment"].completed_at else in_progress).append(course)
    return {
        "template": "courses/includes/belajar_saya_panel.html",
        "order": 10,
        "in_progress": in_progress,
        "done": done,
    }
