"""Read queries for indicators, emissions and targets, each a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, Sum

from cities.models import City, Goal
from indicators.models import (
    OWN_SOURCE,
    CarbonBudget,
    ClimatePlan,
    EmissionRow,
    EmissionTotal,
    Indicator,
    JudgedOn,
    Observation,
    ReportedInventory,
    SourceRelease,
    Target,
)
from indicators.models.reported import headline_of
from indicators.parsers.template import TemplateIndicator
from indicators.progress import DataPoint, ObservationStatus, Series

TOTAL = EmissionRow.TOTAL


@dataclass
class YearEmissions:
    """A municipality's emissions of one substance in one year, total and by main sector."""

    year: int
    total: float
    sectors: dict[str, float] = field(default_factory=dict)
    total_stated: bool = True  # False when the source gives sectors only and we summed them


def emission_releases(*, substance: str = "GGT") -> list[SourceRelease]:
    """Releases holding emissions of ``substance``, newest first."""
    return list(SourceRelease.objects.filter(substance=substance))


def emission_release(
    *, substance: str = "GGT", release_id: int | None = None
) -> SourceRelease | None:
    """The given release of ``substance``, or the newest when no id is given."""
    query = SourceRelease.objects.filter(substance=substance)
    if release_id is not None:
        query = query.filter(pk=release_id)
    return query.first()


def city_emissions(*, city: City, release: SourceRelease) -> list[YearEmissions]:
    """Per year: the municipality total as the source states it (or the sum of main
    sectors when the source has no total row) and each main sector's total. One query."""
    rows = EmissionRow.objects.filter(city=city, release=release, subsector=TOTAL)
    if release.substance:
        # The natural key's index starts (release, city, substance): the city's rows of
        # the release, of its one substance, are read through it and nothing else.
        rows = rows.filter(substance=release.substance)
    return _years_of(rows.values_list("year", "sector", "tonnes"))


def emission_totals(
    *, release: SourceRelease, city_ids: Iterable[int] | None = None
) -> dict[int, dict[int, float]]:
    """Municipality totals per city id and year for a release, in one query over the
    totals the import service keeps (``EmissionTotal``)."""
    query = EmissionTotal.objects.filter(release=release)
    if city_ids is not None:
        query = query.filter(city_id__in=list(city_ids))
    totals: dict[int, dict[int, float]] = defaultdict(dict)
    for city_id, year, tonnes in query.values_list("city_id", "year", "tonnes"):
        totals[city_id][year] = tonnes
    return totals


def emission_totals_computed(
    *, release_ids: Iterable[int]
) -> list[tuple[int, int, int, float, bool]]:
    """(release id, city id, year, total, stated) aggregated from the sector rows: the
    total as the source states it, else the sum of the main sectors. One query."""
    aggregated = (
        EmissionRow.objects.filter(release_id__in=list(release_ids), subsector=TOTAL)
        .values("release_id", "city_id", "year")
        .annotate(
            stated=Sum("tonnes", filter=Q(sector=TOTAL)),
            summed=Sum("tonnes", filter=~Q(sector=TOTAL)),
        )
    )
    rows = []
    for row in aggregated:
        stated = row["stated"] is not None
        value = row["stated"] if stated else row["summed"]
        if value is not None:
            rows.append((row["release_id"], row["city_id"], row["year"], value, stated))
    return rows


def goals_with_targets(*, city: City, published_only: bool = True) -> list[Goal]:
    """The city's goals, each with its targets and their indicators, in two queries."""
    goals = Goal.objects.filter(city=city).alive()
    targets = Target.objects.alive().select_related("indicator")
    if published_only:
        goals = goals.published()
        targets = targets.filter(is_published=True)
    return list(goals.prefetch_related(Prefetch("targets", queryset=targets)))


def latest_published_values(*, city: City, indicator_ids: Iterable[int]) -> dict[int, Observation]:
    """The newest published value per indicator for a city (drafts never), in one query."""
    latest: dict[int, Observation] = {}
    rows = (
        Observation.objects.published()
        .filter(city=city, indicator_id__in=list(indicator_ids))
        .select_related("release")
        .order_by("indicator_id", "-year", "-release__released_on", "-id")
    )
    for observation in rows:
        latest.setdefault(observation.indicator_id, observation)
    return latest


