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
from collections.abc import Iterator, Mapping
from typing import Any

from .base import DEFAULT_MAX_BYTES, ObservationRecord, ParsedFile, Record, ReleaseInfo, RowError
from .files import Source, fail, load_json, open_source, parsed_owning, warning
from .numbers import NUMBER_HINT, parse_number
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import DuplicateTracker, MunicipalityIndex, YearRange
from .workbooks import open_workbook, sheet_rows, workbook_sheet

SOURCE = "sei"
PUBLISHER = "SEI Konsumtionskompassen"
INDICATOR_KEY = "consumption_emissions_per_person"
COUNTY_JSON_YEAR = 2022  # the per-county JSON files hold 2022 data
FIRST_YEAR = 1990
SHEET = "Municipal_grouped"
CODE_COLUMN = "Kommunkod"
VALUE_COLUMN = "Total_emissions_per_capita"
NAME_COLUMN = "kommunnamn"
# Plausible kg CO2e per person; a file in tonnes (5.3) would be off by 1000.
_PLAUSIBLE_KG = (500.0, 100_000.0)


def parse(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
    year: int | None = None,
) -> ParsedFile:
    """Either SEI layout, told apart by the first bytes (zip → Excel, else JSON)."""
    opened = open_source(fileobj, filename, max_bytes)
    head = opened.stream.read(4)
    opened.stream.seek(0)
    parser = parse_xlsx if head.startswith(b"PK") else parse_county_json
    return parsed_owning(
        opened,
        lambda: parser(
            opened.stream,
            filename=filename,
            municipalities=municipalities,
            current_year=current_year,
            max_bytes=max_bytes,
            min_year=min_year,
            year=year,
        ),
    )


def to_tonnes(kg: float) -> float:
    """kg CO2e per person → tonnes CO2e per person."""
    return kg / 1000


def parse_county_json(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
    year: int | None = None,
) -> ParsedFile:
    """One Konsumtionskompassen county file (format id ``sei_county_json``)."""
    data_year = COUNTY_JSON_YEAR if year is None else year
    opened = open_source(fileobj, filename, max_bytes)
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
    index = MunicipalityIndex(municipalities)
    years = YearRange.up_to_next_year(min_year, current_year)
    county = next(
        (
            clean_text(x.get("name"))
            for x in document
            if isinstance(x, dict) and re.fullmatch(r"\d{2}", str(x.get("code", "")))
        ),
        "",
    )

    def rows() -> Iterator[Record]:
        problem = years.problem(data_year)
        if problem:
            yield RowError(filename, None, None, f"Datafilens år: {problem}.", str(data_year))
            return
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
            yield from _value(
                filename,
                number,
                raw_code,
                item.get("name"),
                item.get("emissions"),
                ("code", "name", "emissions"),
                data_year,
                index,
                seen,
            )

    return ParsedFile(
        format="sei_county_json",
        kind="observations",
        release=ReleaseInfo(
            source=SOURCE,
            name=f"Konsumtionskompassen {data_year}" + (f", {county}" if county else ""),
            released_on=None,
            covers_to=data_year,
            publisher=PUBLISHER,
        ),
        total_rows=len(document),
        row_source=rows,
    )


def parse_xlsx(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
    year: int | None = None,
) -> ParsedFile:
    """SEI's Excel for Klimatkollen (format id ``sei_xlsx``)."""
    opened = open_source(fileobj, filename, max_bytes)
    workbook = None

    def close() -> None:
        if workbook is not None:
            workbook.close()
        opened.close()

    try:
        workbook = open_workbook(opened.stream, filename)
        sheet = workbook_sheet(workbook, filename, SHEET)
        columns = _header(sheet, filename)
        data_year = year if year is not None else _year_from_filename(filename)
        if data_year is None:
            raise fail(
                filename,
                "Filen säger inte vilket år den gäller; ange året (filnamnet innehåller "
                "normalt 'data_<år>').",
            )
    except BaseException:
        close()
        raise
    index = MunicipalityIndex(municipalities)
    years = YearRange.up_to_next_year(min_year, current_year)

    def rows() -> Iterator[Record]:
        problem = years.problem(data_year)
        if problem:
            yield RowError(filename, None, None, f"Datafilens år: {problem}.", str(data_year))
            return
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
                filename,
                number,
                raw_code,
                name,
                raw,
                (CODE_COLUMN, NAME_COLUMN, VALUE_COLUMN),
                data_year,
                index,
                seen,
            )

    max_row = getattr(sheet, "max_row", None)
    return ParsedFile(
        format="sei_xlsx",
        kind="observations",
        release=ReleaseInfo(
            source=SOURCE,
            name=f"Konsumtionskompassen {data_year} (SEI:s data till Klimatkollen)",
            released_on=None,
            covers_to=data_year,
            publisher=PUBLISHER,
        ),
        total_rows=max_row - 1 if isinstance(max_row, int) else None,
        row_source=rows,
        closer=close,
    )


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
    raw_code: object,
    raw_name: object,
    raw: object,
    columns: tuple[str, str, str],
    year: int,
    index: MunicipalityIndex,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    """The observation of one municipality row; ``columns`` names the code, name and
    value columns as the file calls them."""
    code_column, name_column, column = columns
    code = index.normalise_code(raw_code)
    if code is None:
        yield RowError(
            filename,
            number,
            code_column,
            f"'{shorten(raw_code)}' är ingen kommunkod (fyra siffror, t.ex. 2480).",
            shorten(raw_code),
        )
        return
    problem = index.code_problem(code)
    if problem:
        yield RowError(filename, number, code_column, problem + ".", code)
        return
    name = clean_text(raw_name)
    if name:
        garbled = mojibake_message(name)
        if garbled:
            yield RowError(filename, number, name_column, garbled + ".", shorten(name))
            return
        if index.known and name_key(name) != name_key(index.name_of(code)):
            yield RowError(
                filename,
                number,
                name_column,
                f"Kommunkoden {code} heter {index.name_of(code)} i kommunlistan, men filen "
                f"anger '{shorten(name)}'.",
                shorten(name),
            )
            return
    label = f"{index.name_of(code)} {year}"
    if raw in (None, ""):
        yield warning(
            filename, f"Värde saknas för {label}; raden hoppas över.", row=number, column=column
        )
        return
    try:
        kg = parse_number(raw)
    except ValueError:
        yield RowError(
            filename,
            number,
            column,
            f"'{shorten(raw)}' är inte ett tal; {NUMBER_HINT}.",
            shorten(raw),
        )
        return
    if not _PLAUSIBLE_KG[0] <= kg <= _PLAUSIBLE_KG[1]:
        yield RowError(
            filename,
            number,
            column,
            f"{shorten(raw)} kg CO2e per person för {label} är inte rimligt; filen ska ange "
            "kg per person (t.ex. 5 282), inte ton.",
            shorten(raw),
        )
        return
    duplicate = seen.check((code,), kg, number)
    if duplicate is not None:
        first_row, same = duplicate
        if same:
            yield warning(
                filename, f"{label} upprepar rad {first_row} och hoppas över.", row=number
            )
        else:
            yield RowError(
                filename,
                number,
                code_column,
                f"{label} finns redan på rad {first_row} med ett annat värde; varje kommun "
                "får bara förekomma en gång.",
                code,
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
