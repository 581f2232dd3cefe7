from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from quizzes.admin_views import category_for, export_queryset
from quizzes.aiken import parse_aiken, write_aiken
from quizzes.gift import GiftError, escape, parse_gift, unescape, write_gift
from quizzes.importing import resolve_indicators, save_questions
from quizzes.models import Question

from ..factories import make_question

SAMPLE = r"""
// Moodle-style comment, ignored
$CATEGORY: $course$/SPBE 2020/Domain 1/Indikator 7

// difficulty: sulit; competency: interpretasi; level: 3
::I07-01:: [markdown]Perbup sudah **ditetapkan**, mengatur semua unit\: tingkat berapa? {
~Tingkat 1 #Bukan rancangan lagi.
~Tingkat 2 #Sudah lebih dari sebagian.
=Tingkat 3 #Benar\: lengkap dan berlaku.
~Tingkat 4 #Belum ada reviu.
~Tingkat 5 #Belum ada tindak lanjut.
####Tingkat mengikuti bukti yang sah.
}

::I07-02:: Simbol \= \~ \{ \} \# \: lolos? {=Ya #benar ~Tidak #salah}

::I07-03:: Pilih semua bukti sah {
~%50%Perbup yang ditetapkan #ya
~%50%Notulensi reviu 2025 #ya
~%-50%Draf #tidak
~%-50%Reviu 2019 #tidak
}

::I07-04:: Draf kebijakan cukup untuk tingkat 2. {F#Draf hanya tingkat 1.#Tepat.}
"""


def test_parse_every_supported_type_and_the_escapes():
    questions = parse_gift(SAMPLE)
    level, single, multiple, truefalse = questions
    assert (level.qtype, level.indicator_number, level.difficulty, level.competency, level.level) == (
        "level", 7, 3, "interpretasi", 3,
    )  # fmt: skip
    assert level.stem.startswith("Perbup sudah **ditetapkan**, mengatur semua unit: tingkat")
    assert [c.fraction for c in level.choices] == [0, 0, 1, 0, 0]
    assert level.choices[2].feedback == "Benar: lengkap dan berlaku."
    assert level.general_feedback == "Tingkat mengikuti bukti yang sah."
    assert single.qtype == "single" and single.stem == "Simbol = ~ { } # : lolos?"
    assert multiple.qtype == "multiple"
    assert [c.fraction for c in multiple.choices] == [Decimal("0.5"), Decimal("0.5"), Decimal("-0.5"), Decimal("-0.5")]
    assert truefalse.qtype == "truefalse"
    assert [(c.text, c.fraction, c.feedback) for c in truefalse.choices] == [
        ("Benar", 0, "Draf hanya tingkat 1."),
        ("Salah", 1, "Tepat."),
    ]


def test_escape_round_trip():
    text = "a = b ~ {c} # d: e\nbaris"
    assert unescape(escape(text)) == text


@pytest.mark.parametrize(
    ("gift", "line", "message"),
    [
        ("::A:: Tanya {=a ~b\n\n::B:: lagi {=x ~y}", 1, "tidak ditutup"),
        ("::A:: Tanya {~a ~b}", 1, "tepat satu jawaban '='"),
        ("Tanpa kode {=a ~b}", 1, "tanpa kode"),
        ("::A:: x {=a ~b}\n\n::A:: y {=a ~b}", 3, "sudah dipakai di baris 1"),
        ("::A:: x {~%40%a ~%-100%b}", 1, "berjumlah 40%"),
        ("// difficulty: gampang\n::A:: x {=a ~b}", 2, "kesulitan 'gampang'"),
    ],
)
def test_malformed_gift_reports_line(gift, line, message):
    with pytest.raises(GiftError) as error:
        parse_gift(gift)
    assert any(n == line and message in m for n, m in error.value.errors), error.value.errors


