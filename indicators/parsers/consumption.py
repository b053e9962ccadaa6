"""Consumption-based emissions per person (SEI Konsumtionskompassen).

Two layouts, both in kg CO2e per person, stored in **tonnes** CO2e per person:

* ``sei_county_json`` — one JSON file per county
  (``sammanräknade-utsläpp-i-<län>.json``): ``[{"code", "name", "emissions" (a string,
  kg/person), "population"}]`` with the county itself, Sweden ("SE") and its
  municipalities. Data year 2022; the file does not say so, hence the ``year``
  parameter.
* ``sei_xlsx`` — SEI's data for Klimatkollen
  (``sei_klimatkollen_data_2023_shared_April_2026.xlsx``): sheet ``Municipal_grouped``
  with ``Kommunkod`` and ``Total_emissions_per_capita``; the data year is taken from the
  file name ("data_2023") unless given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Unpack

from .base import ObservationRecord, ParsedFile, ParseOptions, Record, ReleaseInfo, RowError
from .files import Source, fail, load_json, open_source, parsed_owning, warning
from .numbers import not_a_number, parse_number
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import (
    DuplicateTracker,
    FileChecks,
    MunicipalityIndex,
    YearRange,
    duplicate_row,
    max_bytes,
)
from .workbooks import open_sheet, sheet_rows, workbook_sheet

SOURCE = "sei"
PUBLISHER = "SEI Konsumtionskompassen"
INDICATOR_KEY = "consumption_emissions_per_person"
COUNTY_JSON_YEAR = 2022  # the per-county JSON files hold 2022 data
FIRST_YEAR = 1990
SHEET = "Municipal_grouped"
CODE_COLUMN = "Kommunkod"
VALUE_COLUMN = "Total_emissions_per_capita"
NAME_COLUMN = "kommunnamn"
#: How each layout names a row's code, name and value columns (for messages).
JSON_COLUMNS = ("code", "name", "emissions")
SHEET_COLUMNS = (CODE_COLUMN, NAME_COLUMN, VALUE_COLUMN)
# Plausible kg CO2e per person; a file in tonnes (5.3) would be off by 1000.
_PLAUSIBLE_KG = (500.0, 100_000.0)


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Either SEI layout, told apart by the first bytes (zip → Excel, else JSON)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    head = opened.stream.read(4)
    opened.stream.seek(0)
    parser = parse_xlsx if head.startswith(b"PK") else parse_county_json
    return parsed_owning(opened, lambda: parser(opened.stream, filename=filename, **options))


def to_tonnes(kg: float) -> float:
    """kg CO2e per person → tonnes CO2e per person."""
    return kg / 1000


def parse_county_json(
    fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]
) -> ParsedFile:
    """One Konsumtionskompassen county file (format id ``sei_county_json``)."""
    year = options.get("year")
    data_year = COUNTY_JSON_YEAR if year is None else year
    opened = open_source(fileobj, filename, max_bytes(options))
    try:
        document = load_json(opened.stream, filename)
    finally:
        opened.close()
    if not isinstance(document, list) or not document:
        raise fail(
            filename,
            'Filen ska vara en JSON-lista [{"code", "name", "emissions", "population"}] '
            "med minst en post.",
        )
    checks = FileChecks.of(options, FIRST_YEAR)
    county = next(
        (
            clean_text(x.get("name"))
            for x in document
            if isinstance(x, dict) and re.fullmatch(r"\d{2}", str(x.get("code", "")))
        ),
        "",
    )

    def rows() -> Iterator[Record]:
        records = _county_records(document, filename, data_year, checks.index)
        yield from _if_year_allowed(filename, data_year, checks.years, records)

    return ParsedFile(
        format="sei_county_json",
        kind="observations",
        release=_release(
            f"Konsumtionskompassen {data_year}" + (f", {county}" if county else ""), data_year
        ),
        total_rows=len(document),
        row_source=rows,
    )


def _county_records(
    document: list[Any], filename: str, data_year: int, index: MunicipalityIndex
) -> Iterator[Record]:
    """The municipalities' values of a county file (Sweden and the county are skipped)."""
    seen = DuplicateTracker()
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            yield RowError(filename, number, None, "Posten är inget JSON-objekt.")
            continue
        for key in getattr(item, "duplicate_keys", ()):
            yield RowError(filename, number, key, f"Nyckeln '{key}' finns två gånger.")
        raw_code = item.get("code")
        if isinstance(raw_code, str) and (
            raw_code.strip().upper() == "SE" or re.fullmatch(r"\d{2}", raw_code.strip())
        ):
            continue  # Sweden and the county: aggregates, not municipalities
        cells = (raw_code, item.get("name"), item.get("emissions"))
        yield from _value(filename, number, cells, JSON_COLUMNS, data_year, index, seen)


