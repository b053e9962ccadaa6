"""The yearly progress report (lägesrapport) of a city: goals and their status with
charts, emissions by sector, the action portfolio and its gap, the contract's
commitments with their follow-up for the year, and the parties' follow-up texts.

The report is a public document, so it is always built from **published** data,
whoever looks at it or saves it: a saved report that is later published can never
carry a draft. (The city's people publish their drafts first; the workspace shows what
waits.)

How it is made:

1. ``build_report(city, year)`` gathers everything from the selectors and the progress
   engine (``indicators.assessments.city_progress`` as of ``year``: later values are
   left out), the portfolio analysis (``dashboards.portfolio.portfolio_page``) and the
   contract selectors, and returns ``ReportData``: plain dataclasses of raw numbers and
   Swedish text.
2. ``report_dict`` turns it into JSON-ready data; that dict is what a saved report
   freezes, and what the template renders (the same template reads a fresh report and
   a frozen one alike).
3. ``render_body`` renders the report's HTML, charts included as inline SVG
   (``dashboards.charts.svg``), so the PDF (``dashboards.report.pdf``), which runs no
   JavaScript, shows exactly what the page shows.

``live_report`` caches the rendered report per data generation, language and day: the
page costs a fixed number of queries when cold and one when warm.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.models import City
from contracts.models import Contract, FollowUpStatus, FollowUpTextKind, Party
from contracts.selectors import contract_get, contract_versions
from core.cache import cached
from core.formatting import is_swedish, num, pct
from dashboards.charts.figures import Column, Link, Table, head
from dashboards.contracts.pages import PARTY_GROUPS, text_blocks
from dashboards.portfolio.figures import short
from dashboards.portfolio.pages import Filters, PortfolioPage, portfolio_page
from indicators import progress as p
from indicators.assessments import (
    STATUS_LABELS,
    STATUS_LABELS_EN,
    CityProgress,
    TargetAssessment,
    city_progress,
)
from indicators.labels import target_summary, unit_label
from indicators.models import TargetKind
from indicators.parsers.sectors import MAIN_SECTORS, sector_label

#: The first year a report can be made for: Klimatkontrakt 2030 began in 2019 (the
#: earliest year a contract version may have).
FIRST_YEAR = 2019
SUBSTANCE = "GGT"
EMISSIONS_UNIT = "t CO2e"
BASE_YEAR = 1990
NOT_ASSESSED = "not_assessed"

#: The order of the report's sections (their anchors); the print stylesheet starts each
#: on a new page.
SECTIONS = ("sammanfattning", "mal", "utslapp", "atgarder", "kontrakt", "texter", "om")


# --- Plain data -----------------------------------------------------------------------------


#: A table as the report's data keeps it (see :func:`table_data`).
TableData = dict[str, Any]


@dataclass
class ChartData:
    """A chart as data, with the table of exactly what it plots.

    ``kind`` picks the builder in ``dashboards.charts.svg``: ``line`` (``observed``
    [year, value, status], ``pathways``, ``trend``, ``band``), ``bars`` (``years``,
    ``series`` [name, values]) or ``waterfall`` (``bars``).
    """

    id: str
    kind: str
    title: str
    desc: str
    unit: str
    table: TableData
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    observed: list[list[Any]] = field(default_factory=list)
    pathways: list[dict[str, Any]] = field(default_factory=list)
    trend: list[list[float]] = field(default_factory=list)
    band: list[list[float]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    series: list[list[Any]] = field(default_factory=list)
    bars: list[dict[str, Any]] = field(default_factory=list)


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


@dataclass
class EmissionsPart:
    """Territorial greenhouse-gas emissions by main sector, years up to the report's."""

    credit: str = ""
    latest_year: int | None = None
    latest_total: float | None = None
    base_total: float | None = None
    change_pct: float | None = None
    total_stated: bool = True
    chart: ChartData | None = None
    shares: TableData | None = None


