"""The city page's goals: each climate goal (klimatmål) with its targets, what the progress
engine says about each, and one chart per indicator with every target of the goal on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from cities.models import GoalOrigin
from core.formatting import num
from core.i18n import gettext as _
from dashboards.charts.chart import Chart, Observed
from dashboards.charts.targets import Comparison, TargetLine, target_chart
from dashboards.city.words import (
    by_indicator,
    chart_labels,
    credit_lines,
    estimate_notes,
    explanation,
    indicator_name,
    level,
    line_notes,
    observed_points,
    pathway_label,
    rate_texts,
    sampled_pathway,
    size_decimals,
    stated_target,
    status_label,
    target_label,
    trend_model_note,
)
from indicators import progress as p
from indicators.assessments import CityProgress, StatusRevision, TargetAssessment
from indicators.labels import unit_label
from indicators.models import TargetKind


@dataclass
class TargetCard:
    """One target as its goal card shows it."""

    id: int
    indicator_name: str
    summary: str  # what the target asks for, as stated
    resolved_text: str  # "högst 72 271 t CO2e" when the stated value is a % change
    status: str
    status_label: str
    explanation: str
    latest_text: str  # "365 010 t CO2e (2024)"
    needed_text: str
    actual_text: str
    projection_text: str = ""  # "456 480 t CO2e"
    projection_range: str = ""  # "95 %: 172 464–1 208 217"
    reached_label: str = ""
    reached_text: str = ""  # "2035", "inte före 2100", "sedan 2019"
    target_year: int | None = None
    notes: list[str] = field(default_factory=list)
    chart_id: str = ""


@dataclass
class GoalCard:
    """A climate goal (klimatmål): its words, its targets and their charts."""

    id: int
    title: str
    description: str
    scope_label: str
    decided_by: str
    decided_on: date | None
    source_reference: str
    is_reported: bool = False  # imported from what the city reported to CDP-ICLEI
    targets: list[TargetCard] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _target_card(t: TargetAssessment, chart_id: str) -> TargetCard:
    a = t.assessment
    unit = unit_label(t.unit)
    needed, actual = rate_texts(a, unit)
    projection, projection_range = _projection(a, unit)
    reached_label, reached = _reached(a)
    return TargetCard(
        id=t.target.pk,
        indicator_name=t.indicator.label,
        summary=stated_target(t),
        resolved_text=_resolved_text(t, unit),
        status=a.status.value,
        status_label=status_label(a.status),
        explanation=explanation(a),
        latest_text=_latest_text(a, unit),
        needed_text=needed,
        actual_text=actual,
        projection_text=projection,
        projection_range=projection_range,
        reached_label=reached_label,
        reached_text=reached,
        target_year=a.target_year,
        notes=list(t.notes),
        chart_id=chart_id,
    )


def _resolved_text(t: TargetAssessment, unit: str) -> str:
    """A target stated as a change, as the level it asks for ("högst 72 271 t CO2e")."""
    a = t.assessment
    if a.target_value is None or t.target.kind not in (
        TargetKind.PERCENT_CHANGE,
        TargetKind.NET_ZERO,
    ):
        return ""
    bound = _("högst") if a.direction is p.Direction.LOWER_IS_BETTER else _("minst")
    return f"{bound} {num(a.target_value)} {unit}"


def _latest_text(a: p.Assessment, unit: str) -> str:
    """The latest value with its year, and its status when it is not final."""
    if a.latest is None:
        return ""
    text = f"{level(a.latest.value, unit)} ({a.latest.year})"
    if a.latest.status is not p.ObservationStatus.FINAL:
        text += ", " + (
            _("preliminärt")
            if a.latest.status is p.ObservationStatus.PRELIMINARY
            else _("uppskattat")
        )
    return text


def _judged(a: p.Assessment) -> bool:
    return a.status not in (p.Status.NO_DATA, p.Status.INSUFFICIENT_DATA)


def _projection(a: p.Assessment, unit: str) -> tuple[str, str]:
    """The trend's value in the target year and its 95 % interval ("" when not judged)."""
    if not _judged(a) or a.projected_value is None:
        return "", ""
    projection_range = ""
    low, high = a.projected_low, a.projected_high
    if low is not None and high is not None:
        # Both ends to the decimals of the wider one ("0–532 416", not "0,00–532 416").
        decimals = size_decimals(max(abs(low), abs(high)))
        projection_range = _("95 %%-intervall: %(low)s–%(high)s") % {
            "low": num(low, decimals),
            "high": num(high, decimals),
        }
    return level(a.projected_value, unit), projection_range


def _reached(a: p.Assessment) -> tuple[str, str]:
    """When the target is reached: the label and the year ("sedan 2019", "inte före
    2100"); the year is "" when the card says nothing about it."""
    reached_label = _("Målet nås med trenden")
    if not _judged(a) or a.target_value is None or a.kind is p.TargetKind.DECREASE:
        return reached_label, ""
    if a.status is p.Status.ACHIEVED and a.year_reached is not None:
        return _("Målet nått"), _("sedan %(year)s") % {"year": a.year_reached}
    if a.year_reached is not None:
        return reached_label, str(a.year_reached)
    if a.trend_model is not None:
        return reached_label, _("inte före 2100")
    return reached_label, ""


