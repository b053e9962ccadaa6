"""What cities themselves reported to CDP-ICLEI: emission reduction targets and city-wide
inventories (CDP's open city datasets, one CSV per reporting year).

Two kinds of file, told apart by the meaning of their header:

* **targets** ("Cities Emissions Reduction Targets"): one row per target a city reported,
  e.g. Lund "−100 % by 2045 against 2010". Becomes one :class:`CdpTarget` per row.
* **inventories** ("City-wide Emissions"): one row per city and reporting year, with the
  accounting period, the protocol and scope 1/2/3 and BASIC/BASIC+ totals. Becomes one
  :class:`CdpInventory` per row.

CDP renames its columns nearly every year (units inside the header, "Total City-wide
Emissions (metric tonnes CO2e)" one year, scope columns the next; OpenClimate's copy of the
2021 targets even has R-style dotted names such as ``Base.year.emissions..metric.tonnes.
CO2e.``). Columns are therefore placed by meaning through a synonym table of real header
names (each commented with the CDP year it comes from), compared after normalisation:
lower case, units such as "metric tonnes CO2e" removed, dots, underscores, slashes and
spaces unified. A column the table does not know is never dropped silently: it is listed
in :attr:`CdpParsedFile.unplaced_columns` and reported as a warning.

Every figure here is the city's own, unverified report: credit it as "CDP-ICLEI Track,
stadens egen rapportering <år>", never as an official statistic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .base import DEFAULT_MAX_BYTES, ParsedFile, Record, ReleaseInfo, RowError
from .cdp_answers import scopes_named, target_sector, target_type
from .cdp_columns import Placement, detect_kind, place_columns
from .cdp_matching import MunicipalityMatcher
from .cdp_records import (
    _MISSING,
    _OTHER_PREFIX,
    _WHAT,
    DEFAULT_COUNTRY,
    FORMAT_INVENTORIES,
    FORMAT_TARGETS,
    KIND_INVENTORIES,
    KIND_TARGETS,
    PUBLISHER,
    SOURCE,
    CdpInventory,
    CdpTarget,
)
from .files import (
    Source,
    csv_rows,
    fail,
    first_text_line,
    open_source,
    sniff_delimiter,
    sniff_encoding,
    warning,
)
from .numbers import NUMBER_HINT, parse_number
from .text import clean_text, name_key, shorten


@dataclass
class CdpParsedFile(ParsedFile):
    """A CDP file ready to stream, with what the header told us about its columns."""

    columns: Mapping[str, str] = field(default_factory=dict)  # field → header as in the file
    unplaced_columns: tuple[str, ...] = ()  # headers the synonym table does not know
    country: str | None = DEFAULT_COUNTRY  # the country rows were filtered on (None: all)


# --- parsing --------------------------------------------------------------------------


def parse(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    country: str | None = DEFAULT_COUNTRY,
    kind: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CdpParsedFile:
    """Parse a CDP targets or inventories CSV (the kind is read from the header unless
    given as ``kind``).

    Only rows of ``country`` are read (``None`` reads every country). With
    ``municipalities`` (code → name), Swedish rows get their SCB code; a Swedish city that
    matches no municipality is reported by name and its rows come without a code.
    """
    opened = open_source(fileobj, filename, max_bytes)
    try:
        encoding, notice = sniff_encoding(opened.stream, filename)
        delimiter = sniff_delimiter(first_text_line(opened.stream, encoding))
        head = csv_rows(opened.stream, encoding, filename, delimiter)
        try:
            headers = next((cells for _n, cells in head if any(c.strip() for c in cells)), None)
            first = next(head, None)
        finally:
            head.close()
        if headers is None:
            raise fail(filename, "Filen innehåller ingen rubrikrad.")
        found = detect_kind(headers)
        if kind is not None and found is not None and kind != found:
            raise fail(
                filename,
                f"Filen ser ut som CDP:s {_WHAT[found]}, inte som {_WHAT[kind]}.",
                row=1,
            )
        kind = kind or found
        if kind not in (KIND_TARGETS, KIND_INVENTORIES):
            raise fail(
                filename,
                "Rubrikraden liknar varken CDP:s utsläppsmål ('Type of target', 'Target "
                "year' ...) eller CDP:s utsläppsinventeringar ('Accounting year', "
                "'Primary Protocol' ...).",
                row=1,
            )
        placement = place_columns(headers, kind, filename)
        if country is not None and not {"country", "country_iso"} & placement.index.keys():
            raise fail(
                filename,
                f"Filen saknar kolumnen 'Country', så raderna för {country} kan inte väljas ut.",
                row=1,
            )
        reporting_year = _reporting_year(filename, placement, first[1] if first else None)
    except BaseException:
        opened.close()
        raise
    matcher = MunicipalityMatcher(municipalities) if municipalities else None

    def rows() -> Iterator[Record]:
        if notice:
            yield notice
        for header in placement.unplaced:
            yield warning(
                filename,
                f"Kolumnen '{shorten(header)}' känns inte igen och läses inte.",
                row=1,
                column=header,
            )
        source = csv_rows(opened.stream, encoding, filename, delimiter)
        try:
            yield from _records(source, placement, filename, country, matcher)
        finally:
            source.close()

    year_text = f" {reporting_year}" if reporting_year else ""
    return CdpParsedFile(
        format=FORMAT_TARGETS if kind == KIND_TARGETS else FORMAT_INVENTORIES,
        kind=kind,
        release=ReleaseInfo(
            source=SOURCE,
            name=f"CDP-ICLEI{year_text}: städernas {_WHAT[kind]}",
            released_on=None,
            covers_to=reporting_year,
            publisher=PUBLISHER,
        ),
        total_rows=None,
        row_source=rows,
        closer=opened.close,
        columns=dict(placement.headers),
        unplaced_columns=placement.unplaced,
        country=country,
    )


def _reporting_year(filename: str, placement: Placement, first: list[str] | None) -> int | None:
    """The CDP cycle: the first data row's "Year Reported to CDP", else the file name's."""
    position = placement.index.get("reporting_year")
    if first is not None and position is not None and position < len(first):
        match = re.fullmatch(r"\s*(20\d\d)(?:\.0)?\s*", first[position])
        if match:
            return int(match[1])
    match = re.match(r"(20\d\d)\D", filename)
    return int(match[1]) if match else None


class _RowProblem(Exception):
    """A cell that cannot be read; becomes a RowError and the row is skipped."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


