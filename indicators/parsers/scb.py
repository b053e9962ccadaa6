"""Statistics Sweden (SCB): the reference list of counties and municipalities, and
population tables.

Three layouts:

* ``scb_municipalities`` — "Län och kommuner <år>" (``kommunlankod``, old .xls, or
  .xlsx): a two-column list ``Kod, Namn`` where a 2-digit code starts a county and the
  4-digit codes below it are its municipalities. Yields :class:`County` and
  :class:`Municipality`.
* ``scb_population_series`` — "Folkmängden i Sveriges kommuner 1950-2022": one row per
  municipality by *name*, one column per year (31 December).
* ``scb_population_year`` — BE0101 "tabhel" table for one year: codes, names padded
  with spaces, county rows, footnotes. Only the sheet ``Totalt`` is read.

Population becomes :class:`ObservationRecord` with indicator key ``population``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .base import (
    DEFAULT_MAX_BYTES,
    County,
    Municipality,
    ObservationRecord,
    ParsedFile,
    ParseError,
    Record,
    ReleaseInfo,
    RowError,
)
from .files import (
    OpenedFile,
    Source,
    as_path_name,
    column_letter,
    fail,
    is_ole,
    is_zip,
    open_source,
    open_workbook,
    open_xls,
    peek,
    sheet_rows,
    warning,
)
from .numbers import parse_number, parse_year
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import DuplicateTracker, MunicipalityIndex, YearRange

SOURCE = "scb"
PUBLISHER = "SCB"
POPULATION_KEY = "population"
POPULATION_SOURCE = "SCB"
FIRST_POPULATION_YEAR = 1950  # SCB's municipal series start 31 Dec 1950
_SEARCH_ROWS = 40


# --- the reference list ----------------------------------------------------------------


def parse_municipality_list(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    **_: Any,
) -> ParsedFile:
    """Parse SCB's "Län och kommuner" list (format id ``scb_municipalities``).

    Yields a :class:`County` for each 2-digit row and a :class:`Municipality` for each
    4-digit row below it; codes keep their leading zeros. ``municipalities`` is ignored
    (this *is* the reference list).
    """
    return _municipality_list(open_source(fileobj, filename, max_bytes), filename)


def _municipality_list(opened: OpenedFile, filename: str) -> ParsedFile:
    try:
        table = _open_table(opened, filename)
    except BaseException:
        opened.close()
        raise
    title = ""
    for _number, cells in table.rows(limit=6):
        text = clean_text(cells[0] if cells else "")
        if re.search(r"län och kommuner", text, re.IGNORECASE):
            title = text
            break
    year_match = re.search(r"(\d{4})", title)
    release = ReleaseInfo(
        source=SOURCE,
        name=title or "Län och kommuner",
        released_on=None,
        covers_to=int(year_match[1]) if year_match else None,
        publisher=PUBLISHER,
    )

    def rows() -> Iterator[Record]:
        yield from _reference_records(table, filename)

    return ParsedFile(
        format="scb_municipalities",
        kind="municipalities",
        release=release,
        total_rows=table.row_count,
        row_source=rows,
        closer=table.close,
    )


def _reference_records(table: _Table, filename: str) -> Iterator[Record]:
    county: County | None = None
    seen: set[str] = set()
    started = False
    for number, cells in table.rows():
        raw_code = cells[0] if cells else None
        name = clean_text(cells[1] if len(cells) > 1 else "")
        code = _reference_code(raw_code)
        if code is None:
            if started and clean_text(raw_code):
                yield RowError(
                    filename,
                    number,
                    "Kod",
                    f"'{shorten(raw_code)}' är ingen läns- eller kommunkod (2 eller 4 siffror).",
                    shorten(raw_code),
                )
            continue  # title and header rows above the list
        started = True
        garbled = mojibake_message(name)
        if garbled:
            yield RowError(filename, number, "Namn", garbled + ".", shorten(name))
            continue
        if not name:
            yield RowError(filename, number, "Namn", f"Namn saknas för kod {code}.")
            continue
        if code in seen:
            yield RowError(filename, number, "Kod", f"Koden {code} finns två gånger.", code)
            continue
        seen.add(code)
        if len(code) == 2:
            county = County(code, name)
            yield county
        elif county is None or code[:2] != county.code:
            yield RowError(
                filename,
                number,
                "Kod",
                f"Kommunkoden {code} står inte under sitt län ({code[:2]}); listan ska ha "
                "varje län följt av dess kommuner.",
                code,
            )
        else:
            yield Municipality(code, name, county.code, county.name)


def _reference_code(raw: object) -> str | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float) and float(raw).is_integer():
        # A spreadsheet that stored codes as numbers lost the leading zeros (114 → 0114).
        value = int(raw)
        return f"{value:02d}" if value < 100 else f"{value:04d}"
    text = clean_text(raw)
    return text if re.fullmatch(r"\d{2}|\d{4}", text) else None


def load_municipality_list(
    fileobj: Source, *, filename: str = ""
) -> tuple[list[County], list[Municipality]]:
    """The counties and municipalities of an SCB list, or ParseError on any problem.

    Meant for loading reference data (fixtures, a management command), where a bad row
    must stop everything.
    """
    counties: list[County] = []
    found: list[Municipality] = []
    name = as_path_name(fileobj, filename)
    with parse_municipality_list(fileobj, filename=name) as parsed:
        for record in parsed.rows():
            if isinstance(record, RowError):
                if record.is_error:
                    raise ParseError(record)
            elif isinstance(record, County):
                counties.append(record)
            elif isinstance(record, Municipality):
                found.append(record)
    return counties, found


# --- population ---------------------------------------------------------------------


def parse(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_POPULATION_YEAR,
) -> ParsedFile:
    """Parse any SCB file we know: the reference list or a population table, told apart
    by content (titles and header rows)."""
    opened = open_source(fileobj, filename, max_bytes)
    table: _Table | None = None
    try:
        table = _open_table(opened, filename)
        layout = _population_layout(table, filename)
    except _NotPopulation:
        if table is not None:
            table.close_book()
        return _municipality_list(opened, filename)
    except BaseException:
        if table is not None:
            table.close()
        else:
            opened.close()
        raise
    return _population(table, layout, filename, municipalities, current_year, min_year)


def parse_population_series(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_POPULATION_YEAR,
) -> ParsedFile:
    """ "Folkmängden i Sveriges kommuner 1950-…" (format id ``scb_population_series``);
    ``municipalities`` is required, the table has names only."""
    return _parse_population(
        fileobj, filename, "series", municipalities, current_year, max_bytes, min_year
    )


def parse_population_year(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_POPULATION_YEAR,
) -> ParsedFile:
    """BE0101 population table for one year (format id ``scb_population_year``)."""
    return _parse_population(
        fileobj, filename, "year", municipalities, current_year, max_bytes, min_year
    )


def _parse_population(
    fileobj: Source,
    filename: str,
    expected: str,
    municipalities: Mapping[str, str] | None,
    current_year: int | None,
    max_bytes: int,
    min_year: int,
) -> ParsedFile:
    opened = open_source(fileobj, filename, max_bytes)
    table: _Table | None = None
    try:
        table = _open_table(opened, filename)
        layout = _population_layout(table, filename)
        if layout.kind != expected:
            raise _NotPopulation
    except _NotPopulation:
        if table is not None:
            table.close()
        raise fail(
            filename,
            "Hittade ingen befolkningstabell: förväntade rubrikraden 'Kommun' följd av "
            "årtal (Folkmängden i Sveriges kommuner) eller 'Kommun, Kommunnamn, Folkmängd' "
            "(BE0101).",
        ) from None
    except BaseException:
        if table is not None:
            table.close()
        else:
            opened.close()
        raise
    return _population(table, layout, filename, municipalities, current_year, min_year)


class _NotPopulation(Exception):
    pass


class _PopulationLayout:
    """Where the numbers are: header row and the (column, year) pairs."""

    def __init__(self, kind: str, header_row: int, years: list[tuple[int, int]], title: str):
        self.kind = kind  # "series" (names × years) or "year" (codes, one year)
        self.header_row = header_row
        self.years = years
        self.title = title


def _population_layout(table: _Table, filename: str) -> _PopulationLayout:
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
                return _PopulationLayout("year", number, [(2, year)], title)
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
                return _PopulationLayout("series", number, years, title)
    raise _NotPopulation


def _title_year(text: str) -> int | None:
    matches = re.findall(r"(?<!\d)(\d{4})(?!\d)", text or "")
    return int(matches[-1]) if matches else None


def _population(
    table: _Table,
    layout: _PopulationLayout,
    filename: str,
    municipalities: Mapping[str, str] | None,
    current_year: int | None,
    min_year: int,
) -> ParsedFile:
    index = MunicipalityIndex(municipalities)
    if layout.kind == "series" and not index.known:
        table.close()
        raise ValueError("municipalities (code → name) is required: the file has names only")
    years = YearRange.up_to_next_year(min_year, current_year)
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
        if layout.kind == "series":
            yield from _series_records(table, layout, filename, index, years)
        else:
            yield from _year_records(table, layout, filename, index, years)

    return ParsedFile(
        format=fmt,
        kind="observations",
        release=release,
        total_rows=None,
        row_source=rows,
        closer=table.close,
    )


def _year_check(
    layout: _PopulationLayout, years: YearRange, filename: str
) -> tuple[list[tuple[int, int]], list[RowError]]:
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
    table: _Table,
    layout: _PopulationLayout,
    filename: str,
    index: MunicipalityIndex,
    years: YearRange,
) -> Iterator[Record]:
    good, errors = _year_check(layout, years, filename)
    yield from errors
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
    table: _Table,
    layout: _PopulationLayout,
    filename: str,
    index: MunicipalityIndex,
    years: YearRange,
) -> Iterator[Record]:
    good, errors = _year_check(layout, years, filename)
    yield from errors
    if not good:
        return
    column, year = good[0]
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


# --- reading .xls and .xlsx alike -----------------------------------------------------


class _Table:
    """The rows of the first relevant sheet of an .xls or .xlsx file, streamed
    (openpyxl read-only) or from xlrd's in-memory book (old .xls files are small)."""

    def __init__(self, opened: OpenedFile, filename: str):
        self.filename = filename
        self._opened = opened
        self._xls: Any = None
        self._workbook: Any = None
        self._sheet: Any = None
        self.row_count: int | None = None

    def open(self) -> None:
        head = peek(self._opened.stream)
        if is_ole(head):
            self._xls = open_xls(self._opened.stream, self.filename)
            self._sheet = self._xls.sheet_by_index(0)
            self.row_count = self._sheet.nrows
            return
        if not is_zip(head):
            raise fail(self.filename, "Filen är inte en Excel-arbetsbok (.xls eller .xlsx).")
        self._workbook = open_workbook(self._opened.stream, self.filename)
        names = {name_key(n): n for n in self._workbook.sheetnames}
        # BE0101 has "Totalt", "Män", "Kvinnor": only the total is the population.
        self._sheet = self._workbook[names.get("totalt", self._workbook.sheetnames[0])]

    def rows(
        self, *, start: int = 1, limit: int | None = None, width: int | None = None
    ) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._xls is not None:
            stop = self._sheet.nrows if limit is None else min(limit, self._sheet.nrows)
            for i in range(start - 1, stop):
                yield i + 1, tuple(self._sheet.row_values(i))
            return
        # Some SCB sheets declare 156 columns for 74 used ones; width keeps rows short.
        source = sheet_rows(self._sheet, self.filename, min_row=start, max_col=width)
        try:
            for number, cells in source:
                if limit is not None and number > limit:
                    return
                yield number, cells
        finally:
            source.close()

    def close_book(self) -> None:
        """Let go of the workbook but not of the file (another parser reads it next)."""
        if self._xls is not None:
            self._xls.release_resources()
            self._xls = None
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def close(self) -> None:
        self.close_book()
        self._opened.close()


def _open_table(opened: OpenedFile, filename: str) -> _Table:
    table = _Table(opened, filename)
    table.open()
    return table
