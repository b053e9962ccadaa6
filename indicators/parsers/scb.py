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

from typing import Unpack

from .base import County, Municipality, ParsedFile, ParseError, ParseOptions, RowError
from .files import OpenedFile, Source, as_path_name, fail, open_source
from .scb_population import (
    FIRST_POPULATION_YEAR,
    NotPopulation,
    PopulationLayout,
    population_file,
    population_layout,
)
from .scb_reference import municipality_list_file
from .validation import FileChecks, max_bytes
from .workbooks import SheetTable, open_table

# --- the reference list ----------------------------------------------------------------


def parse_municipality_list(
    fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]
) -> ParsedFile:
    """Parse SCB's "Län och kommuner" list (format id ``scb_municipalities``).

    Yields a :class:`County` for each 2-digit row and a :class:`Municipality` for each
    4-digit row below it; codes keep their leading zeros. ``municipalities`` is ignored
    (this *is* the reference list).
    """
    return municipality_list_file(open_source(fileobj, filename, max_bytes(options)), filename)


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


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse any SCB file we know: the reference list or a population table, told apart
    by content (titles and header rows)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    table, layout = _population_table(opened, filename)
    if layout is None:
        table.close_book()
        return municipality_list_file(opened, filename)
    return population_file(table, layout, filename, _checks(options))


def parse_population_series(
    fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]
) -> ParsedFile:
    """ "Folkmängden i Sveriges kommuner 1950-…" (format id ``scb_population_series``);
    ``municipalities`` is required, the table has names only."""
    return _parse_population(fileobj, filename, "series", options)


def parse_population_year(
    fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]
) -> ParsedFile:
    """BE0101 population table for one year (format id ``scb_population_year``)."""
    return _parse_population(fileobj, filename, "year", options)


def _parse_population(
    fileobj: Source, filename: str, expected: str, options: ParseOptions
) -> ParsedFile:
    opened = open_source(fileobj, filename, max_bytes(options))
    table, layout = _population_table(opened, filename)
    if layout is None or layout.kind != expected:
        table.close()
        raise fail(
            filename,
            "Hittade ingen befolkningstabell: förväntade rubrikraden 'Kommun' följd av "
            "årtal (Folkmängden i Sveriges kommuner) eller 'Kommun, Kommunnamn, Folkmängd' "
            "(BE0101).",
        )
    return population_file(table, layout, filename, _checks(options))


def _population_table(
    opened: OpenedFile, filename: str
) -> tuple[SheetTable, PopulationLayout | None]:
    """The file's table and, when it is a population table, its layout. When the file
    cannot be read, it is let go."""
    table: SheetTable | None = None
    try:
        table = open_table(opened, filename)
        return table, population_layout(table, filename)
    except NotPopulation:
        assert table is not None
        return table, None
    except BaseException:
        if table is not None:
            table.close()
        else:
            opened.close()
        raise


def _checks(options: ParseOptions) -> FileChecks:
    """The population tables' checks: their series start in 1950."""
    return FileChecks.of(options, FIRST_POPULATION_YEAR)