@dataclass
class PortfolioPart:
    """The action portfolio and its gap, as the portfolio analysis states it today."""

    as_of: str
    total_actions: int
    missing_effect: int
    gap_state: str
    summary: list[str]
    chart: ChartData | None
    sector_summary: str
    sectors: TableData
    statuses: TableData
    actions: TableData
    investment_summary: str
    follow_up_summary: str
    credit: str


@dataclass
class CommitmentRow:
    number: str
    heading: str
    status: str
    status_label: str
    comment: str


@dataclass
class PartyGroup:
    party: str
    label: str
    commitments: list[CommitmentRow]


@dataclass
class TextPart:
    heading: str
    party_label: str
    kind_label: str
    blocks: list[dict[str, Any]]


@dataclass
class ContractPart:
    """The contract version in force in the report's year (the newest published version
    of that year or before), its commitments with their follow-up for the year, and
    its parties' follow-up texts."""

    version_year: int
    title: str
    url: str
    document_url: str
    content_note: str
    has_content: bool
    groups: list[PartyGroup]
    summary: TableData
    status_counts: list[list[Any]]  # [status, label, n] over all commitments
    commitment_count: int
    texts: list[TextPart]


@dataclass
class ReportData:
    """Everything one report shows, as plain data."""

    city_name: str
    city_slug: str
    city_code: str
    county_name: str
    is_contract_city: bool
    year: int
    built_at: str  # ISO time the data was read
    language: str
    urls: dict[str, str]
    goals: list[GoalPart]
    status_counts: list[list[Any]]  # [status, label, n] over all targets
    target_count: int
    emissions: EmissionsPart
    portfolio: PortfolioPart | None
    contract: ContractPart | None
    sources: list[str]


# --- Helpers -----------------------------------------------------------------------------


def _decimals(value: float | None) -> int:
    if value is None:
        return 0
    size = abs(value)
    return 0 if size >= 100 else (1 if size >= 10 else 2)


def _absolute(path: str) -> str:
    """A link the printed report can carry: the site's address plus the path."""
    return settings.SITE_URL.rstrip("/") + path


def _status_text(status: str) -> str:
    return {
        "final": _("slutligt"),
        "preliminary": _("preliminärt"),
        "estimate": _("uppskattat"),
    }.get(status, status)


def _rate_text(rate_pct: float | None, change: float | None, unit: str, share: bool) -> str:
    if rate_pct is not None and not share:
        return _("%(rate)s per år") % {"rate": pct(rate_pct, 1)}
    if change is not None:
        unit_text = _("procentenheter") if share else unit
        sign = "+" if change > 0 else ""
        return _("%(change)s %(unit)s per år") % {
            "change": sign + num(change, _decimals(change) if abs(change) < 100 else 0),
            "unit": unit_text,
        }
    return ""


