"""Our indicator template: what a city officer fills in and uploads."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from core.downloads import safe_cell
from indicators.parsers import template
from indicators.parsers.base import ParseError
from indicators.parsers.template import (
    COLUMNS,
    EXAMPLE_NOTE,
    TEMPLATE_COLUMNS,
    TemplateIndicator,
    write_template_csv,
    write_template_xlsx,
)

from .conftest import collect, write

HEADER = ";".join(COLUMNS)
FULL_HEADER = ";".join(TEMPLATE_COLUMNS)


def _csv(tmp_path: Path, *lines: str, encoding: str = "utf-8", name: str = "mall.csv") -> Path:
    return write(tmp_path / name, "\r\n".join([HEADER, *lines]) + "\r\n", encoding=encoding)


def _parse(path: Path, municipalities, **options):
    return collect(
        template.parse(path, filename=path.name, municipalities=municipalities, **options)
    )


def test_it_reads_swedish_and_plain_numbers(tmp_path, few_municipalities):
    path = _csv(
        tmp_path,
        "2480;andel_hallbara_resor;2022;1 234,5;slutligt;RVU;",
        "2480;andel_hallbara_resor;2023;1\u00a0234,5;preliminärt;;",
        "2480;andel_hallbara_resor;2024;1\u202f234,5;uppskattat;;",
        "2480;laddpunkter;2024;1234.5;estimate;;",
        "2480;netto;2024;−12,5;;;Negativa värden är tillåtna för indikatorer",
    )
    found = _parse(path, few_municipalities)
    assert found.errors == [] and found.warnings == []
    assert [(o.year, o.value, o.status) for o in found.observations] == [
        (2022, 1234.5, "final"),
        (2023, 1234.5, "preliminary"),
        (2024, 1234.5, "estimate"),
        (2024, 1234.5, "estimate"),
        (2024, -12.5, "final"),
    ]
    assert found.observations[0].source == "RVU"
    assert found.observations[4].note == "Negativa värden är tillåtna för indikatorer"


def test_it_accepts_commas_english_headers_and_a_lost_leading_zero(tmp_path, few_municipalities):
    text = 'municipality_code,indicator,year,value\r\n114,kolada:N00401,2022,"2,41"\r\n'
    found = _parse(write(tmp_path / "en.csv", text), few_municipalities)
    assert found.errors == []
    (record,) = found.observations
    assert (record.municipality_code, record.indicator_key, record.value) == (
        "0114",
        "kolada:N00401",
        2.41,
    )


def test_it_decodes_windows_1252_with_a_notice(tmp_path, few_municipalities):
    path = _csv(tmp_path, "2480;andel;2024;5;preliminärt;Umeå kommun;Ökning", encoding="cp1252")
    found = _parse(path, few_municipalities)
    assert found.errors == []
    (record,) = found.observations
    assert (record.status, record.source, record.note) == ("preliminary", "Umeå kommun", "Ökning")
    assert any("Windows-1252" in w.message for w in found.warnings)


def test_it_reads_utf16_as_excel_saves_unicode_text(tmp_path, few_municipalities):
    text = "\t".join(COLUMNS) + "\r\n" + "2480\tandel\t2024\t5,5\t\tKälla\t\r\n"
    found = _parse(write(tmp_path / "u16.txt", text, encoding="utf-16"), few_municipalities)
    assert found.errors == []
    assert [o.value for o in found.observations] == [5.5]


def test_formula_like_text_is_kept_as_text_with_a_warning(tmp_path, few_municipalities):
    path = _csv(
        tmp_path,
        '2480;andel;2024;5;;@SUM(A1);=HYPERLINK("http://evil.example")',
        "2480;=cmd|' /C calc'!A0;2023;5;;;",
    )
    found = _parse(path, few_municipalities)
    (record,) = found.observations
    assert record.note == '=HYPERLINK("http://evil.example")'
    assert record.source == "@SUM(A1)"
    assert [w.column for w in found.warnings] == ["Källa", "Kommentar"]
    assert "sparas som text och räknas aldrig ut" in found.warnings[1].message
    (error,) = found.errors
    assert (error.row, error.column) == (3, "Indikator")
    assert "börjar som en kalkylformel" in error.message


def test_it_reports_every_problem_of_a_row(tmp_path, few_municipalities):
    path = _csv(
        tmp_path,
        "9999;andel;1989;abc;kanske;;",
        "2480;andel;2031;5;;;",
        "24800;;2024;;;;",
    )
    found = _parse(path, few_municipalities, current_year=2025)
    assert [(e.row, e.column) for e in found.errors] == [
        (2, "Kommunkod"),
        (2, "År"),
        (2, "Värde"),
        (2, "Status"),
        (3, "År"),
        (4, "Kommunkod"),
        (4, "Indikator"),
        (4, "Värde"),
    ]
    messages = [str(e) for e in found.errors]
    assert (
        messages[0]
        == "mall.csv, rad 2, kolumn Kommunkod: Kommunkoden '9999' finns inte i kommunlistan."
    )
    assert messages[1].endswith("Året 1989 ligger före 1990; tidigaste tillåtna år är 1990.")
    assert "'abc' är inte ett tal" in messages[2]
    assert "'kanske' är ingen status" in messages[3]
    assert "Året 2031 ligger i framtiden; senaste tillåtna år är 2026." in messages[4]
    assert found.observations == []


def test_it_reports_unknown_indicators_when_told_which_exist(tmp_path, few_municipalities):
    path = _csv(tmp_path, "2480;andel;2024;5;;;", "2480;okand;2024;5;;;")
    found = _parse(path, few_municipalities, indicator_keys={"andel"})
    (error,) = found.errors
    assert error.row == 3 and "Indikatorn 'okand' finns inte" in error.message


def test_it_reports_duplicates_at_their_second_occurrence(tmp_path, few_municipalities):
    path = _csv(tmp_path, "2480;andel;2024;5;;;", "2480;andel;2024;5,0;;;", "2480;andel;2024;6;;;")
    found = _parse(path, few_municipalities)
    assert len(found.observations) == 1
    assert [w.row for w in found.warnings] == [3]
    (error,) = found.errors
    assert error.row == 4 and "finns redan på rad 2 med ett annat värde" in error.message


def test_it_reports_double_encoded_text(tmp_path, few_municipalities):
    path = _csv(tmp_path, "2480;andel;2024;5;;UmeÃ¥ kommun;")
    (error,) = _parse(path, few_municipalities).errors
    assert error.column == "Källa" and "'UmeÃ¥ kommun' är felkodad" in error.message


def test_it_warns_about_columns_it_does_not_know(tmp_path, few_municipalities):
    text = HEADER + ";Kommentarer\r\n2480;andel;2024;5;;;;vad\r\n"
    found = _parse(write(tmp_path / "extra.csv", text), few_municipalities)
    (notice,) = found.warnings
    assert "'Kommentarer' känns inte igen" in notice.message


def test_it_refuses_a_file_without_required_columns(tmp_path, few_municipalities):
    path = write(tmp_path / "cols.csv", "Kommunkod;Indikator;Värde\r\n2480;andel;5\r\n")
    with pytest.raises(ParseError, match="Rubrikraden saknar kolumnen År"):
        template.parse(path, filename=path.name, municipalities=few_municipalities)


def test_it_refuses_a_header_without_rows(tmp_path, few_municipalities):
    path = _csv(tmp_path)
    with pytest.raises(ParseError, match="inga ifyllda datarader"):
        _parse(path, few_municipalities)


def test_it_refuses_a_binary_file_posing_as_csv(tmp_path, few_municipalities):
    path = write(tmp_path / "bin.csv", b"\x00\x01\x02garbage\xff\xfe\x00")
    with pytest.raises(ParseError, match="teckenkodning"):
        template.parse(path, filename=path.name, municipalities=few_municipalities)


# --- the downloadable template -------------------------------------------------------------


def test_the_csv_template_parses_and_flags_its_example_row(tmp_path, few_municipalities):
    buffer = io.BytesIO()
    write_template_csv(buffer)
    raw = buffer.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf" + FULL_HEADER.encode())
    path = write(tmp_path / "mall.csv", raw)
    found = _parse(path, few_municipalities)
    (error,) = found.errors
    assert error.column == "Kommentar"
    assert "Exempelraden från mallen finns kvar" in error.message


def test_the_excel_template_round_trips(tmp_path, few_municipalities):
    buffer = io.BytesIO()
    write_template_xlsx(buffer)
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook["Indikatorer"]
    assert [c.value for c in sheet[1]] == list(TEMPLATE_COLUMNS)
    example = [c.value for c in sheet[2]]
    assert example[1] == "sustainable_trips_share"  # a key that exists
    assert example[0] == "2480" and example[3] == 0 and example[6] == EXAMPLE_NOTE
    assert "Instruktioner" in workbook.sheetnames
    # The officer replaces the example with real rows.
    sheet.delete_rows(2)
    sheet.append(["0114", "andel_hallbara_resor", 2024, 41.5, "preliminärt", "RVU", "=1+1"])
    path = tmp_path / "ifylld.xlsx"
    workbook.save(path)
    parsed = template.parse(path, filename=path.name, municipalities=few_municipalities)
    found = collect(parsed)
    assert parsed.format == "template_xlsx"
    assert found.errors == []
    (record,) = found.observations
    assert (record.municipality_code, record.value, record.status, record.note) == (
        "0114",
        41.5,
        "preliminary",
        "=1+1",  # a formula in a text cell is kept as its text, never evaluated
    )


def test_a_formula_in_an_excel_value_cell_is_refused(tmp_path, few_municipalities):
    workbook = openpyxl.Workbook()
    workbook.active.append(list(COLUMNS))
    workbook.active.append(["2480", "andel", 2024, "=B2*2"])
    path = tmp_path / "formel.xlsx"
    workbook.save(path)
    (error,) = _parse(path, few_municipalities).errors
    assert error.column == "Värde" and "innehåller en formel" in error.message


def test_a_workbook_without_the_template_header_is_refused(tmp_path, few_municipalities):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Data"
    workbook.active.append(["Kommun", "Värde"])
    path = tmp_path / "fel.xlsx"
    workbook.save(path)
    with pytest.raises(ParseError, match="Rubrikraden saknar kolumnen Kommunkod"):
        template.parse(path, filename=path.name, municipalities=few_municipalities)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+46 90 16 10 00", "'+46 90 16 10 00"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Umeå", "Umeå"),
        ("", ""),
    ],
)
def test_safe_cell_defuses_formula_prefixes(text, safe):
    assert safe_cell(text) == safe


# --- the names the pages show, and a city's pre-filled template ---------------------------

NAMES = {
    "andel resor med kollektivtrafik, cykel eller till fots": "sustainable_trips_share",
    "share of trips by public transport, bicycle or on foot": "sustainable_trips_share",
}


def test_the_indicator_column_takes_the_name_the_pages_show_in_any_case_and_accent(
    tmp_path, few_municipalities
):
    path = _csv(
        tmp_path,
        "2480;Andel resor med kollektivtrafik, cykel eller till fots;2022;55;;;",
        "2480;ANDEL RESOR MED KOLLEKTIVTRAFIK,  CYKEL ELLER TILL FOTS;2023;56;;;",
        "2480;Share of trips by public transport, bicycle or on foot;2024;57;;;",
        "2480;sustainable_trips_share;2021;54;;;",
        "2480;Andel resor med kollektivtrafik;2020;53;;;",
    )
    found = _parse(
        path,
        few_municipalities,
        indicator_keys={"sustainable_trips_share"},
        indicator_names=NAMES,
    )
    assert [(o.indicator_key, o.year) for o in found.observations] == [
        ("sustainable_trips_share", 2022),
        ("sustainable_trips_share", 2023),
        ("sustainable_trips_share", 2024),
        ("sustainable_trips_share", 2021),
    ]
    (error,) = found.errors
    assert error.row == 6 and error.column == "Indikator"
    assert "varken ett indikatornamn eller en giltig indikatornyckel" in error.message


def test_a_citys_template_is_pre_filled_and_rows_left_empty_are_skipped(
    tmp_path, few_municipalities
):
    trips = TemplateIndicator(
        key="sustainable_trips_share",
        name="Andel hållbara resor",
        unit="%",
        missing_years=(2023, 2024),
    )
    buffer = io.BytesIO()
    write_template_xlsx(buffer, city_code="2480", indicators=[trips])
    workbook = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = workbook["Indikatorer"]
    rows = [[c.value for c in row] for row in sheet.iter_rows() if row[0].value]
    assert rows[1][:3] == ["2480", "sustainable_trips_share", 2024]  # the example
    assert [r[:3] + r[7:] for r in rows[2:]] == [
        ["2480", "sustainable_trips_share", 2023, "Andel hållbara resor", "%"],
        ["2480", "sustainable_trips_share", 2024, "Andel hållbara resor", "%"],
    ]
    # The officer deletes the example, fills in 2023 and leaves 2024 empty.
    sheet.delete_rows(2)
    sheet.cell(row=2, column=4, value=57.5)
    path = tmp_path / "ifylld.xlsx"
    workbook.save(path)
    found = _parse(path, few_municipalities, indicator_keys={"sustainable_trips_share"})
    assert found.errors == []
    assert [(o.year, o.value) for o in found.observations] == [(2023, 57.5)]
    assert any("1 rad utan värde" in w.message for w in found.warnings)