def parse_xlsx(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """SEI's Excel for Klimatkollen (format id ``sei_xlsx``)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    (sheet, columns, data_year), close = open_sheet(
        opened, filename, lambda workbook: _sheet(workbook, filename, options.get("year"))
    )
    checks = FileChecks.of(options, FIRST_YEAR)

    def rows() -> Iterator[Record]:
        records = _sheet_records(sheet, filename, columns, data_year, checks.index)
        yield from _if_year_allowed(filename, data_year, checks.years, records)

    max_row = getattr(sheet, "max_row", None)
    return ParsedFile(
        format="sei_xlsx",
        kind="observations",
        release=_release(
            f"Konsumtionskompassen {data_year} (SEI:s data till Klimatkollen)", data_year
        ),
        total_rows=max_row - 1 if isinstance(max_row, int) else None,
        row_source=rows,
        closer=close,
    )


def _sheet_records(
    sheet: Any,
    filename: str,
    columns: dict[str, int],
    data_year: int,
    index: MunicipalityIndex,
) -> Iterator[Record]:
    """The municipalities' values of the sheet (the national row is skipped)."""
    seen = DuplicateTracker()
    width = max(columns.values()) + 1
    for number, cells in sheet_rows(sheet, filename, min_row=2, max_col=width):
        cells = tuple(cells) + (None,) * (width - len(cells))
        raw_code = cells[columns[CODE_COLUMN]]
        name = cells[columns[NAME_COLUMN]] if NAME_COLUMN in columns else None
        raw = cells[columns[VALUE_COLUMN]]
        if raw_code in (None, "") and (raw in (None, "") or name_key(name) == "sweden"):
            continue  # the national row ("Sweden") and blank rows
        yield from _value(
            filename, number, (raw_code, name, raw), SHEET_COLUMNS, data_year, index, seen
        )


def _release(name: str, data_year: int) -> ReleaseInfo:
    return ReleaseInfo(
        source=SOURCE, name=name, released_on=None, covers_to=data_year, publisher=PUBLISHER
    )


def _if_year_allowed(
    filename: str, data_year: int, years: YearRange, records: Iterator[Record]
) -> Iterator[Record]:
    """``records``, or only the whole file's error when its data year is out of range."""
    problem = years.problem(data_year)
    if problem:
        yield RowError(filename, None, None, f"Datafilens år: {problem}.", str(data_year))
        return
    yield from records


def _sheet(workbook: Any, filename: str, year: int | None) -> tuple[Any, dict[str, int], int]:
    """SEI's sheet, where its columns are, and the data year (the file name's unless
    given)."""
    sheet = workbook_sheet(workbook, filename, SHEET)
    columns = _header(sheet, filename)
    data_year = year if year is not None else _year_from_filename(filename)
    if data_year is None:
        raise fail(
            filename,
            "Filen säger inte vilket år den gäller; ange året (filnamnet innehåller "
            "normalt 'data_<år>').",
        )
    return sheet, columns, data_year


def _year_from_filename(filename: str) -> int | None:
    match = re.search(r"data[_\- ]?(\d{4})", filename, re.IGNORECASE)
    return int(match[1]) if match else None


def _header(sheet: Any, filename: str) -> dict[str, int]:
    header: tuple[Any, ...] = ()
    for _number, cells in sheet_rows(sheet, filename, max_col=50):
        header = cells
        break
    found = {clean_text(c).casefold(): i for i, c in enumerate(header) if clean_text(c)}
    columns = {}
    for wanted in (CODE_COLUMN, VALUE_COLUMN, NAME_COLUMN):
        if wanted.casefold() in found:
            columns[wanted] = found[wanted.casefold()]
    missing = [c for c in (CODE_COLUMN, VALUE_COLUMN) if c not in columns]
    if missing:
        raise fail(
            filename,
            f"Bladet {SHEET} saknar kolumnen "
            + " och ".join(f"'{c}'" for c in missing)
            + "; rubrikraden har "
            + (", ".join(f"'{clean_text(c)}'" for c in header if clean_text(c)) or "inga kolumner")
            + ".",
            row=1,
        )
    return columns


def _value(
    filename: str,
    number: int,
    cells: tuple[object, object, object],
    columns: tuple[str, str, str],
    year: int,
    index: MunicipalityIndex,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    """The observation of one municipality row: ``cells`` are its code, name and value
    (kg per person), ``columns`` name them as the file calls them."""
    raw_code, raw_name, raw = cells
    code_column, name_column, column = columns
    code = _code(filename, number, raw_code, code_column, index)
    if isinstance(code, RowError):
        yield code
        return
    mismatch = _name_mismatch(filename, number, code, raw_name, name_column, index)
    if mismatch is not None:
        yield mismatch
        return
    label = f"{index.name_of(code)} {year}"
    if raw in (None, ""):
        yield warning(
            filename, f"Värde saknas för {label}; raden hoppas över.", row=number, column=column
        )
        return
    kg = _kg(filename, number, raw, column, label)
    if isinstance(kg, RowError):
        yield kg
        return
    duplicate = seen.check((code,), kg, number)
    if duplicate is not None:
        yield duplicate_row(
            filename,
            number,
            duplicate,
            label=label,
            each="varje kommun",
            column=code_column,
            value=code,
        )
        return
    yield ObservationRecord(
        municipality_code=code,
        indicator_key=INDICATOR_KEY,
        year=year,
        value=to_tonnes(kg),
        status="final",
        source=PUBLISHER,
        row=number,
    )


def _code(
    filename: str, number: int, raw_code: object, column: str, index: MunicipalityIndex
) -> str | RowError:
    """The municipality's code, or the error saying why the cell holds none."""
    code = index.normalise_code(raw_code)
    if code is None:
        return RowError(
            filename,
            number,
            column,
            f"'{shorten(raw_code)}' är ingen kommunkod (fyra siffror, t.ex. 2480).",
            shorten(raw_code),
        )
    problem = index.code_problem(code)
    if problem:
        return RowError(filename, number, column, problem + ".", code)
    return code


def _name_mismatch(
    filename: str, number: int, code: str, raw_name: object, column: str, index: MunicipalityIndex
) -> RowError | None:
    """The error when the row's name is garbled or is not the code's municipality."""
    name = clean_text(raw_name)
    if not name:
        return None
    garbled = mojibake_message(name)
    if garbled:
        return RowError(filename, number, column, garbled + ".", shorten(name))
    if index.known and name_key(name) != name_key(index.name_of(code)):
        return RowError(
            filename,
            number,
            column,
            f"Kommunkoden {code} heter {index.name_of(code)} i kommunlistan, men filen "
            f"anger '{shorten(name)}'.",
            shorten(name),
        )
    return None


def _kg(filename: str, number: int, raw: object, column: str, label: str) -> float | RowError:
    """The value in kg CO2e per person, or the error when it is no plausible one."""
    try:
        kg = parse_number(raw)
    except ValueError:
        return RowError(filename, number, column, not_a_number(raw), shorten(raw))
    if not _PLAUSIBLE_KG[0] <= kg <= _PLAUSIBLE_KG[1]:
        return RowError(
            filename,
            number,
            column,
            f"{shorten(raw)} kg CO2e per person för {label} är inte rimligt; filen ska ange "
            "kg per person (t.ex. 5 282), inte ton.",
            shorten(raw),
        )
    return kg
