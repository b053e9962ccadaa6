"""Generators of the bad files in the issue's "Bad input" list, each built in memory.

Every case is (id, file name, content, who uploads it). The end-to-end test uploads each
through the page and checks the message names the file, row and column.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import openpyxl

from tests.parsers.conftest import UMEA_ROWS, ned_csv_text

HEADER = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar"
NEXT_YEAR_PLUS_ONE = date.today().year + 2


def template(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([header, *rows, ""]).encode(encoding)


def ned(*extra_rows: tuple, years=(1990, 2019), rows=None) -> bytes:
    return ned_csv_text([*(rows or UMEA_ROWS), *extra_rows], years=years).encode("utf-8")


def workbook(rows: list[list], title: str = "Indikatorer") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ned_workbook(cells: list[tuple], title: str = "Koldioxid (CO2)") -> bytes:
    return workbook(
        [
            ["Rapportnamn:", "Länsrapport, 2024-04-18"],
            ["Emissioner av Koldioxid (CO2)"],
            ["Enhet: ton/år"],
            [],
            [None, None, None, None, 1990, 2022],
            ["Huvudsektor", "Undersektor", "Län", "Kommun", "CO2", "CO2"],
            *[list(c) for c in cells],
        ],
        title=title,
    )


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def kolada_page(values: list[dict]) -> bytes:
    return json.dumps({"count": len(values), "values": values}).encode()


def kolada_value(municipality: str, period: int, value: float | None) -> dict:
    return {
        "kpi": "N00401",
        "municipality": municipality,
        "period": period,
        "values": [{"count": 1, "gender": "T", "status": "", "value": value}],
    }


def sei_county(items: list[dict]) -> bytes:
    return json.dumps(items, ensure_ascii=False).encode()


UMEA_OK = "2480;sustainable_trips_share;2023;61"
TRANSPORT = ("Jordbruk", "Alla", "Västerbottens län", "Umeå")  # not yet in UMEA_ROWS
TEMPLATE_XLSX_HEADER = ["Kommunkod", "Indikator", "År", "Värde", "Status", "Källa", "Kommentar"]

# (id, file name, content, uploader: "staff" (national) or "umea" (Umeå's officer))
CASES: list[tuple[str, str, bytes, str]] = [
    ("empty_csv", "tom.csv", b"", "umea"),
    ("empty_xlsx", "tom.xlsx", b"", "staff"),
    ("only_whitespace", "blank.csv", b"\r\n  \r\n", "umea"),
    (
        "windows_1252_template_with_bad_value",
        "ansi.csv",
        template("2480;sustainable_trips_share;2023;ökning", encoding="cp1252"),
        "umea",
    ),
    (
        "windows_1252_lansrapport_bad_number",
        "ansi-lan.csv",
        ned_csv_text(
            [*UMEA_ROWS, (*TRANSPORT[:2], "Västerbottens län", "Umeå", "1,5", "x")],
        ).encode("cp1252"),
        "staff",
    ),
    (
        "template_missing_value_column",
        "utan-varde.csv",
        template("2480;sustainable_trips_share;2023", header="Kommunkod;Indikator;År"),
        "umea",
    ),
    (
        "template_wrong_columns",
        "fel-kolumner.csv",
        template("a;b;c", header="Namn;Adress;Telefon"),
        "umea",
    ),
    (
        "lansrapport_without_kommun_column",
        "utan-kommun.csv",
        ned_csv_text(
            [("Alla", "Alla", "Västerbottens län", "1", "2")],
            header=("Huvudsektor", "Undersektor", "Län"),
        ).encode(),
        "staff",
    ),
    (
        "template_xlsx_sheet_renamed_without_header",
        "omdopt.xlsx",
        workbook([["Något annat"], ["2480", "x"]], title="Blad1"),
        "umea",
    ),
    (
        "sei_xlsx_sheet_renamed",
        "sei_data_2023.xlsx",
        workbook([["Kommunkod", "Annat"], ["2480", 1]], title="Municipal"),
        "staff",
    ),
    (
        "text_for_a_number_template",
        "text.csv",
        template(UMEA_OK, "2480;sustainable_trips_share;2024;sextio"),
        "umea",
    ),
    ("text_for_a_number_lansrapport", "text-lan.csv", ned((*TRANSPORT, "abc", "1")), "staff"),
    (
        "text_for_a_number_template_xlsx",
        "text.xlsx",
        workbook([TEMPLATE_XLSX_HEADER, ["2480", "sustainable_trips_share", 2023, "mycket"]]),
        "umea",
    ),
    (
        "text_for_a_number_kolada_dump",
        "ddf--datapoints--n00401--by--geo--year.csv",
        b"geo,year,n00401\n2480,2021,2.5\n2480,2022,inget\n",
        "umea",
    ),
    ("negative_emissions_csv", "negativ.csv", ned((*TRANSPORT, "-5", "1")), "staff"),
    (
        "negative_emissions_xlsx",
        "negativ.xlsx",
        ned_workbook([("Transporter", "Alla", "Västerbottens län", "Umeå", -12.5, 10)]),
        "staff",
    ),
    (
        "year_before_1990_template",
        "1989.csv",
        template("2480;sustainable_trips_share;1989;61"),
        "umea",
    ),
    (
        "year_after_next_year_template",
        "framtid.csv",
        template(f"2480;sustainable_trips_share;{NEXT_YEAR_PLUS_ONE};61"),
        "umea",
    ),
    ("year_before_1990_lansrapport_header", "1985.csv", ned(years=(1985, 2019)), "staff"),
    (
        "year_after_next_year_kolada_dump",
        "ddf--datapoints--n00401--by--geo--year.csv",
        f"geo,year,n00401\n2480,{NEXT_YEAR_PLUS_ONE},2.5\n".encode(),
        "umea",
    ),
    (
        "unknown_municipality_code_template",
        "okand.csv",
        template("9999;sustainable_trips_share;2023;61"),
        "staff",
    ),
    (
        "unknown_municipality_name_lansrapport",
        "okand-namn.csv",
        ned(("Alla", "Alla", "Västerbottens län", "Atlantis", "1", "2")),
        "staff",
    ),
    (
        "unknown_municipality_code_kolada_api",
        "kolada.json",
        kolada_page([kolada_value("9999", 2022, 2.4)]),
        "staff",
    ),
    (
        "unknown_municipality_name_klimatkollen",
        "sektorer.json",
        json.dumps([{"name": "Atlantis", "sectors": {"2022": {"Transporter": 1.5}}}]).encode(),
        "staff",
    ),
    (
        "same_year_twice_template",
        "dubbel.csv",
        template(UMEA_OK, "2480;sustainable_trips_share;2023;65"),
        "umea",
    ),
    (
        "same_year_twice_lansrapport",
        "dubbel-lan.csv",
        ned(("Transporter", "Alla", "Västerbottens län", "Umeå", "1", "2")),
        "staff",
    ),
    (
        "same_year_twice_kolada_dump",
        "ddf--datapoints--n00401--by--geo--year.csv",
        b"geo,year,n00401\n2480,2022,2.4\n2480,2022,2.5\n",
        "umea",
    ),
    (
        "xlsx_zip_bomb",
        "bomb.xlsx",
        zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\0" * (20 << 20)}),
        "staff",
    ),
    ("zip_that_is_not_a_workbook", "arkiv.xlsx", zipped({"readme.txt": b"hej"}), "staff"),
    ("picture_named_xlsx", "bild.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 200, "staff"),
    ("damaged_workbook", "trasig.xlsx", zipped({"xl/workbook.xml": b"<not xml"}), "staff"),
    (
        "formula_in_template_value",
        "formel.csv",
        template("2480;sustainable_trips_share;2023;=SUM(A1:A9)"),
        "umea",
    ),
    (
        "formula_in_template_xlsx_value",
        "formel.xlsx",
        workbook([TEMPLATE_XLSX_HEADER, ["2480", "sustainable_trips_share", 2023, "=1+1"]]),
        "umea",
    ),
    (
        "formula_in_lansrapport_name",
        "formel-lan.csv",
        ned(("Alla", "Alla", "Västerbottens län", '=HYPERLINK("x")', "1", "2")),
        "staff",
    ),
    (
        "formula_in_lansrapport_xlsx_number",
        "formel-lan.xlsx",
        ned_workbook([("Transporter", "Alla", "Västerbottens län", "Umeå", "=A1*2", 10)]),
        "staff",
    ),
    (
        "duplicated_ids_sei_county_json",
        "sammanräknade-utsläpp-i-västerbotten.json",
        sei_county(
            [
                {"code": "2480", "name": "Umeå", "emissions": "5541", "population": 1},
                {"code": "2480", "name": "Umeå", "emissions": "6000", "population": 1},
            ]
        ),
        "staff",
    ),
    (
        "duplicated_ids_kolada_api",
        "kolada-dubbel.json",
        kolada_page([kolada_value("2480", 2022, 2.4), kolada_value("2480", 2022, 2.5)]),
        "staff",
    ),
    (
        "double_encoded_klimatkollen",
        "dubbelkodad.json",
        json.dumps(
            [{"name": "UmeÃ¥", "sectors": {"2022": {"Transporter": 1.5}}}], ensure_ascii=False
        ).encode(),
        "staff",
    ),
    (
        "double_encoded_sei_county",
        "sammanräknade-utsläpp-i-vb.json",
        sei_county(
            [
                {"code": "24", "name": "VÃ¤sterbottens län", "emissions": "5541", "population": 1},
                {"code": "2480", "name": "UmeÃ¥", "emissions": "5541x", "population": 1},
            ]
        ),
        "staff",
    ),
    (
        "double_encoded_lansrapport",
        "dubbel-kod.csv",
        ned(("Alla", "Alla", "Västerbottens län", "UmeÃ¥", "1", "2"), rows=UMEA_ROWS[:2]),
        "staff",
    ),
    (
        "unknown_indicator_template",
        "okand-indikator.csv",
        template("2480;finns_inte;2023;61"),
        "umea",
    ),
    (
        "emission_indicator_in_template",
        "utslapp.csv",
        template("2480;territorial_ghg;2023;300000"),
        "umea",
    ),
]
