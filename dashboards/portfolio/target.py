"""The emission target the portfolio's gap is measured against, and what the progress
engine says about it: the trend's value in the target year and the pathway's value, read
from the shared assessments (``indicators.assessments``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.formatting import pct
from core.i18n import gettext as _
from dashboards.portfolio.parts import SUBSTANCE
from indicators.assessments import CityProgress, TargetAssessment
from indicators.models import Target, TargetKind
from indicators.progress import MIN_TREND_POINTS


@dataclass(frozen=True)
class GapBasis:
    """What the progress engine says about a city's emission target: the trend's value
    in the target year and the pathway's value, or why they are unknown."""

    target_id: int | None = None
    target_summary: str = ""
    goal_title: str = ""
    target_year: int | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    trend_value: float | None = None
    trend_low: float | None = None
    trend_high: float | None = None
    pathway_value: float | None = None
    explanation: str = ""
    notes: tuple[str, ...] = ()
    choices: tuple[tuple[int, str], ...] = ()


def _emission_targets(progress: CityProgress) -> list[TargetAssessment]:
    """Targets on the city's total territorial greenhouse-gas emissions with a number."""
    found = [
        assessed
        for assessed in progress.targets()
        if assessed.indicator.emission_substance == SUBSTANCE
        and not assessed.indicator.emission_sector
        and assessed.target.kind
        in (TargetKind.ABSOLUTE, TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO)
    ]
    return sorted(found, key=lambda a: (a.target.target_year, a.target.pk))


def gap_basis(progress: CityProgress, *, target_id: int | None = None) -> GapBasis:
    """The trend and pathway values in the target year of the city's emission target,
    read from the shared assessments (``indicators.assessments``: the city page and the
    goals API read the same ones), so the portfolio can never disagree with them about
    the trend, the pathway or the target value.

    The target is the one chosen by id, else the first whose target year is after the
    latest data year (else the latest target).
    """
    emissions = progress.emissions.get(SUBSTANCE, [])
    latest = emissions[-1] if emissions else None
    candidates = _emission_targets(progress)
    choices = tuple((a.target.pk, _choice_label(a)) for a in candidates)
    if not candidates:
        return GapBasis(
            latest_year=latest.year if latest else None,
            latest_value=latest.total if latest else None,
        )
    chosen = next((a for a in candidates if a.target.pk == target_id), None)
    if chosen is None:
        upcoming = [a for a in candidates if latest is None or a.target.target_year > latest.year]
        chosen = upcoming[0] if upcoming else candidates[-1]
    target, result = chosen.target, chosen.assessment
    # The values the target is judged on (net of removals when a net-zero target has
    # them): their latest year is where the trend starts.
    judged_latest = result.latest
    common: dict[str, Any] = {
        "target_id": target.pk,
        "goal_title": chosen.goal.title,
        "target_year": target.target_year,
        "choices": choices,
        "latest_year": judged_latest.year if judged_latest else latest.year if latest else None,
        "latest_value": (
            judged_latest.value if judged_latest else latest.total if latest else None
        ),
        "notes": tuple(chosen.notes),
    }
    if chosen.spec is None:  # the engine cannot follow the target up as stated
        return GapBasis(**common, explanation=result.explanation)
    pathway_value = result.pathway[-1][1] if result.pathway else result.target_value
    if len(result.window_years) < MIN_TREND_POINTS:
        # Two points always lie on a line: the engine calls that too little data for a
        # trend, and so does the gap.
        return GapBasis(**common, pathway_value=pathway_value, explanation=result.explanation)
    return GapBasis(
        **common,
        target_summary=_target_summary(target, result.target_value),
        trend_value=result.projected_value,
        trend_low=result.projected_low,
        trend_high=result.projected_high,
        pathway_value=pathway_value,
        explanation=result.explanation,
    )


def _choice_label(assessed: TargetAssessment) -> str:
    """A target in the choice of target: its year and its goal's title (if short)."""
    year = assessed.target.target_year
    return f"{year}: {assessed.goal.title}" if len(assessed.goal.title) < 90 else f"{year}"


def _target_summary(target: Target, value: float | None) -> str:
    """The target's own terms, e.g. "−85 % mot 1990" ("" for a level in tonnes)."""
    if value is None or target.kind == TargetKind.ABSOLUTE:
        return ""
    change = -100.0 if target.target_value is None else target.target_value
    return _("%(change)s mot %(base)s") % {"change": pct(change, 0), "base": target.base_year}
