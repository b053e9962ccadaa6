"""SEI Konsumtionskompassen: consumption-based emissions per person, in tonnes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from indicators.parsers import consumption
from indicators.parsers.base import ParseError

from .conftest import UMEA, collect, write

SEI_2023 = "consumption/sei_klimatkollen_data_2023_shared_April_2026.xlsx"
COUNTIES = "consumption/konsumtionskompassen_per_lan"


def test_the_2023_excel_gives_umea_5_28_tonnes(data_dir, municipalities):
    path = data_dir / SEI_2023
    parsed = consumption.parse(path, filename=path.name, municipalities=municipalities)
    found = collect(parsed)
    assert parsed.format == "sei_xlsx"
    assert parsed.release.covers_to == 2023
    assert parsed.release.publisher == "SEI Konsumtionskompassen"
    assert found.errors == [] and found.warnings == []
    assert len(found.observations) == 290  # the "Sweden" row is not a municipality
    (umea,) = [o for o in found.observations if o.municipality_code == UMEA]
    assert umea.indicator_key == "consumption_emissions_per_person"
    assert umea.year == 2023
    assert umea.value == pytest.approx(5.28219, abs=1e-5)  # 5 282.19 kg


def test_the_county_files_give_all_290_municipalities_for_2022(data_dir, municipalities):
    observations = []
    for path in sorted((data_dir / COUNTIES).glob("*.json")):
        parsed = consumption.parse(path, filename=path.name, municipalities=municipalities)
        found = collect(parsed)
        assert found.errors == [], path.name
        assert parsed.format == "sei_county_json"
        assert parsed.release.covers_to == 2022
        observations += found.observations
    assert len(observations) == 290
    assert {o.municipality_code for o in observations} == set(municipalities)
    (umea,) = [o for o in observations if o.municipality_code == UMEA]
    assert (umea.year, umea.value) == (2022, pytest.approx(5.541))


def _county_file(tmp_path: Path, items: list[dict]) -> Path:
    return write(tmp_path / "sammanräknade-utsläpp-i-test.json", json.dumps(items))


def test_county_json_reports_bad_rows(tmp_path, few_municipalities):
    items = [
        {"code": "24", "name": "Västerbottens län", "emissions": "5411", "population": 1},
        {"code": "SE", "name": "Sverige", "emissions": "5562", "population": 1},
        {"code": "2480", "name": "Umeå", "emissions": "5541", "population": 1},
        {"code": "2482", "name": "Umeå", "emissions": "5387", "population": 1},
        {"code": "9999", "name": "Ingenstans", "emissions": "5000", "population": 1},
        {"code": "0114", "name": "Upplands Väsby", "emissions": "5,3", "population": 1},
        {"code": "0180", "name": "Stockholm", "emissions": "fem ton", "population": 1},
        {"code": "2480", "name": "Umeå", "emissions": "5600", "population": 1},
    ]
    found = collect(
        consumption.parse(
            _county_file(tmp_path, items), filename="c.json", municipalities=few_municipalities
        )
    )
    assert [(o.municipality_code, o.value) for o in found.observations] == [("2480", 5.541)]
    assert [(e.row, e.column) for e in found.errors] == [
        (4, "name"),
        (5, "code"),
        (6, "emissions"),
        (7, "emissions"),
        (8, "code"),
    ]
    assert "Kommunkoden 2482 heter Skellefteå" in found.errors[0].message
    assert "inte ton" in found.errors[2].message  # 5,3 kg per person is implausible
    assert "finns redan på rad 3" in found.errors[4].message


def test_county_json_reports_duplicated_keys(tmp_path, few_municipalities):
    text = '[{"code": "2480", "code": "2482", "name": "Umeå", "emissions": "5541"}]'
    path = write(tmp_path / "dup.json", text)
    found = collect(consumption.parse(path, filename="dup.json", municipalities=few_municipalities))
    assert any("Nyckeln 'code' finns två gånger" in e.message for e in found.errors)


def _sei_workbook(
    tmp_path: Path,
    *,
    sheet: str = "Municipal_grouped",
    header: tuple = ("Kommunkod", "kommunnamn", "Kommungrupp_kod", "Total_emissions_per_capita"),
    rows: list[tuple] | None = None,
    name: str = "sei_data_2023.xlsx",
) -> Path:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows or [("2480", "Umeå", 3, 5282.186062996508), (None, "Sweden", None, 5391.8)]:
        ws.append(list(row))
    workbook.create_sheet("County_grouped")
    path = tmp_path / name
    workbook.save(path)
    return path


def test_the_excel_year_comes_from_the_file_name_or_the_caller(tmp_path, few_municipalities):
    path = _sei_workbook(tmp_path, name="konsumtion.xlsx")
    with pytest.raises(ParseError, match="vilket år"):
        consumption.parse_xlsx(path, filename=path.name, municipalities=few_municipalities)
    parsed = consumption.parse_xlsx(
        path, filename=path.name, municipalities=few_municipalities, year=2024
    )
    assert [o.year for o in collect(parsed).observations] == [2024]


def test_a_renamed_sheet_is_refused_with_the_sheets_it_has(tmp_path, few_municipalities):
    path = _sei_workbook(tmp_path, sheet="Kommuner")
    with pytest.raises(ParseError) as caught:
        consumption.parse(path, filename=path.name, municipalities=few_municipalities)
    assert str(caught.value) == (
        "sei_data_2023.xlsx: Bladet 'Municipal_grouped' saknas i arbetsboken; bladen heter: "
        "'Kommuner', 'County_grouped'."
    )


def test_a_missing_column_is_refused(tmp_path, few_municipalities):
    path = _sei_workbook(tmp_path, header=("Kommunkod", "kommunnamn", "Total_emissions"))
    with pytest.raises(ParseError, match="saknar kolumnen 'Total_emissions_per_capita'"):
        consumption.parse(path, filename=path.name, municipalities=few_municipalities)


def test_a_file_in_tonnes_is_refused_row_by_row(tmp_path, few_municipalities):
    path = _sei_workbook(tmp_path, rows=[(2480, "Umeå", 3, 5.28)])
    found = collect(consumption.parse(path, filename=path.name, municipalities=few_municipalities))
    (error,) = found.errors
    assert (error.row, error.column) == (2, "Total_emissions_per_capita")
    assert "filen ska ange kg per person" in error.message
