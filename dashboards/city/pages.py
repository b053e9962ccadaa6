"""Page data: one function per page that gathers what it shows from the selectors.

The results are plain data, cached per data generation (see ``klimat/cache.py``), so a
page costs a fixed, small number of queries and a warm page almost none. The public
city page caches its rendered content too (``city_page_html``): a warm request renders
only the site's frame around it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field, replace

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.models import City
from cities.selectors import city_get, city_list
from core.cache import cached, generation
from core.formatting import is_swedish, num, pct
from dashboards.charts.chart import Chart, Observed
from dashboards.charts.sectors import runs_of_years, sector_area_chart, sector_share_chart
from dashboards.charts.series import budget_chart, lines_chart, net_chart
from dashboards.charts.targets import TargetLine, target_chart
from indicators import progress as p
from indicators.assessments import (
    STATUS_LABELS,
    STATUS_LABELS_EN,
    BudgetProgress,
    CityProgress,
    TargetAssessment,
    city_progress,
)
from indicators.labels import target_summary, unit_label
from indicators.models import TargetKind
from indicators.parsers.sectors import sector_label
from indicators.selectors import (
    CONSUMPTION_PER_PERSON,
    POPULATION,
    REMOVALS,
    Credit,
    YearEmissions,
    emission_release,
    emission_totals,
)

SUBSTANCE = "GGT"
EMISSIONS_UNIT = "t CO2e"
PER_PERSON_UNIT = "t CO2e/invånare"
BASE_YEAR = 1990


@dataclass
class ReleaseCredit:
    name: str
    publisher: str


# --- The city page ------------------------------------------------------------------------


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


@dataclass
class BudgetCard:
    """The carbon budget section: Klimatkollen's allocation followed on fossil CO2."""

    label: str
    amount_text: str
    span_text: str
    explanation: str
    data_note: str
    facts: list[tuple[str, str]]
    chart: Chart | None
    sources: list[str]


@dataclass
class CityPage:
    code: str
    name: str
    slug: str
    county_name: str
    is_contract_city: bool
    credit: ReleaseCredit | None
    latest: YearEmissions | None
    base: YearEmissions | None
    change_since_base_pct: float | None
    per_person_latest: tuple[int, float] | None
    consumption_latest: tuple[int, float] | None
    goals: list[GoalCard]
    sector_chart: Chart | None
    share_chart: Chart | None
    per_person_chart: Chart | None
    per_person_missing: list[str]
    net_chart: Chart | None
    budget: BudgetCard | None
    charts: dict[str, Chart] = field(default_factory=dict)


def city_page(city: City) -> CityPage:
    """Everything the public city page shows, cached per data generation."""
    return cached(f"city-page:{city.code}", lambda: _build_city_page(city))


@dataclass(frozen=True)
class RenderedCityPage:
    """The city page's content, rendered once per data generation and language.

    ``body`` is kept encoded (UTF-8): a warm request splices it into the site's frame
    without decoding or re-encoding a hundred kilobytes.
    """

    title: str
    body: bytes
    has_charts: bool


# A small per-process copy of the most recent rendered pages, so a warm request skips
# unpickling a hundred kilobytes from the shared cache. Its keys carry the data
# generation read from the shared cache on every request, so a write that bumps the
# generation makes every copy unreachable at once, in every process.
_RECENT: OrderedDict[tuple[str, str, int], RenderedCityPage] = OrderedDict()
_RECENT_SIZE = 32


def city_page_html(slug: str) -> RenderedCityPage:
    """The public city page's rendered content for the municipality ``slug``; 404 when
    there is none. Cached by slug, so a warm page costs no query at all."""
    key = (slug, get_language() or "sv", generation())
    page = _RECENT.get(key)
    if page is None:
        page = cached(f"city-page-html:{slug}", lambda: _render_city_page(slug))
        _RECENT[key] = page
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return page


def _render_city_page(slug: str) -> RenderedCityPage:
    city = city_get(slug=slug)
    # Built here rather than read through ``city_page``: the rendered page is what is
    # cached; the page data is cached only when a download asks for it.
    page = _build_city_page(city)
    body = render_to_string("city/_body.html", {"city": city, "page": page})
    return RenderedCityPage(city.name, body.encode(), bool(page.charts))


def city_chart(city: City, chart_id: str) -> Chart:
    """One chart of the city page (for its downloads); 404 when the page has no such chart."""
    chart = city_page(city).charts.get(chart_id)
    if chart is None:
        raise Http404(_("Diagrammet finns inte."))
    return chart