def valid_year(year: int) -> int:
    """The report's year, or 404 outside the years a report can cover."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(
            _("Lägesrapporter finns för åren %(first)s–%(last)s.")
            % {"first": FIRST_YEAR, "last": timezone.localdate().year}
        )
    return year


def report_years(versions: Sequence[int]) -> list[int]:
    """The years offered for a city: from its first published contract version (or
    this year, for a city without one) up to this year, newest first."""
    this_year = timezone.localdate().year
    first = max(FIRST_YEAR, min([*versions, this_year]))
    return list(range(this_year, first - 1, -1))


# --- Goals -------------------------------------------------------------------------------


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
        decimals=_decimals(reference),
        latest_year=a.latest.year if a.latest is not None else None,
        latest_value=a.latest.value if a.latest is not None else None,
        latest_status=a.latest.status.value if a.latest is not None else "",
        latest_status_label=_status_text(a.latest.status.value) if a.latest is not None else "",
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
    pathways: list[dict[str, Any]] = []
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
    latest = judged.latest
    assert latest is not None  # the series is not empty (above)
    decimals = _decimals(latest.value)
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
            _status_text(point.status.value) if point else "",
            *[lookup.get(year) for lookup in path_values],
        ]
        if trend:
            low_high = band.get(year, (None, None))
            row += [trend.get(year), low_high[0], low_high[1]]
        rows.append(row)

    name = first.indicator.label
    if first.population is not None:
        name = _("%(name)s per invånare") % {"name": first.indicator.label}
    desc = _("%(name)s %(first)s–%(last)s; senaste värde %(value)s %(unit)s år %(last)s.") % {
        "name": name,
        "first": judged.points[0].year,
        "last": latest.year,
        "value": num(latest.value, _decimals(latest.value)),
        "unit": unit,
    }
    for t in group:
        ta = t.assessment
        if ta.target_value is not None and ta.target_year is not None:
            desc += " " + _("Målet för %(year)s är %(value)s %(unit)s.") % {
                "year": ta.target_year,
                "value": num(ta.target_value, _decimals(ta.target_value)),
                "unit": unit,
            }
    if enough and a.projected_value is not None and a.target_year is not None:
        desc += " " + _("Med trenden blir värdet %(value)s %(unit)s år %(year)s.") % {
            "value": num(a.projected_value, _decimals(a.projected_value)),
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


def _goals(progress: CityProgress) -> list[GoalPart]:
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


def _status_counts(goals: list[GoalPart]) -> list[list[Any]]:
    labels = STATUS_LABELS if is_swedish() else STATUS_LABELS_EN
    counts = []
    for status in p.Status:
        n = sum(1 for g in goals for t in g.targets if t.status == status.value)
        if n:
            counts.append([status.value, labels[status], n])
    return counts


# --- Emissions ---------------------------------------------------------------------------


def _emissions(progress: CityProgress, year: int) -> EmissionsPart:
    release = progress.releases.get(SUBSTANCE)
    years = [e for e in progress.emissions.get(SUBSTANCE, []) if e.year <= year]
    if release is None or not years:
        return EmissionsPart()
    credit = _("Källa: %(publisher)s (%(release)s)") % {
        "publisher": release.publisher,
        "release": release.name,
    }
    latest = years[-1]
    base = next((e for e in years if e.year == BASE_YEAR), None)
    part = EmissionsPart(
        credit=credit,
        latest_year=latest.year,
        latest_total=latest.total,
        base_total=base.total if base else None,
        change_pct=(latest.total / base.total - 1) * 100 if base and base.total else None,
        total_stated=latest.total_stated,
    )
    with_sectors = [e for e in years if e.sectors]
    if not with_sectors:
        return part
    present = {name for e in with_sectors for name in e.sectors}
    last = with_sectors[-1]
    # The biggest sector of the latest year at the bottom of each bar; the rest in
    # SMHI's order.
    sectors = [s for s in MAIN_SECTORS if s in present] + sorted(present - set(MAIN_SECTORS))
    sectors.sort(key=lambda s: -last.sectors.get(s, 0.0))
    columns = [
        head(_("År"), "year"),
        *[head(short(sector_label(s)), "num") for s in sectors],
        head(_("Totalt"), "num"),
    ]
    rows = [[e.year, *[e.sectors.get(s) for s in sectors], e.total] for e in with_sectors]
    biggest = sectors[0]
    part.chart = ChartData(
        id="diagram-sektorer",
        kind="bars",
        title=_("Utsläpp per sektor och år"),
        desc=_(
            "Territoriella utsläpp av växthusgaser per huvudsektor %(first)s–%(last)s, "
            "staplade. Störst %(last)s var %(sector)s med %(value)s t CO2e av totalt "
            "%(total)s t CO2e."
        )
        % {
            "first": with_sectors[0].year,
            "last": last.year,
            "sector": sector_label(biggest),
            "value": num(last.sectors[biggest]),
            "total": num(last.total),
        },
        unit=EMISSIONS_UNIT,
        table=table_data(
            Table.from_rows(_("Utsläpp per huvudsektor och år (t CO2e)"), columns, rows)
        ),
        notes=[
            _(
                "Staplarna står på en tidsaxel: år utan publicerade kommunvärden saknar "
                "stapel, och inget är interpolerat. Största sektorn ligger underst."
            ),
            _("Mönstren skiljer sektorerna åt även i gråskala."),
        ],
        sources=[credit],
        years=[e.year for e in with_sectors],
        series=[[sector_label(s), [e.sectors.get(s) for e in with_sectors]] for s in sectors],
    )
    total = sum(last.sectors.values())
    shares = Table.from_rows(
        _("Sektorernas andelar %(year)s") % {"year": last.year},
        [
            head(_("Sektor")),
            head(_("Utsläpp (t CO2e)"), "num"),
            head(_("Andel av utsläppen"), "pct"),
        ],
        [
            [
                sector_label(s),
                last.sectors.get(s),
                (last.sectors.get(s, 0.0) / total * 100) if total else None,
            ]
            for s in sectors
            if s in last.sectors
        ],
    )
    part.shares = table_data(shares)
    return part


# --- The action portfolio ----------------------------------------------------------------


def _kind(column: Column) -> str:
    """A column's kind as the report's data names it: "num", "num1" and "num2" for
    numbers with 0, 1 and 2 decimals (kronor too), else the column's own."""
    if column.kind in ("num", "sek"):
        return f"num{column.decimals}" if column.decimals else "num"
    return column.kind


