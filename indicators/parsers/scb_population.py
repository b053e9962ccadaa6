"""SCB's population tables, read as observations of the indicator ``population``
(inhabitants on 31 December). Two layouts, opened through ``scb``:

* ``scb_population_series`` — "Folkmängden i Sveriges kommuner 1950-2022": one row per
  municipality by *name*, one column per year.
* ``scb_population_year`` — BE0101 "tabhel" table for one year: codes, names padded
  with spaces, county rows, footnotes. Only the sheet ``Totalt`` is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import ObservationRecord, ParsedFile, Record, ReleaseInfo, RowError
from .files import fail, warning
from .numbers import parse_number, parse_year
from .scb_reference import PUBLISHER, SOURCE
from .text import clean_text, name_key, shorten
from .validation import DuplicateTracker, FileChecks, MunicipalityIndex, YearRange
from .workbooks import SheetTable, column_letter

POPULATION_KEY = "population"
POPULATION_SOURCE = "SCB"
FIRST_POPULATION_YEAR = 1950  # SCB's municipal series start 31 Dec 1950
_SEARCH_ROWS = 40


class NotPopulation(Exception):
    """The table is not a population table (the reference list, perhaps)."""


class PopulationLayout:
    """Where the numbers are: header row and the (column, year) pairs."""

    def __init__(self, kind: str, header_row: int, years: list[tuple[int, int]], title: str):
        self.kind = kind  # "series" (names × years) or "year" (codes, one year)
        self.header_row = header_row
        self.years = years
        self.title = title


def population_layout(table: SheetTable, filename: str) -> PopulationLayout:
    """Where the population table's numbers are, or ``NotPopulation``."""
    title = ""
    for number, cells in table.rows(limit=_SEARCH_ROWS):
        texts = [clean_text(c) for c in cells[:3]]
        first = name_key(texts[0]) if texts else ""
        if not title and texts and texts[0] and re.search(r"folkmängd", texts[0], re.I):
            title = texts[0]
        if first == "kommun" and len(cells) > 1:
            if name_key(texts[1]) == "kommunnamn":
                year = _title_year(title) or _title_year(filename)
                if year is None:
                    raise fail(
                        filename,
                        "Kunde inte avgöra vilket år folkmängden gäller (titeln ska sluta "
                        "med året, t.ex. '... 31 december 2024').",
                    )
                # The population column is the third ("Folkmängd").
                return PopulationLayout("year", number, [(2, year)], title)
            years = []
            for column, raw in enumerate(cells[1:], start=1):
                if raw in (None, ""):
                    continue
                try:
                    years.append((column, parse_year(raw)))
                except ValueError:
                    raise fail(
                        filename,
                        f"'{shorten(raw)}' i rubrikraden är inget årtal.",
                        row=number,
                        column=column_letter(column),
                        value=raw,
                    ) from None
            if years:
                return PopulationLayout("series", number, years, title)
    raise NotPopulation


def _title_year(text: str) -> int | None:
    matches = re.findall(r"(?<!\d)(\d{4})(?!\d)", text or "")
    return int(matches[-1]) if matches else None


def population_file(
    table: SheetTable,
    layout: PopulationLayout,
    filename: str,
    checks: FileChecks,
) -> ParsedFile:
    """The population values of ``table`` as observations of ``population``."""
    index, years = checks.index, checks.years
    if layout.kind == "series" and not index.known:
        table.close()
        checks.require_names()
    all_years = [year for _, year in layout.years]
    if layout.kind == "series":
        name = f"Folkmängd 31 december {min(all_years)}–{max(all_years)}"
        fmt = "scb_population_series"
    else:
        name = f"Folkmängd 31 december {all_years[0]} (BE0101)"
        fmt = "scb_population_year"
    release = ReleaseInfo(
        source=SOURCE, name=name, released_on=None, covers_to=max(all_years), publisher=PUBLISHER
    )

    def rows() -> Iterator[Record]:
        good, errors = _year_check(layout, years, filename)
        yield from errors
        if layout.kind == "series":
            yield from _series_records(table, layout, good, filename, index)
        elif good:
            yield from _year_records(table, layout, good[0], filename, index)

    return ParsedFile(
        format=fmt,
        kind="observations",
        release=release,
        total_rows=None,
        row_source=rows,
        closer=table.close,
    )


def _year_check(
    layout: PopulationLayout, years: YearRange, filename: str
) -> tuple[list[tuple[int, int]], list[RowError]]:
    """The (column, year) pairs to read, and the errors of the year columns that are
    out of range."""
    good, errors = [], []
    for column, year in layout.years:
        problem = years.problem(year)
        if problem:
            errors.append(
                RowError(filename, layout.header_row, str(year), f"Kolumnen: {problem}.", str(year))
            )
        else:
            good.append((column, year))
    return good, errors