_LABELS: dict[str, dict[str, str]] = {}


def _labels() -> dict[str, str]:
    """The chart words in the active language (a fresh copy: callers adjust it)."""
    language = get_language() or "sv"
    if language not in _LABELS:
        _LABELS[language] = _chart_words()
    return dict(_LABELS[language])


def _chart_words() -> dict[str, str]:
    return {
        "values": _("Utfall"),
        "final": _("Slutligt värde"),
        "preliminary": _("Preliminärt värde"),
        "estimate": _("Uppskattat värde"),
        "final_short": _("slutligt"),
        "preliminary_short": _("preliminärt"),
        "estimate_short": _("uppskattat"),
        "band_clipped": _(
            "Osäkerhetsbandet fortsätter ovanför diagrammets kant; tabellen har hela bandet."
        ),
        "trend": _("Trend"),
        "band": _("Trendens osäkerhet (95 %)"),
        "band_low": _("Trendens osäkerhet, lägsta"),
        "band_high": _("Trendens osäkerhet, högsta"),
        "status": _("Status"),
        "low": _("Osäkerhet, lägsta"),
        "high": _("Osäkerhet, högsta"),
        "year": _("År"),
        "total": _("Totalt"),
        "sector": _("Sektor"),
        "share": _("Andel"),
        "share_axis": _("Andel av utsläppen (%)"),
        "share_column": _("Andel (%)"),
        "emissions": _("Utsläpp"),
        "removals": _("Upptag"),
        "removals_column": _("Upptag (negativt)"),
        "net": _("Nettoutsläpp"),
        "pathway": _("Bana inom budgeten"),
    }


def _level(value: float, unit: str) -> str:
    decimals = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    return f"{num(value, decimals)} {unit}".strip()


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


def _rate_text(rate_pct: float | None, change: float | None, unit: str, share: bool) -> str:
    if rate_pct is not None and not share:
        return _("%(rate)s per år") % {"rate": pct(rate_pct, 1)}
    if change is not None:
        unit_text = _("procentenheter") if share else unit
        sign = "+" if change > 0 else ""
        decimals = 0 if abs(change) >= 100 else (1 if abs(change) >= 1 else 2)
        return _("%(change)s %(unit)s per år") % {
            "change": sign + num(change, decimals),
            "unit": unit_text,
        }
    return ""


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
        latest_text = f"{_level(a.latest.value, unit)} ({a.latest.year})"
        if a.latest.status is not p.ObservationStatus.FINAL:
            latest_text += ", " + (
                _("preliminärt")
                if a.latest.status is p.ObservationStatus.PRELIMINARY
                else _("uppskattat")
            )
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
    projection = projection_range = reached = ""
    reached_label = _("Målet nås med trenden")
    if judged and a.projected_value is not None:
        projection = _level(a.projected_value, unit)
        if a.projected_low is not None and a.projected_high is not None:
            projection_range = _("95 %%-intervall: %(low)s–%(high)s") % {
                "low": _level(a.projected_low, "").strip(),
                "high": _level(a.projected_high, "").strip(),
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


def _credit_lines(credits) -> list[str]:
    return [
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": c.publisher, "release": c.release}
        for c in credits
    ]


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
    labels = _labels()
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
            "shape": _pathway_name(a.pathway_kind),
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
        "value": _level(latest.value, unit),
    }
    for t in group:
        if t.assessment.target_value is not None and t.assessment.target_year is not None:
            summary += " " + _("Målet för %(year)s är %(value)s.") % {
                "year": t.assessment.target_year,
                "value": _level(t.assessment.target_value, unit),
            }
    if trend and a.projected_value is not None and a.target_year is not None:
        summary += " " + _("Med trenden blir värdet %(value)s år %(year)s.") % {
            "value": _level(a.projected_value, unit),
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
        sources=_credit_lines(first.credits),
    )


def _goal_cards(progress: CityProgress) -> tuple[list[GoalCard], dict[str, Chart]]:
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


