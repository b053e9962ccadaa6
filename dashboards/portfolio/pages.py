"""Page data of a city's portfolio analysis (åtgärdsportfölj): does the portfolio close
the gap to the emission target, which sectors it covers, what it costs, how it is
followed up. One function gathers it from the selectors, runs the pure computations
(``actions.portfolio``, the progress engine) and returns plain data, cached per data
generation, so the page costs the same few queries whatever the number of actions.

Each part of the page has its module: ``target`` (the emission target and its trend),
``gap`` and ``gap_text`` (the gap and its sentences), ``sectors``, ``investments``,
``follow_ups`` and ``overview``; ``filters`` reads the visitor's filters. Every table on
the page is a ``dashboards.charts.chart.Table`` of raw values (``parts.table``): the
template formats them and the CSV/XLSX downloads write them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from actions.models import Action
from actions.portfolio import ActionEffect, GapAnalysis, portfolio_gap
from actions.selectors import portfolio_actions
from cities.models import City
from core.cache import cached
from dashboards.charts.chart import Table
from dashboards.portfolio.filters import Filters
from dashboards.portfolio.follow_ups import follow_up_part
from dashboards.portfolio.gap import gap_part
from dashboards.portfolio.gap_text import gap_sentences
from dashboards.portfolio.investments import investment_part
from dashboards.portfolio.overview import action_table, benefit_table, lever_table, status_table
from dashboards.portfolio.parts import SUBSTANCE
from dashboards.portfolio.sectors import sector_part
from dashboards.portfolio.target import GapBasis, gap_basis
from indicators.assessments import CityProgress, city_progress


@dataclass
class PortfolioPage:
    city_name: str
    city_slug: str
    drafts: bool
    total_actions: int  # before filters
    shown_actions: int
    draft_actions: int
    changed_actions: int  # published, with a change waiting for publishing
    missing_effect: int  # shown actions without an expected effect
    filters: Filters
    basis: GapBasis
    gap: GapAnalysis
    gap_summary: list[str]
    gap_figure: dict | None
    gap_steps: bool  # the chart shows planned reductions
    credit: str
    sector_summary: str
    sector_figure: dict | None
    uncovered_large: list[str]
    investment_summary: str
    investment_figure: dict | None
    follow_up_summary: str
    tables: dict[str, Table]
    cycle_label: str
    today: date

    def table(self, slug: str) -> Table:
        return self.tables[slug]


def portfolio_page(
    city: City, *, drafts: bool, filters: Filters, progress: CityProgress | None = None
) -> PortfolioPage:
    """Everything the portfolio page shows, cached per data generation and day.

    ``progress``: the city's targets as already assessed by the caller (a report, as of
    its year), so that the gap reads the very assessment the caller shows; not cached
    here then (the caller caches what it renders)."""
    today = timezone.localdate()
    if progress is not None:
        return _build(city, drafts=drafts, filters=filters, today=today, progress=progress)
    key = f"portfolio:{city.code}:{int(drafts)}:{filters.key}:{today.isoformat()}"
    return cached(key, lambda: _build(city, drafts=drafts, filters=filters, today=today))


def action_effect(action: Action) -> ActionEffect:
    """An action's expected effect as the portfolio's computations read it."""
    return ActionEffect(
        key=action.pk,
        title=action.title,
        sector=action.sector,
        status=action.status,
        expected=action.expected_reduction,
        low=action.expected_reduction_low,
        high=action.expected_reduction_high,
        first_year=action.effect_from_year,
    )


def _gap(basis: GapBasis, effects: list[ActionEffect]) -> GapAnalysis:
    """The gap between the trend and the pathway, and how much of it the actions close."""
    return portfolio_gap(
        actions=effects,
        target_year=basis.target_year,
        latest_year=basis.latest_year,
        trend_value=basis.trend_value,
        pathway_value=basis.pathway_value,
        has_target=basis.target_id is not None,
    )


def _build(
    city: City,
    *,
    drafts: bool,
    filters: Filters,
    today: date,
    progress: CityProgress | None = None,
) -> PortfolioPage:
    # The published targets, assessed as the public city page assesses them (or as the
    # caller did).
    if progress is None:
        progress = city_progress(city)
    release = progress.releases.get(SUBSTANCE)
    emissions = progress.emissions.get(SUBSTANCE, [])
    everything = portfolio_actions(city=city, drafts=drafts)
    actions = [a for a in everything if filters.matches(a)]
    urls = {a.pk: f"/kommuner/{city.slug}/atgarder/{a.pk}/" for a in actions}
    effects = [action_effect(a) for a in actions]
    basis = gap_basis(progress, target_id=filters.target)
    gap = _gap(basis, effects)
    missing_effect = sum(1 for e in effects if not e.has_effect)
    gaps = gap_part(
        gap=gap, basis=basis, actions=actions, effects=effects, emissions=emissions, urls=urls
    )
    sectors = sector_part(effects, emissions[-1] if emissions else None)
    investments = investment_part(actions, effects, urls, horizon=basis.target_year)
    follow_ups, follow_up_summary = follow_up_part(actions, urls, city, today)
    return PortfolioPage(
        city_name=city.name,
        city_slug=city.slug,
        drafts=drafts,
        total_actions=len(everything),
        shown_actions=len(actions),
        draft_actions=sum(1 for a in actions if not a.is_published),
        changed_actions=sum(1 for a in actions if a.is_published and a.draft),
        missing_effect=missing_effect,
        filters=filters,
        basis=basis,
        gap=gap,
        gap_summary=gap_sentences(
            gap,
            basis,
            city_name=city.name,
            shown_actions=len(actions),
            missing_effect=missing_effect,
        ),
        gap_figure=gaps.figure,
        gap_steps=gaps.steps,
        credit=f"{release.publisher} ({release.name})" if release else "",
        sector_summary=sectors.summary,
        sector_figure=sectors.figure,
        uncovered_large=sectors.uncovered_large,
        investment_summary=investments.summary,
        investment_figure=investments.figure,
        follow_up_summary=follow_up_summary,
        tables={
            **gaps.tables,
            "sektorer": sectors.table,
            **investments.tables,
            "status": status_table(actions),
            "sidonyttor": benefit_table(actions),
            "typer": lever_table(actions),
            "uppfoljning": follow_ups,
            "atgarder": action_table(actions, urls),
        },
        cycle_label=city.get_follow_ups_per_year_display(),
        today=today,
    )
