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
from collections.abc import Iterator, Mapping
from typing import Any

from .base import DEFAULT_MAX_BYTES, ObservationRecord, ParsedFile, Record, ReleaseInfo, RowError
from .files import Source, csv_rows, fail, first_text_line, open_source, sniff_encoding, warning
from .kolada_kpis import FIRST_YEAR, KPI_ID, PUBLISHER, SOURCE, indicator_key
from .numbers import NUMBER_HINT, parse_number, year_or_none
from .text import shorten
from .validation import DuplicateTracker, MunicipalityIndex, YearRange, duplicate_row


def parse_ddf_csv(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    current_year: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_year: int = FIRST_YEAR,
) -> ParsedFile:
    """A ``ddf--datapoints--<kpi>--by--geo--year.csv`` file (format id
    ``kolada_ddf_csv``)."""
    opened = open_source(fileobj, filename, max_bytes)
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
    index = MunicipalityIndex(municipalities)
    years = YearRange.up_to_next_year(min_year, current_year)

    def rows() -> Iterator[Record]:
        if notice:
            yield notice
        seen = DuplicateTracker()
        for number, cells in csv_rows(opened.stream, encoding, filename, ","):
            if number == 1 or not any(c.strip() for c in cells):
                continue
            yield from _ddf_row(number, cells, kpi, filename, index, years, seen)

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
    index: MunicipalityIndex,
    years: YearRange,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    if len(cells) != 3:
        yield RowError(
            filename,
            number,
            None,
            f"Raden har {len(cells)} kolumner; förväntade 3 (geo, year, {kpi.lower()}).",
        )
        return
    geo, raw_year, raw = (c.strip() for c in cells)
    if not geo.isdigit():
        yield RowError(
            filename,
            number,
            "geo",
            f"'{shorten(geo)}' är ingen kommun- eller regionkod.",
            shorten(geo),
        )
        return
    if len(geo) <= 2:
        return  # a region ("01" = 0001) or Riket ("0" = 0000): municipalities only
    code = geo.zfill(4)
    problem = index.code_problem(code)
    if problem:
        yield RowError(filename, number, "geo", problem + ".", geo)
        return
    year = year_or_none(raw_year)
    if year is None:
        yield RowError(
            filename, number, "year", f"'{shorten(raw_year)}' är inget årtal.", shorten(raw_year)
        )
        return
    label = f"{kpi}, {index.name_of(code)} {year}"
    problem = years.problem(year)
    if problem:
        yield RowError(filename, number, "year", f"{label}: {problem}.", raw_year)
        return
    if raw == "":
        yield warning(
            filename,
            f"Värde saknas för {label}; raden hoppas över.",
            row=number,
            column=kpi.lower(),
        )
        return
    try:
        value = parse_number(raw)
    except ValueError:
        yield RowError(
            filename,
            number,
            kpi.lower(),
            f"'{shorten(raw)}' är inte ett tal; {NUMBER_HINT}.",
            shorten(raw),
        )
        return
    duplicate = seen.check((code, year), value, number)
    if duplicate is not None:
        yield duplicate_row(
            filename,
            number,
            duplicate,
            label=label,
            each="varje kommun och år",
            column="geo",
            note_column="geo",
        )
        return
    yield ObservationRecord(
        municipality_code=code,
        indicator_key=indicator_key(kpi),
        year=year,
        value=value,
        status="final",
        source=PUBLISHER,
        row=number,
    )