def _plain(value: Any) -> Any:
    if isinstance(value, Link):
        return {"text": value.text, "url": _absolute(value.url)}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def table_data(table: Table, *, drop: Sequence[int] = ()) -> TableData:
    """``table`` as the report's plain data keeps it, and as a report saved months ago
    has it: ``{"caption", "columns": [{"label", "kind"}], "rows", "note"}``, links as
    ``{"text", "url"}`` and dates as ISO text; ``drop``: columns (by position, the index
    first) left out."""
    columns = [c for i, c in enumerate(table.all_columns) if i not in drop]
    return {
        "caption": table.caption,
        "columns": [{"label": c.label, "kind": _kind(c)} for c in columns],
        "rows": [[_plain(c.values[row]) for c in columns] for row in range(len(table.index))],
        "note": table.note,
    }


def _waterfall(page: PortfolioPage) -> ChartData | None:
    gap, basis = page.gap, page.basis
    ty = basis.target_year
    if gap.gap is None or basis.latest_value is None or ty is None:
        return None
    trend = gap.trend_value or 0.0
    bars: list[dict[str, Any]] = [
        {
            "label": _("Utsläpp %(year)s") % {"year": basis.latest_year},
            "value": basis.latest_value,
            "kind": "level",
        },
        {"label": _("Trend %(year)s") % {"year": ty}, "value": trend, "kind": "trend"},
    ]
    level = trend
    steps = sorted(gap.by_sector.items(), key=lambda kv: -kv[1].central)
    for sector, span in steps:
        if span.central <= 0:
            continue
        level -= span.central
        bars.append(
            {
                "label": _("Åtgärder: %(sector)s") % {"sector": short(sector)},
                "value": span.central,
                "kind": "step",
                "start": level,
            }
        )
    after = gap.after_actions if len(bars) > 2 else None
    if after is not None:
        bars.append(
            {
                "label": _("Efter åtgärder %(year)s") % {"year": ty},
                "value": after.central,
                "kind": "after",
                "low": after.low,
                "high": after.high,
            }
        )
    bars.append(
        {
            "label": _("Målbana %(year)s") % {"year": ty},
            "value": gap.pathway_value or 0.0,
            "kind": "target",
        }
    )
    desc = _(
        "Från utsläppen %(latest_year)s (%(latest)s t) till trendens värde %(year)s "
        "(%(trend)s t per år) och målbanans värde %(year)s (%(path)s t per år): glappet "
        "är %(gap)s t CO2e per år."
    ) % {
        "latest_year": basis.latest_year,
        "latest": num(basis.latest_value),
        "year": ty,
        "trend": num(trend),
        "path": num(gap.pathway_value),
        "gap": num(gap.gap),
    }
    if after is not None:
        desc += " " + _("Efter åtgärderna återstår %(left)s t per år på trenden.") % {
            "left": num(after.central)
        }
    return ChartData(
        id="diagram-glapp",
        kind="waterfall",
        title=_("Glappet till målet %(year)s") % {"year": ty},
        desc=desc,
        unit=_("t CO2e per år"),
        table=table_data(page.tables["glapp"]),
        notes=list(page.basis.notes),
        sources=[_("Källa: %(credit)s") % {"credit": page.credit}] if page.credit else [],
        bars=bars,
    )


