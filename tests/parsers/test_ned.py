"""SMHI's Länsrapport (Nationella emissionsdatabasen), CSV and Excel."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from indicators.parsers import ned
from indicators.parsers.base import ParseError
from indicators.parsers.detect import parse_any
from indicators.parsers.sectors import MAIN_SECTORS, canonical_sector, canonical_subsector

from .conftest import UMEA, UMEA_ROWS, Collected, collect, ned_csv_text, write

# The real files are parsed once, by one worker, when pytest-xdist spreads the tests.
pytestmark = pytest.mark.xdist_group("ned-files")

GGT_CSV = "ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
CO2_XLSX = "ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"
CO2_TOTALS = "ned/klimatkollen_df_smhi_2022_CO2_totals_per_kommun.xlsx"


@pytest.fixture(scope="module")
def ggt_csv(data_dir: Path, municipalities: dict[str, str]) -> tuple[ned.ParsedFile, Collected]:
    path = data_dir / GGT_CSV
    parsed = ned.parse(path, filename=path.name, municipalities=municipalities)
    return parsed, collect(parsed)


@pytest.fixture(scope="module")
def co2_xlsx(data_dir: Path, municipalities: dict[str, str]) -> tuple[ned.ParsedFile, Collected]:
    path = data_dir / CO2_XLSX
    with path.open("rb") as fileobj:
        parsed = ned.parse(fileobj, filename=path.name, municipalities=municipalities)
        return parsed, collect(parsed)


def _value(found: Collected, code: str, year: int, sector: str = "Alla", sub: str = "Alla"):
    matches = [
        r.tonnes
        for r in found.emissions
        if (r.municipality_code, r.year, r.sector, r.subsector) == (code, year, sector, sub)
    ]
    assert len(matches) == 1, matches
    return matches[0]


# --- the real CSV -------------------------------------------------------------------------


def test_it_reads_the_release_from_the_csv(ggt_csv):
    parsed, _ = ggt_csv
    assert parsed.format == "ned_csv"
    assert parsed.kind == "emissions"
    assert parsed.substance == "GGT"
    assert parsed.release.source == "smhi-ned"
    assert parsed.release.name == "Länsrapport 2021-10-14"
    assert parsed.release.released_on == date(2021, 10, 14)
    assert parsed.release.covers_to == 2019
    assert parsed.release.publisher == "SMHI, Nationella emissionsdatabasen"


def test_it_gives_umeas_known_values_from_the_csv(ggt_csv):
    _, found = ggt_csv
    # SOURCES.md rounds to three decimals; the file has 371639,6128 and 163858,3538.
    assert _value(found, UMEA, 1990) == pytest.approx(458141.257, abs=1e-3)
    assert _value(found, UMEA, 2019) == pytest.approx(371639.613, abs=1e-3)
    assert _value(found, UMEA, 2019, "Transporter") == pytest.approx(163858.354, abs=1e-3)


def test_it_yields_every_municipality_row_and_no_aggregates(ggt_csv, municipalities):
    _, found = ggt_csv
    assert found.errors == [] and found.warnings == []
    # 290 municipalities × 63 (sector, subsector) rows × 13 year columns; the 21 county
    # rows and the national row (Kommun "Alla") are left out.
    assert len(found.emissions) == 290 * 63 * 13
    assert {r.municipality_code for r in found.emissions} == set(municipalities)
    assert {r.year for r in found.emissions} == {1990, 2000, 2005, *range(2010, 2020)}
    assert {r.substance for r in found.emissions} == {"GGT"}


def test_it_uses_canonical_sector_names(ggt_csv):
    _, found = ggt_csv
    assert {r.sector for r in found.emissions} == {"Alla", *MAIN_SECTORS}
    subsectors = {r.subsector for r in found.emissions}
    assert "Avdunstning från vägfordon" in subsectors  # SMHI writes "Avdunsting fran"
    assert "Militär transport" in subsectors  # SMHI writes "Millitär"
    assert not any(" fran " in s for s in subsectors)


def test_it_reads_smhis_scientific_notation(ggt_csv, municipalities):
    # Burlöv's crematoria row has "7,33347×10^−05" for 1990.
    _, found = ggt_csv
    burlov = next(code for code, name in municipalities.items() if name == "Burlöv")
    value = _value(
        found, burlov, 1990, "Avfall (inkl.avlopp)", "Krematorier och förbranning av farligt avfall"
    )
    assert value == pytest.approx(7.33347e-05)


def test_each_record_names_its_line(ggt_csv):
    _, found = ggt_csv
    umea_total = next(
        r for r in found.emissions if r.municipality_code == UMEA and r.sector == "Alla"
    )
    assert umea_total.row == 219  # line 219 of the file, as an editor shows it


# --- the real Excel -----------------------------------------------------------------------


def test_it_reads_the_release_from_the_excel(co2_xlsx):
    parsed, found = co2_xlsx
    assert parsed.format == "ned_xlsx"
    assert parsed.substance == "CO2"
    assert parsed.release.name == "Länsrapport 2024-04-18"
    assert parsed.release.released_on == date(2024, 4, 18)
    assert parsed.release.covers_to == 2022
    assert parsed.total_rows == 19344
    assert found.errors == [] and found.warnings == []
    assert len(found.emissions) == 290 * 62 * 12


def test_it_fixes_the_misspelt_heating_sector(co2_xlsx):
    _, found = co2_xlsx
    sectors = {r.sector for r in found.emissions}
    assert "Egen uppvärmning av bostäder och lokaler" in sectors
    assert not any("uppärmning" in s for s in sectors)


def test_co2_totals_equal_klimatkollens_reference_exactly(co2_xlsx, data_dir, municipalities):
    """The CO2 import must give exactly the pivoted Alla/Alla table for 290 × 12."""
    _, found = co2_xlsx
    totals = {
        (r.municipality_code, r.year): r.tonnes
        for r in found.emissions
        if r.sector == "Alla" and r.subsector == "Alla"
    }
    workbook = openpyxl.load_workbook(data_dir / CO2_TOTALS, read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    workbook.close()
    header, body = rows[0], rows[1:]
    years = [int(y) for y in header[3:]]
    expected = {}
    for row in body:
        assert municipalities[row[1]] == row[0]
        for year, value in zip(years, row[3:], strict=True):
            expected[(row[1], year)] = value
    assert len(expected) == 290 * 12
    assert totals == expected  # exact float equality: same release, same numbers
    assert totals[(UMEA, 1990)] == pytest.approx(412315.34, abs=0.01)
    assert totals[(UMEA, 2022)] == pytest.approx(267249.02, abs=0.01)


# --- sector table ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("Egen uppärmning av bostäder och lokaler", "Egen uppvärmning av bostäder och lokaler"),
        ("egen UPPVÄRMNING av bostäder  och lokaler", "Egen uppvärmning av bostäder och lokaler"),
        ("Avfall (inkl. avlopp)", "Avfall (inkl.avlopp)"),
        ("Produktanvändning (inkl lösningsmedel)", "Produktanvändning (inkl. lösningsmedel)"),
        ("Industri (energi+processer)", "Industri (energi + processer)"),
        ("Alla", "Alla"),
        ("Rymdfart", None),
    ],
)
def test_sector_spellings_map_to_one_name(raw, canonical):
    assert canonical_sector(raw) == canonical


def test_unknown_subsectors_pass_through_trimmed():
    assert canonical_subsector("  Ny undersektor ") == "Ny undersektor"
    assert canonical_subsector("Urea for katalysatorer") == "Urea för katalysatorer"


# --- generated files ----------------------------------------------------------------------


def _parse_csv(path: Path, municipalities, **options) -> Collected:
    return collect(ned.parse(path, filename=path.name, municipalities=municipalities, **options))


def test_it_reads_a_generated_csv(tmp_path, few_municipalities):
    path = write(tmp_path / "ok.csv", ned_csv_text(UMEA_ROWS))
    found = _parse_csv(path, few_municipalities)
    assert found.errors == []
    assert [(r.municipality_code, r.sector, r.year, r.tonnes) for r in found.emissions] == [
        ("2480", "Alla", 1990, 458141.257),
        ("2480", "Alla", 2019, 371639.6128),
        ("2480", "Transporter", 1990, 175118.9149),
        ("2480", "Transporter", 2019, 163858.3538),
        ("2482", "Alla", 1990, 300000.0),
        ("2482", "Alla", 2019, 200000.0),
    ]


def test_it_decodes_a_windows_1252_csv_and_says_so(tmp_path, few_municipalities):
    path = write(tmp_path / "ansi.csv", ned_csv_text(UMEA_ROWS), encoding="cp1252")
    found = _parse_csv(path, few_municipalities)
    assert found.errors == []
    assert len(found.emissions) == 6
    assert any("Windows-1252" in w.message for w in found.warnings)


@pytest.mark.parametrize(
    ("substance", "code"),
    [("Koldioxid (CO2)", "CO2"), ("Metan", "CH4"), ("Dikväveoxid", "N2O"), ("Lustgas", "N2O")],
)
def test_it_reads_the_substance_from_the_report_line(tmp_path, few_municipalities, substance, code):
    path = write(tmp_path / "s.csv", ned_csv_text(UMEA_ROWS, substance=substance))
    parsed = ned.parse(path, filename="s.csv", municipalities=few_municipalities)
    assert parsed.substance == code
    assert {r.substance for r in collect(parsed).emissions} == {code}


def test_it_matches_names_robustly(tmp_path, few_municipalities):
    rows = [
        ("Alla", "Alla", "Västerbottens län", "  UMEÅ  ", "1", "2"),
        ("Alla", "Alla", "Stockholms län", "Upplands\u00a0Väsby", "3", "4"),
        # NFD "Göteborg" (o + combining diaeresis), as some Mac exports write it
        ("Alla", "Alla", "Västra Götalands län", "Go\u0308teborg", "5", "6"),
    ]
    found = _parse_csv(write(tmp_path / "n.csv", ned_csv_text(rows)), few_municipalities)
    assert found.errors == []
    assert {r.municipality_code for r in found.emissions} == {"2480", "0114", "1480"}


def test_it_needs_the_reference_list(tmp_path):
    path = write(tmp_path / "n.csv", ned_csv_text(UMEA_ROWS))
    with pytest.raises(ValueError, match="municipalities"):
        ned.parse(path, filename="n.csv")


# --- bad input: whole file ------------------------------------------------------------------


def _parse_error(path: Path, municipalities, **options) -> str:
    with pytest.raises(ParseError) as caught:
        parsed = ned.parse(path, filename=path.name, municipalities=municipalities, **options)
        collect(parsed)
    assert caught.value.error.file == path.name
    return str(caught.value)


def test_it_refuses_an_empty_file(tmp_path, few_municipalities):
    message = _parse_error(write(tmp_path / "tom.csv", b""), few_municipalities)
    assert message == "tom.csv: Filen är tom; den innehåller inga rader."


def test_it_refuses_a_file_without_the_kommun_column(tmp_path, few_municipalities):
    text = ned_csv_text(
        [r[:3] + r[4:] for r in UMEA_ROWS], header=("Huvudsektor", "Undersektor", "Län")
    )
    message = _parse_error(write(tmp_path / "cols.csv", text), few_municipalities)
    assert "rad 7" in message
    assert "Huvudsektor, Undersektor, Län, Kommun" in message


def test_it_refuses_a_file_that_is_not_a_lansrapport(tmp_path, few_municipalities):
    path = write(tmp_path / "annat.csv", "a;b;c\r\n1;2;3\r\n")
    assert "Hittade ingen rubrikrad" in _parse_error(path, few_municipalities)


def test_it_refuses_a_year_header_that_is_not_a_year(tmp_path, few_municipalities):
    text = ned_csv_text(UMEA_ROWS, years=(1990, "summa"))
    message = _parse_error(write(tmp_path / "y.csv", text), few_municipalities)
    assert "'summa' i rubrikraden är inget årtal" in message
    assert "kolumn F" in message


def test_it_refuses_an_unknown_substance(tmp_path, few_municipalities):
    text = ned_csv_text(UMEA_ROWS, substance="Plutonium")
    assert "Okänt ämne" in _parse_error(write(tmp_path / "p.csv", text), few_municipalities)


def test_it_refuses_a_double_encoded_file(tmp_path, few_municipalities):
    garbled = ned_csv_text(UMEA_ROWS).encode("utf-8").decode("cp1252").encode("utf-8")
    message = _parse_error(write(tmp_path / "moji.csv", garbled), few_municipalities)
    assert "LÃ¤nsrapport" in message
    assert "Länsrapport" in message
    assert "felkodad" in message


def test_it_refuses_an_xlsx_that_is_not_a_workbook(tmp_path, few_municipalities):
    path = write(tmp_path / "fake.xlsx", b"PK\x03\x04 this is not really a zip archive")
    assert "inte en Excel-arbetsbok" in _parse_error(path, few_municipalities)


def test_it_refuses_a_workbook_without_the_report(tmp_path, few_municipalities):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Blad1"
    workbook.active.append(["Något", "annat"])
    path = tmp_path / "annat.xlsx"
    workbook.save(path)
    message = _parse_error(path, few_municipalities)
    assert "Hittade inget blad med SMHI:s rubrikrad" in message
    assert "'Blad1'" in message


# --- bad input: rows ----------------------------------------------------------------------


def test_it_reports_text_where_a_number_belongs(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "Umeå", "abc", "1")]
    found = _parse_csv(write(tmp_path / "t.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert (error.row, error.column, error.value) == (8, "1990", "abc")
    assert str(error).startswith("t.csv, rad 8, kolumn 1990: 'abc' är inte ett tal")
    assert [r.year for r in found.emissions] == [2019]


def test_it_refuses_negative_emissions(tmp_path, few_municipalities):
    rows = [("Transporter", "Alla", "Västerbottens län", "Umeå", "-5,5", "1")]
    found = _parse_csv(write(tmp_path / "neg.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert error.column == "1990"
    assert "Negativa utsläpp (-5,5) är inte tillåtna" in error.message


def test_it_refuses_years_before_1990_and_after_next_year(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "Umeå", "1", "2", "3")]
    text = ned_csv_text(rows, years=(1989, 2020, 2027))
    found = _parse_csv(write(tmp_path / "yr.csv", text), few_municipalities, current_year=2025)
    assert [(e.row, e.column) for e in found.errors] == [(7, "1989"), (7, "2027")]
    assert "före 1990" in found.errors[0].message
    assert "senaste tillåtna år är 2026" in found.errors[1].message
    assert [r.year for r in found.emissions] == [2020]


def test_it_reports_an_unknown_municipality(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "Umeåå", "1", "2")]
    found = _parse_csv(write(tmp_path / "u.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert (error.row, error.column) == (8, "Kommun")
    assert "'Umeåå' är inget känt kommunnamn" in error.message


def test_it_reports_a_double_encoded_name(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "UmeÃ¥", "1", "2")]
    found = _parse_csv(write(tmp_path / "m.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert "'UmeÃ¥' är felkodad" in error.message
    assert "'Umeå'" in error.message


def test_it_reports_a_formula_in_a_name(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", '=HYPERLINK("http://x")', "1", "2")]
    found = _parse_csv(write(tmp_path / "f.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert "ser ut som en kalkylformel" in error.message


def test_it_reports_an_unknown_sector(tmp_path, few_municipalities):
    rows = [("Rymdfart", "Alla", "Västerbottens län", "Umeå", "1", "2")]
    found = _parse_csv(write(tmp_path / "s.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert error.column == "Huvudsektor"
    assert "'Rymdfart' är ingen känd huvudsektor" in error.message


def test_it_reports_the_second_occurrence_of_a_duplicate(tmp_path, few_municipalities):
    rows = [
        ("Transporter", "Alla", "Västerbottens län", "Umeå", "1", "2"),
        ("Transporter", "Alla", "Västerbottens län", "Umeå", "1", "2"),
        ("Transporter", "Alla", "Västerbottens län", "Umeå", "9", "9"),
    ]
    found = _parse_csv(write(tmp_path / "d.csv", ned_csv_text(rows)), few_municipalities)
    assert len(found.emissions) == 2  # the first occurrence only
    (notice,) = found.warnings
    assert notice.row == 9 and "upprepar rad 8" in notice.message
    (error,) = found.errors
    assert error.row == 10
    assert "finns redan på rad 8 med andra värden" in error.message


def test_it_reports_a_short_row(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "Umeå", "1")]
    found = _parse_csv(write(tmp_path / "short.csv", ned_csv_text(rows)), few_municipalities)
    (error,) = found.errors
    assert "Raden har 5 kolumner men rubrikraden 6" in error.message


def test_it_skips_missing_values_with_a_notice(tmp_path, few_municipalities):
    rows = [("Alla", "Alla", "Västerbottens län", "Umeå", "", "2")]
    found = _parse_csv(write(tmp_path / "miss.csv", ned_csv_text(rows)), few_municipalities)
    assert found.errors == []
    (notice,) = found.warnings
    assert notice.column == "1990" and "Värde saknas" in notice.message
    assert [r.year for r in found.emissions] == [2019]


# --- generated Excel ------------------------------------------------------------------------


def _ned_workbook(sheet_title: str = "Metan (CH4)", cells: list | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(["Rapportnamn:", "Länsrapport, 2025-03-01"])
    sheet.append(["Emissioner av Metan (CH4)"])
    sheet.append(["Enhet: ton/år"])
    sheet.append([])
    sheet.append([None, None, None, None, 1990, 2023])
    sheet.append(["Huvudsektor", "Undersektor", "Län", "Kommun", "CH4", "CH4"])
    for row in cells or [("Jordbruk", "Alla", "Västerbottens län", "Umeå", 12.5, 10)]:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_another_substance_and_a_renamed_sheet(tmp_path, few_municipalities):
    path = write(tmp_path / "ch4.xlsx", _ned_workbook(sheet_title="Blad1"))
    parsed = ned.parse(path, filename=path.name, municipalities=few_municipalities)
    found = collect(parsed)
    assert parsed.substance == "CH4"
    assert parsed.release.covers_to == 2023
    assert [(r.sector, r.year, r.tonnes) for r in found.emissions] == [
        ("Jordbruk", 1990, 12.5),
        ("Jordbruk", 2023, 10.0),
    ]


def test_it_reports_text_and_formulas_in_excel_number_cells(tmp_path, few_municipalities):
    cells = [("Jordbruk", "Alla", "Västerbottens län", "Umeå", "=A1*2", "tolv")]
    path = write(tmp_path / "f.xlsx", _ned_workbook(cells=cells))
    found = collect(ned.parse(path, filename=path.name, municipalities=few_municipalities))
    first, second = found.errors
    assert (first.row, first.column) == (7, "1990")
    assert "innehåller en formel" in first.message
    assert (second.column, second.value) == ("2023", "tolv")


# --- float residue --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["−6,5×10^−12", "-6,5E-12", "-6.5e-12", "3,2×10^−13", "-0,0000009", "0,0000000"],
)
def test_float_residue_near_zero_reads_as_zero(tmp_path, few_municipalities, raw):
    rows = [("Transporter", "Vägtrafik", "Västerbottens län", "Umeå", raw, "12,5")]
    found = _parse_csv(write(tmp_path / "noise.csv", ned_csv_text(rows)), few_municipalities)
    assert found.errors == [] and found.warnings == []
    assert [(r.year, r.tonnes) for r in found.emissions] == [(1990, 0.0), (2019, 12.5)]


def test_a_small_real_value_is_kept_and_a_real_negative_is_refused(tmp_path, few_municipalities):
    # 2,31583×10^−05 t is the smallest value in the 2021 CSV (23 g): above the residue
    # threshold of 1e-6 t, so it is a value; −1e-5 t is a negative emission.
    rows = [
        ("Transporter", "Vägtrafik", "Västerbottens län", "Umeå", "2,31583×10^−05", "1"),
        ("Transporter", "Alla", "Västerbottens län", "Umeå", "-0,00001", "1"),
    ]
    found = _parse_csv(write(tmp_path / "small.csv", ned_csv_text(rows)), few_municipalities)
    assert _value(found, UMEA, 1990, "Transporter", "Vägtrafik") == pytest.approx(2.31583e-05)
    (error,) = found.errors
    assert (error.row, error.column) == (9, "1990")
    assert "Negativa utsläpp (-0,00001) är inte tillåtna" in error.message


# --- the 2026 release's layout -----------------------------------------------------------------
#
# No raw copy of SMHI's 2026 Länsrapport is kept (only Klimatkollen's re-shaped JSON), so
# these files are synthesised here in SMHI's raw layouts (the 2021 CSV's and the 2024
# Excel's) with the 2026 release's year columns. Umeå's totals are the 2026 release's
# values as Klimatkollen's JSON gives them (sum of the main sectors, rounded to 0.01 t);
# the aggregate rows are round made-up numbers (they are skipped), and one subsector cell
# holds float residue (−6.5e-12) as SMHI's exports sometimes do.

YEARS_2026 = (1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024)
UMEA_2026 = (
    481807.23,
    460700.03,
    508014.85,
    450675.4,
    415089.51,
    329720.15,
    340974.82,
    316772.63,
    329824.84,
    365009.52,
)
NOISE = -6.5e-12


def _rows_2026(number: Callable[[float], object]) -> list[tuple[object, ...]]:
    def cells(values: tuple[float, ...]) -> tuple[object, ...]:
        return tuple(number(v) for v in values)

    return [
        ("Alla", "Alla", "Alla", "Alla", *cells((1e6,) * 10)),
        ("Alla", "Alla", "Västerbottens län", "Alla", *cells((1e5,) * 10)),
        ("Alla", "Alla", "Västerbottens län", "Umeå", *cells(UMEA_2026)),
        (
            "Utrikes transporter",
            "Alla",
            "Västerbottens län",
            "Umeå",
            *cells((0.0,) * 8 + (NOISE, 313.19)),
        ),
    ]


def _check_2026(parsed: ned.ParsedFile) -> None:
    found = collect(parsed)
    assert found.errors == [] and found.warnings == []
    assert parsed.substance == "GGT"
    assert parsed.release.covers_to == 2024
    totals = {r.year: r.tonnes for r in found.emissions if r.sector == "Alla"}
    assert totals == pytest.approx(dict(zip(YEARS_2026, UMEA_2026, strict=True)))
    international = {r.year: r.tonnes for r in found.emissions if r.sector != "Alla"}
    assert international[2023] == 0.0  # the float residue
    assert international[2024] == pytest.approx(313.19)
    assert sorted(international) == list(YEARS_2026)


def test_it_reads_the_2026_year_layout_as_a_csv(tmp_path, few_municipalities):
    rows = _rows_2026(lambda v: f"{v:.12g}".replace(".", ","))
    text = ned_csv_text(rows, years=YEARS_2026, report="Rapportnamn:;Länsrapport, 2026-04-15")
    path = write(tmp_path / "ggt_2026.csv", text)
    parsed = ned.parse(
        path, filename=path.name, municipalities=few_municipalities, current_year=2026
    )
    assert parsed.format == "ned_csv"
    assert parsed.release.released_on == date(2026, 4, 15)
    _check_2026(parsed)


@pytest.mark.parametrize("header_cell", ["GGT", "CO2-ekv.", None])
def test_it_reads_the_2026_year_layout_as_an_excel_download(
    tmp_path, few_municipalities, header_cell
):
    # The 2024 Excel layout: years one row above the header; what the header's year
    # cells hold for greenhouse gases is not known, so each plausible content is tried.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Växthusgaser totalt"
    sheet.append(["Rapportnamn:", "Länsrapport, 2026-04-15"])
    sheet.append(["Emissioner av Växthusgaser totalt"])
    sheet.append(["Enhet: ton/år"])
    sheet.append([])
    sheet.append([None, None, None, None, *YEARS_2026])
    sheet.append(["Huvudsektor", "Undersektor", "Län", "Kommun", *[header_cell] * 10])
    for row in _rows_2026(float):
        sheet.append(list(row))
    path = tmp_path / "ggt_2026.xlsx"
    workbook.save(path)
    with path.open("rb") as fileobj:
        parsed = parse_any(
            fileobj, filename=path.name, municipalities=few_municipalities, current_year=2026
        )
        assert parsed.format == "ned_xlsx"
        _check_2026(parsed)


def test_float_residue_in_an_excel_cell_reads_as_zero(tmp_path, few_municipalities):
    cells = [("Jordbruk", "Alla", "Västerbottens län", "Umeå", NOISE, -NOISE)]
    path = write(tmp_path / "noise.xlsx", _ned_workbook(cells=cells))
    found = collect(ned.parse(path, filename=path.name, municipalities=few_municipalities))
    assert found.errors == []
    assert [(r.year, r.tonnes) for r in found.emissions] == [(1990, 0.0), (2023, 0.0)]
