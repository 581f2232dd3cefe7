"""Signals other apps listen to (courses never imports them)."""

from django.dispatch import Signal

# Sent once when a learner completes every unit of a self-paced course; kwargs: enrolment.
course_completed = Signal()
