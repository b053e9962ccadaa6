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

Population becomes :class:`ObservationRecord` with indicator key ``population``. This
module opens the files and tells the layouts apart; ``scb_reference`` reads the list and
``scb_population`` the population tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import DEFAULT_MAX_BYTES, County, Municipality, ParsedFile, ParseError, RowError
from .files import Source, as_path_name, fail, open_source
from .scb_population import (
    FIRST_POPULATION_YEAR,
    NotPopulation,
    population_file,
    population_layout,
)
from .scb_reference import municipality_list_file
from .workbooks import SheetTable, open_table

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
    return municipality_list_file(open_source(fileobj, filename, max_bytes), filename)


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
    table: SheetTable | None = None
    try:
        table = open_table(opened, filename)
        layout = population_layout(table, filename)
    except NotPopulation:
        if table is not None:
            table.close_book()
        return municipality_list_file(opened, filename)
    except BaseException:
        if table is not None:
            table.close()
        else:
            opened.close()
        raise
    return population_file(table, layout, filename, municipalities, current_year, min_year)


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
    table: SheetTable | None = None
    try:
        table = open_table(opened, filename)
        layout = population_layout(table, filename)
        if layout.kind != expected:
            raise NotPopulation
    except NotPopulation:
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
    return population_file(table, layout, filename, municipalities, current_year, min_year)