@dataclass
class _Row:
    """One data row with its cells looked up by field."""

    cells: list[str]
    number: int
    placement: Placement
    filename: str
    notices: list[RowError] = field(default_factory=list)  # warnings found on the way

    def raw(self, name: str) -> str | None:
        position = self.placement.index.get(name)
        if position is None or position >= len(self.cells):
            return None
        value = clean_text(self.cells[position])
        return None if value.casefold() in _MISSING else value

    def text(self, name: str) -> str:
        return self.raw(name) or ""

    def problem(self, name: str, value: str, message: str) -> _RowProblem:
        return _RowProblem(
            RowError(
                self.filename,
                self.number,
                self.placement.headers[name],
                message,
                shorten(value),
            )
        )

    def number_of(self, name: str, *, percent: bool = False) -> float | None:
        value = self.raw(name)
        if value is None:
            return None
        text = value.rstrip("% ").strip() if percent else value
        try:
            number = parse_number(text)
        except ValueError:
            raise self.problem(
                name, value, f"'{shorten(value)}' är inte ett tal; {NUMBER_HINT}."
            ) from None
        return number * self.placement.factors.get(name, 1.0)

    def year_of(self, name: str, *, optional: bool = False) -> int | None:
        """The year in the cell; an ``optional`` field (the population's year) that is
        not a year becomes a notice and None instead of costing the row."""
        value = self.raw(name)
        if value is None or (optional and value in {"0", "0.0"}):  # CDP's 0 = not given
            return None
        year = year_in(value)
        if year is None or (optional and not 1800 <= year <= 2100):
            message = f"'{shorten(value)}' är inget årtal; förväntade t.ex. 2030."
            if not optional:
                raise self.problem(name, value, message)
            self.notices.append(
                warning(
                    self.filename,
                    message + " Värdet hoppas över.",
                    row=self.number,
                    column=self.placement.headers[name],
                    value=value,
                )
            )
            return None
        return year

    def integer_of(self, name: str) -> int | None:
        value = self.raw(name)
        if value is None:
            return None
        if not re.fullmatch(r"\d+(?:\.0+)?", value):
            raise self.problem(
                name, value, f"'{shorten(value)}' är inget CDP-kontonummer (bara siffror)."
            )
        return int(float(value))


def year_in(value: str) -> int | None:
    """The year of a cell: "2030", "2030.0", "2030-12-31", "12/31/2030 12:00:00 AM"."""
    match = (
        re.fullmatch(r"(\d{4})(?:\.0+)?", value)
        or re.fullmatch(r"(\d{4})-\d{2}-\d{2}(?:[T ].*)?", value)
        or re.fullmatch(r"\d{1,2}/\d{1,2}/(\d{4})(?:\s.*)?", value)
    )
    return int(match[1]) if match else None


