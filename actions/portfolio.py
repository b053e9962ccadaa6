"""Does the portfolio close the gap? Pure computations over plain data (no Django).

The gap (glappet)
-----------------
``gap = trend value in the target year − the pathway's value in the target year``: how
many tonnes a year the city will still emit above its target if emissions follow their
recent trend (both from the progress engine, ``indicators.progress``).

The portfolio's expected reduction is the sum of its actions' expected annual
reductions (t CO2e/år), central value and low–high range (an action with only a central
value contributes it to all three). An action counts towards closing the gap when:

1. it has an expected reduction (an empty effect is "not estimated", never zero);
2. it is not cancelled;
3. its first year of effect is no later than the target year (otherwise it does not
   help by then);
4. its first year of effect is after the latest year with emission data. Effects that
   began in or before that year are already in the measured emissions, and so in the
   trend; counting them again would close the gap twice.

Excluded actions are listed with their reason, so a page can say why.

Verdict: ``closes`` when even the low end of the range closes the gap, ``may_close``
when the range straddles it, ``does_not_close`` when even the high end falls short;
``trend_reaches_target`` when the trend alone meets the pathway (gap ≤ 0). When the gap
cannot be computed (no target, too little data) the state says which.

Cost per tonne
--------------
``cost_per_tonne`` = the action's total cost (investment + operating, all years) ÷ its
expected reduction summed over the years it acts up to the horizon (first year of
effect … target year, both included). With a low–high range the cost per tonne is a
range too (high reduction → low cost per tonne).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

CANCELLED = "cancelled"
OTHER = "other"

#: A main sector with at least this share of the city's emissions and no action stands
#: out on the sector coverage table.
LARGE_SECTOR_SHARE_PCT = 10.0


@dataclass(frozen=True)
class Span:
    """An amount with its low–high range (low ≤ central ≤ high)."""

    low: float = 0.0
    central: float = 0.0
    high: float = 0.0

    def __add__(self, other: Span) -> Span:
        return Span(self.low + other.low, self.central + other.central, self.high + other.high)

    @property
    def is_zero(self) -> bool:
        return self.low == self.central == self.high == 0


@dataclass(frozen=True)
class ActionEffect:
    """What the analysis needs to know about one action."""

    key: int | str
    title: str
    sector: str
    status: str
    expected: float | None = None
    low: float | None = None
    high: float | None = None
    first_year: int | None = None

    @property
    def has_effect(self) -> bool:
        return self.expected is not None

    @property
    def span(self) -> Span:
        """The expected reduction as a range; zero when not estimated."""
        if self.expected is None:
            return Span()
        low = self.expected if self.low is None else self.low
        high = self.expected if self.high is None else self.high
        return Span(low, self.expected, high)


class Exclusion(StrEnum):
    """Why an action's reduction is not counted against the gap."""

    NO_EFFECT = "no_effect"
    CANCELLED = "cancelled"
    NO_FIRST_YEAR = "no_first_year"
    AFTER_TARGET_YEAR = "after_target_year"
    ALREADY_IN_DATA = "already_in_data"


class GapState(StrEnum):
    NO_TARGET = "no_target"  # no target on total territorial emissions
    NO_DATA = "no_data"  # no emission data
    TOO_LITTLE_DATA = "too_little_data"  # no trend projection for the target year
    TARGET_YEAR_IN_DATA = "target_year_in_data"  # the target year has data: no forecast
    TREND_REACHES_TARGET = "trend_reaches_target"
    NO_EFFECTS = "no_effects"  # gap known, but no counted action has an effect
    CLOSES = "closes"
    MAY_CLOSE = "may_close"
    DOES_NOT_CLOSE = "does_not_close"


@dataclass(frozen=True)
class GapAnalysis:
    """The gap and how much of it the portfolio closes (see the module docstring)."""

    state: GapState
    target_year: int | None = None
    latest_year: int | None = None
    trend_value: float | None = None
    pathway_value: float | None = None
    gap: float | None = None
    counted: Span = field(default_factory=Span)
    by_sector: dict[str, Span] = field(default_factory=dict)
    counted_keys: tuple[int | str, ...] = ()
    excluded: tuple[tuple[int | str, Exclusion], ...] = ()

    @property
    def remaining(self) -> Span | None:
        """What is left of the gap after the portfolio: low uses the high reduction."""
        if self.gap is None:
            return None
        return Span(
            self.gap - self.counted.high,
            self.gap - self.counted.central,
            self.gap - self.counted.low,
        )

    @property
    def after_actions(self) -> Span | None:
        """Emissions in the target year on the trend minus the portfolio."""
        if self.trend_value is None:
            return None
        return Span(
            self.trend_value - self.counted.high,
            self.trend_value - self.counted.central,
            self.trend_value - self.counted.low,
        )

    @property
    def share_of_gap_pct(self) -> float | None:
        """The central reduction as a share of the gap, in % (None when there is no gap)."""
        if self.gap is None or self.gap <= 0:
            return None
        return self.counted.central / self.gap * 100

    def excluded_count(self, reason: Exclusion) -> int:
        return sum(1 for _, why in self.excluded if why is reason)