def _portfolio(city: City, today: dt.date) -> PortfolioPart:
    page = portfolio_page(city, drafts=False, filters=Filters())
    actions = page.tables["atgarder"]
    # Drafts never reach a report, so the "published" column says nothing here; the
    # start date is on each action's page (the link), and an A4 page has room for eight
    # columns.
    dropped = (_("Publicerad"), _("Start"))
    drop = [i for i, c in enumerate(actions.all_columns) if c.label in dropped]
    return PortfolioPart(
        as_of=today.isoformat(),
        total_actions=page.total_actions,
        missing_effect=page.missing_effect,
        gap_state=page.gap.state.value,
        summary=list(page.gap_summary),
        chart=_waterfall(page),
        sector_summary=page.sector_summary,
        sectors=table_data(page.tables["sektorer"]),
        statuses=table_data(page.tables["status"]),
        actions=table_data(actions, drop=drop),
        investment_summary=page.investment_summary,
        follow_up_summary=page.follow_up_summary,
        credit=page.credit,
    )


# --- The contract ------------------------------------------------------------------------


def _contract(city: City, year: int, versions: list[Contract]) -> ContractPart | None:
    in_force = [v for v in versions if v.year <= year]
    if not in_force:
        return None
    anonymous = AnonymousUser()
    contract = contract_get(city=city, year=in_force[-1].year, user=anonymous)
    by_party: dict[str, list[CommitmentRow]] = {}
    for section in contract.sections.all():
        for commitment in section.commitments.all():
            follow_up = next((f for f in commitment.visible_follow_ups if f.year == year), None)
            heading = f"{commitment.number} {commitment.title or section.title}".strip()
            by_party.setdefault(commitment.party, []).append(
                CommitmentRow(
                    number=commitment.number,
                    heading=heading,
                    status=follow_up.status if follow_up else NOT_ASSESSED,
                    status_label=str(follow_up.get_status_display())
                    if follow_up
                    else _("Ej bedömd"),
                    comment=follow_up.comment if follow_up else "",
                )
            )
    groups = []
    for party_group, parties in PARTY_GROUPS:
        rows = [row for party in parties for row in by_party.get(party, [])]
        if rows:
            label = str(Party(party_group).label)
            groups.append(PartyGroup(party=party_group, label=label, commitments=rows))
    statuses = [(s.value, str(s.label)) for s in FollowUpStatus] + [(NOT_ASSESSED, _("Ej bedömd"))]
    summary_rows = []
    for group in groups:
        counts = [sum(1 for c in group.commitments if c.status == s) for s, _label in statuses]
        summary_rows.append([group.label, *counts, len(group.commitments)])
    all_rows = [c for g in groups for c in g.commitments]
    texts = [
        TextPart(
            heading=f"{t.number} {t.title}".strip(),
            party_label=str(t.get_party_display()),
            kind_label=str(FollowUpTextKind(t.kind).label),
            blocks=[asdict(b) for b in text_blocks(t.text)],
        )
        for t in contract.visible_texts
    ]
    return ContractPart(
        version_year=contract.year,
        title=contract.title,
        url=_absolute(
            reverse("contracts:detail", kwargs={"slug": city.slug, "year": contract.year})
        ),
        document_url=contract.document_url,
        content_note=contract.content_note,
        has_content=bool(all_rows),
        groups=groups,
        summary=table_data(
            Table.from_rows(
                _("Åtagandenas uppföljning %(year)s per part") % {"year": year},
                [
                    head(_("Part")),
                    *[head(label, "int") for _s, label in statuses],
                    head(_("Totalt"), "int"),
                ],
                summary_rows,
            )
        ),
        status_counts=[
            [s, label, sum(1 for c in all_rows if c.status == s)] for s, label in statuses
        ],
        commitment_count=len(all_rows),
        texts=texts,
    )


