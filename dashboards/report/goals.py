"""The report's goals: each climate goal with its targets as the progress engine judges them
as of the report's year, and one chart per indicator with every target of the goal on it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format

from cities.models import Goal
from core.formatting import num
from core.i18n import gettext as _
from dashboards.charts.chart import Table, head
from dashboards.city.words import (
    by_indicator,
    credit_lines,
    estimate_notes,
    explanation,
    indicator_name,
    line_notes,
    pathway_label,
    rate_texts,
    sampled_pathway,
    size_decimals,
    stated_target,
    status_label,
    target_label,
    trend_model_note,
)
from dashboards.report.data import ChartData, TableData, status_text, table_data
from indicators import progress as p
from indicators.assessments import CityProgress, TargetAssessment
from indicators.labels import unit_label
from indicators.models import TargetKind


@dataclass
class TargetPart:
    """One target (målvärde) as the report states it."""

    id: int
    indicator_name: str
    summary: str
    status: str
    status_label: str
    explanation: str
    unit: str
    decimals: int
    latest_year: int | None = None
    latest_value: float | None = None
    latest_status: str = ""  # final, preliminary, estimate
    latest_status_label: str = ""
    target_year: int | None = None
    target_value: float | None = None
    needed_text: str = ""
    actual_text: str = ""
    projected_value: float | None = None
    projected_low: float | None = None
    projected_high: float | None = None
    notes: list[str] = field(default_factory=list)
    chart_id: str = ""


@dataclass
class GoalPart:
    id: int
    title: str
    description: str
    scope_label: str
    decided: str
    source_reference: str
    targets: list[TargetPart] = field(default_factory=list)
    charts: list[ChartData] = field(default_factory=list)


def _target_part(t: TargetAssessment, chart_id: str) -> TargetPart:
    a = t.assessment
    unit = unit_label(t.unit)
    needed, actual = rate_texts(a, unit, decimals=size_decimals)
    judged = a.status not in (p.Status.NO_DATA, p.Status.INSUFFICIENT_DATA)
    reference = a.latest.value if a.latest is not None else a.target_value
    return TargetPart(
        id=t.target.pk,
        indicator_name=indicator_name(t),
        summary=stated_target(t),
        status=a.status.value,
        status_label=status_label(a.status),
        explanation=explanation(a),
        unit=unit,
        decimals=size_decimals(reference),
        latest_year=a.latest.year if a.latest is not None else None,
        latest_value=a.latest.value if a.latest is not None else None,
        latest_status=a.latest.status.value if a.latest is not None else "",
        latest_status_label=status_text(a.latest.status.value) if a.latest is not None else "",
        target_year=a.target_year,
        target_value=a.target_value if t.target.kind != TargetKind.DECREASE else None,
        needed_text=needed,
        actual_text=actual,
        projected_value=a.projected_value if judged else None,
        projected_low=a.projected_low if judged else None,
        projected_high=a.projected_high if judged else None,
        notes=list(t.notes),
        chart_id=chart_id,
    )


def _goal_chart(chart_id: str, group: list[TargetAssessment]) -> ChartData | None:
    """One chart per indicator of a goal, with every target of the goal on it."""
    first = group[0]
    last = max(group, key=lambda t: t.target.target_year)
    judged = last.judged
    if not len(judged):
        return None
    unit = unit_label(first.unit)
    observed = [[pt.year, pt.value, pt.status.value] for pt in judged]
    pathways = _pathways(group, {pt.year for pt in judged})
    a = last.assessment
    enough = len(a.window_years) >= p.MIN_TREND_POINTS
    name = indicator_name(first)
    estimated = list(last.estimates.points) if last.estimates is not None else []
    return ChartData(
        id=chart_id,
        kind="line",
        title=name,
        desc=_chart_desc(name, group, judged, a if enough else None, unit),
        unit=unit,
        table=_chart_table(name, judged, pathways, a if enough else None, unit, estimated),
        notes=_chart_notes(observed, a, enough, judged) + estimate_notes(last.estimates),
        sources=credit_lines(first.credits),
        observed=observed,
        pathways=pathways,
        trend=[[y, v] for y, v in a.trend] if enough else [],
        band=[[y, lo, hi] for y, lo, hi in a.band] if enough else [],
        estimated=[[y, v] for y, v in estimated],
    )


def _pathways(group: list[TargetAssessment], observed_years: set[int]) -> list[dict[str, Any]]:
    """Each target's pathway (the years worth drawing) and its point, as data."""
    pathways = []
    for t in group:
        a = t.assessment
        points = sampled_pathway(a, observed_years)
        target_point = (
            [a.target_year, a.target_value]
            if a.target_year is not None and a.target_value is not None
            else None
        )
        if not points and target_point is None:
            continue
        pathways.append(
            {
                "label": pathway_label(a),
                "points": [list(pt) for pt in points],
                "target": target_point,
                "target_label": target_label(t),
            }
        )
    return pathways


