import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_nip

TODAY = datetime.date(2026, 11, 26)


@pytest.mark.parametrize(
    "nip",
    [
        "198503152010011001",  # born 15 Mar 1985, TMT Jan 2010, male
        "199012312019032005",  # female
        "200402292023012001",  # born 29 Feb, TMT after 18th birthday
        "198503 152010011001".replace(" ", ""),
        "200001012026111001",  # TMT this month
    ],
)
def test_valid_nip(nip):
    validate_nip(nip, today=TODAY)


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850315201001100", "18 digit"),
        ("1985031520100110011", "18 digit"),
        ("19850315201001100A", "18 digit"),
        ("198502302010011001", "tanggal lahir yang sah"),  # 30 February
        ("198513012010011001", "tanggal lahir yang sah"),  # month 13
        ("203001012050011001", "tidak masuk akal"),  # born in the future
        ("198503152010131001", "bulan TMT CPNS yang sah"),  # TMT month 13
        ("198503152003031001", "setelah bulan ulang tahun ke-18"),  # TMT in the 18th-birthday month
        ("198503151999011001", "setelah bulan ulang tahun ke-18"),  # TMT at 13
        ("198503152027011001", "tidak boleh di masa depan"),
        ("198503152010013001", "jenis kelamin"),
        ("198503152010010001", "jenis kelamin"),
    ],
)
def test_invalid_nip(nip, message):
    with pytest.raises(ValidationError) as error:
        validate_nip(nip, today=TODAY)
    assert message in error.value.messages[0]
