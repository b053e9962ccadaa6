"""The city page's goals: each climate goal (klimatmål) with its targets, what the progress
engine says about each, and one chart per indicator with every target of the goal on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.formatting import is_swedish, num
from dashboards.charts.chart import Chart, Observed
from dashboards.charts.targets import TargetLine, target_chart
from dashboards.city.words import chart_labels, credit_lines, level, pathway_name, rate_text
from indicators import progress as p
from indicators.assessments import STATUS_LABELS, STATUS_LABELS_EN, CityProgress, TargetAssessment
from indicators.labels import target_summary, unit_label
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
    decided_on: object
    source_reference: str
    targets: list[TargetCard] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _target_card(t: TargetAssessment, chart_id: str) -> TargetCard:
    a = t.assessment
    unit = unit_label(t.unit)
    target, indicator = t.target, t.indicator
    resolved_text = ""
    if a.target_value is not None and target.kind in (
        TargetKind.PERCENT_CHANGE,
        TargetKind.NET_ZERO,
    ):
        bound = _("högst") if a.direction is p.Direction.LOWER_IS_BETTER else _("minst")
        resolved_text = f"{bound} {num(a.target_value)} {unit}"
    latest_text = ""
    if a.latest is not None:
        latest_text = f"{level(a.latest.value, unit)} ({a.latest.year})"
        if a.latest.status is not p.ObservationStatus.FINAL:
            latest_text += ", " + (
                _("preliminärt")
                if a.latest.status is p.ObservationStatus.PRELIMINARY
                else _("uppskattat")
            )
    share = a.kind is p.TargetKind.SHARE
    needed = rate_text(a.needed_rate_pct, a.needed_change_per_year, unit, share)
    if needed and a.latest is not None:
        needed += f" ({a.latest.year}–{a.target_year})"
    actual = ""
    if len(a.window_years) >= 2:
        actual = rate_text(a.actual_rate_pct, a.actual_change_per_year, unit, share)
        if actual:
            actual += f" ({a.window_years[0]}–{a.window_years[-1]})"
    judged = a.status not in (p.Status.NO_DATA, p.Status.INSUFFICIENT_DATA)
    projection = projection_range = reached = ""
    reached_label = _("Målet nås med trenden")
    if judged and a.projected_value is not None:
        projection = level(a.projected_value, unit)
        if a.projected_low is not None and a.projected_high is not None:
            projection_range = _("95 %%-intervall: %(low)s–%(high)s") % {
                "low": level(a.projected_low, "").strip(),
                "high": level(a.projected_high, "").strip(),
            }
    if judged and a.target_value is not None and a.kind is not p.TargetKind.DECREASE:
        if a.status is p.Status.ACHIEVED and a.year_reached is not None:
            reached_label = _("Målet nått")
            reached = _("sedan %(year)s") % {"year": a.year_reached}
        elif a.year_reached is not None:
            reached = str(a.year_reached)
        elif a.trend_model is not None:
            reached = _("inte före 2100")
    return TargetCard(
        id=target.pk,
        indicator_name=indicator.label,
        summary=target_summary(
            kind=target.kind,
            unit=unit_label(indicator.unit),
            direction=indicator.direction,
            target_year=target.target_year,
            target_value=target.target_value,
            base_year=target.base_year,
        ),
        resolved_text=resolved_text,
        status=a.status.value,
        status_label=(STATUS_LABELS if is_swedish() else STATUS_LABELS_EN)[a.status],
        explanation=a.explanation if is_swedish() else a.explanation_en,
        latest_text=latest_text,
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


def _sampled(a: p.Assessment, judged: p.Series) -> tuple[tuple[int, float], ...]:
    """The pathway points to draw. A straight pathway needs no yearly points: its ends,
    every fifth year and the years with values (to compare them) draw the same line."""
    if a.pathway_kind is not p.PathwayKind.LINEAR or not a.pathway:
        return a.pathway
    keep = set(judged.years) | {a.pathway[0][0], a.pathway[-1][0]}
    return tuple(pt for pt in a.pathway if pt[0] in keep or pt[0] % 5 == 0)


def _target_chart(chart_id: str, group: list[TargetAssessment]) -> Chart | None:
    """One chart per indicator of a goal, with every target on it (Umeå's 2040 and
    2050 consumption targets share one chart)."""
    first, last = group[0], max(group, key=lambda t: t.target.target_year)
    judged = last.judged
    if not len(judged):
        return None
    labels = chart_labels()
    unit = unit_label(first.unit)
    observed = [Observed(pt.year, pt.value, pt.status.value, pt.low, pt.high) for pt in judged]
    lines = []
    for t in group:
        a = t.assessment
        year = a.target_year
        point = (year, a.target_value) if year is not None and a.target_value is not None else None
        net_zero = t.target.kind == TargetKind.NET_ZERO
        label = (_("Nettonoll %(year)s") if net_zero else _("Mål %(year)s")) % {"year": year}
        pathway_label = _("Målbana mot %(year)s (%(shape)s)") % {
            "year": year,
            "shape": pathway_name(a.pathway_kind),
        }
        lines.append(TargetLine(label, pathway_label, _sampled(a, judged), point))
    a = last.assessment
    enough = len(a.window_years) >= p.MIN_TREND_POINTS
    trend = a.trend if enough else ()
    band = a.band if enough else ()
    if trend:
        labels["trend"] = _("Trend %(first)s–%(last)s") % {
            "first": a.window_years[0],
            "last": a.window_years[-1],
        }
    latest = judged.latest
    assert latest is not None
    summary = _("%(name)s %(first)s–%(last)s; senaste värde %(value)s år %(last)s.") % {
        "name": first.indicator.label
        if first.population is None
        else _("%(name)s per invånare") % {"name": first.indicator.label},
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
    if trend and a.projected_value is not None and a.target_year is not None:
        summary += " " + _("Med trenden blir värdet %(value)s år %(year)s.") % {
            "value": level(a.projected_value, unit),
            "year": a.target_year,
        }
    notes = [
        _("Linjen bryts där inget värde har publicerats; inga värden är interpolerade."),
    ]
    if any(o.status != "final" for o in observed):
        notes.append(
            _("Fylld cirkel: slutligt värde; ofylld cirkel: preliminärt; ofylld romb: uppskattat.")
        )
    if trend:
        notes.append(
            _(
                "Trenden är en minsta-kvadrat-anpassning (konstant procentuell förändring) till "
                "de %(n)s senaste redovisade åren; det grå bandet är ett 95-procentigt "
                "prognosintervall."
            )
            % {"n": len(a.window_years)}
        )
    elif len(judged) < p.MIN_TREND_POINTS:
        notes.append(_("Ingen trend visas: minst tre värden behövs."))
    return target_chart(
        chart_id=chart_id,
        title=first.indicator.label,
        unit=unit,
        observed=observed,
        targets=lines,
        trend=trend,
        band=band,
        labels={
            **labels,
            "caption": _("Värdena i diagrammet: %(name)s") % {"name": first.indicator.label},
        },
        summary=summary,
        notes=notes,
        sources=credit_lines(first.credits),
    )


def goal_cards(progress: CityProgress) -> tuple[list[GoalCard], dict[str, Chart]]:
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
        )
        groups: dict[int, list[TargetAssessment]] = {}
        for t in goal_progress.targets:
            groups.setdefault(t.indicator.pk, []).append(t)
        chart_of_indicator: dict[int, str] = {}
        for indicator_id, group in groups.items():
            chart = _target_chart(f"mal-{group[0].target.pk}", group)
            if chart is not None:
                card.charts.append(chart)
                charts[chart.id] = chart
                chart_of_indicator[indicator_id] = chart.id
        for t in goal_progress.targets:
            card.targets.append(_target_card(t, chart_of_indicator.get(t.indicator.pk, "")))
        cards.append(card)
    return cards, charts