def _records(
    source: Iterator[tuple[int, list[str]]],
    placement: Placement,
    filename: str,
    country: str | None,
    matcher: MunicipalityMatcher | None,
) -> Iterator[Record]:
    wanted = name_key(country) if country is not None else None
    unmatched: set[str] = set()
    previous_end = 0
    header_seen = False
    for end, cells in source:
        number, previous_end = previous_end + 1, end
        if not header_seen:
            header_seen = any(c.strip() for c in cells)
            continue
        if not any(c.strip() for c in cells):
            continue
        row = _Row(cells, number, placement, filename)
        if wanted is not None and wanted not in {
            name_key(row.text("country")),
            name_key(row.text("country_iso")),
        }:
            continue
        try:
            code = None
            if matcher is not None and _is_sweden(row):
                code = matcher.code_for(
                    row.text("organization"), row.text("city"), row.text("actor_name")
                )
                if code is None:
                    name = row.text("organization") or row.text("city")
                    if name not in unmatched:
                        unmatched.add(name)
                        yield _unmatched(row, name)
            if placement.kind == KIND_TARGETS:
                yield _target(row, code)
            else:
                yield from _inventory(row, code)
        except _RowProblem as problem:
            yield problem.error


def _is_sweden(row: _Row) -> bool:
    return name_key(row.text("country")) in {"sweden", "sverige"} or name_key(
        row.text("country_iso")
    ) in {"swe", "se"}


def _unmatched(row: _Row, name: str) -> RowError:
    account = row.text("account_number")
    return warning(
        row.filename,
        f"'{shorten(name)}'"
        + (f" (CDP-konto {account})" if account else "")
        + " kunde inte kopplas till någon kommun i kommunlistan; stadens rader läses "
        "utan kommunkod.",
        row=row.number,
        column=row.placement.headers.get("organization") or row.placement.headers.get("city"),
        value=name,
    )


def _identity(row: _Row) -> dict[str, object]:
    return {
        "row": row.number,
        "reporting_year": row.year_of("reporting_year"),
        "account_number": row.integer_of("account_number"),
        "organization": row.text("organization"),
        "city": row.text("city"),
        "country": row.text("country") or row.text("country_iso"),
    }


def _target(row: _Row, code: str | None) -> CdpTarget:
    type_text = row.text("target_type")
    sector_text = _OTHER_PREFIX.sub("", row.text("sector")).strip()
    scope_text = row.text("scope")
    return CdpTarget(
        **_identity(row),  # type: ignore[arg-type]
        municipality_code=code,
        target_type=target_type(type_text),
        target_type_text=type_text,
        sector=target_sector(row.text("sector")),
        sector_text=sector_text,
        scopes=scopes_named(f"{scope_text} {sector_text}"),
        base_year=row.year_of("base_year"),
        base_year_emissions=row.number_of("base_year_emissions"),
        base_year_intensity=row.number_of("base_year_intensity"),
        reduction_percent=row.number_of("reduction_percent", percent=True),
        target_year=row.year_of("target_year"),
        target_year_emissions=row.number_of("target_year_emissions"),
        bau_emissions=row.number_of("bau_emissions"),
        intensity_unit=_OTHER_PREFIX.sub("", row.text("intensity_unit")).strip(),
        percent_achieved=row.number_of("percent_achieved", percent=True),
        year_set=row.year_of("year_set"),
        target_boundary=row.text("target_boundary"),
        description=row.text("description"),
        methodology=row.text("methodology"),
    )


def _inventory(row: _Row, code: str | None) -> Iterator[Record]:
    start, end, year = _period(row)
    inventory = CdpInventory(
        **_identity(row),  # type: ignore[arg-type]
        municipality_code=code,
        inventory_status=row.text("inventory_status"),
        period_start=start,
        period_end=end,
        accounting_year=year,
        protocol=row.text("protocol"),
        total=row.number_of("total"),
        scope1_grid_generation=row.number_of("scope1_grid_generation"),
        scope1_other=row.number_of("scope1_other"),
        scope2_grid_generation=row.number_of("scope2_grid_generation"),
        scope2_other=row.number_of("scope2_other"),
        scope3_grid_generation=row.number_of("scope3_grid_generation"),
        scope3_other=row.number_of("scope3_other"),
        scope1_total=row.number_of("scope1_total"),
        scope2_total=row.number_of("scope2_total"),
        scope3_total=row.number_of("scope3_total"),
        basic=row.number_of("basic"),
        basic_plus=row.number_of("basic_plus"),
        population=row.number_of("population"),
        population_year=row.year_of("population_year", optional=True),
    )
    yield from row.notices
    yield from _scope_disagreements(row, inventory)
    yield from _implausible(row, inventory)
    yield inventory


