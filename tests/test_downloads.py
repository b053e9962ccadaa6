"""Downloads (core.downloads): one CSV writer and one Excel writer for every table, import
template and report, each cell that starts like a formula kept as text, numbers as
numbers."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.downloads import (
    FORMULA_PREFIXES,
    Choice,
    Sheet,
    csv_bytes,
    csv_text,
    looks_like_formula,
    safe_cell,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+46 90 16 10 00", "'+46 90 16 10 00"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Umeå", "Umeå"),
        ("", ""),
        ("'=already guarded", "'=already guarded"),
        (" =leading space", " =leading space"),
    ],
)
def test_safe_cell_puts_an_apostrophe_before_text_that_starts_like_a_formula(text, safe):
    assert safe_cell(text) == safe


@given(st.text())
def test_safe_cell_never_leaves_a_formula_and_guards_only_once(text):
    safe = safe_cell(text)
    assert not looks_like_formula(safe)
    assert safe_cell(safe) == safe
    assert safe in (text, "'" + text)


def test_csv_writes_numbers_plainly_none_as_empty_and_text_guarded():
    text = csv_text([["Kommun", "Värde", "Not"], ["=Umeå", -5.25, None], ["Malmö", 1234, "ok"]])
    assert text == "Kommun,Värde,Not\r\n'=Umeå,-5.25,\r\nMalmö,1234,ok\r\n"
    assert list(csv.reader(io.StringIO(text))) == [
        ["Kommun", "Värde", "Not"],
        ["'=Umeå", "-5.25", ""],
        ["Malmö", "1234", "ok"],
    ]


def test_csv_for_swedish_excel_has_semicolons_and_a_byte_order_mark():
    body = csv_bytes([["Kommunkod", "Värde"], ["2480", 0.5], ["-x", None]], delimiter=";", bom=True)
    assert body == "\ufeffKommunkod;Värde\r\n2480;0.5\r\n'-x;\r\n".encode()
    assert csv_bytes([["a"]]) == b"a\r\n"


def test_every_formula_prefix_is_guarded_in_csv_and_excel():
    rows = [[prefix + "1"] for prefix in FORMULA_PREFIXES]
    assert [r[0] for r in csv.reader(io.StringIO(csv_text(rows)))] == [
        "'" + prefix + "1" for prefix in FORMULA_PREFIXES
    ]
    book = load_workbook(io.BytesIO(xlsx_bytes([Sheet("Data", rows)])))
    # (XML stores a carriage return as a line feed; what matters is the apostrophe.)
    assert [row[0].value for row in book["Data"].iter_rows()] == [
        "'" + prefix.replace("\r", "\n") + "1" for prefix in FORMULA_PREFIXES
    ]


def test_excel_keeps_numbers_numeric_and_lays_out_each_sheet():
    data = Sheet(
        "Data",
        [["År", "Utsläpp (t)"], [2022, 365009.52], [2023, None], ["=1+1", -5.0]],
        heading_rows=(1,),
        heading_fill="DDEBF7",
        heading_wrap=True,
        freeze="B2",
        widths={"A": 12, "B": 30},
        text_cells="A2:A4",
        choices=(Choice("B2:B9", '"ja,nej"', error="Välj ja eller nej.", show_error=True),),
    )
    about = Sheet("Om data", [["Källa: SMHI"], [], ["Not"]])
    book = load_workbook(io.BytesIO(xlsx_bytes([data, about])))
    assert book.sheetnames == ["Data", "Om data"]
    sheet = book["Data"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["År", "Utsläpp (t)"],
        [2022, 365009.52],
        [2023, None],
        ["'=1+1", -5.0],
    ]
    assert sheet["A1"].font.bold and sheet["B1"].font.bold and not sheet["A2"].font.bold
    assert sheet["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert sheet["B1"].alignment.wrap_text
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet["A3"].number_format == "@"
    [validation] = sheet.data_validations.dataValidation
    assert (str(validation.sqref), validation.formula1) == ("B2:B9", '"ja,nej"')
    assert validation.error == "Välj ja eller nej." and validation.showErrorMessage
    assert [row[0].value for row in book["Om data"].iter_rows()] == ["Källa: SMHI", None, "Not"]
