"""Facilitator-run Bimtek days: a workshop (cohort) with sessions, participants and attendance.

Check-in uses a rotating token: an HMAC of the session and the current time window, shown as a QR
code on the facilitator's screen; it is valid for one window (plus the previous one, for a slow
scan), only while the session runs, only for enrolled participants, once per session.
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
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


class TestPhase(models.TextChoices):
    PRE = "pre", _("Pra-tes")
    POST = "post", _("Pasca-tes")


class WorkshopTest(models.Model):
    """The pre- or post-test of a workshop: form A, optionally an equivalent form B, opened and closed
    by the facilitator. With two forms, participants in group A take A first (pre) and B after (post);
    group B the other way round."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="tests")
    phase = models.CharField(_("tahap"), max_length=4, choices=TestPhase.choices)
    form_a = models.ForeignKey(
        "quizzes.Quiz", verbose_name=_("soal bentuk A"), on_delete=models.PROTECT, related_name="+"
    )
    form_b = models.ForeignKey(
        "quizzes.Quiz",
        verbose_name=_("soal bentuk B"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_open = models.BooleanField(_("dibuka"), default=False)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workshop", "phase"], name="uniq_workshop_test_phase")]
        verbose_name = _("tes workshop")
        verbose_name_plural = _("tes workshop")


class TestAttempt(models.Model):
    """Links a participant's quiz attempt to a workshop test phase (one per participant and phase)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="test_attempts")
    test = models.ForeignKey(WorkshopTest, on_delete=models.CASCADE, related_name="test_attempts")
    attempt = models.OneToOneField("quizzes.Attempt", on_delete=models.CASCADE, related_name="workshop_link")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "test"], name="uniq_test_attempt")]


class SurveyResponse(models.Model):
    """The reaction survey at the close: Likert ratings and free text, one per participant."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="survey")
    ratings = models.JSONField(default=dict)
    comment = models.TextField(_("saran dan komentar"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(auto_now_add=True)


class PrivateStorage(FileSystemStorage):
    """Storage outside MEDIA_ROOT: nothing in it has a public URL; views stream files after a permission
    check. The location follows settings.PRIVATE_MEDIA_ROOT at each use (tests override it)."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL.")


def private_storage():
    return PrivateStorage()


class ExportJob(models.Model):
    """A rekap export built by a Celery task; only the workshop's facilitators can download it."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        CSV = "csv", "CSV"

    class Status(models.TextChoices):
        PENDING = "pending", _("menunggu")
        RUNNING = "running", _("diproses")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True, storage=private_storage)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def mark_not_queued(self):
        """The task could not be queued (broker down): say so on the job, so the list does not show a
        job "menunggu" forever; the facilitator simply asks again."""
        ExportJob.objects.filter(pk=self.pk, status=self.Status.PENDING).update(
            status=self.Status.FAILED,
            error=_("Layanan antrean sedang terganggu sehingga ekspor tidak dimulai. Silakan coba lagi."),
            finished_at=timezone.now(),
        )


def new_certificate_number():
    # 16 characters from a 32-letter alphabet: 80 bits, unguessable, easy to read from paper.
    return "BSPBE-" + "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(16))


class Certificate(models.Model):
    """A certificate for a completed workshop or self-paced course; verifiable at /verifikasi/<number>/."""

    number = models.CharField(_("nomor"), max_length=40, unique=True, default=new_certificate_number, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates")
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    holder_name = models.CharField(_("nama pemegang"), max_length=150)
    holder_nip = models.CharField(_("NIP"), max_length=18, blank=True)
    holder_instansi = models.CharField(_("instansi"), max_length=200, blank=True)
    title = models.CharField(_("kegiatan"), max_length=250)
    date_text = models.CharField(_("tanggal kegiatan"), max_length=120)
    jp = models.PositiveSmallIntegerField(_("JP"))
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "workshop"],
                condition=models.Q(workshop__isnull=False),
                name="one_certificate_per_workshop",
            ),
            models.UniqueConstraint(
                fields=["user", "course"], condition=models.Q(course__isnull=False), name="one_certificate_per_course"
            ),
        ]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("certificate_verify", args=[self.number])

    @property
    def is_valid(self):
        return self.revoked_at is None
