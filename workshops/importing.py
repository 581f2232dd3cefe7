"""Import a workshop's participant list from CSV or XLSX, and invite the new accounts.

Columns (header names case-insensitive): ``nip_atau_email`` (or separate ``nip`` and ``email``), ``nama`` and
``instansi`` (a Kemendagri code such as 51.03, or the exact name of an instansi; may be empty).

Policy: valid rows are kept, bad rows are reported with their line number and reason. Existing users (matched by
NIP or e-mail, case-insensitive) are only enrolled; new accounts get an unusable password (nothing is hashed) and an
invitation e-mail with a link to set their own password. Importing the same file again enrols nobody twice.

Everything is done in bulk: one query per lookup set (chunked only below SQLite's parameter limit), users and
participants inserted with ``bulk_create`` in batches, so the cost of a 10,000-row file is bounded.
"""

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.validators import normalise_nip, validate_nip
from spbe.models import Instansi

from .models import Participant, Workshop

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_LINES = 5 * MAX_ROWS  # blank lines included: stops a sheet formatted down to row 1,048,576 early
MAX_XLSX_UNPACKED = 200 * 1024 * 1024  # a zip bomb is refused before openpyxl unpacks it
BATCH_SIZE = 1000  # bulk_create batches; Django lowers it further where the database needs (SQLite)
INVITATION_CHUNK = 200  # user ids per invitation task: a redelivered task re-sends to at most this many
HEADER_SEARCH_ROWS = 10  # the header may sit below a title row or two

COLUMN_ALIASES = {
    "e_mail": "email",
    "surel": "email",
    "nip_atau_email": "nip_atau_email",
    "nip_atau_e_mail": "nip_atau_email",
    "nip_email": "nip_atau_email",
    "nip_e_mail": "nip_atau_email",
    "nip_or_email": "nip_atau_email",
    "nama_lengkap": "nama",
}
IDENTITY_COLUMNS = ("nip_atau_email", "nip", "email")
TEMPLATE_HEADER = ["nip_atau_email", "nama", "instansi"]
SCIENTIFIC = re.compile(r"\d+([.,]\d+)?[eE]\+?\d+")


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong type, unreadable, empty, missing columns)."""


@dataclass
class RowError:
    line: int
    reason: str


@dataclass
class ImportResult:
    rows: int = 0  # non-blank data rows read
    created: int = 0  # new accounts
    enrolled: int = 0  # newly enrolled in this import, new accounts included
    already: int = 0  # rows whose person was already a participant
    reinvited: int = 0  # pending accounts invited again (on request)
    errors: list[RowError] = field(default_factory=list)
    invited_user_ids: list[int] = field(default_factory=list)


# --- Reading the file ------------------------------------------------------------------------------


def format_count(n):
    return f"{n:,}".replace(",", ".")


def _canonical(name):
    key = re.sub(r"[^a-z0-9]+", "_", str(name or "").strip().lower()).strip("_")
    return COLUMN_ALIASES.get(key, key)


def _blank(row):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in row)


def _records(raw_rows):
    """(line, {column: raw value}) for every non-blank row below the header; the header is found in the first rows."""
    header = None
    for line, row in raw_rows:
        if line > MAX_LINES:
            raise ImportFileError(
                _("Berkas berisi lebih dari %(max)s baris. Bagi menjadi beberapa berkas.")
                % {"max": format_count(MAX_LINES)}
            )
        if header is None:
            if _blank(row):
                continue
            names = [_canonical(value) for value in row]
            if "nama" in names and any(c in names for c in IDENTITY_COLUMNS):
                missing = [] if "instansi" in names else ["instansi"]
                if missing:
                    raise ImportFileError(_("Kolom wajib tidak ditemukan: %(cols)s.") % {"cols": ", ".join(missing)})
                header = {name: index for index, name in reversed(list(enumerate(names))) if name}
                continue
            if line >= HEADER_SEARCH_ROWS:
                break
            continue
        if _blank(row):
            continue
        yield line, {name: (row[index] if index < len(row) else None) for name, index in header.items()}
    if header is None:
        raise ImportFileError(
            _(
                "Baris judul kolom tidak ditemukan di %(n)s baris pertama. Judul kolom yang diperlukan: "
                "nip_atau_email (atau nip dan email), nama, dan instansi."
            )
            % {"n": HEADER_SEARCH_ROWS}
        )


def _csv_rows(data: bytes):
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("Berkas ini bukan CSV (berisi data biner). Unggah berkas .csv atau .xlsx."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first_line = text.lstrip().split("\n", 1)[0]
    # Excel with Indonesian regional settings separates with ';'.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
    except csv.Error as error:
        raise ImportFileError(_("Berkas CSV tidak dapat dibaca: %(error)s") % {"error": error}) from None


def _xlsx_rows(data: bytes):
    import openpyxl

    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        unpacked = 0  # openpyxl below reports the file as unreadable
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFileError(_("Berkas XLSX terlalu besar setelah dibuka. Bagi menjadi beberapa berkas."))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a corrupt or disguised file must give a message, never a 500
        logger.info("participant import: unreadable XLSX", exc_info=True)
        raise ImportFileError(_("Berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")) from None
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    except Exception:
        logger.info("participant import: unreadable XLSX sheet", exc_info=True)
        raise ImportFileError(_("Isi berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx.")) from None
    finally:
        workbook.close()


def read_records(uploaded):
    """The rows of an uploaded .csv or .xlsx as (line, {column: value}); raises ImportFileError."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if getattr(uploaded, "size", 0) and uploaded.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(_("Berkas terlalu besar (paling besar 10 MB)."))
    data = uploaded.read()
    if not data.strip():
        raise ImportFileError(_("Berkas kosong."))
    is_zip = data[:4] == b"PK\x03\x04"
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(_("Format .xls (Excel lama) tidak didukung. Simpan sebagai .xlsx atau .csv."))
    if name.endswith((".xlsx", ".xlsm")) or is_zip:
        if not is_zip:
            raise ImportFileError(_("Berkas XLSX tidak dapat dibaca. Simpan ulang dari Excel sebagai .xlsx."))
        raw_rows = _xlsx_rows(data)
    elif name.endswith((".csv", ".txt")):
        raw_rows = _csv_rows(data)
    else:
        raise ImportFileError(_("Jenis berkas tidak didukung. Unggah berkas .csv atau .xlsx."))
    records = []
    try:
        for record in _records(raw_rows):
            if len(records) >= MAX_ROWS:
                raise ImportFileError(
                    _("Berkas berisi lebih dari %(max)s baris. Bagi menjadi beberapa berkas.")
                    % {"max": format_count(MAX_ROWS)}
                )
            records.append(record)
    finally:
        raw_rows.close()  # closes the workbook at once, whatever happened
    if not records:
        raise ImportFileError(_("Berkas tidak berisi baris peserta di bawah judul kolom."))
    return records


