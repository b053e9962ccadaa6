"""Files people download and open in a spreadsheet: CSV and Excel, each written one way.

Every text cell of every download goes through :func:`safe_cell`, so text that a
spreadsheet would run as a formula (a goal title typed as "=…", a value in an uploaded
file) is shown as text instead (OWASP "CSV injection"). Numbers are never touched: −5
stays a number.

Plain Python and openpyxl, no Django: the pure parsers write the empty import template
with it, the pages their tables and the API its CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Characters that make a spreadsheet program treat a cell as a formula (OWASP "CSV
#: injection"). Tab and carriage return are on OWASP's list too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    """True if a spreadsheet program would treat ``text`` as a formula."""
    return text.startswith(FORMULA_PREFIXES)


def safe_cell(text: str) -> str:
    """``text`` made safe for a CSV/Excel download: a value that starts like a formula
    (=, +, -, @, tab, CR) gets a leading apostrophe so the spreadsheet shows it as text
    instead of running it. Applying it twice changes nothing more."""
    return "'" + text if looks_like_formula(text) else text


def _csv_cell(value: Any) -> Any:
    """A CSV cell: text guarded, empty for None, numbers as they are (decimal point)."""
    if value is None:
        return ""
    return safe_cell(value) if isinstance(value, str) else value


def csv_text(rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """Rows (the header first) as CSV: RFC 4180 with CRLF line ends.

    ``delimiter`` is a comma for programs; the files made for Excel on a Swedish Windows
    (the import template, an import's error report) use ``;``, since there the comma is
    the decimal mark.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def csv_bytes(rows: Iterable[Sequence[Any]], *, delimiter: str = ",", bom: bool = False) -> bytes:
    """:func:`csv_text` as UTF-8, with a byte order mark when ``bom`` (Excel reads a file
    without one as Windows-1252 and garbles å, ä and ö)."""
    return csv_text(rows, delimiter=delimiter).encode("utf-8-sig" if bom else "utf-8")


@dataclass(frozen=True)
class Choice:
    """A drop-down list on a range of cells (Excel's data validation)."""

    cells: str  # the range, e.g. "E2:E1000"
    source: str  # the allowed values: '"a,b,c"' or a range "'Listor'!$A$2:$A$9"
    error: str = ""  # what Excel says when another value is typed
    error_title: str = ""
    show_error: bool = False


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook to download: its rows (the first sheet comes first) and
    how it is laid out."""

    title: str
    rows: Sequence[Sequence[Any]]
    heading_rows: tuple[int, ...] = ()  # rows (1-based) set in bold: titles and headers
    heading_fill: str = ""  # their background colour (RGB hex), if any
    heading_wrap: bool = False  # their text wrapped, aligned to the top
    freeze: str = ""  # the first cell that scrolls: "B2" keeps row 1 and column A in view
    widths: Mapping[str, float] = field(default_factory=dict)  # column letter → width
    text_cells: str = ""  # a range whose cells take text only ("A2:A1000": 0114 stays 0114)
    choices: tuple[Choice, ...] = ()


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An Excel workbook of ``sheets``: numbers as numeric cells, text guarded."""
    # openpyxl takes a good while to import and only downloads need it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    for number, spec in enumerate(sheets):
        # A new workbook has one sheet, the first; the others are added after it.
        sheet = workbook.worksheets[0] if number == 0 else workbook.create_sheet()
        sheet.title = spec.title
        for row in spec.rows:
            sheet.append([safe_cell(v) if isinstance(v, str) else v for v in row])
        for index in spec.heading_rows:
            for cell in sheet[index]:
                cell.font = Font(bold=True)
                if spec.heading_fill:
                    cell.fill = PatternFill("solid", fgColor=spec.heading_fill)
                if spec.heading_wrap:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        if spec.text_cells:
            for cells in sheet[spec.text_cells]:
                for cell in cells:
                    cell.number_format = "@"
        for choice in spec.choices:
            validation = DataValidation(
                type="list",
                formula1=choice.source,
                allow_blank=True,
                showErrorMessage=choice.show_error,
            )
            if choice.error_title:
                validation.errorTitle = choice.error_title
            if choice.error:
                validation.error = choice.error
            validation.add(choice.cells)
            sheet.add_data_validation(validation)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