def _sector_charts(
    emissions: list[YearEmissions], credit: list[str]
) -> tuple[Chart | None, Chart | None]:
    # The sectors by their names in the active language (SMHI's Swedish names stored).
    with_sectors = [
        replace(e, sectors={sector_label(k): v for k, v in e.sectors.items()})
        for e in emissions
        if e.sectors
    ]
    if not with_sectors:
        return None, None
    labels = _labels()
    runs = runs_of_years([e.year for e in with_sectors])
    alone = [str(r[0]) for r in runs if len(r) == 1]
    first, last = with_sectors[0], with_sectors[-1]
    biggest = max(last.sectors, key=lambda name: last.sectors[name])
    notes = [
        _(
            "Ytorna binder bara ihop år i följd som har publicerats. År som står ensamma "
            "(%(years)s) visas som staplar, och åren mellan dem lämnas tomma: för dem finns "
            "inga publicerade kommunvärden, och inget är interpolerat."
        )
        % {"years": ", ".join(alone)}
        if alone
        else _("Alla år i perioden har publicerade värden."),
        _("Mönstren skiljer sektorerna åt även i gråskala; största sektorn ligger underst."),
    ]
    area = sector_area_chart(
        chart_id="sektorer",
        title=_("Utsläpp per sektor och år"),
        unit=EMISSIONS_UNIT,
        sectors_by_year={e.year: e.sectors for e in with_sectors},
        labels={**labels, "caption": _("Utsläpp per huvudsektor och år (t CO2e)")},
        summary=_(
            "Utsläppen per huvudsektor %(first)s–%(last)s, staplade. Störst %(last)s var "
            "%(sector)s med %(value)s."
        )
        % {
            "first": first.year,
            "last": last.year,
            "sector": biggest,
            "value": _level(last.sectors[biggest], EMISSIONS_UNIT),
        },
        notes=notes,
        sources=credit,
    )
    total = sum(last.sectors.values())
    share = last.sectors[biggest] / total * 100 if total else 0.0
    shares = sector_share_chart(
        chart_id="sektorandelar",
        title=_("Sektorernas andelar %(year)s") % {"year": last.year},
        unit=EMISSIONS_UNIT,
        year=last.year,
        sectors=last.sectors,
        labels={
            **labels,
            "caption": _("Andel av utsläppen per huvudsektor %(year)s") % {"year": last.year},
        },
        summary=_("%(sector)s stod för %(share)s av utsläppen %(year)s.")
        % {"sector": biggest, "share": pct(share, 1, signed=False), "year": last.year},
        sources=credit,
    )
    return area, shares


def _observed(series: p.Series) -> list[Observed]:
    return [Observed(pt.year, pt.value, pt.status.value, pt.low, pt.high) for pt in series]


def _per_person(
    progress: CityProgress, totals: p.Series, credit: list[str]
) -> tuple[Chart | None, list[str], tuple[int, float] | None, tuple[int, float] | None]:
    name = progress.city.name
    population = progress.observed(POPULATION)
    consumption = progress.observed(CONSUMPTION_PER_PERSON)
    missing: list[str] = []
    lines = []
    sources: list[str] = []
    per_person_latest = consumption_latest = None
    if population is None:
        missing.append(
            _(
                "Folkmängden för %(name)s finns inte inläst, så de territoriella utsläppen kan "
                "inte räknas om per invånare."
            )
            % {"name": name}
        )
    else:
        per_person = p.per_person_series(totals, population.series)
        if len(per_person):
            lines.append((_("Territoriella utsläpp per invånare"), _observed(per_person)))
            sources += credit + _credit_lines(population.credits)
            latest = per_person.latest
            assert latest is not None
            per_person_latest = (latest.year, latest.value)
        else:
            missing.append(_("Det finns inga år med både utsläpp och folkmängd."))
    if consumption is None:
        missing.append(
            _("Konsumtionsbaserade utsläpp för %(name)s finns inte inlästa.") % {"name": name}
        )
    else:
        lines.append((_("Konsumtionsbaserade utsläpp per invånare"), _observed(consumption.series)))
        sources += _credit_lines(consumption.credits)
        latest = consumption.series.latest
        assert latest is not None
        consumption_latest = (latest.year, latest.value)
    if not lines:
        return None, missing, None, None
    labels = _labels()
    parts = []
    for line_name, points in lines:
        last = points[-1]
        parts.append(
            _("%(name)s: %(value)s år %(year)s")
            % {
                "name": line_name,
                "value": _level(last.value, unit_label(PER_PERSON_UNIT)),
                "year": last.year,
            }
        )
    notes = [
        _(
            "Territoriella utsläpp per invånare är årets utsläpp inom kommunen delat med "
            "folkmängden samma år; år utan båda värdena saknas."
        ),
        _(
            "Konsumtionsbaserade utsläpp räknar det invånarnas konsumtion orsakar, var i "
            "världen utsläppen än sker. De två måtten överlappar och ska inte läggas ihop."
        ),
    ]
    chart = lines_chart(
        chart_id="per-invanare",
        title=_("Utsläpp per invånare"),
        unit=unit_label(PER_PERSON_UNIT),
        lines=lines,
        labels={**labels, "caption": _("Utsläpp per invånare (t CO2e)")},
        summary="; ".join(parts) + ".",
        notes=notes,
        sources=sources,
    )
    return chart, missing, per_person_latest, consumption_latest