def _series_records(
    table: SheetTable,
    layout: PopulationLayout,
    good: list[tuple[int, int]],
    filename: str,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """The series table's values: municipalities by name, a column a year."""
    seen = DuplicateTracker()
    width = max(column for column, _ in layout.years) + 1
    for number, cells in table.rows(start=layout.header_row + 1, width=width):
        values = [cells[c] if c < len(cells) else None for c, _ in good]
        name = clean_text(cells[0] if cells else "")
        code = index.code_for_name(name)
        if code is None and not any(_is_number(v) for v in values):
            continue  # blank rows and the footnotes below the table
        if code is None:
            yield RowError(
                filename, number, "Kommun", index.unknown_name_message(name) + ".", shorten(name)
            )
            continue
        duplicate = seen.check((code,), tuple(values), number)
        if duplicate is not None:
            yield _duplicate_error(filename, number, index.name_of(code), duplicate)
            continue
        for (_column, year), raw in zip(good, values, strict=True):
            yield _observation(filename, number, code, year, raw, str(year), index)


def _year_records(
    table: SheetTable,
    layout: PopulationLayout,
    column_year: tuple[int, int],
    filename: str,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """BE0101's values: municipalities by code, one year's column."""
    column, year = column_year
    seen = DuplicateTracker()
    for number, cells in table.rows(start=layout.header_row + 1, width=column + 1):
        raw_code = cells[0] if cells else None
        raw = cells[column] if column < len(cells) else None
        name = clean_text(cells[1] if len(cells) > 1 else "")
        code_text = clean_text(raw_code)
        if isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
            code_text = str(int(raw_code)).zfill(2 if raw_code < 100 else 4)
        if re.fullmatch(r"\d{2}", code_text) or (not code_text and name_key(name) == "riket"):
            continue  # county and national totals
        if not re.fullmatch(r"\d{3,4}", code_text):
            if code_text and raw not in (None, "", " "):
                yield RowError(
                    filename,
                    number,
                    "Kommun",
                    f"'{shorten(code_text)}' är ingen kommunkod (fyra siffror).",
                    shorten(code_text),
                )
            continue  # header continuation rows and footnotes
        code = index.normalise_code(code_text) or code_text
        problem = index.code_problem(code)
        if problem:
            yield RowError(filename, number, "Kommun", problem + ".", code)
            continue
        if index.known and name and name_key(name) != name_key(index.name_of(code)):
            yield RowError(
                filename,
                number,
                "Kommunnamn",
                f"Kommunkoden {code} heter {index.name_of(code)} i kommunlistan, men filen "
                f"anger '{shorten(name)}'; kontrollera att koden står på rätt rad.",
                shorten(name),
            )
            continue
        duplicate = seen.check((code,), raw, number)
        if duplicate is not None:
            yield _duplicate_error(filename, number, index.name_of(code), duplicate)
            continue
        yield _observation(filename, number, code, year, raw, "Folkmängd", index)


def _is_number(raw: object) -> bool:
    try:
        parse_number(raw)
    except ValueError:
        return False
    return True


def _duplicate_error(
    filename: str, number: int, name: str, duplicate: tuple[int, bool]
) -> RowError:
    first_row, same = duplicate
    if same:
        return warning(filename, f"{name} upprepar rad {first_row} och hoppas över.", row=number)
    return RowError(
        filename,
        number,
        "Kommun",
        f"{name} finns redan på rad {first_row} med andra värden; varje kommun får bara "
        "förekomma en gång.",
        name,
    )


def _observation(
    filename: str,
    number: int,
    code: str,
    year: int,
    raw: object,
    column: str,
    index: MunicipalityIndex,
) -> Record:
    if raw in (None, "", "..", "-"):
        return warning(
            filename,
            f"Folkmängd saknas för {index.name_of(code)} {year}; cellen hoppas över.",
            row=number,
            column=column,
        )
    try:
        value = parse_number(raw)
    except ValueError:
        return RowError(
            filename,
            number,
            column,
            f"'{shorten(raw)}' är inte ett tal; förväntade antal invånare, t.ex. 134 249.",
            shorten(raw),
        )
    if value < 0 or not value.is_integer():
        return RowError(
            filename,
            number,
            column,
            f"Folkmängden '{shorten(raw)}' ska vara ett heltal som är 0 eller mer.",
            shorten(raw),
        )
    return ObservationRecord(
        municipality_code=code,
        indicator_key=POPULATION_KEY,
        year=year,
        value=value,
        status="final",
        source=POPULATION_SOURCE,
        row=number,
    )
