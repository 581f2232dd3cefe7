"""Users (e-mail login, validated NIP, instansi) and the JP ledger behind Belajar Saya."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_nip


class Role:
    """Group names; roles are Django groups so the Wagtail admin can manage them."""

    PESERTA = "Peserta"
    FASILITATOR = "Fasilitator"
    KONTRIBUTOR = "Kontributor Daerah"
    KURATOR = "Kurator"
    ADMINISTRATOR = "Administrator"
    ALL = [PESERTA, FASILITATOR, KONTRIBUTOR, KURATOR, ADMINISTRATOR]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-mail wajib diisi.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """An account: an ASN learner, facilitator, contributor, curator or administrator."""

    username = None
    email = models.EmailField(_("e-mail"), unique=True)
    nama = models.CharField(_("nama lengkap"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nip],
        help_text=_("18 digit, tanpa spasi. Boleh dikosongkan bila Anda bukan ASN."),
    )
    instansi = models.ForeignKey(
        "spbe.Instansi", verbose_name=_("instansi"), on_delete=models.SET_NULL, null=True, blank=True
    )
    unit_kerja = models.CharField(_("unit kerja"), max_length=200, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["nama"]

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.nama or self.email

    def get_full_name(self):
        return self.nama or self.email

    def get_short_name(self):
        return (self.nama or self.email).split(" ")[0]

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        if not self.nip:
            self.nip = None
        super().save(*args, **kwargs)


class JPLedgerEntry(models.Model):
    """Jam pelajaran credited to a learner, once per source (a course, later a workshop).

    ``source_key`` (e.g. ``course:12``) is unique per user, so crediting twice is impossible.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="jp_entries")
    source_key = models.CharField(max_length=80)
    description = models.CharField(_("kegiatan"), max_length=250)
    jp = models.PositiveSmallIntegerField(_("JP"))
    credited_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        ordering = ["-credited_at"]
        constraints = [models.UniqueConstraint(fields=["user", "source_key"], name="uniq_jp_per_source")]
        verbose_name = _("catatan JP")
        verbose_name_plural = _("buku JP")

    def __str__(self):
        return f"{self.user} · {self.jp} JP · {self.description}"