def _net(progress: CityProgress, totals: p.Series, credit: list[str]) -> Chart | None:
    removals = progress.observed(REMOVALS)
    if removals is None:
        return None
    net = p.net_series(totals, removals.series)
    labels = _labels()
    latest = net.latest
    summary = _("Upptag finns registrerade för %(years)s.") % {
        "years": ", ".join(str(y) for y in removals.series.years)
    }
    if latest is not None:
        summary += " " + _("Nettoutsläppen %(year)s var %(value)s.") % {
            "year": latest.year,
            "value": _level(latest.value, EMISSIONS_UNIT),
        }
    return net_chart(
        chart_id="netto",
        title=_("Utsläpp, upptag och nettoutsläpp"),
        unit=EMISSIONS_UNIT,
        emissions={pt.year: pt.value for pt in totals},
        removals={pt.year: pt.value for pt in removals.series},
        net={pt.year: pt.value for pt in net},
        labels={**labels, "caption": _("Utsläpp, upptag och netto per år (t CO2e)")},
        summary=summary,
        notes=[
            _(
                "Upptagen visas som negativa staplar. Nettoutsläpp = utsläpp − upptag, bara "
                "för år där båda finns."
            )
        ],
        sources=credit + _credit_lines(removals.credits),
    )


def _budget_card(budget: BudgetProgress) -> BudgetCard:
    row = budget.budget
    unit = f"t {row.substance}"
    label = _("Klimatkollens fördelning")
    sources = [
        _(
            "Källa: %(publisher)s (%(release)s). Härledd siffra från Klimatkollen, inte "
            "officiell statistik."
        )
        % {"publisher": row.release.publisher, "release": row.release.name}
    ]
    span = _("från %(start)s till och med %(end)s") % {
        "start": row.start_year,
        "end": row.end_year,
    }
    facts: list[tuple[str, str]] = [
        (_("Utsläppsutrymme %(span)s") % {"span": span}, _level(row.amount, unit)),
    ]
    a = budget.assessment
    data_note = ""
    chart = None
    explanation = ""
    if budget.series is None or a is None:
        data_note = _(
            "Utsläppen av %(substance)s finns inte inlästa, så budgeten kan inte följas upp."
        ) % {"substance": row.substance}
    else:
        explanation = a.explanation if is_swedish() else a.explanation_en
        latest = budget.series.latest
        assert latest is not None
        if a.observed_through is None:
            data_note = _(
                "Utsläppsdata finns till och med %(latest)s; inga utsläpp från %(start)s är "
                "publicerade ännu, så hela utsläppsutrymmet återstår i statistiken. När det tar "
                "slut räknas fram med trenden."
            ) % {"latest": latest.year, "start": row.start_year}
        else:
            facts.append(
                (
                    _("Använt %(start)s–%(end)s")
                    % {"start": row.start_year, "end": a.observed_through},
                    _level(a.used, unit),
                )
            )
        facts.append((_("Återstår"), _level(a.remaining, unit)))
        if a.runs_out_year is not None:
            facts.append((_("Tar slut med nuvarande trend"), str(a.runs_out_year)))
        elif a.trend_available:
            facts.append((_("Tar slut med nuvarande trend"), _("inte före 2100")))
        if budget.pathway is not None:
            facts.append(
                (
                    _("Minskning per år som ryms i budgeten"),
                    pct(budget.pathway.annual_rate_pct, 1),
                )
            )
        labels = _labels()
        if budget.window_years:
            labels["trend"] = _("Trend %(first)s–%(last)s") % {
                "first": budget.window_years[0],
                "last": budget.window_years[-1],
            }
        notes = [
            _(
                "Budgeten gäller bara fossil koldioxid (CO2), inte alla växthusgaser, och följs "
                "därför upp på SMHI:s koldioxidutsläpp."
            ),
            _(
                "Banan inom budgeten minskar med samma procent varje år från %(start)s så att "
                "summan av årens utsläpp till och med %(end)s blir lika med utsläppsutrymmet."
            )
            % {"start": row.start_year, "end": row.end_year},
        ]
        if budget.start_from_trend:
            notes.append(
                _(
                    "Banans startvärde %(start)s är trendens värde, eftersom året inte är "
                    "publicerat."
                )
                % {"start": row.start_year}
            )
        co2 = budget.release
        chart = budget_chart(
            chart_id="koldioxidbudget",
            title=_("Koldioxidutsläpp och utsläppsutrymme"),
            unit=unit,
            observed=_observed(budget.series),
            trend=budget.trend,
            pathway=tuple(budget.pathway.points()) if budget.pathway is not None else (),
            labels={
                **labels,
                "caption": _("Koldioxidutsläpp per år, trend och bana inom budgeten (%(unit)s)")
                % {"unit": unit},
            },
            summary=explanation,
            notes=notes,
            sources=sources + (_credit_lines([Credit(co2.publisher, co2.name)]) if co2 else []),
        )
    return BudgetCard(
        label=label,
        amount_text=_level(row.amount, unit),
        span_text=span,
        explanation=explanation,
        data_note=data_note,
        facts=facts,
        chart=chart,
        sources=sources,
    )


