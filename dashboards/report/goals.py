"""The report's goals: each climate goal with its targets as the progress engine judges them
as of the report's year, and one chart per indicator with every target of the goal on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.formatting import is_swedish, num, pct
from dashboards.charts.chart import Table, head
from dashboards.report.data import ChartData, status_text, table_data, value_decimals
from indicators import progress as p
from indicators.assessments import STATUS_LABELS, STATUS_LABELS_EN, CityProgress, TargetAssessment
from indicators.labels import target_summary, unit_label
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


def _rate_text(rate_pct: float | None, change: float | None, unit: str, share: bool) -> str:
    if rate_pct is not None and not share:
        return _("%(rate)s per år") % {"rate": pct(rate_pct, 1)}
    if change is not None:
        unit_text = _("procentenheter") if share else unit
        sign = "+" if change > 0 else ""
        return _("%(change)s %(unit)s per år") % {
            "change": sign + num(change, value_decimals(change) if abs(change) < 100 else 0),
            "unit": unit_text,
        }
    return ""


def _target_part(t: TargetAssessment, chart_id: str) -> TargetPart:
    a = t.assessment
    target, indicator = t.target, t.indicator
    unit = unit_label(t.unit)
    share = a.kind is p.TargetKind.SHARE
    needed = _rate_text(a.needed_rate_pct, a.needed_change_per_year, unit, share)
    if needed and a.latest is not None:
        needed += f" ({a.latest.year}–{a.target_year})"
    actual = ""
    if len(a.window_years) >= 2:
        actual = _rate_text(a.actual_rate_pct, a.actual_change_per_year, unit, share)
        if actual:
            actual += f" ({a.window_years[0]}–{a.window_years[-1]})"
    judged = a.status not in (p.Status.NO_DATA, p.Status.INSUFFICIENT_DATA)
    reference = a.latest.value if a.latest is not None else a.target_value
    return TargetPart(
        id=target.pk,
        indicator_name=indicator.label
        if t.population is None
        else _("%(name)s per invånare") % {"name": indicator.label},
        summary=target_summary(
            kind=target.kind,
            unit=unit_label(indicator.unit),
            direction=indicator.direction,
            target_year=target.target_year,
            target_value=target.target_value,
            base_year=target.base_year,
        ),
        status=a.status.value,
        status_label=(STATUS_LABELS if is_swedish() else STATUS_LABELS_EN)[a.status],
        explanation=a.explanation if is_swedish() else a.explanation_en,
        unit=unit,
        decimals=value_decimals(reference),
        latest_year=a.latest.year if a.latest is not None else None,
        latest_value=a.latest.value if a.latest is not None else None,
        latest_status=a.latest.status.value if a.latest is not None else "",
        latest_status_label=status_text(a.latest.status.value) if a.latest is not None else "",
        target_year=a.target_year,
        target_value=a.target_value if target.kind != TargetKind.DECREASE else None,
        needed_text=needed,
        actual_text=actual,
        projected_value=a.projected_value if judged else None,
        projected_low=a.projected_low if judged else None,
        projected_high=a.projected_high if judged else None,
        notes=list(t.notes),
        chart_id=chart_id,
    )


def _sampled(a: p.Assessment, years: set[int]) -> list[tuple[int, float]]:
    """The pathway points to draw and list: a straight pathway needs only its ends,
    every fifth year and the years with values; other shapes keep every year."""
    if a.pathway_kind is not p.PathwayKind.LINEAR or not a.pathway:
        return list(a.pathway)
    keep = years | {a.pathway[0][0], a.pathway[-1][0]}
    return [pt for pt in a.pathway if pt[0] in keep or pt[0] % 5 == 0]


def _pathway_name(kind: p.PathwayKind | None) -> str:
    return (
        {
            p.PathwayKind.LINEAR: _("rak linje"),
            p.PathwayKind.CONSTANT_RATE: _("konstant takt"),
            p.PathwayKind.BUDGET: _("inom koldioxidbudgeten"),
        }.get(kind, "")
        if kind is not None
        else ""
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
    observed_years = {pt.year for pt in judged}
    pathways = []
    for t in group:
        a = t.assessment
        net_zero = t.target.kind == TargetKind.NET_ZERO
        target_label = (_("Nettonoll %(year)s") if net_zero else _("Mål %(year)s")) % {
            "year": a.target_year
        }
        points = _sampled(a, observed_years)
        target_point = (
            [a.target_year, a.target_value]
            if a.target_year is not None and a.target_value is not None
            else None
        )
        if not points and target_point is None:
            continue
        pathways.append(
            {
                "label": _("Målbana mot %(year)s (%(shape)s)")
                % {"year": a.target_year, "shape": _pathway_name(a.pathway_kind)},
                "points": [list(pt) for pt in points],
                "target": target_point,
                "target_label": target_label,
            }
        )
    a = last.assessment
    enough = len(a.window_years) >= p.MIN_TREND_POINTS
    table_years = sorted(
        observed_years
        | {y for path in pathways for y, _ in path["points"]}
        | {path["target"][0] for path in pathways if path["target"]}
    )
    trend = dict(a.trend) if enough else {}
    band = {y: (lo, hi) for y, lo, hi in a.band} if enough else {}
    # The trend is a smooth curve: the table lists it at the table's years.
    trend_points = [[y, v] for y, v in a.trend] if enough else []
    band_points = [[y, lo, hi] for y, lo, hi in a.band] if enough else []
    values = {pt.year: pt for pt in judged}
    path_values = [dict(map(tuple, path["points"])) for path in pathways]
    for path, lookup in zip(pathways, path_values, strict=True):
        if path["target"]:
            lookup.setdefault(path["target"][0], path["target"][1])
    decimals = value_decimals(judged.latest.value)
    columns = [
        head(_("År"), "year"),
        head(_("Utfall (%(unit)s)") % {"unit": unit}, "num", decimals),
        head(_("Status")),
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
            *[lookup.get(year) for lookup in path_values],
        ]
        if trend:
            low_high = band.get(year, (None, None))
            row += [trend.get(year), low_high[0], low_high[1]]
        rows.append(row)

    latest = judged.latest
    name = first.indicator.label
    if first.population is not None:
        name = _("%(name)s per invånare") % {"name": first.indicator.label}
    desc = _("%(name)s %(first)s–%(last)s; senaste värde %(value)s %(unit)s år %(last)s.") % {
        "name": name,
        "first": judged.points[0].year,
        "last": latest.year,
        "value": num(latest.value, value_decimals(latest.value)),
        "unit": unit,
    }
    for t in group:
        ta = t.assessment
        if ta.target_value is not None and ta.target_year is not None:
            desc += " " + _("Målet för %(year)s är %(value)s %(unit)s.") % {
                "year": ta.target_year,
                "value": num(ta.target_value, value_decimals(ta.target_value)),
                "unit": unit,
            }
    if enough and a.projected_value is not None and a.target_year is not None:
        desc += " " + _("Med trenden blir värdet %(value)s %(unit)s år %(year)s.") % {
            "value": num(a.projected_value, value_decimals(a.projected_value)),
            "unit": unit,
            "year": a.target_year,
        }
    notes = [_("Linjen bryts där inget värde har publicerats; inga värden är interpolerade.")]
    if any(o[2] != "final" for o in observed):
        notes.append(
            _("Fylld cirkel: slutligt värde; ofylld cirkel: preliminärt; ofylld romb: uppskattat.")
        )
    if trend:
        notes.append(
            _(
                "Trenden är en minsta-kvadrat-anpassning till de %(n)s senaste redovisade "
                "åren (%(first)s–%(last)s); det grå bandet är ett 95-procentigt "
                "prognosintervall. Tabellen visar trend och målbana för åren med utfall, "
                "var femte år och målåret."
            )
            % {"n": len(a.window_years), "first": a.window_years[0], "last": a.window_years[-1]}
        )
    elif len(judged) < p.MIN_TREND_POINTS:
        notes.append(_("Ingen trend visas: minst tre värden behövs."))
    return ChartData(
        id=chart_id,
        kind="line",
        title=name,
        desc=desc,
        unit=unit,
        table=table_data(
            Table.from_rows(_("Värdena i diagrammet: %(name)s") % {"name": name}, columns, rows)
        ),
        notes=notes,
        sources=[
            _("Källa: %(publisher)s (%(release)s)")
            % {"publisher": c.publisher, "release": c.release}
            for c in first.credits
        ],
        observed=observed,
        pathways=pathways,
        trend=trend_points,
        band=band_points,
    )


def goals_part(progress: CityProgress) -> list[GoalPart]:
    parts = []
    for goal_progress in progress.goals:
        goal = goal_progress.goal
        decided = ""
        if goal.decided_by or goal.decided_on:
            decided = " ".join(
                x
                for x in (
                    goal.decided_by,
                    date_format(goal.decided_on, "F Y") if goal.decided_on else "",
                )
                if x
            )
        part = GoalPart(
            id=goal.pk,
            title=goal.title,
            description=goal.description,
            scope_label=str(goal.get_scope_display()),
            decided=decided,
            source_reference=goal.source_reference,
        )
        groups: dict[int, list[TargetAssessment]] = {}
        for t in goal_progress.targets:
            groups.setdefault(t.indicator.pk, []).append(t)
        chart_of: dict[int, str] = {}
        for indicator_id, group in groups.items():
            chart = _goal_chart(f"diagram-mal-{group[0].target.pk}", group)
            if chart is not None:
                part.charts.append(chart)
                chart_of[indicator_id] = chart.id
        part.targets = [
            _target_part(t, chart_of.get(t.indicator.pk, "")) for t in goal_progress.targets
        ]
        parts.append(part)
    return parts


def status_counts(goals: list[GoalPart]) -> list[list[Any]]:
    labels = STATUS_LABELS if is_swedish() else STATUS_LABELS_EN
    counts = []
    for status in p.Status:
        n = sum(1 for g in goals for t in g.targets if t.status == status.value)
        if n:
            counts.append([status.value, labels[status], n])
    return counts