# --- Series for the progress engine -------------------------------------------------------
#
# An indicator's values for a city as one value per year, ready for
# ``indicators.progress``. Emission-backed indicators read the newest release of their
# substance (the total, or one main sector); the others read published observations
# (drafts too for people who may see them), one per year: the newest release's value.

#: Indicator keys with a fixed meaning across the product (loaded by the imports).
POPULATION = "population"  # inhabitants 31 December (SCB, Kolada N01951)
CONSUMPTION_PER_PERSON = "consumption_emissions_per_person"  # t CO2e/inv. (SEI)
REMOVALS = "removals"  # carbon taken up in the territory, t CO2e a year (positive)


@dataclass(frozen=True)
class Credit:
    """Where values came from: the publisher and the release (dataleverans)."""

    publisher: str
    release: str


@dataclass(frozen=True)
class IndicatorSeries:
    """One indicator's published values for one city, one per year (gaps stay gaps).

    ``series`` is the progress engine's input; ``release_of_year`` names the release each
    year's value came from, ``credits`` every release used, newest first.
    """

    key: str
    name: str
    unit: str
    series: Series
    release_of_year: dict[int, str] = field(default_factory=dict)
    credits: tuple[Credit, ...] = ()
    #: Where the city's own figures and an official release both give values: the
    #: source not judged on (``Indicator.judged_on``), shown as a comparison series.
    comparison: IndicatorSeries | None = None
    #: The kind of source the series is: "own" (the city's own figures) or "official".
    origin: str = "official"

    def __len__(self) -> int:
        return len(self.series)


def emission_releases_newest_first() -> list[SourceRelease]:
    """Every release of the emission inventory (of a substance), newest first. One query."""
    return list(SourceRelease.objects.exclude(substance=""))


def newest_emission_releases(
    releases: Iterable[SourceRelease] | None = None,
) -> dict[str, SourceRelease]:
    """The newest release of every substance in the emission inventory: of ``releases``
    (``emission_releases_newest_first``) when given, else one query."""
    newest: dict[str, SourceRelease] = {}
    for release in emission_releases_newest_first() if releases is None else releases:
        newest.setdefault(release.substance, release)  # the model orders newest first
    return newest


def city_emissions_by_release(
    *, city: City, releases: Iterable[SourceRelease]
) -> dict[int, list[YearEmissions]]:
    """``city_emissions`` for several releases, by release id, in one query (through the
    natural key's index, as ``city_emissions``: the substances named)."""
    releases = list(releases)
    ids = {r.pk for r in releases}
    if not ids:
        return {}
    rows = EmissionRow.objects.filter(
        city=city,
        substance__in=sorted({r.substance for r in releases}),
        release_id__in=sorted(ids),
        subsector=TOTAL,
    ).values_list("release_id", "year", "sector", "tonnes")
    return emissions_by_release_of(rows, ids)


def emissions_by_release_of(
    rows: Iterable[tuple[int, int, str, float]], ids: Iterable[int]
) -> dict[int, list[YearEmissions]]:
    """``city_emissions_by_release`` of the rows it read ((release id, year, sector,
    tonnes)) for the releases ``ids``: no query."""
    grouped: dict[int, list[tuple[int, str, float]]] = defaultdict(list)
    for release_id, year, sector, tonnes in rows:
        grouped[release_id].append((year, sector, tonnes))
    return {rid: _years_of(grouped.get(rid, [])) for rid in ids}


def _years_of(rows: Iterable[tuple[int, str, float]]) -> list[YearEmissions]:
    stated: dict[int, float] = {}
    sectors: dict[int, dict[str, float]] = defaultdict(dict)
    for year, sector, tonnes in rows:
        if sector == TOTAL:
            stated[year] = tonnes
        else:
            sectors[year][sector] = tonnes
    return [
        YearEmissions(
            year=year,
            total=stated[year] if year in stated else sum(sectors[year].values()),
            sectors=dict(sorted(sectors[year].items())),
            total_stated=year in stated,
        )
        for year in sorted(stated.keys() | sectors.keys())
    ]