def exclusion(
    action: ActionEffect, *, target_year: int | None, latest_year: int | None
) -> Exclusion | None:
    """Why ``action`` is not counted, or None when it is (rules 1–4 of the module)."""
    if not action.has_effect:
        return Exclusion.NO_EFFECT
    if action.status == CANCELLED:
        return Exclusion.CANCELLED
    if action.first_year is None:
        return Exclusion.NO_FIRST_YEAR
    if target_year is not None and action.first_year > target_year:
        return Exclusion.AFTER_TARGET_YEAR
    if latest_year is not None and action.first_year <= latest_year:
        return Exclusion.ALREADY_IN_DATA
    return None


def portfolio_gap(
    *,
    actions: Iterable[ActionEffect],
    target_year: int | None,
    latest_year: int | None,
    trend_value: float | None,
    pathway_value: float | None,
    has_target: bool = True,
) -> GapAnalysis:
    """The gap in ``target_year`` and the portfolio's expected reduction against it."""
    actions = list(actions)
    counted = Span()
    by_sector: dict[str, Span] = {}
    counted_keys: list[int | str] = []
    excluded: list[tuple[int | str, Exclusion]] = []
    for action in actions:
        why = exclusion(action, target_year=target_year, latest_year=latest_year)
        if why is not None:
            excluded.append((action.key, why))
            continue
        counted += action.span
        by_sector[action.sector] = by_sector.get(action.sector, Span()) + action.span
        counted_keys.append(action.key)

    state, gap = _gap_state(
        has_target,
        target_year,
        latest_year,
        trend_value,
        pathway_value,
        counted,
        bool(counted_keys),
    )
    return GapAnalysis(
        state,
        target_year=target_year,
        latest_year=latest_year,
        trend_value=trend_value,
        pathway_value=pathway_value,
        gap=gap,
        counted=counted,
        by_sector=by_sector,
        counted_keys=tuple(counted_keys),
        excluded=tuple(excluded),
    )


def _gap_state(
    has_target: bool,
    target_year: int | None,
    latest_year: int | None,
    trend_value: float | None,
    pathway_value: float | None,
    counted: Span,
    any_counted: bool,
) -> tuple[GapState, float | None]:
    """Where the portfolio stands against the gap (the module's states, in order), and
    the gap when there is one to speak of."""
    if not has_target or target_year is None:
        return GapState.NO_TARGET, None
    if latest_year is None:
        return GapState.NO_DATA, None
    if latest_year >= target_year:
        return GapState.TARGET_YEAR_IN_DATA, None
    if trend_value is None or pathway_value is None:
        return GapState.TOO_LITTLE_DATA, None
    gap = trend_value - pathway_value
    if gap <= 0:
        return GapState.TREND_REACHES_TARGET, gap
    if not any_counted:
        return GapState.NO_EFFECTS, gap
    if counted.low >= gap:
        return GapState.CLOSES, gap
    if counted.high >= gap:
        return GapState.MAY_CLOSE, gap
    return GapState.DOES_NOT_CLOSE, gap


# --- sector coverage ------------------------------------------------------------------


@dataclass(frozen=True)
class SectorCoverage:
    """One main sector: its emissions, and the actions addressing it."""

    sector: str
    emissions: float | None
    share_pct: float | None
    actions: int  # actions that are not cancelled
    with_effect: int
    expected: Span
    stands_out: bool  # a large sector without any action

    @property
    def covered(self) -> bool:
        return self.actions > 0