def _target_chart(chart_id: str, group: list[TargetAssessment]) -> Chart | None:
    """One chart per indicator of a goal, with every target on it (see ``by_indicator``)."""
    first, last = group[0], max(group, key=lambda t: t.target.target_year)
    judged = last.judged
    if not len(judged):
        return None
    labels = chart_labels()
    unit = unit_label(first.unit)
    name = first.indicator.label
    observed = observed_points(judged)
    lines = [
        TargetLine(
            target_label(t),
            pathway_label(t.assessment),
            sampled_pathway(t.assessment, judged.years),
            _target_point(t.assessment),
        )
        for t in group
    ]
    a = last.assessment
    enough = len(a.window_years) >= p.MIN_TREND_POINTS
    trend = a.trend if enough else ()
    if trend:
        labels["trend"] = _("Trend %(first)s–%(last)s") % {
            "first": a.window_years[0],
            "last": a.window_years[-1],
        }
    return target_chart(
        chart_id=chart_id,
        title=name,
        unit=unit,
        observed=observed,
        targets=lines,
        trend=trend,
        band=a.band if enough else (),
        labels={
            **labels,
            "caption": _("Värdena i diagrammet: %(name)s") % {"name": name},
        },
        summary=_chart_summary(group, judged, a if trend else None, unit),
        notes=_chart_notes(observed, a, trend, judged) + estimate_notes(last.estimates),
        sources=credit_lines(first.credits) + credit_lines(_compared(first)[1]),
        comparison=_compared(first)[0],
        estimated=last.estimates.points if last.estimates is not None else (),
    )


def _compared(target: TargetAssessment) -> tuple[Comparison | None, tuple]:
    """The values of the source the target is not judged on, for comparison, and their
    credits; none when the judged values are derived (per person, net of removals)."""
    other = target.series.comparison if target.series is not None else None
    if other is None or target.population is not None or target.removals is not None:
        return None, ()
    label = (
        _("Jämförelse: kommunens egna uppgifter")
        if other.origin == "own"
        else _("Jämförelse: officiell statistik")
    )
    return Comparison(label, {pt.year: pt.value for pt in other.series}), other.credits


def _target_point(a: p.Assessment) -> tuple[int, float] | None:
    year = a.target_year
    return (year, a.target_value) if year is not None and a.target_value is not None else None


def _chart_summary(
    group: list[TargetAssessment], judged: p.Series, trend: p.Assessment | None, unit: str
) -> str:
    """The chart in words: the values' years and the latest, each target, and where the
    trend (``trend``: the assessment whose trend is drawn) leads."""
    latest = judged.latest
    assert latest is not None
    summary = _("%(name)s %(first)s–%(last)s; senaste värde %(value)s år %(last)s.") % {
        "name": indicator_name(group[0]),
        "first": judged.points[0].year,
        "last": latest.year,
        "value": level(latest.value, unit),
    }
    for t in group:
        if t.assessment.target_value is not None and t.assessment.target_year is not None:
            summary += " " + _("Målet för %(year)s är %(value)s.") % {
                "year": t.assessment.target_year,
                "value": level(t.assessment.target_value, unit),
            }
    if trend is not None and trend.projected_value is not None and trend.target_year is not None:
        summary += " " + _("Med trenden blir värdet %(value)s år %(year)s.") % {
            "value": level(trend.projected_value, unit),
            "year": trend.target_year,
        }
    return summary


def _chart_notes(
    observed: list[Observed], a: p.Assessment, trend: Sequence[object], judged: p.Series
) -> list[str]:
    notes = line_notes(o.status for o in observed)
    if trend:
        fit = _(
            "Trenden är en minsta-kvadrat-anpassning till de %(n)s senaste redovisade åren; "
            "det grå bandet är ett 95-procentigt prognosintervall."
        ) % {"n": len(a.window_years)}
        notes.append(f"{fit} {trend_model_note(a)}")
    elif len(judged) < p.MIN_TREND_POINTS:
        notes.append(_("Ingen trend visas: minst tre värden behövs."))
    return notes


def goal_cards(progress: CityProgress) -> tuple[list[GoalCard], dict[str, Chart]]:
    """Each goal's card, and its charts by id (for their downloads)."""
    cards, charts = [], {}
    for goal_progress in progress.goals:
        goal = goal_progress.goal
        card = GoalCard(
            id=goal.pk,
            title=goal.title,
            description=goal.description,
            scope_label=goal.get_scope_display(),
            decided_by=goal.decided_by,
            decided_on=goal.decided_on,
            source_reference=goal.source_reference,
            is_reported=goal.origin == GoalOrigin.REPORTED,
        )
        chart_of_indicator: dict[int, str] = {}
        for indicator_id, group in by_indicator(goal_progress.targets).items():
            chart = _target_chart(f"mal-{group[0].target.pk}", group)
            if chart is not None:
                card.charts.append(chart)
                charts[chart.id] = chart
                chart_of_indicator[indicator_id] = chart.id
        for t in goal_progress.targets:
            card.targets.append(_target_card(t, chart_of_indicator.get(t.indicator.pk, "")))
        cards.append(card)
    return cards, charts


def revision_notes(revisions: list[StatusRevision]) -> list[str]:
    """A sentence per target whose status a newer release's revision of history changed."""
    return [
        _(
            "%(new)s reviderade tidigare år. Bedömt på åren till och med %(year)s är målet "
            "”%(target)s” nu %(now)s; med %(old)s var det %(was)s."
        )
        % {
            "new": r.new_release.name,
            "old": r.old_release.name,
            "year": r.as_of,
            "target": f"{indicator_name(r.target)}: {stated_target(r.target)}",
            "now": status_label(r.new_status).lower(),
            "was": status_label(r.old_status).lower(),
        }
        for r in revisions
    ]