# --- Checking rows ---------------------------------------------------------------------------------


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\u00a0", " ").split())


@dataclass
class _Row:
    line: int
    nip: str | None
    email: str | None
    nama: str
    instansi_id: int | None


def _identity(record):
    """(nip, email) from the row, or raise ValidationError with the reason."""
    values = {}
    for column in IDENTITY_COLUMNS:
        raw = record.get(column)
        if isinstance(raw, float) and abs(raw) >= 1e15:
            raise ValidationError(
                _("NIP tersimpan sebagai angka dan digit terakhirnya hilang. Format kolom NIP sebagai Teks di Excel.")
            )
        text = _text(raw).lstrip("'")
        if SCIENTIFIC.fullmatch(text):
            raise ValidationError(
                _("NIP terbaca sebagai angka (%(value)s). Format kolom NIP sebagai Teks di Excel, lalu isi ulang.")
                % {"value": text}
            )
        values[column] = text
    nip, email = values.get("nip", ""), values.get("email", "")
    combined = values.get("nip_atau_email", "")
    if combined:
        if "@" in combined:
            if email and email.lower() != combined.lower():
                raise ValidationError(_("E-mail di kolom nip_atau_email dan kolom email berbeda."))
            email = combined
        else:
            if nip and normalise_nip(nip) != normalise_nip(combined):
                raise ValidationError(_("NIP di kolom nip_atau_email dan kolom nip berbeda."))
            nip = combined
    if not nip and not email:
        raise ValidationError(_("NIP atau e-mail wajib diisi."))
    if nip:
        nip = normalise_nip(nip)
        try:
            validate_nip(nip)
        except ValidationError as error:
            raise ValidationError(
                _("NIP %(nip)s tidak sah: %(reason)s") % {"nip": nip, "reason": error.messages[0]}
            ) from None
    if email:
        email = email.lower()
        try:
            if len(email) > 254:
                raise ValidationError("")
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("E-mail %(email)s tidak sah.") % {"email": email}) from None
    return nip or None, email or None