def _scope_disagreements(row: _Row, inventory: CdpInventory) -> Iterator[RowError]:
    """A notice where a city's "TOTAL Scope n" differs from the sum of its GPC table: the
    total is used, but someone may want to ask the city which is right."""
    for n in (1, 2, 3):
        total = getattr(inventory, f"scope{n}_total")
        parts = [getattr(inventory, f"scope{n}_{p}") for p in ("grid_generation", "other")]
        present = [p for p in parts if p is not None]
        if total is None or not present:
            continue
        if abs(sum(present) - total) > max(1.0, 0.01 * abs(total)):
            yield warning(
                row.filename,
                f"Scope {n}: totalen {_tonnes(total)} t skiljer sig från summan av "
                f"delarna {_tonnes(sum(present))} t; totalen används.",
                row=row.number,
                column=row.placement.headers[f"scope{n}_total"],
            )


# More than this many tonnes per inhabitant is a typing error, not a city: Sweden's most
# emission-intensive municipality per person (a refinery town) is near 100.
IMPLAUSIBLE_TONNES_PER_PERSON = 500.0


def _implausible(row: _Row, inventory: CdpInventory) -> Iterator[RowError]:
    """A notice when the city's emissions per inhabitant cannot be right (Botkyrka reported
    194 628 536 t in 2021, 2 000 t per person): the value is kept as reported, because it
    is the city's own answer, but nobody should chart it unasked."""
    parts = [inventory.scope1, inventory.scope2, inventory.scope3, inventory.total]
    largest = max((p for p in parts if p is not None), default=None)
    if largest is None or not inventory.population:
        return
    per_person = largest / inventory.population
    if per_person > IMPLAUSIBLE_TONNES_PER_PERSON:
        yield warning(
            row.filename,
            f"{shorten(inventory.organization or inventory.city)} rapporterar "
            f"{_tonnes(per_person)} ton CO2e per invånare, vilket inte är rimligt "
            f"(gränsen är {_tonnes(IMPLAUSIBLE_TONNES_PER_PERSON)}); kontrollera värdet "
            "med staden innan det används.",
            row=row.number,
        )


def _tonnes(value: float) -> str:
    """A whole number as Swedish text: 2052 → "2 052" (no-break space)."""
    return f"{value:,.0f}".replace(",", "\u00a0")


def accounting_period(raw: str) -> tuple[date | None, date | None, int | None]:
    """(first day, last day, year) of CDP's accounting period.

    "2018-01-01 - 2018-12-31" → 2018. The year is that of the last day (a fiscal year
    "2017-04-01 - 2018-03-31" is 2018, as CDP's 2016 data gave only that date). Some
    cities give the day after the period as its end ("2017-01-01 - 2018-01-01"): a period
    of one year and a day is read as ending the day before. A bare year ("2018") and
    CDP 2016's single date ("12/31/2013 12:00:00 AM") are accepted, and so is a period
    with one end missing ("2017-04-01 -": no year). Raises ValueError.
    """
    text = raw.strip()
    if re.fullmatch(r"\d{4}", text):
        return None, None, int(text)
    ranged = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:-|–|to)\s*(\d{4}-\d{2}-\d{2})", text)
    if ranged:
        start, end = date.fromisoformat(ranged[1]), date.fromisoformat(ranged[2])
        if end < start:
            raise ValueError("ends before it starts")
        if _one_year_after(start) == end:
            end -= timedelta(days=1)
        return start, end, end.year
    half = re.fullmatch(r"(\d{4}-\d{2}-\d{2})?\s*-\s*(\d{4}-\d{2}-\d{2})?", text)
    if half and (half[1] or half[2]):
        # Only one end given: the year is that of the end date, unknown without one.
        if half[2]:
            end = date.fromisoformat(half[2])
            return None, end, end.year
        return date.fromisoformat(half[1]), None, None
    single = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?", text)
    if single:
        end = date(int(single[3]), int(single[1]), int(single[2]))
        return None, end, end.year
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        end = date.fromisoformat(text)
        return None, end, end.year
    raise ValueError("not a period")


def _one_year_after(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def _period(row: _Row) -> tuple[date | None, date | None, int | None]:
    value = row.raw("accounting_period")
    if value is None:
        return None, None, None
    try:
        return accounting_period(value)
    except ValueError:
        raise row.problem(
            "accounting_period",
            value,
            f"'{shorten(value)}' är ingen redovisningsperiod; förväntade t.ex. "
            "'2018-01-01 - 2018-12-31'.",
        ) from None
