"""Plain data the progress engine works on: the kinds of targets, pathways and statuses,
targets and carbon budgets (the observations and series are ``series``).

Nothing here knows about Django. Selectors turn Observation rows into these
dataclasses; the engine returns plain data that templates and the API serialise.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from indicators.progress.series import check_finite


class Direction(StrEnum):
    """Which way an indicator should move: emissions down, sustainable trips up."""

    LOWER_IS_BETTER = "lower_is_better"
    HIGHER_IS_BETTER = "higher_is_better"


class TargetKind(StrEnum):
    """How a target (målvärde) states its number.

    - ``absolute``: a level in the indicator's unit (e.g. at most 200 000 t CO2e in 2030).
    - ``percent_change``: a change in % against a base year (−85 means 85 % below 1990).
    - ``per_person``: a level per inhabitant (e.g. 2 t CO2e per person in 2040).
    - ``share``: a percentage 0–100, higher is better by default (sustainable trips ≥ 65 %).
    - ``net_zero``: net emissions (emissions − removals) at most a residual, given as % of
      the base year's emissions (Umeå 2040: residual 15 % of 1990, i.e. "85 % lower").
    - ``decrease``: direction only, no number ("transport emissions shall decrease").
    """

    ABSOLUTE = "absolute"
    PERCENT_CHANGE = "percent_change"
    PER_PERSON = "per_person"
    SHARE = "share"
    NET_ZERO = "net_zero"
    DECREASE = "decrease"


class PathwayKind(StrEnum):
    """The shape of the planned route (målbana) from the base value to the target value."""

    LINEAR = "linear"
    CONSTANT_RATE = "constant_rate"
    BUDGET = "budget"


class TrendModel(StrEnum):
    """The least-squares model fitted to the recent observations."""

    LINEAR = "linear"
    LOG_LINEAR = "log_linear"


class Status(StrEnum):
    """The answer to "are we on track?" for one target; the rules are in ``assessment``."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    INSUFFICIENT_DATA = "insufficient_data"


class Reason(StrEnum):
    """Which written rule decided a status (see ``assessment``); stable codes for the UI."""

    NO_OBSERVATIONS = "no_observations"
    BASE_VALUE_MISSING = "base_value_missing"
    LATEST_MEETS_TARGET = "latest_meets_target"
    DEADLINE_MISSED = "deadline_missed"
    TOO_FEW_POINTS = "too_few_points"
    TREND_MEETS_TARGET = "trend_meets_target"
    AHEAD_OF_PATHWAY = "ahead_of_pathway"
    TARGET_WITHIN_INTERVAL = "target_within_interval"
    NEAR_PATHWAY = "near_pathway"
    TREND_MISSES_TARGET = "trend_misses_target"
    DECREASING = "decreasing"
    MIXED_SIGNALS = "mixed_signals"
    NOT_DECREASING = "not_decreasing"


@dataclass(frozen=True)
class Wording:
    """How the explanation names the measured quantity, in Swedish and English.

    Swedish adjectives agree with the noun ("utsläppen är oförändrade", "andelen är
    oförändrad"), English verbs with the number ("emissions need", "the share needs").
    """

    subject_sv: str
    pronoun_sv: str
    unchanged_sv: str
    subject_en: str
    pronoun_en: str
    plural_en: bool

    @staticmethod
    def for_kind(kind: TargetKind, direction: Direction, *, net: bool = False) -> Wording:
        """The default wording for a kind of target."""
        if kind is TargetKind.SHARE:
            return Wording("Andelen", "den", "oförändrad", "The share", "it", False)
        if kind is TargetKind.PER_PERSON:
            return Wording(
                "Utsläppen per person", "de", "oförändrade", "Emissions per person", "they", True
            )
        if net or kind is TargetKind.NET_ZERO:
            return Wording("Nettoutsläppen", "de", "oförändrade", "Net emissions", "they", True)
        if direction is Direction.HIGHER_IS_BETTER:
            return Wording("Värdet", "det", "oförändrat", "The value", "it", False)
        return Wording("Utsläppen", "de", "oförändrade", "Emissions", "they", True)


