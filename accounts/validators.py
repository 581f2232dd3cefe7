"""NIP (Nomor Induk Pegawai) validation.

An 18-digit NIP is YYYYMMDD (birth date) + YYYYMM (TMT CPNS) + G (1 male, 2 female) + NNN.
We check what can be checked without BKN data: a real birth date, a TMT month later than the
month of the 18th birthday and not in the future, and the sex digit.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def _eighteenth_birthday(born: datetime.date) -> datetime.date:
    try:
        return born.replace(year=born.year + 18)
    except ValueError:  # 29 February
        return born.replace(year=born.year + 18, day=28)


def validate_nip(value: str, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    nip = (value or "").replace(" ", "")
    if len(nip) != 18 or not nip.isdigit():
        raise ValidationError(_("NIP harus 18 digit angka."), code="nip_format")
    try:
        born = datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(_("8 digit pertama NIP bukan tanggal lahir yang sah."), code="nip_birth") from None
    if born > today or born.year < 1900:
        raise ValidationError(_("Tanggal lahir dalam NIP tidak masuk akal."), code="nip_birth")
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise ValidationError(_("Digit 9–14 NIP harus bulan TMT CPNS yang sah (tahun dan bulan)."), code="nip_tmt")
    adult = _eighteenth_birthday(born)
    if (tmt_year, tmt_month) <= (adult.year, adult.month):
        raise ValidationError(_("TMT CPNS dalam NIP harus setelah bulan ulang tahun ke-18."), code="nip_tmt")
    if (tmt_year, tmt_month) > (today.year, today.month):
        raise ValidationError(_("TMT CPNS dalam NIP tidak boleh di masa depan."), code="nip_tmt")
    if nip[14] not in "12":
        raise ValidationError(_("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_sex")


def normalise_nip(value: str) -> str:
    return (value or "").replace(" ", "")
