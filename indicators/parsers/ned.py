"""Nationella emissionsdatabasen (SMHI for Naturvårdsverket): the "Länsrapport".

The report is downloaded either as CSV or as Excel. Both have a few report lines on
top (report name and date, "Emissioner av <ämne>", "Enhet: ton/år"), then the header
``Huvudsektor, Undersektor, Län, Kommun, <years...>`` and one row per
(sector, subsector, county, municipality). ``Alla`` marks totals: a row with Kommun
``Alla`` is a county (or, with Län ``Alla`` too, the national) aggregate and is skipped;
only municipality rows become records. The CSV is ``;``-separated with decimal comma
and CRLF and ends with a footer repeating the report name; the Excel download puts the
years one row above the header, whose year cells hold the substance code ("CO2").

SMHI publishes municipal values only for some years, and which ones changes between
releases; missing years are simply absent columns and are never interpolated. The year
columns are read from the header (or the row above it), whatever they are, so every
layout seen so far is read the same way:

- 2021-10-14, CSV: 1990, 2000, 2005, 2010–2019, years in the header row;
- 2024-04-18, Excel: 1990, 2000, 2005, 2010, 2015–2022, years one row above the
  header, whose year cells hold the substance code;
- the 2026 release: 1990, 2000, 2005, 2010, 2015, 2020–2024 (read in the tests from
  files built in SMHI's raw layouts with those year columns, as no raw copy is kept).

Float residue: a value with |x| < 1e-6 (e.g. −6.5e-12 where SMHI means zero) reads as 0;
any other negative value is refused for its cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .base import DEFAULT_MAX_BYTES, EmissionRecord, ParsedFile, Record, ReleaseInfo, RowError
from .files import (
    OpenedFile,
    Source,
    column_letter,
    csv_rows,
    fail,
    is_ole,
    is_zip,
    open_source,
    open_workbook,
    peek,
    sheet_rows,
    sniff_encoding,
    warning,
)
from .numbers import NUMBER_HINT, parse_number, parse_year
from .sectors import ALL, MAIN_SECTORS, canonical_sector, canonical_subsector, substance_code
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import DuplicateTracker, MunicipalityIndex, YearRange

SOURCE = "smhi-ned"
PUBLISHER = "SMHI, Nationella emissionsdatabasen"
FIRST_YEAR = 1990  # the inventory (and Sweden's climate goals) start in 1990
HEADER_COLUMNS = ("Huvudsektor", "Undersektor", "Län", "Kommun")
# Values closer to zero than this (in the file's unit, tonnes: 1 g) are float residue and
# read as 0. The smallest real value in the releases seen is 2.3e-5 t (23 g).
FLOAT_NOISE = 1e-6
_HEADER_SEARCH_ROWS = 30
_MISSING = {"", "-", "..", ".", "–"}  # how an absent value can be written
_UNITS = {"ton": 1.0, "t": 1.0, "kton": 1000.0, "kt": 1000.0, "kg": 0.001, "g": 1e-6}

Cells = tuple[Any, ...] | list[str]


@dataclass
class _Layout:
    """What the report lines and the header row say about the table."""

    header_row: int
    years: list[tuple[int, int]]  # (0-based column, year) of the year columns to read
    report: str = "Länsrapport"
    released_on: date | None = None
    substance: str | None = None
    factor: float = 1.0
    header_errors: list[RowError] = field(default_factory=list)


def parse(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
) -> ParsedFile:
    """Parse a Länsrapport download, CSV or Excel (told apart by the file's first bytes).

    ``municipalities`` maps 4-digit code → name; the report names municipalities only,
    so the mapping is required. Yields :class:`EmissionRecord` (tonnes per year, t CO2e
    for greenhouse gases) for every municipality row and year column.
    """
    opened = open_source(fileobj, filename, max_bytes)
    head = peek(opened.stream)
    if is_zip(head) or is_ole(head):
        return _parse_xlsx(opened, filename, municipalities, current_year, min_year)
    return _parse_csv(opened, filename, municipalities, current_year, min_year)


def parse_csv(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
) -> ParsedFile:
    """The CSV download (format id ``ned_csv``); see :func:`parse`."""
    return parse(
        fileobj,
        filename=filename,
        municipalities=municipalities,
        current_year=current_year,
        max_bytes=max_bytes,
        min_year=min_year,
    )


def parse_xlsx(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
) -> ParsedFile:
    """The Excel download (format id ``ned_xlsx``); see :func:`parse`."""
    return parse(
        fileobj,
        filename=filename,
        municipalities=municipalities,
        current_year=current_year,
        max_bytes=max_bytes,
        min_year=min_year,
    )


def _require_index(municipalities: Mapping[str, str] | None) -> MunicipalityIndex:
    if municipalities is None:
        raise ValueError("municipalities (code → name) is required: the file has names only")
    return MunicipalityIndex(municipalities)


# --- CSV ------------------------------------------------------------------------------


def _parse_csv(
    opened: OpenedFile,
    filename: str,
    municipalities: Mapping[str, str] | None,
    current_year: int | None,
    min_year: int,
) -> ParsedFile:
    index = _require_index(municipalities)
    try:
        encoding, notice = sniff_encoding(opened.stream, filename)
        years = YearRange.up_to_next_year(min_year, current_year)
        head_rows = csv_rows(opened.stream, encoding, filename, ";")
        try:
            layout = _read_layout(head_rows, filename, years, None)
        finally:
            head_rows.close()
    except BaseException:
        opened.close()
        raise

    def rows() -> Iterator[Record]:
        if notice:
            yield notice
        source = csv_rows(opened.stream, encoding, filename, ";")
        yield from _records(source, layout, filename, index)

    return _parsed("ned_csv", layout, filename, rows, opened.close, total_rows=None)


# --- Excel ----------------------------------------------------------------------------


def _parse_xlsx(
    opened: OpenedFile,
    filename: str,
    municipalities: Mapping[str, str] | None,
    current_year: int | None,
    min_year: int,
) -> ParsedFile:
    index = _require_index(municipalities)
    workbook = None

    def close() -> None:
        if workbook is not None:
            workbook.close()
        opened.close()

    try:
        workbook = open_workbook(opened.stream, filename)
        years = YearRange.up_to_next_year(min_year, current_year)
        sheet, layout = _find_sheet(workbook, filename, years)
    except BaseException:
        close()
        raise

    def rows() -> Iterator[Record]:
        yield from _records(sheet_rows(sheet, filename), layout, filename, index)

    max_row = getattr(sheet, "max_row", None)
    total = max_row - layout.header_row if isinstance(max_row, int) else None
    return _parsed("ned_xlsx", layout, filename, rows, close, total_rows=total)


def _find_sheet(workbook: Any, filename: str, years: YearRange) -> tuple[Any, _Layout]:
    """The sheet holding the report (found by its header row, so a renamed sheet still
    works) and its layout. The sheet name is the substance if the report lines lack it."""
    for sheet in workbook.worksheets:
        rows = sheet_rows(sheet, filename)
        try:
            layout = _read_layout(rows, filename, years, sheet.title)
        except _NoHeader:
            continue
        finally:
            rows.close()
        return sheet, layout
    raise fail(
        filename,
        "Hittade inget blad med SMHI:s rubrikrad (Huvudsektor, Undersektor, Län, Kommun "
        "och årtal); arbetsboken har bladen "
        + ", ".join(f"'{name}'" for name in workbook.sheetnames)
        + ". Ladda upp Länsrapporten som den laddades ned från SMHI.",
    )


# --- shared ---------------------------------------------------------------------------


class _NoHeader(Exception):
    """No header row in the first rows of a sheet (try the next sheet)."""


def _read_layout(
    rows: Iterator[tuple[int, Cells]],
    filename: str,
    years: YearRange,
    sheet_name: str | None,
) -> _Layout:
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
        raise _NoHeader
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


def _header(cells: Cells, previous: Cells, number: int, filename: str, years: YearRange) -> _Layout:
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
    layout = _Layout(header_row=number, years=[])
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


def _records(
    rows: Iterator[tuple[int, Cells]],
    layout: _Layout,
    filename: str,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """EmissionRecords and RowErrors for the data rows below the header."""
    yield from layout.header_errors
    seen = DuplicateTracker()
    substance = layout.substance or ""
    width = max(column for column, _ in layout.years) + 1
    for number, cells in rows:
        if number <= layout.header_row:
            continue
        if isinstance(cells, tuple) and len(cells) < width:
            # openpyxl leaves out trailing empty cells of a short row: they are missing.
            cells = cells + (None,) * (width - len(cells))
        texts = [clean_text(c) for c in cells[:4]] + [""] * max(0, 4 - len(cells))
        if not any(texts) and all(_is_missing(c) for c in cells[4:]):
            continue  # empty line
        if name_key(texts[0] if texts else "").startswith("rapportnamn"):
            continue  # the CSV footer repeats the report name
        if len(cells) < width:
            yield RowError(
                filename,
                number,
                None,
                f"Raden har {len(cells)} kolumner men rubrikraden {width}; "
                "raden är avkortad eller har fel avgränsare.",
            )
            continue
        sector_raw, subsector_raw, _county, name = texts
        if name_key(name) == "alla":
            continue  # county or national aggregate: derived, not stored
        code = index.code_for_name(name)
        if code is None:
            yield RowError(
                filename, number, "Kommun", index.unknown_name_message(name) + ".", shorten(name)
            )
            continue
        sector = canonical_sector(sector_raw)
        if sector is None:
            yield RowError(
                filename,
                number,
                "Huvudsektor",
                _sector_message(sector_raw),
                shorten(sector_raw),
            )
            continue
        subsector = canonical_subsector(subsector_raw)
        if not subsector:
            yield RowError(
                filename,
                number,
                "Undersektor",
                "Undersektor saknas; förväntade ett namn eller 'Alla'.",
            )
            continue
        values = tuple(cells[column] for column, _ in layout.years)
        duplicate = seen.check((code, sector, subsector), values, number)
        if duplicate is not None:
            first_row, same = duplicate
            where = f"{index.name_of(code)}, {sector} / {subsector}"
            if same:
                yield warning(
                    filename,
                    f"Raden upprepar rad {first_row} ({where}) och hoppas över.",
                    row=number,
                )
            else:
                yield RowError(
                    filename,
                    number,
                    "Kommun",
                    f"{where} finns redan på rad {first_row} med andra värden; "
                    "varje kommun och sektor får bara förekomma en gång.",
                    shorten(name),
                )
            continue
        for (_column, year), raw in zip(layout.years, values, strict=True):
            if _is_missing(raw):
                yield warning(
                    filename,
                    f"Värde saknas för {index.name_of(code)} {year}; cellen hoppas över.",
                    row=number,
                    column=str(year),
                )
                continue
            try:
                tonnes = parse_number(raw)
            except ValueError:
                yield RowError(
                    filename,
                    number,
                    str(year),
                    f"'{shorten(raw)}' är inte ett tal; {NUMBER_HINT}." + _formula_hint(raw),
                    shorten(raw),
                )
                continue
            if abs(tonnes) < FLOAT_NOISE:
                # SMHI's exports carry float residue where they mean zero (−6.5e-12):
                # read it as 0 rather than refuse the row as a negative emission.
                tonnes = 0.0
            if tonnes < 0:
                yield RowError(
                    filename,
                    number,
                    str(year),
                    f"Negativa utsläpp ({shorten(raw)}) är inte tillåtna; utsläpp är 0 "
                    "eller mer (upptag redovisas separat).",
                    shorten(raw),
                )
                continue
            yield EmissionRecord(
                municipality_code=code,
                year=year,
                substance=substance,
                sector=sector,
                subsector=subsector if sector != ALL else ALL,
                tonnes=tonnes * layout.factor,
                row=number,
            )


def _is_missing(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in _MISSING)


def _formula_hint(raw: object) -> str:
    if isinstance(raw, str) and raw.startswith("="):
        return " Cellen innehåller en formel; klistra in värdet i stället."
    return ""


def _sector_message(raw: str) -> str:
    return (
        f"'{shorten(raw)}' är ingen känd huvudsektor; förväntade en av "
        + ", ".join(MAIN_SECTORS)
        + " eller 'Alla'."
    )


def _parsed(
    format_id: str,
    layout: _Layout,
    filename: str,
    rows: Callable[[], Iterator[Record]],
    close: Callable[[], None],
    *,
    total_rows: int | None,
) -> ParsedFile:
    label = layout.report
    name = f"{label} {layout.released_on.isoformat()}" if layout.released_on else label
    release = ReleaseInfo(
        source=SOURCE,
        name=name,
        released_on=layout.released_on,
        covers_to=max(year for _, year in layout.years),
        publisher=PUBLISHER,
    )
    return ParsedFile(
        format=format_id,
        kind="emissions",
        release=release,
        total_rows=total_rows,
        row_source=rows,
        closer=close,
        substance=layout.substance,
    )
