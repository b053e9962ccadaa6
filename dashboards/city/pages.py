"""The public city page's data: one function gathers what the page shows from the
selectors and the progress engine, as plain data.

The results are cached per data generation (see ``core/cache.py``), so a page costs a
fixed, small number of queries. The public city page's rendered content is a stored page
(``city_page_html``, ``dashboards.stored``): built when its data changes, so a request
renders only the site's frame around it. Its parts have their modules: ``goals``,
``emissions``, ``budget``; ``words`` holds the words around the numbers; the home page
is ``home``."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from cities.models import City
from core.cache import cached
from core.i18n import gettext as _
from core.i18n import override
from core.stored_pages import stored_content
from dashboards.charts.chart import Chart
from dashboards.city.body import body_html
from dashboards.city.budget import BudgetCard, budget_card
from dashboards.city.emissions import net_emissions, per_inhabitant, sector_charts
from dashboards.city.goals import GoalCard, goal_cards, revision_notes
from dashboards.city.reads import (
    SQL_READS,
    city_get,
    partnership_names,
    reads_ahead,
    reported_for_city,
    statements_of_city,
)
from dashboards.city.reported import ClimatePlanCard, climate_plan_card, reported_chart
from dashboards.city.words import BASE_YEAR, SUBSTANCE, credit_lines, status_label
from indicators import progress as p
from indicators.assessments import city_progress, last_ended_year, status_revisions
from indicators.references import explanation_of, national_label, paris_label, references_of
from indicators.selectors import Credit, YearEmissions


@dataclass
class ReleaseCredit:
    name: str
    publisher: str


@dataclass(frozen=True)
class ReferenceCard:
    """A reference the territorial emissions are compared with (not the city's goal)."""

    id: str
    label: str
    status: str
    status_label: str
    explanation: str
    definition: str


def reference_cards(emissions: list[YearEmissions]) -> list[ReferenceCard]:
    found = references_of(emissions)
    return [
        ReferenceCard(
            "referens-nationell",
            national_label(),
            found.national.status.value,
            status_label(found.national.status),
            explanation_of(found.national),
            _(
                "Sveriges klimatmål är nettonollutsläpp 2045, med territoriella utsläpp minst "
                "85 % lägre än 1990. Här tillämpas det på kommunens territoriella utsläpp "
                "(SMHI): −85 % mot kommunens eget värde för 1990 till 2045, längs en rak linje."
            ),
        ),
        ReferenceCard(
            "referens-paris",
            paris_label(),
            found.paris.status.value,
            status_label(found.paris.status),
            explanation_of(found.paris),
            _(
                "Klimatkollens Parislinje (Koldioxidlagen, ur Global Carbon Budget 2024): "
                "utsläppen minskar med 11,72 % per år från 2025. Kommunens trend de senaste "
                "åren förlängs till 2050; klarar den sig inom banans sammanlagda utsläpp "
                "2025–2050 är kontrollen godkänd."
            ),
        ),
    ]


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
    revision_notes: list[str] = field(default_factory=list)
    references: list[ReferenceCard] = field(default_factory=list)
    reported_chart: Chart | None = None
    climate_plan: ClimatePlanCard | None = None

    @property
    def own_goals(self) -> list[GoalCard]:
        """Goals the city's people entered: they come first and win where both exist."""
        return [g for g in self.goals if not g.is_reported]

    @property
    def reported_goals(self) -> list[GoalCard]:
        """Goals the city reported to CDP-ICLEI, shown as such."""
        return [g for g in self.goals if g.is_reported]

    #: (id, name) of the city's published climate partnerships (issue 16).
    partnerships: list[tuple[int, str]] = field(default_factory=list)


def city_page(city: City) -> CityPage:
    """Everything the public city page shows, cached per data generation."""
    # Keyed by the last year that has ended too: on New Year's Day the estimated years
    # move on without any data changing.
    return cached(f"city-page:{city.code}:{last_ended_year()}", lambda: _build_city_page(city))


@dataclass(frozen=True)
class RenderedCityPage:
    """The city page's content, rendered once per data generation and language.

    ``body`` is kept encoded (UTF-8): a warm request splices it into the site's frame
    without decoding or re-encoding a hundred kilobytes.
    """

    title: str
    body: bytes
    has_charts: bool


def city_page_html(slug: str, *, gzipped: bool = False) -> RenderedCityPage:
    """The public city page's rendered content for the municipality ``slug``; 404 when
    there is none. A stored page (``dashboards.stored``): built when its data changes,
    so a visitor's request costs no query at all, or one when the data just changed.
    ``gzipped``: for a browser that accepts gzip (``core.stored_pages.stored_content``)."""
    content = stored_content("city", slug, gzipped=gzipped)
    return RenderedCityPage(content.meta["title"], content.body, content.meta["has_charts"])


def render_city_page(slug: str) -> RenderedCityPage:
    """Build the city page's content from the database (what the stored page holds), in
    the active language."""
    with override():
        city = city_get(slug=slug)
        # Built here rather than read through ``city_page``: the rendered page is what is
        # stored; the page data is cached only when a download asks for it.
        page = _build_city_page(city)
        body = body_html(city, page)
    return RenderedCityPage(city.name, body.encode(), bool(page.charts))


def city_chart(city: City, chart_id: str) -> Chart:
    """One chart of the city page (for its downloads); 404 when the page has no such chart."""
    chart = city_page(city).charts.get(chart_id)
    if chart is None:
        raise Http404(_("Diagrammet finns inte."))
    return chart


def _build_city_page(city: City) -> CityPage:
    # Read as an anonymous visitor reads them, in SQL written by hand (``reads``), those
    # that need only the city in one round trip.
    with reads_ahead(statements_of_city(city)):
        return _city_page_of(city)


def _city_page_of(city: City) -> CityPage:
    progress = city_progress(city, with_previous=True, reads=SQL_READS)  # status_revisions
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
    reported = reported_for_city(city)
    own_chart = reported_chart(reported.inventories, emissions, credit)
    for chart in (
        own_chart,
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
        revision_notes=revision_notes(status_revisions(progress)),
        references=reference_cards(emissions) if emissions else [],
        reported_chart=own_chart,
        climate_plan=climate_plan_card(reported.climate_plan),
        partnerships=partnership_names(city),
    )
