"""Nationella emissionsdatabasen (SMHI for Naturvårdsverket): the "Länsrapport".

The report is downloaded either as CSV or as Excel. Both have a few report lines on
top (report name and date, "Emissioner av <ämne>", "Enhet: ton/år"), then the header
``Huvudsektor, Undersektor, Län, Kommun, <years...>`` and one row per
(sector, subsector, county, municipality). ``Alla`` marks totals: a row with Kommun
``Alla`` is a county (or, with Län ``Alla`` too, the national) aggregate and is skipped;
only municipality rows become records. The CSV is ``;``-separated with decimal comma
and CRLF and ends with a footer repeating the report name; the Excel download puts the
years one row above the header, whose year cells hold the substance code ("CO2"). The
report lines and the header are read by ``ned_layout``; the data rows here.

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

from collections.abc import Callable, Iterator
from typing import Any, Unpack

from .base import EmissionRecord, ParsedFile, ParseOptions, Record, ReleaseInfo, RowError
from .files import OpenedFile, Source, csv_head, fail, is_ole, is_zip, open_source, peek, warning
from .ned_layout import Cells, Layout, NoHeader, read_layout
from .numbers import formula_hint, not_a_number, parse_number
from .sectors import ALL, MAIN_SECTORS, canonical_sector, canonical_subsector
from .text import clean_text, name_key, shorten
from .validation import (
    DuplicateTracker,
    FileChecks,
    MunicipalityIndex,
    YearRange,
    duplicate_row,
    max_bytes,
)
from .workbooks import open_sheet, sheet_rows

SOURCE = "smhi-ned"
PUBLISHER = "SMHI, Nationella emissionsdatabasen"
FIRST_YEAR = 1990  # the inventory (and Sweden's climate goals) start in 1990
# Values closer to zero than this (in the file's unit, tonnes: 1 g) are float residue and
# read as 0. The smallest real value in the releases seen is 2.3e-5 t (23 g).
FLOAT_NOISE = 1e-6
_MISSING = {"", "-", "..", ".", "–"}  # how an absent value can be written


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse a Länsrapport download, CSV or Excel (told apart by the file's first bytes:
    format ids ``ned_csv`` and ``ned_xlsx`` are read alike).

    ``municipalities`` maps 4-digit code → name; the report names municipalities only,
    so the mapping is required. Yields :class:`EmissionRecord` (tonnes per year, t CO2e
    for greenhouse gases) for every municipality row and year column.
    """
    opened = open_source(fileobj, filename, max_bytes(options))
    head = peek(opened.stream)
    checks = FileChecks.of(options, FIRST_YEAR)
    if is_zip(head) or is_ole(head):
        return _parse_xlsx(opened, filename, checks)
    return _parse_csv(opened, filename, checks)


# --- CSV ------------------------------------------------------------------------------


def _parse_csv(opened: OpenedFile, filename: str, checks: FileChecks) -> ParsedFile:
    index = checks.require_names().index
    layout, source = csv_head(
        opened,
        filename,
        lambda rows: read_layout(rows, filename, checks.years, None),
        delimiter=";",
    )

    def rows() -> Iterator[Record]:
        yield from source.with_notice(_records(source.rows(), layout, filename, index))

    return _parsed("ned_csv", layout, filename, rows, opened.close, total_rows=None)


# --- Excel ----------------------------------------------------------------------------


def _parse_xlsx(opened: OpenedFile, filename: str, checks: FileChecks) -> ParsedFile:
    index = checks.require_names().index
    (sheet, layout), close = open_sheet(
        opened, filename, lambda workbook: _find_sheet(workbook, filename, checks.years)
    )

    def rows() -> Iterator[Record]:
        yield from _records(sheet_rows(sheet, filename), layout, filename, index)

    max_row = getattr(sheet, "max_row", None)
    total = max_row - layout.header_row if isinstance(max_row, int) else None
    return _parsed("ned_xlsx", layout, filename, rows, close, total_rows=total)


def _find_sheet(workbook: Any, filename: str, years: YearRange) -> tuple[Any, Layout]:
    """The sheet holding the report (found by its header row, so a renamed sheet still
    works) and its layout. The sheet name is the substance if the report lines lack it."""
    for sheet in workbook.worksheets:
        rows = sheet_rows(sheet, filename)
        try:
            layout = read_layout(rows, filename, years, sheet.title)
        except NoHeader:
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


def _records(
    rows: Iterator[tuple[int, Cells]],
    layout: Layout,
    filename: str,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """EmissionRecords and RowErrors for the data rows below the header."""
    yield from layout.header_errors
    seen = DuplicateTracker()
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
        place = _place(number, texts, filename, index)
        if isinstance(place, RowError):
            yield place
            continue
        if place is None:
            continue  # a county or national aggregate: derived, not stored
        values = tuple(cells[column] for column, _ in layout.years)
        duplicate = seen.check(place, values, number)
        if duplicate is not None:
            code, sector, subsector = place
            yield duplicate_row(
                filename,
                number,
                duplicate,
                label=f"{index.name_of(code)}, {sector} / {subsector}",
                each="varje kommun och sektor",
                column="Kommun",
                value=shorten(texts[3]),
                differs="med andra värden",
                repeated="Raden upprepar rad {row} ({label}) och hoppas över.",
            )
            continue
        yield from _values(number, place, values, layout, filename, index)


def _place(
    number: int, texts: list[str], filename: str, index: MunicipalityIndex
) -> tuple[str, str, str] | RowError | None:
    """The row's (municipality code, sector, subsector), the error saying why it has
    none, or None for a county or national aggregate."""
    sector_raw, subsector_raw, _county, name = texts
    if name_key(name) == "alla":
        return None
    code = index.code_for_name(name)
    if code is None:
        message = index.unknown_name_message(name) + "."
        return RowError(filename, number, "Kommun", message, shorten(name))
    sector = canonical_sector(sector_raw)
    if sector is None:
        message = _sector_message(sector_raw)
        return RowError(filename, number, "Huvudsektor", message, shorten(sector_raw))
    subsector = canonical_subsector(subsector_raw)
    if not subsector:
        message = "Undersektor saknas; förväntade ett namn eller 'Alla'."
        return RowError(filename, number, "Undersektor", message)
    return code, sector, subsector


def _values(
    number: int,
    place: tuple[str, str, str],
    values: tuple[object, ...],
    layout: Layout,
    filename: str,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """The row's emissions, one a year column (tonnes per year in the file's unit)."""
    code, sector, subsector = place
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
            message = not_a_number(raw) + formula_hint(raw)
            yield RowError(filename, number, str(year), message, shorten(raw))
            continue
        if abs(tonnes) < FLOAT_NOISE:
            # SMHI's exports carry float residue where they mean zero (−6.5e-12): read it
            # as 0 rather than refuse the row as a negative emission.
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
            substance=layout.substance or "",
            sector=sector,
            subsector=subsector if sector != ALL else ALL,
            tonnes=tonnes * layout.factor,
            row=number,
        )


def _is_missing(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() in _MISSING)


def _sector_message(raw: str) -> str:
    return (
        f"'{shorten(raw)}' är ingen känd huvudsektor; förväntade en av "
        + ", ".join(MAIN_SECTORS)
        + " eller 'Alla'."
    )


def _parsed(
    format_id: str,
    layout: Layout,
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