def emission_indicator_series(
    *, indicator: Indicator, years: list[YearEmissions], release: SourceRelease | None
) -> IndicatorSeries:
    """An emission-backed indicator's series from a city's inventory years: the total
    (``emission_sector`` empty) or one main sector. Years without a value are absent."""
    values: dict[int, float] = {}
    for year in years:
        if not indicator.emission_sector:
            values[year.year] = year.total
        elif indicator.emission_sector in year.sectors:
            values[year.year] = year.sectors[indicator.emission_sector]
    credits = (Credit(release.publisher, release.name),) if release and values else ()
    return IndicatorSeries(
        key=indicator.key,
        name=indicator.name,
        unit=indicator.unit,
        series=Series.from_mapping(values),
        release_of_year=dict.fromkeys(values, release.name) if release else {},
        credits=credits,
    )


def observation_series(
    *,
    city_ids: Iterable[int],
    indicator_ids: Iterable[int] = (),
    keys: Iterable[str] = (),
    user: User | AnonymousUser | None = None,
) -> dict[int, dict[str, IndicatorSeries]]:
    """Observation-backed series per city id and indicator key, in one query.

    Published observations only, plus the drafts ``user`` may see (their cities';
    programme staff: all). Values come from two kinds of source, never mixed in one
    series: the city's own figures (one value per year) and official releases (where
    several give a value for the same year, the newest release's: latest ``covers_to``,
    then ``released_on``). Targets are judged on the kind the indicator names
    (``Indicator.judged_on``; by default the city's own figures) when the city has any
    values of that kind, else on the other; the other kind, when it has values too, is
    the series' ``comparison``.
    """
    ids, wanted_keys = list(indicator_ids), list(keys)
    if not ids and not wanted_keys:
        return {}
    query = Observation.objects.filter(city_id__in=list(city_ids)).filter(
        Q(indicator_id__in=ids) | Q(indicator__key__in=wanted_keys)
    )
    rows = query.visible_to(user if user is not None else AnonymousUser()).values_list(
        *_SERIES_COLUMNS
    )
    return series_of_observations(rows)


def series_of_observations(rows: Iterable[tuple]) -> dict[int, dict[str, IndicatorSeries]]:
    """``observation_series`` of the rows it read (``_SERIES_COLUMNS``, in the
    observations' default order): no query. The public city page reads the same rows in
    hand-written SQL (``dashboards.city.reads``)."""
    # (city, key, origin) → year → the chosen row
    chosen: dict[tuple[int, str, str], dict[int, tuple]] = defaultdict(dict)
    meta: dict[str, tuple[str, str, str]] = {}
    for row in rows:
        city_id, key, name, unit, year = row[:5]
        meta[key] = (name, unit, row[_JUDGED_ON])
        origin = _OWN if row[_SOURCE] == OWN_SOURCE else _OFFICIAL
        current = chosen[(city_id, key, origin)].get(year)
        if current is None or _release_rank(row) > _release_rank(current):
            chosen[(city_id, key, origin)][year] = row
    result: dict[int, dict[str, IndicatorSeries]] = defaultdict(dict)
    for city_id, key in {(c, k) for c, k, _origin in chosen}:
        name, unit, judged_on = meta[key]
        kinds = (_OWN, _OFFICIAL) if judged_on != JudgedOn.OFFICIAL else (_OFFICIAL, _OWN)
        found = [
            _observed_series(key, name, unit, chosen[(city_id, key, kind)], kind)
            for kind in kinds
            if (city_id, key, kind) in chosen
        ]
        main = found[0]
        if len(found) > 1:
            main = replace(main, comparison=found[1])
        result[city_id][key] = main
    return dict(result)


_OWN, _OFFICIAL = "own", "official"

#: What ``observation_series`` reads of each observation (``_release_rank`` and
#: ``_observed_series`` read the rows by position).
_SERIES_COLUMNS = (
    "city_id",
    "indicator__key",
    "indicator__name",
    "indicator__unit",
    "year",
    "value",
    "status",
    "uncertainty_low",
    "uncertainty_high",
    "release_id",
    "release__name",
    "release__publisher",
    "release__covers_to",
    "release__released_on",
    "release__source",
    "reference",
    "indicator__judged_on",
    "city__name",
)
_SOURCE, _REFERENCE, _JUDGED_ON, _CITY_NAME = 14, 15, 16, 17


