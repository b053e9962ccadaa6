"""SCB: the reference list of counties and municipalities, and population tables."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from indicators.parsers import scb
from indicators.parsers.base import County, Municipality, ParseError

from .conftest import UMEA, collect

KOMMUNLISTA = "scb/scb_kommunlankod_2023.xls"
SERIES = "scb/scb_folkmangd_kommuner_1950-2022.xlsx"
YEAR_2024 = "scb/scb_be0101_tabhel2024_folkmangd_2024-12-31.xlsx"


# --- the reference list -----------------------------------------------------------------


def test_the_list_has_21_counties_and_290_municipalities(reference):
    counties, municipalities = reference
    assert len(counties) == 21 and len(municipalities) == 290
    assert County("01", "Stockholms län") in counties
    assert Municipality("0114", "Upplands Väsby", "01", "Stockholms län") in municipalities
    assert Municipality(UMEA, "Umeå", "24", "Västerbottens län") in municipalities
    assert all(m.code[:2] == m.county_code for m in municipalities)


def test_the_list_parses_as_a_release(data_dir):
    path = data_dir / KOMMUNLISTA
    parsed = scb.parse_municipality_list(path, filename=path.name)
    found = collect(parsed)
    assert parsed.format == "scb_municipalities"
    assert parsed.kind == "municipalities"
    assert parsed.release.name == "Län och kommuner 2023"
    assert parsed.release.covers_to == 2023
    assert found.errors == []
    assert isinstance(found.records[0], County)  # each county before its municipalities


def _list_workbook(tmp_path: Path, rows: list[tuple[object, object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Län och kommuner 2025"])
    sheet.append(["Kod", "Namn"])
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / "lista.xlsx"
    workbook.save(path)
    return path


def test_it_reads_an_xlsx_list_and_puts_lost_zeros_back(tmp_path):
    path = _list_workbook(tmp_path, [("01", "Stockholms län"), (114.0, "Upplands Väsby")])
    counties, municipalities = scb.load_municipality_list(path)
    assert counties == [County("01", "Stockholms län")]
    assert municipalities == [Municipality("0114", "Upplands Väsby", "01", "Stockholms län")]


def test_it_reports_a_municipality_outside_its_county_and_a_repeated_code(tmp_path):
    path = _list_workbook(
        tmp_path,
        [
            ("01", "Stockholms län"),
            ("2480", "Umeå"),
            ("0114", "Upplands Väsby"),
            ("0114", "Upplands Väsby"),
            ("01x4", "Trasig"),
        ],
    )
    found = collect(scb.parse_municipality_list(path, filename="lista.xlsx"))
    assert [(e.row, e.column) for e in found.errors] == [(4, "Kod"), (6, "Kod"), (7, "Kod")]
    assert "står inte under sitt län (24)" in found.errors[0].message
    assert "Koden 0114 finns två gånger" in found.errors[1].message
    assert "'01x4' är ingen läns- eller kommunkod" in found.errors[2].message
    with pytest.raises(ParseError, match="står inte under sitt län"):
        scb.load_municipality_list(path)


def test_it_refuses_an_xls_that_is_not_one(tmp_path):
    path = tmp_path / "lista.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ParseError, match=r"gamla Excel-filen \(\.xls\) kunde inte läsas"):
        scb.parse_municipality_list(path, filename=path.name)


# --- population ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def series(data_dir, municipalities):
    path = data_dir / SERIES
    parsed = scb.parse(path, filename=path.name, municipalities=municipalities)
    return parsed, collect(parsed)


def test_the_series_is_matched_by_name_and_covers_1950_to_2022(series, municipalities):
    parsed, found = series
    assert parsed.format == "scb_population_series"
    assert parsed.release.name == "Folkmängd 31 december 1950–2022"
    assert parsed.release.covers_to == 2022
    assert found.errors == [] and found.warnings == []  # footnotes below are ignored
    assert len(found.observations) == 290 * 73
    assert {o.municipality_code for o in found.observations} == set(municipalities)
    umea = {o.year: o.value for o in found.observations if o.municipality_code == UMEA}
    assert umea[2022] == 132235
    assert umea[1950] == 46282
    (record,) = [o for o in found.observations if o.municipality_code == UMEA and o.year == 2022]
    assert (record.indicator_key, record.status, record.source) == ("population", "final", "SCB")


def test_the_2024_table_gives_umea_134249(data_dir, municipalities):
    path = data_dir / YEAR_2024
    parsed = scb.parse(path, filename=path.name, municipalities=municipalities)
    found = collect(parsed)
    assert parsed.format == "scb_population_year"
    assert parsed.release.covers_to == 2024
    assert found.errors == [] and found.warnings == []
    assert len(found.observations) == 290  # county rows, Riket and footnotes skipped
    (umea,) = [o for o in found.observations if o.municipality_code == UMEA]
    assert (umea.year, umea.value, umea.indicator_key) == (2024, 134249, "population")


def _year_workbook(tmp_path: Path, rows: list[tuple]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Totalt"
    sheet.append(["Folkmängd i riket, län och kommuner 31 december 2024. Totalt"])
    sheet.append(["Kommun", "Kommunnamn", "Folkmängd"])
    for row in rows:
        sheet.append(list(row))
    sheet.append(["1) En fotnot som inte är data."])
    path = tmp_path / "be0101.xlsx"
    workbook.save(path)
    return path


def test_the_year_table_reports_unknown_codes_swapped_names_and_bad_numbers(
    tmp_path, few_municipalities
):
    path = _year_workbook(
        tmp_path,
        [
            (None, "Riket", 10587710),
            ("24", "Västerbotten", 276295),
            ("2480", "Umeå     ", 134249),
            ("9999", "Ingenstans", 10),
            ("2482", "Umeå", 80000),
            ("0114", "Upplands Väsby", "många"),
            ("0180", "Stockholm", -1),
            ("2480", "Umeå", 134250),
        ],
    )
    parsed = scb.parse(path, filename=path.name, municipalities=few_municipalities)
    found = collect(parsed)
    assert [(o.municipality_code, o.value) for o in found.observations] == [("2480", 134249)]
    assert [(e.row, e.column) for e in found.errors] == [
        (6, "Kommun"),
        (7, "Kommunnamn"),
        (8, "Folkmängd"),
        (9, "Folkmängd"),
        (10, "Kommun"),
    ]
    assert "'9999' finns inte i kommunlistan" in found.errors[0].message
    assert "Kommunkoden 2482 heter Skellefteå" in found.errors[1].message
    assert "'många' är inte ett tal" in found.errors[2].message
    assert "ska vara ett heltal som är 0 eller mer" in found.errors[3].message
    assert "finns redan på rad 5 med andra värden" in found.errors[4].message


def test_the_series_reports_an_unknown_name(tmp_path, few_municipalities):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Folkmängden i Sveriges kommuner 2020-2022"])
    sheet.append(["Kommun", 2020, 2021, 2022])
    sheet.append(["Umeå", 130224, 130997, 132235])
    sheet.append(["Umeo", 1, 2, 3])
    path = tmp_path / "serie.xlsx"
    workbook.save(path)
    found = collect(
        scb.parse_population_series(path, filename=path.name, municipalities=few_municipalities)
    )
    (error,) = found.errors
    assert (error.row, error.column) == (4, "Kommun")
    assert "'Umeo' är inget känt kommunnamn" in error.message
    assert len(found.observations) == 3


def test_a_population_parser_refuses_another_table(tmp_path, few_municipalities):
    path = _year_workbook(tmp_path, [("2480", "Umeå", 1)])
    with pytest.raises(ParseError, match="Hittade ingen befolkningstabell"):
        scb.parse_population_series(path, filename=path.name, municipalities=few_municipalities)