# --- The report --------------------------------------------------------------------------


def build_report(city: City, year: int, *, versions: list[Contract] | None = None) -> ReportData:
    """The report of ``city`` for ``year`` from published data (see the module).
    ``versions``: the city's published contract versions, when the caller has them."""
    now = timezone.now()
    today = timezone.localdate(now)
    progress = city_progress(city, today_year=year)
    goals = _goals(progress)
    if versions is None:
        versions = contract_versions(city=city, user=AnonymousUser())
    emissions = _emissions(progress, year)
    credits: list[str] = []
    for goal in goals:
        for chart in goal.charts:
            credits += [s for s in chart.sources if s not in credits]
    if emissions.credit and emissions.credit not in credits:
        credits.append(emissions.credit)
    return ReportData(
        city_name=city.name,
        city_slug=city.slug,
        city_code=city.code,
        county_name=city.county.name,
        is_contract_city=city.is_contract_city,
        year=year,
        built_at=now.isoformat(),
        language=get_language() or "sv",
        urls={
            "city": _absolute(reverse("city:detail", kwargs={"slug": city.slug})),
            "portfolio": _absolute(reverse("portfolio:index", kwargs={"slug": city.slug})),
            "contracts": _absolute(reverse("contracts:list", kwargs={"slug": city.slug})),
            "report": _absolute(reverse("reports:live", kwargs={"slug": city.slug, "year": year})),
        },
        goals=goals,
        status_counts=_status_counts(goals),
        target_count=sum(len(g.targets) for g in goals),
        emissions=emissions,
        portfolio=_portfolio(city, today),
        contract=_contract(city, year, versions),
        sources=credits,
    )


def report_dict(data: ReportData) -> dict[str, Any]:
    """The report as JSON-ready data: what a saved report freezes and what is rendered."""
    return json.loads(json.dumps(asdict(data), ensure_ascii=False))


def render_body(data: Mapping[str, Any]) -> str:
    """The report's HTML (no site frame): the same for the page, a saved copy and the PDF."""
    return render_to_string("report/_body.html", {"r": data})


@dataclass(frozen=True)
class LiveReport:
    """A report rendered from today's published data, and the years a report can be
    read for (for the year switch)."""

    title: str
    body: str
    data: dict[str, Any]
    years: tuple[int, ...] = ()


def report_title(city_name: str, year: int) -> str:
    return _("Lägesrapport %(year)s – %(city)s") % {"year": year, "city": city_name}


def live_report(city: City, year: int) -> LiveReport:
    """The current report, cached per data generation, language and day (the portfolio
    part counts follow-ups due by today's date)."""
    today = timezone.localdate()

    def build() -> LiveReport:
        versions = contract_versions(city=city, user=AnonymousUser())
        data = report_dict(build_report(city, year, versions=versions))
        years = tuple(report_years([v.year for v in versions]))
        return LiveReport(report_title(city.name, year), render_body(data), data, years)

    return cached(f"report:{city.code}:{year}:{today.isoformat()}", build)