def _observed_series(
    key: str, name: str, unit: str, by_year: dict[int, tuple], origin: str
) -> IndicatorSeries:
    """One city's series of an indicator from the chosen row of each year, credited to
    the releases it came from (newest first); a city's own figure is credited to the city
    and the document or delivery it comes from (its reference) when it names one."""
    points = []
    releases: dict[int, str] = {}
    credits: dict[Credit, tuple] = {}
    for year, row in by_year.items():
        value, status, low, high = row[5:9]
        points.append(DataPoint(year, value, ObservationStatus(status), low, high))
        who, what = row[11], row[10]
        if origin == _OWN:  # credited to the city and the document the value comes from
            who, what = row[_CITY_NAME], row[_REFERENCE] or what
        releases[year] = what
        credit = Credit(who, what)
        # Own figures: the newest year's document first; releases: the newest first.
        rank = (year, *_release_rank(row)) if origin == _OWN else _release_rank(row)
        credits[credit] = max(credits.get(credit, ()), rank)
    return IndicatorSeries(
        key=key,
        name=name,
        unit=unit,
        series=Series(tuple(sorted(points, key=lambda p: p.year))),
        release_of_year=dict(sorted(releases.items())),
        credits=tuple(sorted(credits, key=lambda c: credits[c], reverse=True)),
        origin=origin,
    )


def _release_rank(row: tuple) -> tuple:
    """Newer releases rank higher: data year covered, then publication date, then id."""
    release_id, covers_to, released_on = row[9], row[12], row[13]
    return (covers_to or 0, released_on or date.min, release_id)


def carbon_budgets(*, city_ids: Iterable[int]) -> dict[int, CarbonBudget]:
    """The newest carbon budget of each city that has one, in one query."""
    return CarbonBudget.objects.newest_per_city(list(city_ids))


def visible_goals(
    *, city_ids: Iterable[int], user: User | AnonymousUser | None = None
) -> list[Goal]:
    """The goals of these cities that ``user`` may read (anonymous: published only), each
    with its readable targets and their indicators prefetched. Two queries."""
    viewer = user if user is not None else AnonymousUser()
    # The targets' own order within a goal (``Target.Meta.ordering`` without the goal's,
    # which joins the goal and its city only to sort by what one goal's targets share).
    targets = (
        Target.objects.visible_to(viewer)
        .select_related("indicator")
        .order_by("goal_id", "order", "target_year", "id")
    )
    goals = Goal.objects.filter(city_id__in=list(city_ids)).visible_to(viewer)
    return list(
        goals.order_by("city_id", "order", "id").prefetch_related(
            Prefetch("targets", queryset=targets)
        )
    )


def template_indicators(*, city: City, years: Iterable[int]) -> list[TemplateIndicator]:
    """The indicators a city records values for itself (not those read from the emission
    inventory), each with the ``years`` it has no value for yet (drafts count as values),
    for its pre-filled template. Two queries."""
    wanted = sorted(set(years))
    indicators = list(
        Indicator.objects.available_to(city).filter(emission_substance="").order_by("name")
    )
    have: dict[int, set[int]] = defaultdict(set)
    rows = Observation.objects.alive().filter(city=city, indicator__in=indicators, year__in=wanted)
    for indicator_id, year in rows.values_list("indicator_id", "year"):
        have[indicator_id].add(year)
    return [
        TemplateIndicator(
            key=indicator.key,
            name=indicator.label,
            unit=indicator.unit,
            missing_years=tuple(y for y in wanted if y not in have[indicator.pk]),
        )
        for indicator in indicators
    ]


@dataclass(frozen=True)
class ReportedYear:
    """One accounting year of a city's own inventory as it reported it (CDP-ICLEI)."""

    accounting_year: int
    headline: float | None  # see ``headline_of``
    scope1: float | None
    scope2: float | None
    scope3: float | None
    protocol: str