def sector_coverage(
    *,
    sectors: Sequence[str],
    emissions: Mapping[str, float],
    actions: Iterable[ActionEffect],
    large_share_pct: float = LARGE_SECTOR_SHARE_PCT,
) -> list[SectorCoverage]:
    """Each of ``sectors`` (in order) with its share of the total of ``emissions`` and the
    actions addressing it, then "other" when any action addresses no single sector.

    Cancelled actions address nothing. ``expected`` sums every active action's expected
    reduction, whatever its first year (the gap applies the timing rules).
    """
    total = sum(v for v in emissions.values() if v is not None)
    count: Counter[str] = Counter()
    with_effect: Counter[str] = Counter()
    expected: dict[str, Span] = {}
    for action in actions:
        if action.status == CANCELLED:
            continue
        count[action.sector] += 1
        if action.has_effect:
            with_effect[action.sector] += 1
            expected[action.sector] = expected.get(action.sector, Span()) + action.span
    rows = []
    for sector in [*sectors, *([OTHER] if count[OTHER] else [])]:
        value = emissions.get(sector)
        share = value / total * 100 if value is not None and total > 0 else None
        rows.append(
            SectorCoverage(
                sector=sector,
                emissions=value,
                share_pct=share,
                actions=count[sector],
                with_effect=with_effect[sector],
                expected=expected.get(sector, Span()),
                stands_out=count[sector] == 0 and share is not None and share >= large_share_pct,
            )
        )
    return rows


# --- investment plan ------------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    """One year's cost of one action, with the funding status that applies to it."""

    action_key: int | str
    year: int
    sector: str
    funding_status: str  # "" when not stated
    investment: int | None = None
    operating: int | None = None

    @property
    def total(self) -> int:
        return (self.investment or 0) + (self.operating or 0)


@dataclass(frozen=True)
class Money:
    investment: int = 0
    operating: int = 0

    def __add__(self, other: Money) -> Money:
        return Money(self.investment + other.investment, self.operating + other.operating)

    @property
    def total(self) -> int:
        return self.investment + self.operating


@dataclass(frozen=True)
class InvestmentPlan:
    """Costs summed per year × funding status, per year × sector, and per action."""

    years: list[int]
    by_year_status: dict[tuple[int, str], Money]
    by_year_sector: dict[tuple[int, str], Money]
    by_year: dict[int, Money]
    by_status: dict[str, Money]
    by_sector: dict[str, Money]
    by_action: dict[int | str, Money]
    total: Money


def investment_plan(lines: Iterable[CostLine]) -> InvestmentPlan:
    # Sums kept as [investment, operating] lists while adding (a frozen Money per line
    # would be rebuilt on every addition), frozen at the end.
    tables: dict[str, dict] = {
        "by_year_status": {},
        "by_year_sector": {},
        "by_year": {},
        "by_status": {},
        "by_sector": {},
        "by_action": {},
    }
    total = [0, 0]
    for line in lines:
        investment, operating = line.investment or 0, line.operating or 0
        keys = {
            "by_year_status": (line.year, line.funding_status),
            "by_year_sector": (line.year, line.sector),
            "by_year": line.year,
            "by_status": line.funding_status,
            "by_sector": line.sector,
            "by_action": line.action_key,
        }
        for name, key in keys.items():
            sums = tables[name].setdefault(key, [0, 0])
            sums[0] += investment
            sums[1] += operating
        total[0] += investment
        total[1] += operating
    frozen = {
        name: {key: Money(*sums) for key, sums in table.items()} for name, table in tables.items()
    }
    return InvestmentPlan(years=sorted(frozen["by_year"]), total=Money(*total), **frozen)


def effect_years(first_year: int | None, horizon_year: int | None) -> int:
    """How many years an action acts from ``first_year`` through ``horizon_year``."""
    if first_year is None or horizon_year is None or first_year > horizon_year:
        return 0
    return horizon_year - first_year + 1


def cost_per_tonne(
    *, total_cost: float, action: ActionEffect, horizon_year: int | None
) -> Span | None:
    """SEK per tonne CO2e reduced up to ``horizon_year`` (see the module docstring), as a
    range; None when the cost, the effect or the years of effect are unknown or zero."""
    years = effect_years(action.first_year, horizon_year)
    span = action.span
    if total_cost <= 0 or not action.has_effect or years == 0 or span.high <= 0:
        return None
    low_tonnes, central_tonnes, high_tonnes = (
        v * years for v in (span.low, span.central, span.high)
    )
    if central_tonnes <= 0:
        return None
    return Span(
        low=total_cost / high_tonnes,
        central=total_cost / central_tonnes,
        # A low estimate of zero tonnes has no finite cost per tonne: use the central.
        high=total_cost / low_tonnes if low_tonnes > 0 else total_cost / central_tonnes,
    )


def counts(values: Iterable[str], order: Sequence[str]) -> list[tuple[str, int]]:
    """How many of ``values`` there are of each of ``order`` (zeros kept), then any other
    value (e.g. "" for not stated) at the end."""
    counter = Counter(values)
    rows = [(key, counter.pop(key, 0)) for key in order]
    rows.extend(sorted(counter.items()))
    return rows