class _InstansiIndex:
    """All Instansi by Kemendagri code and by name (one query; the reference table has some hundred rows)."""

    def __init__(self):
        self.by_kode, self.by_nama = {}, {}
        for pk, kode, nama in Instansi.objects.values_list("pk", "kode", "nama"):
            if kode:
                self.by_kode[kode] = pk
            self.by_nama.setdefault(nama.casefold(), set()).add(pk)

    def resolve(self, raw):
        if raw is None or raw == "":
            return None
        # A code typed into a number cell: 51.1 was 51.10.
        kode = f"{raw:.2f}" if isinstance(raw, float) and not raw.is_integer() else _text(raw)
        if not kode:
            return None
        if kode in self.by_kode:
            return self.by_kode[kode]
        found = self.by_nama.get(kode.casefold(), set())
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise ValidationError(_("Nama instansi '%(value)s' tidak unik; pakai kode Kemendagri.") % {"value": kode})
        raise ValidationError(
            _("Instansi '%(value)s' tidak dikenal. Isi kode Kemendagri (mis. 51.03) atau nama persis.")
            % {"value": kode}
        )


def _check_rows(records, result):
    instansi = _InstansiIndex()
    rows = []
    for line, record in records:
        try:
            nip, email = _identity(record)
            nama = _text(record.get("nama"))
            if not nama:
                raise ValidationError(_("Nama wajib diisi."))
            if len(nama) > 150:
                raise ValidationError(_("Nama terlalu panjang (paling banyak 150 karakter)."))
            instansi_id = instansi.resolve(record.get("instansi"))
        except ValidationError as error:
            result.errors.append(RowError(line, error.messages[0]))
            continue
        rows.append(_Row(line, nip, email, nama, instansi_id))
    return rows


# --- Importing -------------------------------------------------------------------------------------


def _chunks(values):
    """Lookup values in one chunk, or in chunks of 900 where the database limits parameters (SQLite: 999)."""
    values = list(values)
    size = 900 if connection.features.max_query_params else max(len(values), 1)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing_users(rows):
    """Users matching the rows' NIPs and e-mails: ({nip: user}, {email: user}), a few queries whatever the size."""
    User = get_user_model()
    pending = ExpressionWrapper(
        Q(last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX), output_field=BooleanField()
    )
    base = User.objects.annotate(email_lower=Lower("email"), pending=pending).only("pk", "nip", "email")
    by_nip, by_email = {}, {}
    for chunk in _chunks({r.nip for r in rows if r.nip}):
        by_nip.update((u.nip, u) for u in base.filter(nip__in=chunk))
    # Lower() so an address stored in another case still matches (User.save() lower-cases, other paths may not).
    for chunk in _chunks({r.email for r in rows if r.email}):
        by_email.update((u.email_lower, u) for u in base.filter(email_lower__in=chunk))
    return by_nip, by_email


