"""Per-participant results of a workshop: attendance %, pre/post score, normalised gain, completion.

Normalised gain g = (post − pre) / (100 − pre) (Hake). It is undefined when pre = 100 or a score is
missing; such participants are left out of the means, and every mean is shown with its n.
Computed on the server from stored attempts, in a constant number of queries.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q

from .attendance import attendance_percent
from .models import Attendance, Participant, TestAttempt, TestPhase


def normalised_gain(pre, post):
    if pre is None or post is None or pre >= 100:
        return None
    return ((Decimal(post) - Decimal(pre)) / (Decimal(100) - Decimal(pre))).quantize(Decimal("0.01"))


def participant_results(workshop):
    """[{participant, user, attendance_percent, pre, post, gain, completed, certificate}] ordered by name."""
    session_count = workshop.sessions.count()
    participants = list(
        Participant.objects.filter(workshop=workshop)
        .select_related("user", "user__instansi")
        .annotate(present=Count("attendances", filter=Q(attendances__status=Attendance.Status.HADIR)))
        .order_by("user__nama", "pk")
    )
    scores = defaultdict(dict)
    for participant_id, phase, score in TestAttempt.objects.filter(
        participant__workshop=workshop, attempt__submitted_at__isnull=False
    ).values_list("participant_id", "test__phase", "attempt__score"):
        scores[participant_id][phase] = score
    certificates = dict(workshop.certificates.filter(revoked_at__isnull=True).values_list("user_id", "number"))
    rows = []
    for p in participants:
        pre = scores[p.pk].get(TestPhase.PRE)
        post = scores[p.pk].get(TestPhase.POST)
        attendance = attendance_percent(p.present, session_count)
        completed = (
            attendance >= workshop.min_attendance_percent and post is not None and post >= workshop.min_post_score
        )
        rows.append(
            {
                "participant": p,
                "user": p.user,
                "attendance_percent": attendance,
                "pre": pre,
                "post": post,
                "gain": normalised_gain(pre, post),
                "completed": completed,
                "certificate": certificates.get(p.user_id, ""),
            }
        )
    return rows


def cohort_summary(rows):
    """Means with their n: pre, post and gain over the participants who have them."""

    def mean(values):
        values = [v for v in values if v is not None]
        return ((sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01")), len(values)) if values else (None, 0)

    pre, n_pre = mean(r["pre"] for r in rows)
    post, n_post = mean(r["post"] for r in rows)
    gain, n_gain = mean(r["gain"] for r in rows)
    return {"pre": pre, "n_pre": n_pre, "post": post, "n_post": n_post, "gain": gain, "n_gain": n_gain}
