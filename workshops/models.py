"""Facilitator-run Bimtek days: a workshop (cohort) with sessions, participants and attendance.

Check-in uses a rotating token: an HMAC of the session and the current time window, shown as a QR
code on the facilitator's screen; it is valid for one window (plus the previous one, for a slow
scan), only while the session runs, only for enrolled participants, once per session.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a training room


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class WorkshopQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Workshops a user may see and manage: their own as facilitator; all for administrators."""
        if user.is_superuser:
            return self
        return self.filter(facilitators=user)


class Workshop(models.Model):
    """A Bimtek day (or days) for a cohort, run by one or more facilitators."""

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("kursus"), on_delete=models.PROTECT, related_name="workshops"
    )
    title = models.CharField(_("judul"), max_length=200)
    venue = models.CharField(_("tempat"), max_length=250, blank=True)
    online_link = models.URLField(_("tautan daring"), blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("fasilitator"), related_name="facilitated_workshops"
    )
    capacity = models.PositiveIntegerField(_("kapasitas"), default=40)
    jp = models.PositiveSmallIntegerField(_("JP"), default=8)
    min_attendance_percent = models.PositiveSmallIntegerField(_("kehadiran minimum (%)"), default=80)
    min_post_score = models.PositiveSmallIntegerField(_("nilai pasca-tes minimum (%)"), default=60)
    join_code = models.CharField(_("kode bergabung"), max_length=12, unique=True, default=new_join_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshop")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", args=[self.pk])

    def join_url(self):
        return reverse("workshops:join", args=[self.join_code])

    @property
    def is_full(self):
        return self.participants.count() >= self.capacity


class Session(models.Model):
    """One day or part-day of a workshop."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("judul sesi"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    secret = models.CharField(max_length=64, default=secrets.token_hex, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")

    def __str__(self):
        return self.title or timezone.localtime(self.starts_at).strftime("%d-%m-%Y %H:%M")

    def is_running(self, now=None):
        now = now or timezone.now()
        return self.starts_at <= now <= self.ends_at


class Participant(models.Model):
    """A learner enrolled in a workshop (by join code or by the facilitator's import)."""

    class Source(models.TextChoices):
        JOIN = "join", _("kode/QR")
        IMPORT = "import", _("impor")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workshop_participations")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.JOIN)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__nama"]
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="uniq_workshop_participant")]
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")

    def __str__(self):
        return f"{self.user} · {self.workshop}"


class Attendance(models.Model):
    """Presence of a participant at a session: self check-in by QR, or marked by the facilitator."""

    class Status(models.TextChoices):
        HADIR = "hadir", _("Hadir")
        IZIN = "izin", _("Izin")
        SAKIT = "sakit", _("Sakit")
        ALPA = "alpa", _("Alpa")

    class Method(models.TextChoices):
        QR = "qr", _("QR")
        FACILITATOR = "facilitator", _("Fasilitator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.HADIR)
    method = models.CharField(max_length=12, choices=Method.choices)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="uniq_attendance")]
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
