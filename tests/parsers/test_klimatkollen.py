"""SMHI's newest release by main sector, via Klimatkollen's pipeline (JSON)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from indicators.parsers import klimatkollen
from indicators.parsers.base import ParseError
from indicators.parsers.sectors import MAIN_SECTORS

from .conftest import UMEA, Collected, collect, write

NEWEST = "ned/klimatkollen_municipality-sector-emissions_GGT_1990-2024.json"


@pytest.fixture(scope="module")
def newest(data_dir: Path, municipalities: dict[str, str]):
    path = data_dir / NEWEST
    parsed = klimatkollen.parse(path, filename=path.name, municipalities=municipalities)
    return parsed, collect(parsed)


def _total(found: Collected, code: str, year: int) -> float:
    return math.fsum(
        r.tonnes for r in found.emissions if r.municipality_code == code and r.year == year
    )


def test_it_labels_the_release_as_smhis_newest_via_klimatkollen(newest):
    parsed, _ = newest
    assert parsed.format == "klimatkollen_json"
    assert parsed.substance == "GGT"
    assert parsed.release.source == "klimatkollen"
    assert parsed.release.name == "SMHI:s senaste publicering, via Klimatkollen (data t.o.m. 2024)"
    assert parsed.release.covers_to == 2024
    assert parsed.release.released_on is None
    assert "SMHI" in parsed.release.publisher and "Klimatkollen" in parsed.release.publisher


def test_umeas_totals_are_the_sums_of_its_sectors(newest):
    _, found = newest
    # The file's own sums (the brief rounds them to 481 807, 316 773 and 365 010 t).
    assert _total(found, UMEA, 1990) == pytest.approx(481807.23, rel=1e-9)
    assert _total(found, UMEA, 2022) == pytest.approx(316772.63, rel=1e-9)
    assert _total(found, UMEA, 2024) == pytest.approx(365009.52, rel=1e-9)
    assert _total(found, UMEA, 1990) == pytest.approx(481807, rel=1e-6)
    assert _total(found, UMEA, 2022) == pytest.approx(316773, abs=0.5)
    assert _total(found, UMEA, 2024) == pytest.approx(365010, abs=0.5)


def test_it_yields_main_sectors_only_and_no_total_row(newest, municipalities):
    _, found = newest
    assert found.errors == [] and found.warnings == []
    assert len(found.emissions) == 290 * 10 * 9  # municipalities × years × sectors
    assert {r.sector for r in found.emissions} == set(MAIN_SECTORS)
    assert {r.subsector for r in found.emissions} == {"Alla"}
    assert {r.municipality_code for r in found.emissions} == set(municipalities)
    assert {r.year for r in found.emissions} == {1990, 2000, 2005, 2010, 2015, *range(2020, 2025)}


# --- bad input ---------------------------------------------------------------------------


def _json(tmp_path: Path, document: object, name: str = "kk.json") -> Path:
    return write(tmp_path / name, json.dumps(document, ensure_ascii=False))


def _umea(**sectors: object) -> dict:
    return {"name": "Umeå", "sectors": {"2022": sectors or {"Transporter": 1.5}}}


def test_it_refuses_invalid_json(tmp_path, few_municipalities):
    path = write(tmp_path / "broken.json", '[{"name": "Umeå", ')
    with pytest.raises(ParseError, match="inte giltig JSON"):
        klimatkollen.parse(path, filename=path.name, municipalities=few_municipalities)


def test_it_refuses_json_of_another_shape(tmp_path, few_municipalities):
    path = _json(tmp_path, {"Umeå": {"2022": 1}})
    with pytest.raises(ParseError, match="JSON-lista med ett objekt per kommun"):
        klimatkollen.parse(path, filename=path.name, municipalities=few_municipalities)


def test_it_refuses_an_empty_list(tmp_path, few_municipalities):
    path = _json(tmp_path, [])
    with pytest.raises(ParseError, match="JSON-listan är tom"):
        klimatkollen.parse(path, filename=path.name, municipalities=few_municipalities)


def test_it_reports_a_municipality_listed_twice(tmp_path, few_municipalities):
    path = _json(tmp_path, [_umea(), {"name": "Skellefteå", "sectors": {}}, _umea()])
    found = collect(klimatkollen.parse(path, filename="kk.json", municipalities=few_municipalities))
    (error,) = found.errors
    assert (error.row, error.column) == (3, "name")
    assert "Umeå finns redan i post 1" in error.message
    assert len(found.emissions) == 1


def test_it_reports_a_key_given_twice_in_one_object(tmp_path, few_municipalities):
    text = '[{"name": "Umeå", "sectors": {"2022": {"Transporter": 1, "Transporter": 2}}}]'
    path = write(tmp_path / "dup.json", text)
    found = collect(
        klimatkollen.parse(path, filename="dup.json", municipalities=few_municipalities)
    )
    (error,) = found.errors
    assert "sektorn 'Transporter' finns två gånger" in error.message


def test_it_reports_bad_values_names_and_sectors(tmp_path, few_municipalities):
    document = [
        _umea(Transporter=-3, Jordbruk="mycket", Rymdfart=1, Arbetsmaskiner=None),
        {"name": "UmeÃ¥", "sectors": {}},
        {"name": "Atlantis", "sectors": {}},
        {"sectors": {}},
    ]
    path = _json(tmp_path, document)
    found = collect(klimatkollen.parse(path, filename="kk.json", municipalities=few_municipalities))
    messages = [e.message for e in found.errors]
    assert "Umeå 2022, Transporter: negativa utsläpp (-3) är inte tillåtna." in messages
    assert any("'mycket' är inte ett tal" in m for m in messages)
    assert any("'Rymdfart' är ingen känd huvudsektor" in m for m in messages)
    assert any("'UmeÃ¥' är felkodad" in m and "'Umeå'" in m for m in messages)
    assert any("'Atlantis' är inget känt kommunnamn" in m for m in messages)
    assert any("Kommunnamn ('name') saknas" in m for m in messages)
    (notice,) = found.warnings
    assert "värde saknas (null)" in notice.message
    assert found.emissions == []


def test_it_refuses_years_out_of_range(tmp_path, few_municipalities):
    document = [{"name": "Umeå", "sectors": {"1985": {"Jordbruk": 1}, "2031": {"Jordbruk": 1}}}]
    path = _json(tmp_path, document)
    parsed = klimatkollen.parse(
        path, filename="kk.json", municipalities=few_municipalities, current_year=2025
    )
    found = collect(parsed)
    assert [e.column for e in found.errors] == ["1985", "2031"]
    assert "före 1990" in found.errors[0].message
    assert "framtiden" in found.errors[1].message
