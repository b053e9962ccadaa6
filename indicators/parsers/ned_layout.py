"""The top of SMHI's Länsrapport: the report lines (report name and date, "Emissioner
av <ämne>", "Enhet: ton/år") and the header row ``Huvudsektor, Undersektor, Län, Kommun,
<years...>``, read into a :class:`Layout` that ``ned`` reads the data rows by.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .base import RowError
from .files import fail
from .numbers import parse_year
from .sectors import substance_code
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import YearRange
from .workbooks import column_letter

HEADER_COLUMNS = ("Huvudsektor", "Undersektor", "Län", "Kommun")
_HEADER_SEARCH_ROWS = 30
_UNITS = {"ton": 1.0, "t": 1.0, "kton": 1000.0, "kt": 1000.0, "kg": 0.001, "g": 1e-6}

#: A row's cells: a tuple from a workbook, a list of strings from the CSV.
Cells = tuple[Any, ...] | list[str]


@dataclass
class Layout:
    """What the report lines and the header row say about the table."""

    header_row: int
    years: list[tuple[int, int]]  # (0-based column, year) of the year columns to read
    report: str = "Länsrapport"
    released_on: date | None = None
    substance: str | None = None
    factor: float = 1.0
    header_errors: list[RowError] = field(default_factory=list)


class NoHeader(Exception):
    """No header row in the first rows of a sheet (try the next sheet)."""


def read_layout(
    rows: Iterator[tuple[int, Cells]],
    filename: str,
    years: YearRange,
    sheet_name: str | None,
) -> Layout:
    """Read the report lines and the header row from the top of ``rows``."""
    report, released_on, substance, factor = "Länsrapport", None, None, 1.0
    previous: Cells = ()
    for number, cells in rows:
        if number > _HEADER_SEARCH_ROWS:
            break
        texts = [clean_text(c) for c in cells]
        first = texts[0] if texts else ""
        for text in texts[:4]:
            garbled = mojibake_message(text)
            if garbled:
                raise fail(filename, f"Filen är felkodad: {garbled}.", row=number, value=text)
        key = name_key(first)
        if key.startswith("rapportnamn") and len(texts) > 1:
            report, released_on = _report_name(texts[1] or first.partition(":")[2])
        elif key.startswith("emissioner av"):
            substance = substance_code(first)
            if substance is None:
                raise fail(
                    filename,
                    f"Okänt ämne i rapportraden '{shorten(first)}'; förväntade t.ex. "
                    "'Emissioner av Växthusgaser totalt' eller 'Emissioner av Koldioxid (CO2)'.",
                    row=number,
                )
        elif key.startswith("enhet"):
            factor = _unit_factor(first, filename, number)
        elif key == "huvudsektor":
            layout = _header(cells, previous, number, filename, years)
            layout.report, layout.released_on, layout.factor = report, released_on, factor
            layout.substance = (
                substance or _substance_from_header(cells) or substance_code(sheet_name)
            )
            if layout.substance is None:
                raise fail(
                    filename,
                    "Filen säger inte vilket ämne den gäller (raden 'Emissioner av ...' "
                    "saknas); ladda upp Länsrapporten som den laddades ned från SMHI.",
                )
            return layout
        previous = cells
    if sheet_name is not None:
        raise NoHeader
    raise fail(
        filename,
        "Hittade ingen rubrikrad 'Huvudsektor;Undersektor;Län;Kommun;<årtal>' bland de "
        f"första {_HEADER_SEARCH_ROWS} raderna; är det här SMHI:s Länsrapport?",
    )


def _report_name(text: str) -> tuple[str, date | None]:
    """("Länsrapport", 2021-10-14) from "Länsrapport, 2021-10-14"."""
    match = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    label = clean_text(re.sub(r"[,\s]*\d{4}-\d{2}-\d{2}.*$", "", text)) or "Länsrapport"
    if not match:
        return label, None
    try:
        return label, date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return label, None


def _unit_factor(text: str, filename: str, row: int) -> float:
    unit = name_key(text.partition(":")[2]).split("/")[0].strip()
    if unit in _UNITS:
        return _UNITS[unit]
    raise fail(
        filename,
        f"Okänd enhet i '{shorten(text)}'; förväntade 'Enhet: ton/år'.",
        row=row,
        value=text,
    )


def _substance_from_header(cells: Cells) -> str | None:
    # The Excel download repeats the substance code ("CO2") in every year column.
    for cell in cells[4:]:
        code = substance_code(f"({clean_text(cell)})") if cell not in (None, "") else None
        if code and not code.isdigit():
            return code
    return None


def _header(cells: Cells, previous: Cells, number: int, filename: str, years: YearRange) -> Layout:
    found = [clean_text(c) for c in cells[:4]]
    if [name_key(c) for c in found] != [name_key(c) for c in HEADER_COLUMNS]:
        raise fail(
            filename,
            "Rubrikraden ska börja med kolumnerna "
            + ", ".join(HEADER_COLUMNS)
            + "; filen har "
            + ", ".join(f"'{c}'" for c in found)
            + ".",
            row=number,
        )
    layout = Layout(header_row=number, years=[])
    seen: set[int] = set()
    for column in range(4, len(cells)):
        raw = cells[column]
        above = previous[column] if column < len(previous) else None
        year = _year_of(raw)
        if year is None:
            year = _year_of(above)
        if year is None:
            if clean_text(raw) == "" and clean_text(above) == "":
                continue  # trailing empty columns
            raise fail(
                filename,
                f"'{shorten(raw)}' i rubrikraden är inget årtal; efter Kommun ska varje "
                "kolumn vara ett år (1990, 2000, ...).",
                row=number,
                column=column_letter(column),
                value=raw,
            )
        if year in seen:
            raise fail(
                filename,
                f"Året {year} finns två gånger i rubrikraden.",
                row=number,
                column=str(year),
            )
        seen.add(year)
        problem = years.problem(year)
        if problem:
            layout.header_errors.append(
                RowError(filename, number, str(year), f"Kolumnen {problem}.", str(year))
            )
            continue
        layout.years.append((column, year))
    if not layout.years:
        raise fail(filename, "Rubrikraden har inga giltiga årtalskolumner.", row=number)
    return layout


def _year_of(raw: object) -> int | None:
    try:
        year = parse_year(raw)
    except ValueError:
        return None
    return year if 1000 <= year <= 9999 else None