def import_participants(workshop, records, *, reinvite=False):
    """Import checked records into the workshop; returns an ImportResult. Raises ImportFileError on a conflict
    with a concurrent change (nothing is saved then)."""
    result = ImportResult(rows=len(records))
    rows = _check_rows(records, result)
    User = get_user_model()
    try:
        with transaction.atomic():
            locked = Workshop.objects.select_for_update().get(pk=workshop.pk)  # serialises with join and other imports
            enrolled = set(Participant.objects.filter(workshop=locked).values_list("user_id", flat=True))
            free = max(locked.capacity - len(enrolled), 0)
            by_nip, by_email = _existing_users(rows)
            seen_users, seen_emails, seen_nips = {}, {}, {}
            enrol_ids, new_users, reinvite_ids = [], [], []
            now = timezone.now()
            for row in rows:
                error = None
                user_by_nip = by_nip.get(row.nip) if row.nip else None
                user_by_email = by_email.get(row.email) if row.email else None
                user = user_by_nip or user_by_email
                if user_by_nip and user_by_email and user_by_nip.pk != user_by_email.pk:
                    error = _("NIP dan e-mail ini milik dua akun yang berbeda.")
                elif user and row.nip and user.nip and user.nip != row.nip:
                    error = _("E-mail ini terdaftar dengan NIP lain.")
                elif user is None and not row.email:
                    error = _("NIP belum terdaftar. Isi e-mail agar akun baru dapat dibuat.")
                elif user is not None and user.pk in seen_users:
                    error = _("Peserta yang sama sudah ada di baris %(line)s.") % {"line": seen_users[user.pk]}
                elif user is None and row.email in seen_emails:
                    error = _("E-mail yang sama sudah ada di baris %(line)s.") % {"line": seen_emails[row.email]}
                elif user is None and row.nip and row.nip in seen_nips:
                    error = _("NIP yang sama sudah ada di baris %(line)s.") % {"line": seen_nips[row.nip]}
                if error:
                    result.errors.append(RowError(row.line, error))
                    continue
                if user is not None:
                    seen_users[user.pk] = row.line
                    if reinvite and user.pending:
                        reinvite_ids.append(user.pk)
                    if user.pk in enrolled:
                        result.already += 1
                        continue
                else:
                    seen_emails[row.email] = row.line
                    if row.nip:
                        seen_nips[row.nip] = row.line
                if free <= 0:
                    result.errors.append(
                        RowError(row.line, _("Kuota workshop penuh (kapasitas %(n)s).") % {"n": locked.capacity})
                    )
                    continue
                free -= 1
                if user is not None:
                    enrol_ids.append(user.pk)
                else:
                    new = User(
                        email=row.email, nama=row.nama, nip=row.nip, instansi_id=row.instansi_id, date_joined=now
                    )
                    new.set_unusable_password()  # no hashing: the person sets a password from the invitation
                    new_users.append(new)

            if new_users:
                User.objects.bulk_create(new_users, batch_size=BATCH_SIZE)
                if any(u.pk is None for u in new_users):  # databases that do not return ids from a bulk insert
                    ids = {}
                    for chunk in _chunks([u.email for u in new_users]):
                        ids.update(User.objects.filter(email__in=chunk).values_list("email", "pk"))
                    for u in new_users:
                        u.pk = ids[u.email]
                group, _created = Group.objects.get_or_create(name=Role.PESERTA)
                Through = User.groups.through
                Through.objects.bulk_create(
                    [Through(user_id=u.pk, group_id=group.pk) for u in new_users], batch_size=BATCH_SIZE
                )
            new_ids = [u.pk for u in new_users]
            Participant.objects.bulk_create(
                [
                    Participant(workshop=locked, user_id=pk, source=Participant.Source.IMPORT)
                    for pk in enrol_ids + new_ids
                ],
                batch_size=BATCH_SIZE,
            )
            invite = new_ids + reinvite_ids
            for start in range(0, len(invite), INVITATION_CHUNK):
                send_invitations_task.delay_on_commit(invite[start : start + INVITATION_CHUNK], locked.pk)
    except IntegrityError:
        logger.warning("participant import into workshop %s hit a concurrent change", workshop.pk, exc_info=True)
        raise ImportFileError(
            _("Data akun berubah ketika impor berjalan; tidak ada yang disimpan. Silakan impor ulang.")
        ) from None
    result.created = len(new_ids)
    result.enrolled = len(enrol_ids) + len(new_ids)
    result.reinvited = len(reinvite_ids)
    result.invited_user_ids = invite
    result.errors.sort(key=lambda e: e.line)
    return result


def import_file(workshop, uploaded, *, reinvite=False):
    """Read an uploaded .csv/.xlsx and import it; raises ImportFileError for a file that cannot be used."""
    return import_participants(workshop, read_records(uploaded), reinvite=reinvite)


def template_csv():
    """The downloadable template: the header row only, so no example row is ever imported by mistake."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(TEMPLATE_HEADER)
    return buffer.getvalue()


# --- Invitations -----------------------------------------------------------------------------------


def invitation_link(user):
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_invitations_task(user_ids, workshop_id=None):
    """E-mail each imported account a link to set its password. Re-reads the users and writes only to those
    who still have no usable password and have never logged in, so a repeated task cannot reach an account
    that is already in use; missing users are skipped. Returns the number of e-mails sent."""
    User = get_user_model()
    users = User.objects.filter(
        pk__in=user_ids, is_active=True, last_login__isnull=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
    ).order_by("pk")
    workshop = Workshop.objects.filter(pk=workshop_id).first() if workshop_id else None
    days = max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)
    messages = []
    for user in users:
        if user.has_usable_password() or not user.email:
            continue
        context = {"user": user, "workshop": workshop, "link": invitation_link(user), "days": days}
        context["base_url"] = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        messages.append(
            EmailMessage(
                subject=render_to_string("workshops/email/invitation_subject.txt", context).strip(),
                body=render_to_string("workshops/email/invitation.txt", context),
                to=[user.email],
            )
        )
    if len(messages) < len(user_ids):
        logger.info(
            "send_invitations_task: %s of %s users need no invitation", len(user_ids) - len(messages), len(user_ids)
        )
    if not messages:
        return 0
    with get_connection() as mail:
        return mail.send_messages(messages) or 0