@dataclass(frozen=True)
class PlanListing:
    """A city's climate plan as a source lists it, and that source."""

    title: str
    year: int | None
    year_text: str
    link: str
    publisher: str
    release: str


@dataclass(frozen=True)
class ReportedForCity:
    """What a city reported itself (CDP-ICLEI inventories) and its climate plan, as plain
    rows for its page."""

    inventories: list[ReportedYear]
    climate_plan: PlanListing | None


def reported_for_city(*, city: City) -> ReportedForCity:
    """The city's reported inventories (newest release per year) and its newest climate
    plan, in two queries."""
    rows = (
        ReportedInventory.objects.filter(city=city)
        .order_by("accounting_year", "-release__covers_to", "-release_id")
        .values_list("accounting_year", "basic", "total", "scope1", "scope2", "scope3", "protocol")
    )
    plan = (
        ClimatePlan.objects.filter(city=city)
        .order_by("-release__imported_at", "-release_id")
        .values_list("title", "year", "year_text", "link", "release__publisher", "release__name")
        .first()
    )
    return reported_of(rows, plan)


def reported_of(rows: Iterable[tuple], plan: tuple | None) -> ReportedForCity:
    """``reported_for_city`` of the rows it read: the inventories' (accounting year,
    basic, total, scope 1, 2, 3, protocol), newest release first within a year, and the
    newest plan's (title, year, year text, link, publisher, release name). No query."""
    inventories: dict[int, ReportedYear] = {}
    for year, basic, total, scope1, scope2, scope3, protocol in rows:
        if year not in inventories:
            headline = headline_of(basic, total, scope1, scope2)
            inventories[year] = ReportedYear(year, headline, scope1, scope2, scope3, protocol)
    return ReportedForCity(
        list(inventories.values()), PlanListing(*plan) if plan is not None else None
    )


def climate_plans(*, city_ids: Iterable[int]) -> dict[int, ClimatePlan]:
    """The newest climate plan of each city, in one query."""
    plans: dict[int, ClimatePlan] = {}
    for plan in (
        ClimatePlan.objects.filter(city_id__in=list(city_ids))
        .select_related("release")
        .order_by("city_id", "-release__imported_at", "-release_id")
    ):
        plans.setdefault(plan.city_id, plan)
    return plans


def ned_rows_for_year(
    *, city: City, release: SourceRelease, year: int
) -> list[tuple[str, str, float]]:
    """One municipality-year of the emission inventory as (sector, subsector, tonnes),
    totals included, ready for ``indicators.gpc.ned_to_gpc``. One query."""
    return list(
        EmissionRow.objects.filter(city=city, release=release, year=year)
        .order_by("sector", "subsector")
        .values_list("sector", "subsector", "tonnes")
    )


def main_sector_rows(
    *, release: SourceRelease, years: Iterable[int] | None = None, from_year: int | None = None
) -> list[tuple[int, int, str, float]]:
    """Every municipality's main-sector totals (and stated totals, sector "Alla") in a
    release as (city id, year, sector, tonnes): in ``years``, or from ``from_year`` on.
    One query, whatever the number of municipalities."""
    query = EmissionRow.objects.filter(release=release, subsector=TOTAL)
    if years is not None:
        query = query.filter(year__in=list(years))
    if from_year is not None:
        query = query.filter(year__gte=from_year)
    return list(query.values_list("city_id", "year", "sector", "tonnes"))


def organisation_values(*, city: City) -> dict[str, tuple[Indicator, dict[int, float]]]:
    """The city's published values of organisation-scope indicators (kommunkoncernen),
    per indicator key: the indicator and its value per year (the newest release's, when
    a year has several). One query."""
    rows = (
        Observation.objects.published()
        .filter(city=city, indicator__scope="organisation", indicator__deleted_at__isnull=True)
        .select_related("indicator")
        .order_by("indicator__key", "year", "-release__released_on", "-id")
    )
    found: dict[str, tuple[Indicator, dict[int, float]]] = {}
    for row in rows:
        _indicator, values = found.setdefault(row.indicator.key, (row.indicator, {}))
        values.setdefault(row.year, row.value)
    return found
