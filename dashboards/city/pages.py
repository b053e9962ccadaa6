"""The public city page's data: one function gathers what the page shows from the
selectors and the progress engine, as plain data.

The results are cached per data generation (see ``core/cache.py``), so a page costs a
fixed, small number of queries and a warm page almost none. The public city page caches
its rendered content too (``city_page_html``): a warm request renders only the site's
frame around it. Its parts have their modules: ``goals``, ``emissions``, ``budget``;
``words`` holds the words around the numbers; the home page is ``home``."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cities.models import City
from cities.selectors import city_get
from core.cache import cached, generation
from dashboards.charts.chart import Chart
from dashboards.city.budget import BudgetCard, budget_card
from dashboards.city.emissions import net_emissions, per_inhabitant, sector_charts
from dashboards.city.goals import GoalCard, goal_cards
from dashboards.city.words import BASE_YEAR, SUBSTANCE, credit_lines
from indicators import progress as p
from indicators.assessments import city_progress
from indicators.selectors import Credit, YearEmissions
from partners.selectors import partnership_names


@dataclass
class ReleaseCredit:
    name: str
    publisher: str


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
    #: (id, name) of the city's published climate partnerships (issue 16).
    partnerships: list[tuple[int, str]] = field(default_factory=list)


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


def _build_city_page(city: City) -> CityPage:
    progress = city_progress(city)
    release = progress.releases.get(SUBSTANCE)
    emissions = progress.emissions.get(SUBSTANCE, [])
    credit_obj = ReleaseCredit(release.name, release.publisher) if release else None
    credit = credit_lines([Credit(release.publisher, release.name)]) if release else []
    goals, charts = goal_cards(progress)

    latest = emissions[-1] if emissions else None
    base = next((e for e in emissions if e.year == BASE_YEAR), None)
    change = (latest.total / base.total - 1) * 100 if latest and base and base.total else None
    totals = p.Series.from_mapping({e.year: e.total for e in emissions})

    sector_chart, share_chart = sector_charts(emissions, credit)
    per_person_chart, missing, per_person_latest, consumption_latest = per_inhabitant(
        progress, totals, credit
    )
    net = net_emissions(progress, totals, credit)
    budget = budget_card(progress.budget) if progress.budget is not None else None
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
        partnerships=partnership_names(city),
    )