def _build_city_page(city: City) -> CityPage:
    progress = city_progress(city)
    release = progress.releases.get(SUBSTANCE)
    emissions = progress.emissions.get(SUBSTANCE, [])
    credit_obj = ReleaseCredit(release.name, release.publisher) if release else None
    credit = _credit_lines([Credit(release.publisher, release.name)]) if release else []
    goals, charts = _goal_cards(progress)

    latest = emissions[-1] if emissions else None
    base = next((e for e in emissions if e.year == BASE_YEAR), None)
    change = (latest.total / base.total - 1) * 100 if latest and base and base.total else None
    totals = p.Series.from_mapping({e.year: e.total for e in emissions})

    sector_chart, share_chart = _sector_charts(emissions, credit)
    per_person_chart, missing, per_person_latest, consumption_latest = _per_person(
        progress, totals, credit
    )
    net = _net(progress, totals, credit)
    budget = _budget_card(progress.budget) if progress.budget is not None else None
    for chart in (
        sector_chart,
        share_chart,
        per_person_chart,
        net,
        budget.chart if budget else None,
    ):
        if chart is not None:
            charts[chart.id] = chart
    return CityPage(
        code=city.code,
        name=city.name,
        slug=city.slug,
        county_name=city.county.name,
        is_contract_city=city.is_contract_city,
        credit=credit_obj,
        latest=latest,
        base=base,
        change_since_base_pct=change,
        per_person_latest=per_person_latest,
        consumption_latest=consumption_latest,
        goals=goals,
        sector_chart=sector_chart,
        share_chart=share_chart,
        per_person_chart=per_person_chart,
        per_person_missing=missing,
        net_chart=net,
        budget=budget,
        charts=charts,
    )


# --- The home page ------------------------------------------------------------------------


@dataclass
class CityRow:
    code: str
    name: str
    slug: str
    county_name: str
    latest_year: int | None
    latest_total: float | None
    change_since_base_pct: float | None


@dataclass
class HomePage:
    contract_cities: list[CityRow]
    counties: list[tuple[str, list[tuple[str, str]]]]  # county name → [(city name, slug)]
    credit: ReleaseCredit | None


def home_page() -> HomePage:
    return cached("home-page", _build_home_page)


def _build_home_page() -> HomePage:
    cities = list(city_list())
    contract = [c for c in cities if c.is_contract_city]
    release = emission_release(substance=SUBSTANCE)
    totals = emission_totals(release=release, city_ids=[c.pk for c in contract]) if release else {}
    rows = []
    for city in contract:
        series = totals.get(city.pk, {})
        latest_year = max(series) if series else None
        latest = series.get(latest_year) if latest_year else None
        base = series.get(BASE_YEAR)
        rows.append(
            CityRow(
                code=city.code,
                name=city.name,
                slug=city.slug,
                county_name=city.county.name,
                latest_year=latest_year,
                latest_total=latest,
                change_since_base_pct=(latest / base - 1) * 100 if latest and base else None,
            )
        )
    by_county: dict[str, list[tuple[str, str]]] = {}
    for city in sorted(cities, key=lambda c: (c.county_id, c.name)):
        by_county.setdefault(city.county.name, []).append((city.name, city.slug))
    return HomePage(
        contract_cities=rows,
        counties=list(by_county.items()),
        credit=ReleaseCredit(release.name, release.publisher) if release else None,
    )