@dataclass(frozen=True)
class TargetSpec:
    """A target (målvärde): the number one goal is measured by on one indicator.

    ``value`` means, by kind: absolute and per_person, a level in ``unit`` (per inhabitant
    for per_person); share, a percentage 0–100; percent_change, the change in % against
    ``base_year`` (−85 is 85 % below); net_zero, the residual net emissions allowed as % of
    the base year's emissions (15 for "at least 85 % lower", 0 for strict net zero);
    decrease, nothing (None).

    ``base_year`` is required for percent_change and net_zero. For the other kinds it is
    optional: without it the pathway starts at the first observation. ``base_value`` is
    used only when the series has no value for ``base_year`` — a published value wins, so
    the target and the values it is compared with come from the same data release.

    ``tolerance`` is the at-risk band: a shortfall against the pathway of at most this
    fraction of the whole distance from base to target (default 10 %).
    """

    kind: TargetKind
    target_year: int | None
    value: float | None = None
    base_year: int | None = None
    base_value: float | None = None
    direction: Direction | None = None
    pathway: PathwayKind = PathwayKind.LINEAR
    unit: str = ""
    tolerance: float = 0.1
    wording: Wording | None = None

    def __post_init__(self) -> None:
        kind = TargetKind(self.kind)
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "pathway", PathwayKind(self.pathway))
        if self.direction is None:
            default = (
                Direction.HIGHER_IS_BETTER
                if kind is TargetKind.SHARE
                else Direction.LOWER_IS_BETTER
            )
            object.__setattr__(self, "direction", default)
        else:
            object.__setattr__(self, "direction", Direction(self.direction))
        check_finite("value", self.value)
        check_finite("base_value", self.base_value)
        if kind is TargetKind.DECREASE:
            if self.value is not None:
                raise ValueError("a 'decrease' target states a direction only; value must be None")
            if self.direction is not Direction.LOWER_IS_BETTER:
                raise ValueError("a 'decrease' target needs a lower-is-better indicator")
        else:
            if self.value is None:
                raise ValueError(f"a {kind.value!r} target needs a value")
            if self.target_year is None:
                raise ValueError(f"a {kind.value!r} target needs a target year")
        if kind in (TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO) and self.base_year is None:
            raise ValueError(f"a {kind.value!r} target needs a base year")
        if kind is TargetKind.SHARE and not 0 <= (self.value or 0) <= 100:
            raise ValueError(f"a share target is a percentage 0–100, got {self.value}")
        if kind is TargetKind.NET_ZERO:
            if (self.value or 0) < 0:
                raise ValueError("a net_zero residual is a non-negative % of the base year")
            if self.direction is not Direction.LOWER_IS_BETTER:
                raise ValueError("a net_zero target needs a lower-is-better indicator")
        if (
            self.base_year is not None
            and self.target_year is not None
            and self.base_year >= self.target_year
        ):
            raise ValueError(f"base year {self.base_year} must be before {self.target_year}")
        if self.tolerance < 0:
            raise ValueError("tolerance must be non-negative")

    @property
    def better(self) -> Direction:
        """The indicator's good direction (resolved: never None after construction)."""
        assert self.direction is not None
        return self.direction


@dataclass(frozen=True)
class CarbonBudget:
    """A carbon budget (utsläppsutrymme): the emissions a city may still emit from a year on.

    ``amount`` is in the unit of the series it is compared with (t CO2 for Klimatkollen's
    budgets, which cover fossil CO2 only, not all greenhouse gases). The budget pathway
    spends it from ``start_year`` through ``end_year``.
    """

    amount: float
    start_year: int
    end_year: int = 2050
    label_sv: str = "Koldioxidbudget"
    label_en: str = "Carbon budget"
    unit: str = "t CO2"

    def __post_init__(self) -> None:
        check_finite("amount", self.amount)
        if self.amount < 0:
            raise ValueError("a carbon budget cannot be negative")
        if self.end_year <= self.start_year:
            raise ValueError("a carbon budget's end year must be after its start year")

    @classmethod
    def klimatkollen(cls, amount: float, start_year: int = 2024) -> CarbonBudget:
        """Klimatkollen's allocation of Uppsala University's national CO2 budget.

        A peer's derived figure, not an official table, so it is always shown under
        its own name.
        """
        return cls(
            amount=amount,
            start_year=start_year,
            label_sv="Klimatkollens fördelning",
            label_en="Klimatkollen's allocation",
        )


__all__ = [
    "CarbonBudget",
    "Direction",
    "PathwayKind",
    "Reason",
    "Status",
    "TargetKind",
    "TargetSpec",
    "TrendModel",
    "Wording",
]
