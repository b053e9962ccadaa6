"""Carbon budgets per municipality: Klimatkollen's allocation of the national CO2 budget.

``climate-data.json`` from Klimatbyran/klimatkollen (``data/output``, MIT) is a list with
one object per municipality::

    [{"kommun": "Umeå", "län": "Västerbottens län",
      "emissions": {"1990": 412315.336, ...},        # fossil CO2, t (SMHI)
      "budget": 534037.912,                           # t CO2 from the first budget year
      "emissionBudget": {"2024": 244463.645, ..., "2050": 1.657},
      "trend": {...}, "hitNetZero": "2043-05-31", "budgetRunsOut": "2026-04-29", ...}]

Only ``budget`` and the span of ``emissionBudget`` (its first and last year: the years
the budget covers) are read. The rest are Klimatkollen's own projections; we compute
ours from the published inventory instead, so they are neither stored nor shown.
Municipalities are named, not coded; names are matched against the reference list.

A budget is a derived figure from a peer, not an official table: the release is
credited as "Klimatkollens fördelning".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from .base import ParsedFile, ParseOptions, ReleaseInfo, RowError
from .files import Source
from .numbers import NUMBER_HINT, parse_number, parse_year
from .text import shorten
from .validation import DuplicateTracker, MunicipalityIndex, municipality_list, named_municipality

FORMAT = "klimatkollen_budget_json"
SOURCE = "klimatkollen-budget"
PUBLISHER = (
    "Klimatkollen (Klimatbyrån): fördelning av Uppsala universitets koldioxidbudget "
    "för Sverige på kommunerna"
)
SUBSTANCE = "CO2"
UNIT = "t CO2"
FIRST_YEAR = 2000  # a Paris-aligned budget cannot start before the agreement's era
LAST_YEAR = 2100


@dataclass(frozen=True)
class CarbonBudgetRecord:
    """One municipality's budget: ``tonnes`` of ``substance`` from ``start_year``
    through ``end_year`` (both included)."""

    municipality_code: str
    tonnes: float
    start_year: int
    end_year: int
    substance: str = SUBSTANCE
    row: int = 0


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse Klimatkollen's ``climate-data.json`` (format id ``klimatkollen_budget_json``).

    ``municipalities`` (code → name) is required: the file names municipalities only.
    ``rows()`` yields a :class:`CarbonBudgetRecord` per municipality, or a ``RowError``
    naming the entry (its 1-based position in the list) and the field that is wrong.
    """
    index, document = municipality_list(
        fileobj,
        filename,
        options=options,
        shape='[{"kommun": namn, "budget": ton, "emissionBudget": {år: ton}}]',
    )
    starts = sorted({span[0] for item in document if (span := _span(item)) is not None})
    emitted = [year for item in document if (year := _last_emission_year(item)) is not None]
    first = f" från {starts[0]}" if len(starts) == 1 else ""
    release = ReleaseInfo(
        source=SOURCE,
        name=f"Klimatkollens fördelning av koldioxidbudgeten{first}",
        released_on=None,  # the file does not say when it was computed
        covers_to=max(emitted) if emitted else None,
        publisher=PUBLISHER,
    )

    def rows() -> Iterator[CarbonBudgetRecord | RowError]:
        yield from _records(document, filename, index)

    return ParsedFile(
        format=FORMAT,
        kind="carbon_budget",
        release=release,
        total_rows=len(document),
        row_source=rows,  # type: ignore[arg-type]
        substance=SUBSTANCE,
    )


def _years(raw: object) -> list[int] | None:
    if not isinstance(raw, dict) or not raw:
        return None
    try:
        return sorted(parse_year(key) for key in raw)
    except ValueError:
        return None


def _span(item: Mapping[str, Any]) -> tuple[int, int] | None:
    years = _years(item.get("emissionBudget"))
    return (years[0], years[-1]) if years else None


def _last_emission_year(item: Mapping[str, Any]) -> int | None:
    years = _years(item.get("emissions"))
    return years[-1] if years else None


def _records(
    document: list[dict[str, Any]], filename: str, index: MunicipalityIndex
) -> Iterator[CarbonBudgetRecord | RowError]:
    seen = DuplicateTracker()
    for number, item in enumerate(document, start=1):
        # A "row" of a JSON list is its 1-based position in the list.
        code = named_municipality(
            item, key="kommun", number=number, filename=filename, index=index, seen=seen
        )
        if isinstance(code, RowError):
            yield code
            continue
        where = index.name_of(code)
        raw = item.get("budget")
        if raw is None:
            yield RowError(filename, number, "budget", f"{where}: budget saknas.")
            continue
        try:
            tonnes = parse_number(raw)
        except ValueError:
            yield RowError(
                filename,
                number,
                "budget",
                f"{where}: '{shorten(raw)}' är inte ett tal; {NUMBER_HINT}.",
                shorten(raw),
            )
            continue
        if tonnes < 0:
            yield RowError(
                filename,
                number,
                "budget",
                f"{where}: en koldioxidbudget kan inte vara negativ ({shorten(raw)}).",
                shorten(raw),
            )
            continue
        span = _span(item)
        if span is None:
            yield RowError(
                filename,
                number,
                "emissionBudget",
                f"{where}: 'emissionBudget' saknas eller har inga årtal, så det går inte att "
                "avgöra vilka år budgeten gäller.",
            )
            continue
        start, end = span
        if not FIRST_YEAR <= start < end <= LAST_YEAR:
            yield RowError(
                filename,
                number,
                "emissionBudget",
                f"{where}: budgetens år {start}–{end} är orimliga; förväntade ett spann "
                f"mellan {FIRST_YEAR} och {LAST_YEAR} som omfattar minst två år.",
            )
            continue
        yield CarbonBudgetRecord(
            municipality_code=code, tonnes=tonnes, start_year=start, end_year=end, row=number
        )
