"""The public city page's reads written in SQL (``dashboards.city.reads``) return what the
ORM selectors they stand in for return, drafts, deleted rows and order included: the page
and the API, reports and comparison (which read through the ORM) show the same goals,
values and budget."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from psycopg.pq import PipelineStatus

from cities.selectors import city_get
from dashboards.city import reads
from indicators.assessments import ORM_READS
from indicators.models import CarbonBudget, ClimatePlan, ReportedInventory
from indicators.selectors import POPULATION, reported_for_city
from partners.selectors import partnership_names
from tests.factories import (
    CityFactory,
    EmissionRowFactory,
    GoalFactory,
    IndicatorFactory,
    ObservationFactory,
    PartnershipFactory,
    SourceReleaseFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def city():
    """A city with published, draft and deleted goals, targets, values and partnerships,
    two carbon budgets, two releases of its inventory, and what it reported itself."""
    city = CityFactory(name="Läsby")
    other = CityFactory(name="Grannby")
    gone = timezone.now()
    indicator, second = IndicatorFactory(name="Bilar"), IndicatorFactory(name="Avfall")
    first_goal = GoalFactory(city=city, published=True, order=2)
    second_goal = GoalFactory(city=city, published=True, order=1)
    GoalFactory(city=city, published=True, order=3)  # no published target
    GoalFactory(city=city, order=0)  # a draft
    GoalFactory(city=city, published=True, deleted_at=gone)
    GoalFactory(city=other, published=True)
    TargetFactory(goal=first_goal, indicator=indicator, published=True, target_year=2040)
    TargetFactory(goal=first_goal, indicator=second, published=True, target_year=2030)
    TargetFactory(goal=first_goal, indicator=second, published=False)
    TargetFactory(goal=second_goal, indicator=indicator, published=True, deleted_at=gone)
    TargetFactory(goal=second_goal, indicator=second, published=True, target_value=5)
    population = IndicatorFactory(key=POPULATION, name="Folkmängd")
    releases = [SourceReleaseFactory(name=f"Utgåva {n}") for n in (1, 2)]
    for year in (2018, 2019, 2020):
        ObservationFactory(city=city, indicator=indicator, year=year, published=True)
        ObservationFactory(city=city, indicator=population, year=year, published=True)
    ObservationFactory(city=city, indicator=second, year=2019, published=True)
    ObservationFactory(city=city, indicator=second, year=2020)  # a draft
    ObservationFactory(
        city=city, indicator=second, year=2018, published=True, deleted_at=gone, value=9
    )
    ObservationFactory(
        city=city, indicator=indicator, year=2020, published=True, release=releases[1], value=2
    )
    ObservationFactory(city=other, indicator=indicator, year=2020, published=True)
    for n, covers_to in enumerate((2019, 2020)):
        release = SourceReleaseFactory(name=f"Nationella {n}", substance="GGT", covers_to=covers_to)
        for year in (1990, 2019):
            EmissionRowFactory(city=city, release=release, year=year, tonnes=1000 + n + year)
        CarbonBudget.objects.create(
            city=city, release=release, amount=500 + n, start_year=2020, end_year=2050
        )
    for n, release in enumerate(releases):
        ReportedInventory.objects.create(
            city=city, release=release, accounting_year=2019, total=10.0 + n, protocol="GPC"
        )
        ClimatePlan.objects.create(city=city, release=release, title=f"Plan {n}", year=2020 + n)
    PartnershipFactory(city=city, name="Östra", published=True)
    PartnershipFactory(city=city, name="Norra", published=True)
    PartnershipFactory(city=city, name="Utkastet")
    PartnershipFactory(city=city, name="Borttaget", published=True, deleted_at=gone)
    return city_get(slug=city.slug)


def _goals(goals):
    return [
        (goal.pk, goal.title, [(t.pk, t.indicator.key, t.target_value) for t in goal.targets.all()])
        for goal in goals
    ]


def test_the_page_reads_the_goals_an_anonymous_visitor_reads(city):
    anonymous = AnonymousUser()
    found = _goals(reads.visible_goals(city, anonymous))
    assert found == _goals(ORM_READS.goals(city, anonymous))
    assert len(found) == 3 and [len(targets) for _pk, _title, targets in found] == [1, 2, 0]


def test_the_page_reads_the_same_releases_emissions_values_and_budget(city):
    anonymous = AnonymousUser()
    releases = reads.emission_releases_newest_first()
    assert [r.pk for r in releases] == [r.pk for r in ORM_READS.releases()]
    assert reads.city_emissions_by_release(city, releases) == ORM_READS.emissions(city, releases)
    goals = ORM_READS.goals(city, anonymous)
    ids = sorted({t.indicator_id for g in goals for t in g.targets.all()})
    keys = (POPULATION,)
    found = reads.observation_series(city, ids, keys, anonymous)
    assert found == ORM_READS.observations(city, ids, keys, anonymous)
    assert len(found) == 3  # both indicators and the population, published values only
    budget, expected = reads.carbon_budget(city), ORM_READS.budget(city)
    assert (budget.pk, budget.release.name) == (expected.pk, expected.release.name)
    assert budget.amount == 501  # the newer release's


def test_the_page_reads_the_same_reported_inventories_plan_and_partnerships(city):
    assert reads.reported_for_city(city) == reported_for_city(city=city)
    assert reads.partnership_names(city) == partnership_names(city)
    assert [name for _pk, name in reads.partnership_names(city)] == ["Norra", "Östra"]
    assert reads.city_get(slug=city.slug).county.name == city.county.name


def test_the_reads_that_need_only_the_city_are_sent_together_and_read_the_same(city):
    """On PostgreSQL the six statements that need nothing but the city go in one pipeline
    (one round trip) when the page is built, and each read takes its rows from it, the
    same as asked one by one; elsewhere each read asks as it comes."""
    anonymous = AnonymousUser()

    def read_all():
        return (
            _goals(reads.visible_goals(city, anonymous)),
            [r.pk for r in reads.emission_releases_newest_first()],
            reads.carbon_budget(city).amount,
            reads.reported_for_city(city),
            reads.partnership_names(city),
        )

    one_by_one = read_all()
    in_pipeline = []

    def note_pipeline(execute, sql, params, many, context):
        pgconn = getattr(connection.connection, "pgconn", None)  # PostgreSQL's
        in_pipeline.append(pgconn is not None and pgconn.pipeline_status == PipelineStatus.ON)
        return execute(sql, params, many, context)

    with (
        connection.execute_wrapper(note_pipeline),
        reads.reads_ahead(reads.statements_of_city(city)),
        CaptureQueriesContext(connection) as asked,
    ):
        ahead = read_all()
    assert ahead == one_by_one
    if connection.vendor == "postgresql":
        assert in_pipeline == [True] * 6  # sent together before any was read
        assert len(asked) == 0  # and none asked again
    else:
        assert len(asked) == 6 and not any(in_pipeline)
    with CaptureQueriesContext(connection) as after:
        reads.partnership_names(city)
    assert len(after) == 1  # outside the block, a read asks again


def test_the_emission_rows_and_recorded_values_are_sent_together(city):
    """The page's third round trip: its emission rows and recorded values, which need the
    releases and the goals' indicators, in one pipeline on PostgreSQL, read the same."""
    anonymous = AnonymousUser()
    releases = reads.emission_releases_newest_first()
    goals = ORM_READS.goals(city, anonymous)
    ids = sorted({t.indicator_id for g in goals for t in g.targets.all()})
    keys = (POPULATION,)

    def read_both():
        return (
            reads.city_emissions_by_release(city, releases),
            reads.observation_series(city, ids, keys, anonymous),
        )

    one_by_one = read_both()
    with (
        reads.emissions_and_observations_ahead(city, releases, ids, keys, anonymous),
        CaptureQueriesContext(connection) as asked,
    ):
        ahead = read_both()
    assert ahead == one_by_one and len(one_by_one[1]) == 3
    assert len(asked) == (0 if connection.vendor == "postgresql" else 2)