def _chart_table(
    name: str,
    judged: p.Series,
    pathways: list[dict[str, Any]],
    trend_of: p.Assessment | None,
    unit: str,
    estimated: Sequence[tuple[int, float]] = (),
) -> TableData:
    """The values, the estimated years (a column of their own), each pathway and the
    trend (``trend_of``'s, when there is one) at the years with values, the estimated
    years, the pathways' years and the targets' years. The trend is a smooth curve: the
    table lists it at the table's years."""
    estimates = dict(estimated)
    table_years = sorted(
        set(estimates)
        | {pt.year for pt in judged}
        | {y for path in pathways for y, _ in path["points"]}
        | {path["target"][0] for path in pathways if path["target"]}
    )
    trend = dict(trend_of.trend) if trend_of is not None else {}
    band = {y: (lo, hi) for y, lo, hi in trend_of.band} if trend_of is not None else {}
    values = {pt.year: pt for pt in judged}
    path_values = [dict(map(tuple, path["points"])) for path in pathways]
    for path, lookup in zip(pathways, path_values, strict=True):
        if path["target"]:
            lookup.setdefault(path["target"][0], path["target"][1])
    decimals = size_decimals(judged.latest.value if judged.latest else None)
    columns = [
        head(_("År"), "year"),
        head(_("Utfall (%(unit)s)") % {"unit": unit}, "num", decimals),
        head(_("Status")),
        *([head(_("Uppskattat, ej publicerat ännu"), "num", decimals)] if estimates else []),
        *[head(path["label"], "num", decimals) for path in pathways],
    ]
    if trend:
        columns += [
            head(_("Trend"), "num", decimals),
            head(_("Trendens osäkerhet, lägsta"), "num", decimals),
            head(_("Trendens osäkerhet, högsta"), "num", decimals),
        ]
    rows = []
    for year in table_years:
        point = values.get(year)
        row: list[Any] = [
            year,
            point.value if point else None,
            status_text(point.status.value) if point else "",
            *([estimates.get(year)] if estimates else []),
            *[lookup.get(year) for lookup in path_values],
        ]
        if trend:
            low_high = band.get(year, (None, None))
            row += [trend.get(year), low_high[0], low_high[1]]
        rows.append(row)
    caption = _("Värdena i diagrammet: %(name)s") % {"name": name}
    return table_data(Table.from_rows(caption, columns, rows))


def _chart_desc(
    name: str,
    group: list[TargetAssessment],
    judged: p.Series,
    trend_of: p.Assessment | None,
    unit: str,
) -> str:
    """The chart in words: the values' years and the latest, each target, and where the
    trend leads (``trend_of``: the assessment whose trend is drawn)."""
    latest = judged.latest
    assert latest is not None
    desc = _("%(name)s %(first)s–%(last)s; senaste värde %(value)s %(unit)s år %(last)s.") % {
        "name": name,
        "first": judged.points[0].year,
        "last": latest.year,
        "value": num(latest.value, size_decimals(latest.value)),
        "unit": unit,
    }
    for t in group:
        ta = t.assessment
        if ta.target_value is not None and ta.target_year is not None:
            desc += " " + _("Målet för %(year)s är %(value)s %(unit)s.") % {
                "year": ta.target_year,
                "value": num(ta.target_value, size_decimals(ta.target_value)),
                "unit": unit,
            }
    a = trend_of
    if a is not None and a.projected_value is not None and a.target_year is not None:
        desc += " " + _("Med trenden blir värdet %(value)s %(unit)s år %(year)s.") % {
            "value": num(a.projected_value, size_decimals(a.projected_value)),
            "unit": unit,
            "year": a.target_year,
        }
    return desc


def _chart_notes(
    observed: list[list[Any]], a: p.Assessment, enough: bool, judged: p.Series
) -> list[str]:
    notes = line_notes(o[2] for o in observed)
    if enough and a.trend:
        fit = _(
            "Trenden är en minsta-kvadrat-anpassning till de %(n)s senaste redovisade "
            "åren (%(first)s–%(last)s); det grå bandet är ett 95-procentigt "
            "prognosintervall. Tabellen visar trend och målbana för åren med utfall, "
            "var femte år och målåret."
        ) % {"n": len(a.window_years), "first": a.window_years[0], "last": a.window_years[-1]}
        notes.append(f"{fit} {trend_model_note(a)}")
    elif len(judged) < p.MIN_TREND_POINTS:
        notes.append(_("Ingen trend visas: minst tre värden behövs."))
    return notes


def goals_part(progress: CityProgress) -> list[GoalPart]:
    """Each goal with its targets and a chart per indicator."""
    parts = []
    for goal_progress in progress.goals:
        goal = goal_progress.goal
        part = GoalPart(
            id=goal.pk,
            title=goal.title,
            description=goal.description,
            scope_label=str(goal.get_scope_display()),
            decided=_decided(goal),
            source_reference=goal.source_reference,
        )
        chart_of: dict[int, str] = {}
        for indicator_id, group in by_indicator(goal_progress.targets).items():
            chart = _goal_chart(f"diagram-mal-{group[0].target.pk}", group)
            if chart is not None:
                part.charts.append(chart)
                chart_of[indicator_id] = chart.id
        part.targets = [
            _target_part(t, chart_of.get(t.indicator.pk, "")) for t in goal_progress.targets
        ]
        parts.append(part)
    return parts


def _decided(goal: Goal) -> str:
    """Who decided the goal and when ("Kommunfullmäktige juni 2021"), "" if unknown."""
    if not (goal.decided_by or goal.decided_on):
        return ""
    return " ".join(
        x
        for x in (goal.decided_by, date_format(goal.decided_on, "F Y") if goal.decided_on else "")
        if x
    )


def status_counts(goals: list[GoalPart]) -> list[list[Any]]:
    """[status, label, count] for each status some target has, in the engine's order."""
    counts = []
    for status in p.Status:
        n = sum(1 for g in goals for t in g.targets if t.status == status.value)
        if n:
            counts.append([status.value, status_label(status), n])
    return counts
