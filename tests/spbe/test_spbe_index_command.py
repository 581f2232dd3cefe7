import json

import pytest
from django.core.management import call_command


def run(capsys, *args):
    try:
        call_command("spbe_index", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def write_csv(tmp_path, rows, header="indicator,level"):
    path = tmp_path / "levels.csv"
    path.write_text(header + "\n" + "\n".join(f"{n},{lv}" for n, lv in rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_csv_to_json(capsys, tmp_path, framework):
    rows = [(n, 5 if n <= 10 else 3) for n in range(1, 48)]
    code, out, err = run(capsys, str(write_csv(tmp_path, rows)), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["index"] == "3.26"
    assert data["predikat"] == "Baik"
    assert data["domains"] == {"1": "5.00", "2": "3.00", "3": "3.00", "4": "3.00"}
    assert set(data["aspects"]) == {str(n) for n in range(1, 9)}


@pytest.mark.django_db
def test_domains_to_json(capsys, framework):
    code, out, _ = run(capsys, "--domains", "4.6", "3.7", "2.82", "4.57", "--json")
    assert code == 0
    assert json.loads(out) == {"index": "4.07", "predikat": "Sangat Baik"}


@pytest.mark.django_db
def test_human_output(capsys, framework):
    code, out, _ = run(capsys, "--domains", "4.6", "3.7", "2.82", "4.57")
    assert code == 0
    assert "Indeks SPBE: 4,07 (Sangat Baik)" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([(n, 3) for n in range(1, 47)], "indicator,level", "Tingkat belum diisi untuk indikator 47."),
        ([(n, 3) for n in range(1, 48)] + [(3, 2)], "indicator,level", "Indikator 3 diisi lebih dari sekali."),
        ([(n, 9 if n == 4 else 3) for n in range(1, 48)], "indicator,level", "Indikator 4: tingkat 9 di luar"),
        ([(n, 3) for n in range(1, 48)], "nomor,tingkat", "Header berkas harus 'indicator,level'"),
    ],
)
def test_bad_csv_exits_2_with_one_indonesian_line(capsys, tmp_path, framework, rows, header, message):
    code, out, err = run(capsys, str(write_csv(tmp_path, rows, header)))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""


@pytest.mark.django_db
def test_missing_file_and_bad_domains(capsys, tmp_path, framework):
    code, _, err = run(capsys, str(tmp_path / "tidak-ada.csv"))
    assert code == 2 and "tidak ditemukan" in err
    code, _, err = run(capsys, "--domains", "4", "4", "4")
    assert code == 2 and "tepat 4 indeks domain" in err
    code, _, err = run(capsys, "--domains", "4", "x", "4", "4")
    assert code == 2 and "Indeks domain 2 'x' bukan angka" in err
    code, _, err = run(capsys)
    assert code == 2
