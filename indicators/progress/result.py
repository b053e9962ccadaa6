"""What the progress engine answers for one target: an :class:`Assessment` (made by
``indicators.progress.assessment.assess``, explained in words by ``explain``)."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.progress.budget import BudgetAssessment
from indicators.progress.model import Direction, PathwayKind, Reason, Status, TargetKind, TrendModel
from indicators.progress.series import DataPoint


@dataclass(frozen=True)
class Assessment:
    """The answer for one target: status, explanation, and the numbers behind them.

    Values are in the unit the target is judged in (per inhabitant for per_person,
    net for net series). ``pathway`` and ``trend`` are (year, value) points for charts.
    """

    kind: TargetKind
    direction: Direction
    status: Status
    reason: Reason
    explanation: str
    explanation_en: str
    unit: str
    latest: DataPoint | None
    base_year: int | None
    base_value: float | None
    target_year: int | None
    target_value: float | None
    pathway_kind: PathwayKind | None
    pathway_value_at_latest: float | None
    needed_rate_pct: float | None
    needed_change_per_year: float | None
    actual_rate_pct: float | None
    actual_change_per_year: float | None
    trend_model: TrendModel | None
    window_years: tuple[int, ...]
    projected_value: float | None
    projected_low: float | None
    projected_high: float | None
    year_reached: int | None
    pathway: tuple[tuple[int, float], ...]
    trend: tuple[tuple[int, float], ...]
    budget: BudgetAssessment | None = None
    notes: tuple[str, ...] = ()
    # (year, low, high): the ~95 % prediction interval of the trend for every year from
    # the latest observation to the target year; empty without an interval (< 3 points).
    band: tuple[tuple[int, float, float], ...] = ()

    @property
    def actual_in_percent(self) -> bool:
        """Whether the recent change is told in per cent a year, else in the unit: when it
        has a rate, the target is not a share, and the change needed is told in per cent
        too (or none is needed). A target of zero needs its change in the unit (no rate
        reaches zero): the change so far is then told in the unit as well, so the two
        compare like with like ("needs to fall 9 990 t a year; fell 1 317 t a year")."""
        return (
            self.actual_rate_pct is not None
            and self.kind is not TargetKind.SHARE
            and (self.needed_rate_pct is not None or self.needed_change_per_year is None)
        )

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data (strings, numbers, None, lists and dicts only)."""
        latest = None
        if self.latest is not None:
            latest = {
                "year": self.latest.year,
                "value": self.latest.value,
                "status": self.latest.status.value,
                "low": self.latest.low,
                "high": self.latest.high,
            }
        return {
            "kind": self.kind.value,
            "direction": self.direction.value,
            "base_year": self.base_year,
            "base_value": self.base_value,
            "target_year": self.target_year,
            "target_value": self.target_value,
            "unit": self.unit,
            "status": self.status.value,
            "reason": self.reason.value,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
            "latest": latest,
            "needed_rate_pct": self.needed_rate_pct,
            "needed_change_per_year": self.needed_change_per_year,
            "actual_rate_pct": self.actual_rate_pct,
            "actual_change_per_year": self.actual_change_per_year,
            "trend_model": None if self.trend_model is None else self.trend_model.value,
            "window_years": list(self.window_years),
            "projected_value": self.projected_value,
            "projected_low": self.projected_low,
            "projected_high": self.projected_high,
            "year_reached": self.year_reached,
            "pathway_kind": None if self.pathway_kind is None else self.pathway_kind.value,
            "pathway_value_at_latest": self.pathway_value_at_latest,
            "pathway": [{"year": y, "value": v} for y, v in self.pathway],
            "trend": [{"year": y, "value": v} for y, v in self.trend],
            "band": [{"year": y, "low": lo, "high": hi} for y, lo, hi in self.band],
            "budget": None if self.budget is None else self.budget.to_dict(),
            "notes": list(self.notes),
        }
