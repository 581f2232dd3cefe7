"""Enrolment, completion and JP credit. Every rule is computed here, on the server, from stored rows."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import JPLedgerEntry

from .models import UNIT_MODELS, CoursePage, Enrolment, UnitCompletion
from .signals import course_completed


def enrol(user, course: CoursePage) -> Enrolment:
    enrolment, _ = Enrolment.objects.get_or_create(user=user, course=course)
    return enrolment


def _unit_ids(course):
    return set(
        course.get_children()
        .live()
        .filter(content_type__app_label="courses", content_type__model__in=UNIT_MODELS)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def complete_unit(user, unit) -> Enrolment:
    """Mark a unit done (enrolling if needed); finish the course and credit its JP when all are done.

    Safe to repeat and to race: the unique constraints make a second completion or credit a no-op.
    """
    course = unit.get_parent().specific
    enrolment = enrol(user, course)
    try:
        with transaction.atomic():
            UnitCompletion.objects.get_or_create(user=user, page_id=unit.pk)
    except IntegrityError:
        pass  # a concurrent request recorded it first
    units = _unit_ids(course)
    done = set(UnitCompletion.objects.filter(user=user, page_id__in=units).values_list("page_id", flat=True))
    if units and done >= units and enrolment.completed_at is None:
        finish_course(enrolment)
    return enrolment


def finish_course(enrolment: Enrolment) -> None:
    updated = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=timezone.now())
    enrolment.refresh_from_db()
    if updated:
        credit_jp(enrolment)
        course_completed.send(sender=Enrolment, enrolment=enrolment)


def credit_jp(enrolment: Enrolment) -> JPLedgerEntry:
    """Credit the course's JP to the learner's ledger, once per course."""
    course = enrolment.course
    entry, _ = JPLedgerEntry.objects.get_or_create(
        user=enrolment.user,
        source_key=f"course:{course.pk}",
        defaults={"description": f"Kursus mandiri: {course.title}", "jp": course.jp},
    )
    return entry
