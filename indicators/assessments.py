"""Progress against targets: ORM data in, the progress engine's assessments out.

The one place that turns goals, targets, indicators, emission rows, observations and
carbon budgets into the engine's inputs (``indicators.progress``) and returns its
answers, in a fixed number of queries whatever the number of goals, targets,
indicators, years or cities. Callers:

- ``city_progress(city, *, user=None)`` → ``CityProgress``: everything the city
  dashboard shows (goals with assessed targets, the emission inventory, population,
  consumption-based emissions, removals, the carbon budget). Six queries.
- ``city_assessments(city, *, user=None)`` → ``list[TargetAssessment]``: the same
  targets as a flat list, in goal and target order (the goals API, the action-portfolio
  gap).
- ``main_target_assessments(cities, *, user=None)`` → ``{city id: TargetAssessment |
  None}``: each city's headline target, for comparing cities. At most eight queries
  for any number of cities.
- ``assess_pairs(pairs, *, user=None)``: any (goal, target) pairs of any cities, the
  same way (the targets API).
- ``main_target_statuses(goals, city_ids)`` → ``{city id: HeadlineStatus | None}``: the
  headline targets' status and rates only (the same numbers), for the comparison of all
  290 municipalities.

How a stored target maps onto the engine is ``indicators.target_specs``.

``user`` decides what is read: anonymous visitors get published goals, targets and
observations; a city's people and programme staff also their drafts
(``ContentQuerySet.visible_to``). Results are not cached here; pages and the API
cache what they render (``core.cache``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from cities.models import City, Goal, GoalOrigin
from core.i18n import gettext
from indicators import models as m
from indicators import progress as p
from indicators.progress import Assessment, Series, Status, TargetSpec
from indicators.selectors import (
    CONSUMPTION_PER_PERSON,
    POPULATION,
    REMOVALS,
    Credit,
    IndicatorSeries,
    YearEmissions,
    carbon_budgets,
    city_emissions_by_release,
    emission_indicator_series,
    emission_releases_newest_first,
    emission_totals,
    newest_emission_releases,
    observation_series,
    visible_goals,
)
from indicators.target_specs import (
    NotAssessable,
    engine_carbon_budget,
    is_per_inhabitant,
    target_spec,
    unassessable,
)

Person = User | AnonymousUser | None

#: The trend window: the latest N published years (the engine's default).
WINDOW = p.DEFAULT_WINDOW

#: Swedish labels of the statuses, as the badges show them.
STATUS_LABELS = {
    Status.ACHIEVED: "Uppnått",
    Status.ON_TRACK: "I fas",
    Status.AT_RISK: "Risk att missa målet",
    Status.OFF_TRACK: "Inte i fas",
    Status.NO_DATA: "Data saknas",
    Status.INSUFFICIENT_DATA: "För lite data",
}
STATUS_LABELS_EN = {
    Status.ACHIEVED: "Achieved",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.OFF_TRACK: "Off track",
    Status.NO_DATA: "No data",
    Status.INSUFFICIENT_DATA: "Too little data",
}


def last_ended_year(today_year: int | None = None) -> int:
    """The last year that has ended, as of ``today_year`` (a report's year) or today.

    The years after the latest published value up to this one have passed but are not
    published yet (SMHI publishes about 16 months late): a carbon budget counts them as
    estimates (``indicators.progress.nowcast``). A report for a year Y counts up to Y at
    most, and never a year that has not ended."""
    ended = timezone.localdate().year - 1
    return ended if today_year is None else min(today_year, ended)


@dataclass
class TargetAssessment:
    """One target (målvärde) of a goal, assessed against its indicator's values.

    ``series`` holds the indicator's published values (None when there are none);
    ``judged`` the series the status was decided on (net of removals and/or per
    inhabitant when the target asks for it); ``assessment`` the engine's answer.
    ``notes`` are Swedish sentences the page shows beside the explanation (e.g. that
    no removals are recorded for a net-zero target). ``estimates``: the nowcast of the
    judged series for the years after its latest published year up to the last year
    that has ended; shown apart (dashed, "uppskattat"), never judged.
    """

    goal: Goal
    target: m.Target
    indicator: m.Indicator
    assessment: Assessment
    spec: TargetSpec | None
    series: IndicatorSeries | None
    judged: Series
    unit: str
    population: IndicatorSeries | None = None
    removals: IndicatorSeries | None = None
    budget: m.CarbonBudget | None = None
    notes: list[str] = field(default_factory=list)
    estimates: p.Nowcast | None = None

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.assessment.status]

    @property
    def credits(self) -> tuple[Credit, ...]:
        found: list[Credit] = []
        for source in (self.series, self.population, self.removals):
            if source is not None:
                found += [c for c in source.credits if c not in found]
        return tuple(found)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the target as stored, the engine's assessment, the values judged."""
        target, indicator = self.target, self.indicator
        data = self.assessment.to_dict()
        observations = [
            {
                "year": point.year,
                "value": point.value,
                "status": point.status.value,
                "low": point.low,
                "high": point.high,
                "release": (
                    self.series.release_of_year.get(point.year)
                    if self.series is not None and not (self.population or self.removals)
                    else None
                ),
            }
            for point in self.judged
        ]
        return {
            "id": target.pk,
            "goal_id": self.goal.pk,
            "indicator": {
                "key": indicator.key,
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
            },
            "stated_value": target.target_value,
            "stated_base_value": target.base_value,
            "pathway_requested": target.pathway,
            "is_published": target.is_published,
            "note": target.note,
            **data,
            "unit": self.unit,
            "status_label": STATUS_LABELS[self.assessment.status],
            "status_label_en": STATUS_LABELS_EN[self.assessment.status],
            "observations": observations,
            "per_person": self.population is not None,
            "net_of_removals": self.removals is not None,
            "notes_sv": list(self.notes),
            "sources": [{"publisher": c.publisher, "release": c.release} for c in self.credits],
            "estimates": self.estimates.to_dict() if self.estimates is not None else None,
        }


@dataclass
class GoalProgress:
    """A goal with its targets assessed, in target order."""

    goal: Goal
    targets: list[TargetAssessment]


@dataclass
class BudgetProgress:
    """A city's carbon budget followed on the inventory of the budget's substance.

    ``series`` is that inventory's totals (None when it is not loaded), ``assessment``
    the engine's used/remaining/run-out answer, ``pathway`` the constant-rate path that
    spends exactly the budget (None when it cannot: no start value, or a budget already
    smaller than one year's emissions), ``trend`` the points of the recent trend from
    the latest observed year until the budget's end year, ``estimates`` the nowcast of
    the years after the latest published one up to the last year that has ended (the
    years the assessment counts as estimated, and the chart draws dashed).
    """

    budget: m.CarbonBudget
    engine_budget: p.CarbonBudget
    series: Series | None
    release: m.SourceRelease | None
    assessment: p.BudgetAssessment | None
    pathway: p.BudgetPathway | None
    trend: tuple[tuple[int, float], ...] = ()
    window_years: tuple[int, ...] = ()
    start_from_trend: bool = False
    start_from_estimate: bool = False
    estimates: p.Nowcast | None = None


@dataclass
class CityProgress:
    """Everything the city dashboard needs, gathered in a fixed number of queries."""

    city: City
    goals: list[GoalProgress]
    releases: dict[str, m.SourceRelease]
    emissions: dict[str, list[YearEmissions]]  # substance → newest release's years
    series: dict[str, IndicatorSeries]  # observation-backed series by indicator key
    budget: BudgetProgress | None
    #: Every release of the emission inventory, newest first (None: not read).
    all_releases: list[m.SourceRelease] | None = None
    #: Each substance's previous release and its years, when one was read
    #: (``city_progress(with_previous=True)``; None: not read).
    previous: dict[str, tuple[m.SourceRelease, list[YearEmissions]]] | None = None

    def targets(self) -> list[TargetAssessment]:
        return [t for goal in self.goals for t in goal.targets]

    def observed(self, key: str) -> IndicatorSeries | None:
        found = self.series.get(key)
        return found if found is not None and len(found) else None


@dataclass
class _Inputs:
    """What one city's targets are assessed against (already fetched)."""

    releases: dict[str, m.SourceRelease]
    emissions: dict[str, list[YearEmissions]]
    observed: dict[str, IndicatorSeries]
    budget: m.CarbonBudget | None
    #: Each emission indicator's series by its key, made once: a city's targets mostly
    #: follow one inventory total, and a revision judges each of them twice more.
    made: dict[str, IndicatorSeries | None] = field(default_factory=dict)


def _indicator_series(indicator: m.Indicator, inputs: _Inputs) -> IndicatorSeries | None:
    """The indicator's series for the city: its inventory's, or its recorded values."""
    found: IndicatorSeries | None
    if indicator.is_emission_series:
        if indicator.key not in inputs.made:  # (the key is unique: it names the indicator)
            inputs.made[indicator.key] = _emission_series(indicator, inputs)
        return inputs.made[indicator.key]
    found = inputs.observed.get(indicator.key)
    return found if found is not None and len(found) else None


def _emission_series(indicator: m.Indicator, inputs: _Inputs) -> IndicatorSeries | None:
    years = inputs.emissions.get(indicator.emission_substance)
    if years is None:
        return None
    release = inputs.releases.get(indicator.emission_substance)
    found = emission_indicator_series(indicator=indicator, years=years, release=release)
    return found if len(found) else None


def assess_target(
    goal: Goal,
    target: m.Target,
    inputs: _Inputs,
    *,
    today_year: int | None = None,
    last_year: int | None = None,
) -> TargetAssessment:
    """Assess one stored target against the fetched inputs (no queries). ``last_year``:
    the last year that has ended (``last_ended_year``); a budget pathway counts the
    estimates of the unpublished years up to it."""
    indicator = target.indicator
    series, population, removals, budget, notes, unit, values, spec = _prepared(target, inputs)
    if isinstance(spec, NotAssessable):
        return TargetAssessment(
            goal=goal,
            target=target,
            indicator=indicator,
            assessment=unassessable(target, unit, str(spec)),
            spec=None,
            series=series,
            judged=values,
            unit=unit,
            notes=notes,
        )
    assessment = p.assess(
        spec,
        values,
        population=population.series if population is not None else None,
        removals=removals.series if removals is not None else None,
        budget=engine_carbon_budget(budget) if budget is not None else None,
        window=WINDOW,
        today_year=today_year,
        last_year=last_year if last_year is not None else last_ended_year(today_year),
    )
    judged = values.until(today_year)
    if removals is not None:
        judged = p.net_series(judged, removals.series.until(today_year))
    if population is not None:
        judged = p.per_person_series(judged, population.series.until(today_year))
    ended = last_year if last_year is not None else last_ended_year(today_year)
    # The estimates stop where the trend drawn does (net emissions, or a series with a
    # value or target below zero, may go below zero; every other level stops at 0).
    floor = p.level_floor(judged, assessment.target_value, net=removals is not None)
    estimates = p.nowcast(judged, ended, floor=floor)
    return TargetAssessment(
        goal=goal,
        target=target,
        indicator=indicator,
        assessment=assessment,
        spec=spec,
        series=series,
        judged=judged,
        unit=unit,
        population=population if population is not None and len(population) else None,
        removals=removals,
        budget=budget,
        notes=notes,
        estimates=estimates,
    )


def target_status(target: m.Target, inputs: _Inputs, *, today_year: int | None = None) -> Status:
    """The status ``assess_target`` gives the target, without the figures and sentences
    around it (``status_revisions`` compares statuses only)."""
    found = _judged(target, inputs, today_year)
    return found.status if isinstance(found, Assessment) else found[1].status


def _judged(
    target: m.Target, inputs: _Inputs, today_year: int | None
) -> tuple[TargetSpec, p.Judged] | Assessment:
    """The engine's ``judge`` of a stored target as ``assess_target`` assesses it (its
    spec with the judgement); for a target the engine cannot follow, its assessment."""
    _series, population, removals, budget, _notes, unit, values, spec = _prepared(target, inputs)
    if isinstance(spec, NotAssessable):
        return unassessable(target, unit, str(spec))
    return spec, p.judge(
        spec,
        values,
        population=population.series if population is not None else None,
        removals=removals.series if removals is not None else None,
        budget=engine_carbon_budget(budget) if budget is not None else None,
        window=WINDOW,
        today_year=today_year,
    )


def _prepared(
    target: m.Target, inputs: _Inputs
) -> tuple[
    IndicatorSeries | None,
    IndicatorSeries | None,
    IndicatorSeries | None,
    m.CarbonBudget | None,
    list[str],
    str,
    Series,
    TargetSpec | NotAssessable,
]:
    """What a target is assessed on: its series, the population and removals it is judged
    with, its budget, notes on what is missing, its unit, its values and its spec (or
    why the engine cannot follow it)."""
    indicator = target.indicator
    series = _indicator_series(indicator, inputs)
    notes: list[str] = []
    population = _population_for(target, inputs, notes)
    removals = _removals_for(target, series, inputs, notes)
    budget = _budget_for(target, inputs, population, notes)
    per_person_unit = f"{indicator.unit}/invånare" if population is not None else None
    unit = per_person_unit or indicator.unit
    values = series.series if series is not None else Series()
    spec: TargetSpec | NotAssessable
    try:
        spec = target_spec(
            target, removals=removals is not None, budget=budget, per_person_unit=per_person_unit
        )
    except NotAssessable as exc:
        spec = exc
    return series, population, removals, budget, notes, unit, values, spec


def _population_for(target: m.Target, inputs: _Inputs, notes: list[str]) -> IndicatorSeries | None:
    """The population a per-person target divides by, unless its unit is already per
    inhabitant (an empty series, with a note, when none is recorded)."""
    unit = target.indicator.unit
    if p.TargetKind(target.kind) is not p.TargetKind.PER_PERSON or is_per_inhabitant(unit):
        return None
    population = inputs.observed.get(POPULATION) or IndicatorSeries(
        POPULATION, "Folkmängd", "invånare", Series()
    )
    if not len(population):
        notes.append(gettext("Folkmängden saknas, så utsläppen per invånare kan inte räknas ut."))
    return population


def _removals_for(
    target: m.Target, series: IndicatorSeries | None, inputs: _Inputs, notes: list[str]
) -> IndicatorSeries | None:
    """The removals (kolsänkor) a net-zero target is judged net of, when recorded."""
    if p.TargetKind(target.kind) is not p.TargetKind.NET_ZERO:
        return None
    recorded = inputs.observed.get(REMOVALS)
    if recorded is not None and len(recorded):
        return recorded
    if series is not None:
        notes.append(
            gettext(
                "Inga upptag (kolsänkor) är registrerade, så målet följs upp på utsläppen "
                "utan avdrag för upptag."
            )
        )
    return None


def _budget_for(
    target: m.Target,
    inputs: _Inputs,
    population: IndicatorSeries | None,
    notes: list[str],
) -> m.CarbonBudget | None:
    """The carbon budget a budget pathway follows: only one of the indicator's own
    substance, and never for a per-person series (a budget is in tonnes)."""
    if p.PathwayKind(target.pathway) is not p.PathwayKind.BUDGET:
        return None
    candidate = inputs.budget
    if (
        candidate is not None
        and candidate.substance == target.indicator.emission_substance
        and population is None
    ):
        return candidate
    notes.append(
        gettext("Ingen koldioxidbudget för samma ämne finns, så målbanan ritas som en rak linje.")
    )
    return None


# --- One city -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityReads:
    """Where ``city_progress`` reads its inputs: by default the ORM selectors of
    ``indicators.selectors``. The public city page, rebuilt whenever its data changes,
    passes the same reads written as SQL by hand (``dashboards.city.reads``): building the
    ORM's queries cost more than running them. Each returns what its selector returns."""

    #: (city, user) → ``visible_goals`` of the city, targets and indicators prefetched.
    goals: Callable[[City, Person], list[Goal]]
    #: () → ``emission_releases_newest_first``.
    releases: Callable[[], list[m.SourceRelease]]
    #: (city, releases) → ``city_emissions_by_release``.
    emissions: Callable[[City, list[m.SourceRelease]], dict[int, list[YearEmissions]]]
    #: (city, indicator ids, keys, user) → ``observation_series`` of the city.
    observations: Callable[[City, list[int], tuple[str, ...], Person], dict[str, IndicatorSeries]]
    #: city → ``carbon_budgets`` of the city.
    budget: Callable[[City], m.CarbonBudget | None]
    #: (city, releases, indicator ids, keys, user) → a context in which ``emissions`` and
    #: ``observations`` of those arguments are read (the hand-written reads ask for both
    #: in one round trip); by default none.
    ahead: Callable[
        [City, list[m.SourceRelease], list[int], tuple[str, ...], Person],
        AbstractContextManager[object],
    ] = lambda *_args: nullcontext()


ORM_READS = CityReads(
    goals=lambda city, user: visible_goals(city_ids=[city.pk], user=user),
    releases=emission_releases_newest_first,
    emissions=lambda city, releases: city_emissions_by_release(city=city, releases=releases),
    observations=lambda city, ids, keys, user: observation_series(
        city_ids=[city.pk], indicator_ids=ids, keys=keys, user=user
    ).get(city.pk, {}),
    budget=lambda city: carbon_budgets(city_ids=[city.pk]).get(city.pk),
)


def city_progress(
    city: City,
    *,
    user: Person = None,
    today_year: int | None = None,
    with_previous: bool = False,
    reads: CityReads = ORM_READS,
) -> CityProgress:
    """The city's goals with every target assessed, and the data the dashboard shows
    beside them. Six queries (goals, targets, releases, emission rows, observations,
    carbon budget), whatever the number of goals, targets, indicators and years.
    ``with_previous``: the emission rows' query reads each substance's previous release
    too (``CityProgress.previous``, what ``status_revisions`` compares with). ``reads``:
    how the inputs are read (``CityReads``)."""
    from indicators.revisions import previous_release

    goals = reads.goals(city, user)
    indicators = {t.indicator_id: t.indicator for g in goals for t in g.targets.all()}
    all_releases = reads.releases()
    releases = newest_emission_releases(all_releases)
    older: dict[str, m.SourceRelease] = {}
    if with_previous:
        for substance, new in releases.items():
            old = previous_release(new, among=all_releases)
            if old is not None:
                older[substance] = old
    read = [*releases.values(), *older.values()]
    observed_ids = [i.pk for i in indicators.values() if not i.is_emission_series]
    keys = (POPULATION, CONSUMPTION_PER_PERSON, REMOVALS)
    with reads.ahead(city, read, observed_ids, keys, user):
        years_of = reads.emissions(city, read)
        observed = reads.observations(city, observed_ids, keys, user)
    emissions = {substance: years_of[r.pk] for substance, r in releases.items()}
    previous = (
        {substance: (old, years_of[old.pk]) for substance, old in older.items()}
        if with_previous
        else None
    )
    if today_year is not None:
        # As of a past year (a report's): the inventory too ends with that year, so that
        # every part built from this progress reads the same years as the assessments.
        emissions = {s: [e for e in ys if e.year <= today_year] for s, ys in emissions.items()}
    budget = reads.budget(city)
    inputs = _Inputs(releases, emissions, observed, budget)
    last_year = last_ended_year(today_year)
    goal_progress = [
        GoalProgress(
            goal=goal,
            targets=[
                assess_target(goal, target, inputs, today_year=today_year, last_year=last_year)
                for target in goal.targets.all()
            ],
        )
        for goal in goals
    ]
    return CityProgress(
        city=city,
        goals=goal_progress,
        releases=releases,
        emissions=emissions,
        series=observed,
        budget=(
            _budget_progress(budget, releases, emissions, today_year, last_year) if budget else None
        ),
        all_releases=all_releases,
        previous=previous,
    )


def city_assessments(
    city: City, *, user: Person = None, today_year: int | None = None
) -> list[TargetAssessment]:
    """Every readable target of the city, assessed, in goal and target order."""
    return city_progress(city, user=user, today_year=today_year).targets()


def _budget_progress(
    budget: m.CarbonBudget,
    releases: dict[str, m.SourceRelease],
    emissions: dict[str, list[YearEmissions]],
    today_year: int | None,
    last_year: int,
) -> BudgetProgress:
    engine_budget = engine_carbon_budget(budget)
    years = emissions.get(budget.substance)
    if not years:
        return BudgetProgress(budget, engine_budget, None, None, None, None)
    series = Series.from_mapping({y.year: y.total for y in years}).until(today_year)
    window = series.last(WINDOW)
    fit = p.fit_trend(window, p.TrendModel.LOG_LINEAR)
    pathway, from_trend, from_estimate = None, False, False
    start = budget.start_year
    published = series.get(start)
    start_value = published.value if published is not None else None
    latest = series.latest
    estimates = p.nowcast(series, last_year)
    if start_value is None and estimates.value(start) is not None:
        # The start year has passed unpublished: the pathway starts from its estimate,
        # the same number the budget counts as used.
        start_value, from_estimate = estimates.value(start), True
    if start_value is None and fit is not None and latest is not None and latest.year < start:
        start_value, from_trend = fit.predict(start), True
    if start_value is not None and start_value > 0:
        try:
            pathway = p.BudgetPathway(start, start_value, budget.end_year, budget.amount)
        except ValueError:
            pathway = None  # the budget is smaller than one year's emissions
    assessment = p.assess_budget(
        engine_budget,
        series,
        fit,
        last_year=last_year,
        pathway_rate_pct=pathway.annual_rate_pct if pathway is not None else None,
    )
    trend: tuple[tuple[int, float], ...] = ()
    if fit is not None and latest is not None:
        trend = tuple(
            (year, max(0.0, fit.predict(year)))
            for year in range(window[0].year, budget.end_year + 1)
        )
    return BudgetProgress(
        budget=budget,
        engine_budget=engine_budget,
        series=series,
        release=releases.get(budget.substance),
        assessment=assessment,
        pathway=pathway,
        trend=trend,
        window_years=tuple(pt.year for pt in window),
        start_from_trend=from_trend,
        start_from_estimate=from_estimate,
        estimates=estimates,
    )


# --- Many cities -------------------------------------------------------------------------


#: A goal with its targets in order (``goal.targets.all()`` of a goal read with them).
GoalTargets = tuple[Goal, Sequence[m.Target]]


def main_target(goals: Iterable[GoalTargets]) -> tuple[Goal, m.Target] | None:
    """A city's headline target: the first (by goal order, then target order) on its
    territorial emissions total; else its first target with a number; else None."""
    # Goals the city's people entered win over those it reported to CDP-ICLEI.
    goals = list(goals)
    for group in (
        [(g, ts) for g, ts in goals if g.origin != GoalOrigin.REPORTED],
        [(g, ts) for g, ts in goals if g.origin == GoalOrigin.REPORTED],
    ):
        pairs = [(goal, target) for goal, targets in group for target in targets]
        for goal, target in pairs:
            indicator = target.indicator
            if indicator.is_emission_series and not indicator.emission_sector:
                return goal, target
        for goal, target in pairs:
            if target.kind != m.TargetKind.DECREASE:
                return goal, target
    return None


def main_target_assessments(
    cities: Iterable[City], *, user: Person = None, today_year: int | None = None
) -> dict[int, TargetAssessment | None]:
    """Each city's headline target (``main_target``), assessed; None for a city with no
    readable target. A fixed number of queries for any number of cities: goals,
    targets, releases, one per emission substance used (usually one), observations,
    carbon budgets when a headline target follows a budget."""
    city_ids = [c.pk for c in cities]
    goals = visible_goals(city_ids=city_ids, user=user)
    return main_targets_of(goals, city_ids, user=user, today_year=today_year)


def main_targets_of(
    goals: Iterable[Goal],
    city_ids: list[int],
    *,
    user: Person = None,
    today_year: int | None = None,
) -> dict[int, TargetAssessment | None]:
    """``main_target_assessments`` of goals already read (``visible_goals`` for ``user``
    of at least these cities; the goals of other cities are left out)."""
    chosen = _main_pairs([(goal, list(goal.targets.all())) for goal in goals], city_ids)
    result: dict[int, TargetAssessment | None] = dict.fromkeys(city_ids)
    for (goal, _target), assessed in zip(
        chosen, assess_pairs(chosen, user=user, today_year=today_year), strict=True
    ):
        result[goal.city_id] = assessed
    return result


def _main_pairs(goals: Iterable[GoalTargets], city_ids: list[int]) -> list[tuple[Goal, m.Target]]:
    """The headline (goal, target) of each of the cities that has one (``main_target``;
    the goals of other cities are left out)."""
    by_city: dict[int, list[GoalTargets]] = {cid: [] for cid in city_ids}
    for goal, targets in goals:
        if goal.city_id in by_city:
            by_city[goal.city_id].append((goal, targets))
    mains = (main_target(goals) for goals in by_city.values())
    return [pair for pair in mains if pair is not None]


@dataclass(frozen=True)
class HeadlineStatus:
    """A city's headline target as a list of many cities shows it: the status and rates
    ``assess_target`` gives it (the engine's ``judge`` and ``quoted_rates``: the same
    numbers), without the chart points, sentences and estimates a city's page adds."""

    goal: Goal
    target: m.Target
    status: Status
    kind: p.TargetKind
    actual_rate_pct: float | None
    needed_rate_pct: float | None
    window_years: tuple[int, ...]
    #: The change needed a year in the target's unit (as ``Assessment`` has it).
    needed_change_per_year: float | None = None
    #: Which rule decided the status (``Assessment.reason``).
    reason: p.Reason | None = None


def main_target_statuses(
    goals: Iterable[GoalTargets], city_ids: list[int], *, today_year: int | None = None
) -> dict[int, HeadlineStatus | None]:
    """Each city's headline target's ``HeadlineStatus`` from published goals already read
    with their targets (as ``visible_goals`` gives them to an anonymous visitor), None
    for a city without one. The queries of ``assess_pairs``, but recorded values
    (observations) only of the cities whose headline target reads any: for the comparison
    of all municipalities, assessing each headline target in full (its chart points,
    sentences in two languages and estimates) cost more than everything else it reads."""
    pairs = _main_pairs(goals, city_ids)
    result: dict[int, HeadlineStatus | None] = dict.fromkeys(city_ids)
    if not pairs:
        return result
    cities = sorted({goal.city_id for goal, _ in pairs})
    releases = newest_emission_releases()
    emissions = _emissions_of([t for _, t in pairs], cities, releases)
    reading = [(goal, t) for goal, t in pairs if _reads_observations(t)]
    observed = (
        observation_series(
            city_ids=sorted({goal.city_id for goal, _ in reading}),
            indicator_ids={
                t.indicator_id for _, t in reading if not t.indicator.is_emission_series
            },
            keys=(POPULATION, REMOVALS),
        )
        if reading
        else {}
    )
    needs_budget = any(t.pathway == m.PathwayKind.BUDGET for _, t in pairs)
    budgets = carbon_budgets(city_ids=cities) if needs_budget else {}
    for goal, target in pairs:
        inputs = _Inputs(
            releases,
            emissions[goal.city_id],
            observed.get(goal.city_id, {}),
            budgets.get(goal.city_id),
        )
        result[goal.city_id] = _headline_status(goal, target, inputs, today_year)
    return result


def _reads_observations(target: m.Target) -> bool:
    """Whether assessing ``target`` reads recorded values (``_prepared``): an indicator
    that is not from the emission inventory, the population of a per-person target (not
    already per inhabitant), the removals of a net-zero target."""
    kind = p.TargetKind(target.kind)
    return (
        not target.indicator.is_emission_series
        or kind is p.TargetKind.NET_ZERO
        or (kind is p.TargetKind.PER_PERSON and not is_per_inhabitant(target.indicator.unit))
    )


def _headline_status(
    goal: Goal, target: m.Target, inputs: _Inputs, today_year: int | None
) -> HeadlineStatus:
    """``assess_target``'s status and rates of one target, judged only."""
    found = _judged(target, inputs, today_year)
    if isinstance(found, Assessment):
        return HeadlineStatus(
            goal, target, found.status, found.kind, None, None, (), reason=found.reason
        )
    spec, judged = found
    actual, needed, needed_change, _fit = p.quoted_rates(judged, spec)
    window = tuple(point.year for point in judged.found.window_points)
    return HeadlineStatus(
        goal,
        target,
        judged.status,
        spec.kind,
        actual,
        needed,
        window,
        needed_change,
        reason=judged.reason,
    )


def assess_pairs(
    pairs: list[tuple[Goal, m.Target]], *, user: Person = None, today_year: int | None = None
) -> list[TargetAssessment]:
    """Targets of any number of cities, assessed in a fixed number of queries: releases,
    one per emission substance used (and one for its sectors), observations, carbon
    budgets when a target follows a budget."""
    if not pairs:
        return []
    city_ids = sorted({goal.city_id for goal, _ in pairs})
    releases = newest_emission_releases()
    emissions = _emissions_of([t for _, t in pairs], city_ids, releases)
    observed_ids = {t.indicator_id for _, t in pairs if not t.indicator.is_emission_series}
    observed = observation_series(
        city_ids=city_ids, indicator_ids=observed_ids, keys=(POPULATION, REMOVALS), user=user
    )
    needs_budget = any(t.pathway == m.PathwayKind.BUDGET for _, t in pairs)
    budgets = carbon_budgets(city_ids=city_ids) if needs_budget else {}
    last_year = last_ended_year(today_year)
    return [
        assess_target(
            goal,
            target,
            _Inputs(
                releases,
                emissions[goal.city_id],
                observed.get(goal.city_id, {}),
                budgets.get(goal.city_id),
            ),
            today_year=today_year,
            last_year=last_year,
        )
        for goal, target in pairs
    ]


def _emissions_of(
    targets: list[m.Target], city_ids: list[int], releases: dict[str, m.SourceRelease]
) -> dict[int, dict[str, list[YearEmissions]]]:
    """Each city's inventory years of the substances (and main sectors) the targets'
    indicators follow, from the newest release of each substance."""
    substances = {t.indicator.emission_substance for t in targets} - {""}
    sectors = {t.indicator.emission_sector for t in targets} - {""}
    emissions: dict[int, dict[str, list[YearEmissions]]] = {cid: {} for cid in city_ids}
    for substance in substances:
        release = releases.get(substance)
        if release is None:
            continue
        totals = emission_totals(release=release, city_ids=city_ids)
        by_sector = _sector_values(release, city_ids, sectors) if sectors else {}
        for cid in city_ids:
            years = sorted(totals.get(cid, {}).keys() | by_sector.get(cid, {}).keys())
            emissions[cid][substance] = [
                YearEmissions(
                    year=year,
                    total=totals.get(cid, {}).get(year, 0.0),
                    sectors=by_sector.get(cid, {}).get(year, {}),
                )
                for year in years
            ]
    return emissions


def _sector_values(
    release: m.SourceRelease, city_ids: list[int], sectors: set[str]
) -> dict[int, dict[int, dict[str, float]]]:
    rows = m.EmissionRow.objects.filter(
        release=release,
        city_id__in=city_ids,
        sector__in=sorted(sectors),
        subsector=m.EmissionRow.TOTAL,
    ).values_list("city_id", "year", "sector", "tonnes")
    found: dict[int, dict[int, dict[str, float]]] = {}
    for city_id, year, sector, tonnes in rows:
        found.setdefault(city_id, {}).setdefault(year, {})[sector] = tonnes
    return found


# --- Revisions that changed a status ---------------------------------------------------------


@dataclass(frozen=True)
class StatusRevision:
    """A newer emission release changed a target's status on the years both releases
    cover: judged on the years through ``as_of`` (the older release's last year), the
    target is ``old_status`` with ``old_release`` and ``new_status`` with ``new_release``."""

    target: TargetAssessment
    old_release: m.SourceRelease
    new_release: m.SourceRelease
    as_of: int
    old_status: Status
    new_status: Status


def status_revisions(progress: CityProgress) -> list[StatusRevision]:
    """The city's emission targets whose status the newest release's revisions changed
    (see ``StatusRevision``), on the previous releases' years the progress holds
    (``city_progress(with_previous=True)``): no query."""
    if progress.previous is None:
        raise ValueError("status_revisions needs city_progress(with_previous=True)")
    found: list[StatusRevision] = []
    targets = [t for t in progress.targets() if t.indicator.is_emission_series]
    budget = progress.budget.budget if progress.budget is not None else None
    for substance in sorted({t.indicator.emission_substance for t in targets}):
        new = progress.releases.get(substance)
        old, old_years = progress.previous.get(substance, (None, []))
        if new is None or old is None or old.covers_to is None:
            continue
        before = _Inputs({substance: old}, {substance: old_years}, progress.series, budget)
        after = _Inputs(progress.releases, progress.emissions, progress.series, budget)
        for t in targets:
            if t.indicator.emission_substance != substance:
                continue
            was = target_status(t.target, before, today_year=old.covers_to)
            now = target_status(t.target, after, today_year=old.covers_to)
            if was != now and Status.NO_DATA not in (was, now):
                found.append(StatusRevision(t, old, new, old.covers_to, was, now))
    return found