def test_unsupported_types_are_reported_and_skipped_only_when_asked():
    gift = "::E:: Esai {}\n\n::M:: Jodohkan {=a -> 1 =b -> 2}\n\n::N:: Angka {#3:1}\n\n::S:: Singkat {=SPBE =spbe}\n\n::OK:: Ya? {=a ~b}"
    with pytest.raises(GiftError) as error:
        parse_gift(gift)
    kinds = " ".join(m for _, m in error.value.errors)
    for kind in ["esai", "menjodohkan", "numerik", "jawaban singkat"]:
        assert kind in kinds
    assert [n for n, _ in error.value.errors] == [1, 3, 5, 7]
    assert [q.code for q in parse_gift(gift, skip_unsupported=True)] == ["OK"]


@pytest.mark.django_db
def test_round_trip_export_then_import_yields_the_same_questions(framework):
    save_questions(parse_gift(SAMPLE), resolve_indicators(parse_gift(SAMPLE)))
    before = snapshot()
    exported = write_gift(export_queryset(), category_for)
    Question.objects.all().delete()
    parsed = parse_gift(exported)
    save_questions(parsed, resolve_indicators(parsed))
    assert snapshot() == before
    assert "$CATEGORY: $course$/spbe-2020/Domain 1/Indikator 7" in exported


def snapshot():
    return [
        (
            q.code,
            q.qtype,
            q.indicator.number,
            q.stem,
            q.general_feedback,
            q.difficulty,
            q.competency,
            q.level,
            [(c.text, c.fraction, c.feedback) for c in q.choices.all()],
        )  # fmt: skip
        for q in Question.objects.order_by("code")
    ]


@pytest.mark.django_db
def test_content_bank_round_trips(framework):
    for path in sorted(Path("content/quizzes/questions").glob("*.gift")):
        parsed = parse_gift(path.read_text(encoding="utf-8"))
        save_questions(parsed, resolve_indicators(parsed))
    before = snapshot()
    assert len(before) >= 141
    exported = write_gift(export_queryset(), category_for)
    Question.objects.all().delete()
    parsed = parse_gift(exported)
    save_questions(parsed, resolve_indicators(parsed))
    assert snapshot() == before


def test_aiken_parse_and_errors():
    questions = parse_aiken(
        "Apa kepanjangan SPBE?\nA. Sistem Pemerintahan Berbasis Elektronik\nB. Satu Pintu\nANSWER: A\n"
    )
    assert questions[0].qtype == "single" and [c.fraction for c in questions[0].choices] == [1, 0]
    with pytest.raises(GiftError) as error:
        parse_aiken("Soal\nA. satu\nB. dua\nANSWER: C\n\nSoal dua\nA. x\n")
    assert [n for n, _ in error.value.errors] == [4, 6]


@pytest.mark.django_db
def test_aiken_export(framework):
    make_question("S1")
    text = write_aiken(export_queryset())
    assert "ANSWER: A" in text and "A. Benar" in text


@pytest.mark.django_db
def test_import_and_export_commands(framework, tmp_path, capsys):
    source = tmp_path / "bank.gift"
    source.write_text(SAMPLE, encoding="utf-8")
    call_command("import_questions", str(source))
    assert "4 dibuat" in capsys.readouterr().out
    call_command("import_questions", str(source))
    assert "4 tidak berubah" in capsys.readouterr().out
    call_command("export_questions", "--format", "gift", "--indicator", "7")
    out = capsys.readouterr().out
    assert out.count("::I07-") == 4
    bad = tmp_path / "rusak.gift"
    bad.write_text("::A:: x {=a ~b}\n\n::B:: Esai {}\n", encoding="utf-8")
    with pytest.raises(Exception, match="Tidak ada soal yang diimpor"):
        call_command("import_questions", str(bad), "--indicator", "1")
    assert "rusak.gift:3: jenis soal 'esai' tidak didukung" in capsys.readouterr().err
    assert not Question.objects.filter(code="A").exists()  # nothing from a file with errors
    call_command("import_questions", str(bad), "--indicator", "1", "--skip-unsupported")
    assert Question.objects.filter(code="A").exists()
    aiken = tmp_path / "soal.txt"
    aiken.write_text("Tanya?\nA. ya\nB. tidak\nANSWER: B\n", encoding="utf-8")
    call_command("import_questions", str(aiken), "--indicator", "2")
    assert Question.objects.get(code="AIKEN-001").indicator.number == 2
