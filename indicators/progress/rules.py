"""Are we on track? The status rules, written down here and tested one by one
(``tests/progress/test_status_rules.py``); ``indicators.progress.assessment.assess``
prepares what they compare and applies them with ``decide``.

Status rules, checked in this order (the first that applies decides)
--------------------------------------------------------------------
"Meets" means at or below the target for lower-is-better indicators, at or above for
higher-is-better, with a relative tolerance of 1e-9 for float noise. "Window" means the
``window`` latest published observations (default 5), gaps left as gaps.

1. ``no_data`` — the prepared series has no observation.
2. ``insufficient_data`` — a base year is named but its value is neither published nor
   given, so the target value (or the pathway) cannot be computed.
3. ``achieved`` — the latest value meets the target.
4. ``off_track`` — the latest observation is for the target year or later, and the
   target is not met: the deadline has passed. (When only ``today_year`` is past the
   target year but the target year's value is not yet published, the rules below
   judge the projection, and the note ``target_year_passed_data_pending`` is added.)
5. ``insufficient_data`` — fewer than three observations in the window: two points
   always lie on a line, so they give no residual error and no interval; the rates
   are still computed and quoted.
6. ``on_track`` — the trend's projected value for the target year meets the target.
7. ``on_track`` — the latest value is at or better than the pathway's value for its year.
8. ``at_risk`` — the target lies inside the ~95 % prediction interval of the projected
   value: the trend misses, but not by more than its own scatter.
9. ``at_risk`` — the latest value is worse than the pathway by at most ``tolerance``
   (default 10 %) of the pathway's whole distance from start to end value.
10. ``off_track`` — otherwise.

``decrease`` targets (direction only) use rules 1, 2 and 5, then: ``on_track`` if the
trend falls and, when there is a base, the latest value is below it; ``off_track`` if
the trend does not fall (flat counts as not falling) and the latest value is not below
the base (or there is none); ``at_risk`` otherwise (the two signals disagree). They
are never ``achieved``: a direction has no finish line.

Every rule compares quantities that all scale with the unit, so multiplying the values,
the base and an absolute target by a positive constant never changes the status.
"""

from __future__ import annotations

from indicators.progress.model import Direction, Reason, Status, TargetKind, TargetSpec
from indicators.progress.pathways import Pathway
from indicators.progress.series import DataPoint
from indicators.progress.trend import TrendFit

MIN_TREND_POINTS = 3
#: Relative tolerance for float noise when comparing values.
REL_EPS = 1e-9


def meets(value: float, target: float, direction: Direction) -> bool:
    """Whether ``value`` is at or better than ``target`` (with float-noise tolerance)."""
    eps = REL_EPS * max(abs(value), abs(target))
    if direction is Direction.LOWER_IS_BETTER:
        return value <= target + eps
    return value >= target - eps


def shortfall(value: float, reference: float, direction: Direction) -> float:
    """How much worse ``value`` is than ``reference`` (negative when it is better)."""
    return value - reference if direction is Direction.LOWER_IS_BETTER else reference - value


def decide(
    *,
    target: TargetSpec,
    latest: DataPoint | None,
    base_value: float | None,
    base_missing: bool,
    target_value: float | None,
    latest_meets: bool,
    n_window: int,
    fit: TrendFit | None,
    projected: float | None,
    interval: tuple[float, float] | None,
    path: Pathway | None,
) -> tuple[Status, Reason]:
    """Apply the written status rules, in order; the module docstring is the spec."""
    direction = target.better
    if latest is None:
        return Status.NO_DATA, Reason.NO_OBSERVATIONS
    if base_missing:
        return Status.INSUFFICIENT_DATA, Reason.BASE_VALUE_MISSING
    if target.kind is TargetKind.DECREASE:
        if n_window < MIN_TREND_POINTS or fit is None:
            return Status.INSUFFICIENT_DATA, Reason.TOO_FEW_POINTS
        falling = fit.direction() < 0
        below_base = base_value is None or latest.value < base_value
        if falling and below_base:
            return Status.ON_TRACK, Reason.DECREASING
        if not falling and (base_value is None or not below_base):
            return Status.OFF_TRACK, Reason.NOT_DECREASING
        return Status.AT_RISK, Reason.MIXED_SIGNALS
    assert target_value is not None and target.target_year is not None
    if latest_meets:
        return Status.ACHIEVED, Reason.LATEST_MEETS_TARGET
    if latest.year >= target.target_year:
        return Status.OFF_TRACK, Reason.DEADLINE_MISSED
    if n_window < MIN_TREND_POINTS or fit is None:
        return Status.INSUFFICIENT_DATA, Reason.TOO_FEW_POINTS
    if projected is not None and meets(projected, target_value, direction):
        return Status.ON_TRACK, Reason.TREND_MEETS_TARGET
    if path is not None and meets(latest.value, path.value_at(latest.year), direction):
        return Status.ON_TRACK, Reason.AHEAD_OF_PATHWAY
    if interval is not None:
        lo, hi = interval
        eps = REL_EPS * max(abs(lo), abs(hi), abs(target_value))
        if lo - eps <= target_value <= hi + eps:
            return Status.AT_RISK, Reason.TARGET_WITHIN_INTERVAL
    if path is not None:
        gap = shortfall(latest.value, path.value_at(latest.year), direction)
        distance = abs(path.base_value - path.target_value)
        if gap <= target.tolerance * distance * (1 + REL_EPS):
            return Status.AT_RISK, Reason.NEAR_PATHWAY
    return Status.OFF_TRACK, Reason.TREND_MISSES_TARGET


__all__ = ["MIN_TREND_POINTS", "decide", "meets", "shortfall"]
