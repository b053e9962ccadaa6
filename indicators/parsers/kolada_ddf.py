"""Kolada (RKA) key figures from the CSV dump (open-numbers/ddf--kolada--dump).

has one file per KPI,
``ddf--datapoints--<kpi>--by--geo--year.csv`` with header ``geo,year,<kpi>``; region
codes lost their leading zeros there ("01", Riket "0") while municipalities keep four
digits. Regions and Riket are skipped, not reported: we store municipalities only.

Every value becomes an :class:`ObservationRecord` with indicator key
``"kolada:" + KPI id in upper case`` ("kolada:N00401").
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, Unpack

from .base import ObservationRecord, ParsedFile, ParseOptions, Record, ReleaseInfo, RowError
from .files import Source, csv_rows, fail, first_text_line, open_source, sniff_encoding, warning
from .kolada_kpis import FIRST_YEAR, KPI_ID, PUBLISHER, SOURCE, indicator_key
from .numbers import not_a_number, parse_number, year_or_none
from .text import shorten
from .validation import DuplicateTracker, FileChecks, duplicate_row, max_bytes


def parse_ddf_csv(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """A ``ddf--datapoints--<kpi>--by--geo--year.csv`` file (format id
    ``kolada_ddf_csv``)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    try:
        encoding, notice = sniff_encoding(opened.stream, filename)
        header = next(csv.reader([first_text_line(opened.stream, encoding)]), [])
        names = [h.strip().lstrip("\ufeff").casefold() for h in header]
        if len(names) != 3 or names[:2] != ["geo", "year"] or not KPI_ID.fullmatch(names[2]):
            raise fail(
                filename,
                "Rubrikraden ska vara geo,year,<nyckeltal> (t.ex. geo,year,n00401); filen "
                f"har '{shorten(','.join(header))}'.",
                row=1,
            )
        kpi = names[2].upper()
        covers_to = _last_ddf_year(opened.stream, encoding, filename)
    except BaseException:
        opened.close()
        raise
    checks = FileChecks.of(options, FIRST_YEAR)

    def rows() -> Iterator[Record]:
        if notice:
            yield notice
        seen = DuplicateTracker()
        for number, cells in csv_rows(opened.stream, encoding, filename, ","):
            if number == 1 or not any(c.strip() for c in cells):
                continue
            record = _ddf_row(number, cells, kpi, filename, checks, seen)
            if record is not None:
                yield record

    return ParsedFile(
        format="kolada_ddf_csv",
        kind="observations",
        release=ReleaseInfo(
            source=SOURCE,
            name=f"Kolada {kpi} (datadump)",
            released_on=None,
            covers_to=covers_to,
            publisher=PUBLISHER,
        ),
        total_rows=None,
        row_source=rows,
        closer=opened.close,
    )


def _last_ddf_year(stream: Any, encoding: str, filename: str) -> int | None:
    # A cheap first pass (three short columns) so the release can say how far it goes.
    last = None
    for number, cells in csv_rows(stream, encoding, filename, ","):
        if number > 1 and len(cells) > 1:
            year = year_or_none(cells[1])
            if year is not None and (last is None or year > last):
                last = year
    return last


def _ddf_row(
    number: int,
    cells: list[str],
    kpi: str,
    filename: str,
    checks: FileChecks,
    seen: DuplicateTracker,
) -> Record | None:
    """One value of the dump, or why it is not read; None for a region or Riket."""
    if len(cells) != 3:
        message = f"Raden har {len(cells)} kolumner; förväntade 3 (geo, year, {kpi.lower()})."
        return RowError(filename, number, None, message)
    geo, raw_year, raw = (c.strip() for c in cells)
    where = _where(number, geo, raw_year, kpi, filename, checks)
    if where is None or isinstance(where, RowError):
        return where
    code, year, label = where
    if raw == "":
        message = f"Värde saknas för {label}; raden hoppas över."
        return warning(filename, message, row=number, column=kpi.lower())
    try:
        value = parse_number(raw)
    except ValueError:
        return RowError(filename, number, kpi.lower(), not_a_number(raw), shorten(raw))
    duplicate = seen.check((code, year), value, number)
    if duplicate is not None:
        return duplicate_row(
            filename,
            number,
            duplicate,
            label=label,
            each="varje kommun och år",
            column="geo",
            note_column="geo",
        )
    return ObservationRecord(
        municipality_code=code,
        indicator_key=indicator_key(kpi),
        year=year,
        value=value,
        status="final",
        source=PUBLISHER,
        row=number,
    )


def _where(
    number: int,
    geo: str,
    raw_year: str,
    kpi: str,
    filename: str,
    checks: FileChecks,
) -> tuple[str, int, str] | RowError | None:
    """The row's municipality code and year, with a label naming the value ("N00401,
    Umeå 2022"); the error saying why it has none; None for a region or Riket."""
    if not geo.isdigit():
        message = f"'{shorten(geo)}' är ingen kommun- eller regionkod."
        return RowError(filename, number, "geo", message, shorten(geo))
    if len(geo) <= 2:
        return None  # a region ("01" = 0001) or Riket ("0" = 0000): municipalities only
    code = geo.zfill(4)
    index = checks.index
    problem = index.code_problem(code)
    if problem:
        return RowError(filename, number, "geo", problem + ".", geo)
    year = year_or_none(raw_year)
    if year is None:
        message = f"'{shorten(raw_year)}' är inget årtal."
        return RowError(filename, number, "year", message, shorten(raw_year))
    label = f"{kpi}, {index.name_of(code)} {year}"
    problem = checks.years.problem(year)
    if problem:
        return RowError(filename, number, "year", f"{label}: {problem}.", raw_year)
    return code, year, label
