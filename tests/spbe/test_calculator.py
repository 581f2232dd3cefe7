import json
from decimal import Decimal
from pathlib import Path

import pytest

from spbe.calculator import IndexInputError, index_from_domains, index_from_levels, round2

BALI = json.loads((Path(__file__).resolve().parents[2] / "spbe" / "data" / "results-bali.json").read_text())
RESULTS_WITH_DOMAINS = [r for r in BALI["results"] if r["domains"]]


@pytest.fixture
def structure(framework):
    return framework.structure()


@pytest.mark.django_db
@pytest.mark.parametrize("row", RESULTS_WITH_DOMAINS, ids=lambda r: f"{r['year']}-{r['instansi']}")
def test_reproduces_official_bali_results(structure, row):
    assert row["year"] in (2023, 2024)
    result = index_from_domains(structure, {int(k): v for k, v in row["domains"].items()})
    assert abs(round2(result.index) - Decimal(str(row["index"]))) <= Decimal("0.01")
    assert result.predikat == row["predikat"]


@pytest.mark.django_db
def test_all_twenty_bali_rows_checked():
    assert len(RESULTS_WITH_DOMAINS) == 20


@pytest.mark.django_db
def test_levels_to_aspects_domains_index(structure):
    levels = dict.fromkeys(range(1, 48), 3)
    levels.update(dict.fromkeys(range(1, 11), 5))  # Domain 1 at 5
    result = index_from_levels(structure, levels).rounded()
    assert result.domains[1] == Decimal("5.00")
    assert result.domains[2] == Decimal("3.00")
    assert result.aspects[1] == Decimal("5.00")
    # 3 + 2 × 13 / 100 = 3.26
    assert result.index == Decimal("3.26")
    assert result.predikat == "Baik"
    assert result.as_json()["index"] == "3.26"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "predikat"), [(1, "Kurang"), (2, "Cukup"), (3, "Baik"), (4, "Sangat Baik"), (5, "Memuaskan")]
)
def test_uniform_levels_predikat(structure, level, predikat):
    result = index_from_levels(structure, dict.fromkeys(range(1, 48), level))
    assert result.index == Decimal(level)
    assert result.predikat == predikat


@pytest.mark.django_db
def test_predikat_band_edges(structure):
    assert index_from_domains(structure, [4.2, 4.2, 4.2, 4.2]).predikat == "Memuaskan"
    assert index_from_domains(structure, [4.19, 4.19, 4.19, 4.19]).predikat == "Sangat Baik"
    assert index_from_domains(structure, [3.5, 3.5, 3.5, 3.5]).predikat == "Sangat Baik"
    assert index_from_domains(structure, [1.79, 1.79, 1.79, 1.79]).predikat == "Kurang"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda lv: lv.update({7: 6}), "Indikator 7: tingkat 6 di luar rentang 1–5."),
        (lambda lv: lv.update({7: 0}), "Indikator 7: tingkat 0 di luar rentang 1–5."),
        (lambda lv: lv.update({7: "2.5"}), "Indikator 7: tingkat 2.5 di luar rentang 1–5."),
        (lambda lv: lv.update({7: "dua"}), "Indikator 7: tingkat 'dua' bukan angka"),
        (lambda lv: lv.pop(12), "Tingkat belum diisi untuk indikator 12."),
        (lambda lv: lv.update({48: 3}), "Indikator 48 bukan bagian dari kerangka spbe-2020"),
    ],
)
def test_bad_levels_name_the_indicator(structure, change, message):
    levels = dict.fromkeys(range(1, 48), 3)
    change(levels)
    with pytest.raises(IndexInputError) as error:
        index_from_levels(structure, levels)
    assert message in str(error.value)


@pytest.mark.django_db
def test_repeated_indicator_is_refused(structure):
    pairs = [(n, 3) for n in range(1, 48)] + [(5, 4)]
    with pytest.raises(IndexInputError, match="Indikator 5 diisi lebih dari sekali"):
        index_from_levels(structure, pairs)


@pytest.mark.django_db
def test_bad_domain_indices(structure):
    with pytest.raises(IndexInputError, match="tepat 4 indeks domain"):
        index_from_domains(structure, [3, 3, 3])
    with pytest.raises(IndexInputError, match="Indeks domain 2 \\(5.5\\) di luar rentang"):
        index_from_domains(structure, ["3", "5.5", "3", "3"])


@pytest.mark.django_db
def test_second_framework_computes_without_domains_or_predikat(framework):
    from spbe.models import Framework

    pemdi = Framework.objects.get(code="pemdi-2026").structure()
    result = index_from_levels(pemdi, dict.fromkeys(range(1, 21), 4))
    assert result.index == Decimal(4)
    assert result.domains == {}
    assert len(result.aspects) == 7
    assert result.predikat is None
    with pytest.raises(IndexInputError, match="Indikator 21 bukan bagian dari kerangka pemdi-2026"):
        index_from_levels(pemdi, dict.fromkeys(range(1, 22), 4))
