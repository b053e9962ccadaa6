"""SMHI's newest territorial emissions, re-shaped by Klimatkollen's open pipeline.

``municipality-sector-emissions.json`` from Klimatbyran/territorial-data-pipeline is a
list ``[{"name": kommun, "sectors": {"1990": {Huvudsektor: t CO2e, ...}, ...}}]``:
greenhouse gases total (GGT) by main sector, municipality names only (no codes). Only
the sector values are yielded (subsector "Alla"); the municipality total is the sum of
the sectors and is left to the reader to compute, so it is never stored twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Unpack

from .base import EmissionRecord, ParsedFile, ParseOptions, Record, ReleaseInfo, RowError
from .files import Source, warning
from .numbers import not_a_number, parse_number, parse_year
from .sectors import ALL, MAIN_SECTORS, canonical_sector
from .text import shorten
from .validation import (
    DuplicateTracker,
    FileChecks,
    MunicipalityIndex,
    YearRange,
    municipality_list,
    named_municipality,
)

SOURCE = "klimatkollen"
PUBLISHER = "SMHI, Nationella emissionsdatabasen (bearbetat av Klimatkollen)"
SUBSTANCE = "GGT"
FIRST_YEAR = 1990


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse Klimatkollen's sector emissions JSON (format id ``klimatkollen_json``).

    ``municipalities`` (code → name) is required: the file names municipalities only.
    """
    index, document = municipality_list(
        fileobj,
        filename,
        options=options,
        shape='[{"name": kommun, "sectors": {år: {sektor: ton}}}]',
    )
    years = FileChecks.of(options, FIRST_YEAR).years
    last = _last_year(document)
    release = ReleaseInfo(
        source=SOURCE,
        name=(
            "SMHI:s senaste publicering, via Klimatkollen"
            + (f" (data t.o.m. {last})" if last else "")
        ),
        released_on=None,  # the file does not say when SMHI published it
        covers_to=last,
        publisher=PUBLISHER,
    )

    def rows() -> Iterator[Record]:
        yield from _records(document, filename, index, years)

    return ParsedFile(
        format="klimatkollen_json",
        kind="emissions",
        release=release,
        total_rows=len(document),
        row_source=rows,
        substance=SUBSTANCE,
    )


def _last_year(document: list[dict[str, Any]]) -> int | None:
    found = []
    for item in document:
        sectors = item.get("sectors")
        if isinstance(sectors, dict):
            for key in sectors:
                try:
                    found.append(parse_year(key))
                except ValueError:
                    continue
    return max(found) if found else None


def _records(
    document: list[dict[str, Any]],
    filename: str,
    index: MunicipalityIndex,
    years: YearRange,
) -> Iterator[Record]:
    seen_names = DuplicateTracker()
    seen_values = DuplicateTracker()
    for number, item in enumerate(document, start=1):
        # A "row" of a JSON list is its 1-based position; messages say "post".
        for key in getattr(item, "duplicate_keys", ()):
            yield RowError(filename, number, key, f"Nyckeln '{key}' finns två gånger i posten.")
        code = named_municipality(
            item, key="name", number=number, filename=filename, index=index, seen=seen_names
        )
        if isinstance(code, RowError):
            yield code
            continue
        name = item["name"]
        sectors = item.get("sectors")
        if not isinstance(sectors, dict):
            yield RowError(
                filename,
                number,
                "sectors",
                f"{name}: 'sectors' saknas eller är inget objekt {{år: {{sektor: ton}}}}.",
            )
            continue
        for year_key, by_sector in sectors.items():
            yield from _year(
                filename, number, code, index, year_key, by_sector, years, sectors, seen_values
            )


def _year(
    filename: str,
    number: int,
    code: str,
    index: MunicipalityIndex,
    year_key: str,
    by_sector: Any,
    years: YearRange,
    sectors: Any,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    """The sector values of one year of a municipality's entry, or why they are not read."""
    where = f"{index.name_of(code)} {year_key}"
    if year_key in getattr(sectors, "duplicate_keys", ()):
        yield RowError(filename, number, year_key, f"{where}: året finns två gånger.")
    try:
        year = parse_year(year_key)
    except ValueError:
        yield RowError(
            filename, number, "sectors", f"'{shorten(year_key)}' är inget årtal.", shorten(year_key)
        )
        return
    problem = years.problem(year)
    if problem:
        yield RowError(filename, number, year_key, f"{where}: {problem}.", year_key)
        return
    if not isinstance(by_sector, dict):
        yield RowError(filename, number, year_key, f"{where}: förväntade {{sektor: ton}}.")
        return
    for key in getattr(by_sector, "duplicate_keys", ()):
        yield RowError(filename, number, year_key, f"{where}: sektorn '{key}' finns två gånger.")
    for sector_raw, raw in by_sector.items():
        yield _sector_value(filename, number, code, year, year_key, sector_raw, raw, where, seen)


def _sector_value(
    filename: str,
    number: int,
    code: str,
    year: int,
    year_key: str,
    sector_raw: str,
    raw: object,
    where: str,
    seen: DuplicateTracker,
) -> Record:
    """One main sector's emissions of a municipality's year, or why they are not read."""
    sector = canonical_sector(sector_raw)
    if sector is None or sector == ALL:
        return RowError(
            filename,
            number,
            year_key,
            f"{where}: '{shorten(sector_raw)}' är ingen känd huvudsektor; förväntade "
            "en av " + ", ".join(MAIN_SECTORS) + ".",
            shorten(sector_raw),
        )
    if raw is None:
        return warning(
            filename,
            f"{where}, {sector}: värde saknas (null) och hoppas över.",
            row=number,
            column=year_key,
        )
    try:
        tonnes = parse_number(raw)
    except ValueError:
        message = f"{where}, {sector}: {not_a_number(raw)}"
        return RowError(filename, number, year_key, message, shorten(raw))
    if tonnes < 0:
        message = f"{where}, {sector}: negativa utsläpp ({shorten(raw)}) är inte tillåtna."
        return RowError(filename, number, year_key, message, shorten(raw))
    if seen.check((code, year, sector), None, number) is not None:
        return RowError(
            filename,
            number,
            year_key,
            f"{where}: sektorn {sector} finns två gånger (olika stavningar av samma sektor).",
            shorten(sector_raw),
        )
    return EmissionRecord(
        municipality_code=code,
        year=year,
        substance=SUBSTANCE,
        sector=sector,
        subsector=ALL,
        tonnes=tonnes,
        row=number,
    )
