"""indicators.assessments: stored goals, targets and values in, the engine's answers out,
in a fixed number of queries, with drafts only for the people who may see them."""

from __future__ import annotations

from datetime import date

import pytest

from cities.models import City, Goal
from cities.services import goal_create
from indicators import models as m
from indicators import progress as p
from indicators.assessments import city_assessments, city_progress, main_target_assessments
from indicators.parsers.base import ReleaseInfo
from indicators.services.indicators import indicator_upsert
from indicators.services.targets import target_create
from indicators.target_specs import NotAssessable, target_spec
from tests.city_data import observations_load, synthetic_observations
from tests.conftest import UMEA, load_emissions


def umea() -> City:
    return City.objects.get(code=UMEA)


def of_goal(title: str):
    return [t for t in city_assessments(umea()) if t.goal.title == title]


def statuses(items) -> list[tuple[str, str]]:
    return [(t.indicator.key, t.status.value) for t in items]


def test_every_stored_kind_pathway_and_direction_maps_onto_the_engine():
    assert {k.value for k in m.TargetKind} == {k.value for k in p.TargetKind}
    assert {k.value for k in m.PathwayKind} == {k.value for k in p.PathwayKind}
    for kind in m.TargetKind:
        assert p.TargetKind(kind.value).value == kind.value


def _target(kind, value=None, base_year=None, indicator_key="territorial_ghg", **extra):
    indicator = m.Indicator.objects.get(key=indicator_key)
    goal = Goal(city=umea(), title="t", scope="area")
    return m.Target(
        goal=goal,
        indicator=indicator,
        kind=kind,
        target_year=2040,
        target_value=value,
        base_year=base_year,
        **extra,
    )


def test_a_net_zero_residual_stored_as_a_change_becomes_a_share_of_the_base_year(umea_goals):
    spec = target_spec(_target("net_zero", -85.0, 1990))
    assert spec.kind is p.TargetKind.NET_ZERO and spec.value == pytest.approx(15.0)
    assert target_spec(_target("net_zero", None, 1990)).value == 0.0
    # Net zero exactly, no base year: net emissions of at most zero.
    strict = target_spec(_target("net_zero"))
    assert strict.kind is p.TargetKind.ABSOLUTE and strict.value == 0.0
    with pytest.raises(NotAssessable, match="inget basår"):
        target_spec(_target("net_zero", -85.0))


def test_a_budget_pathway_without_a_budget_is_drawn_straight(umea_goals):
    spec = target_spec(_target("percent_change", -85.0, 1990, pathway="budget"))
    assert spec.pathway is p.PathwayKind.LINEAR


def test_umeas_targets_against_real_data(
    umea_emissions, umea_goals, umea_consumption, umea_population, umea_co2, umea_budget
):
    found = city_assessments(umea())
    assert statuses(found) == [
        ("consumption_emissions_per_person", "insufficient_data"),  # two SEI years
        ("consumption_emissions_per_person", "insufficient_data"),
        ("territorial_ghg", "off_track"),
        ("organisation_ghg", "no_data"),
        ("territorial_ghg_transport", "off_track"),  # "ska minska": rising since 2020
        ("fossil_free_fuel_share", "no_data"),
        ("sustainable_trips_share", "no_data"),
    ]
    net_zero = found[2]
    assert net_zero.assessment.target_value == pytest.approx(72271.0845)
    assert net_zero.assessment.explanation.startswith("Utsläppen behöver minska med 9,6")
    assert net_zero.removals is None
    assert "Inga upptag (kolsänkor) är registrerade" in net_zero.notes[0]
    assert [c.publisher for c in net_zero.credits] == [
        "SMHI, Nationella emissionsdatabasen (bearbetat av Klimatkollen)"
    ]
    consumption = found[0]
    assert consumption.judged.years == [2022, 2023]
    assert consumption.assessment.explanation.startswith("Utsläppen per person behöver minska")
    transport = found[4]
    assert transport.assessment.explanation == (
        "Utsläppen ökade med 1,8\u00a0% per år de senaste fem åren (2020–2024)."
    )
    assert found[3].notes == []  # nothing to say about removals when there is no data


@pytest.mark.parametrize("as_of", [None, 2019, 2022])
def test_a_targets_status_alone_is_its_assessments_status(
    umea_emissions, umea_goals, umea_consumption, umea_population, umea_co2, umea_budget, as_of
):
    """``target_status`` (the revision note compares statuses only) judges exactly as
    ``assess_target``: per person, net of removals, on a budget pathway, or not at all."""
    from indicators.assessments import _Inputs, assess_target, target_status

    progress = city_progress(umea())
    budget = progress.budget.budget if progress.budget is not None else None
    inputs = _Inputs(progress.releases, progress.emissions, progress.series, budget)
    targets = progress.targets()
    assert len(targets) == 7
    for t in targets:
        whole = assess_target(t.goal, t.target, inputs, today_year=as_of)
        assert target_status(t.target, inputs, today_year=as_of) is whole.assessment.status


def _quoted(found) -> tuple:
    """What a list of many cities quotes of a target: its status, kind, rates and window
    (of a ``HeadlineStatus`` or an ``Assessment`` alike)."""
    return (
        found.status,
        found.kind,
        found.actual_rate_pct,
        found.needed_rate_pct,
        found.window_years,
    )


@pytest.mark.parametrize("as_of", [None, 2019, 2022])
def test_a_headline_status_quotes_its_assessments_status_and_rates(
    umea_emissions, umea_goals, umea_consumption, umea_population, umea_co2, umea_budget, as_of
):
    """``_headline_status`` (the comparison of all municipalities shows only these)
    judges and quotes exactly as ``assess_target``, to the last bit: per person, net of
    removals, on a budget pathway, a share, or not at all."""
    from indicators.assessments import _headline_status, _Inputs, assess_target

    progress = city_progress(umea())
    budget = progress.budget.budget if progress.budget is not None else None
    inputs = _Inputs(progress.releases, progress.emissions, progress.series, budget)
    for t in progress.targets():
        a = assess_target(t.goal, t.target, inputs, today_year=as_of).assessment
        assert _quoted(_headline_status(t.goal, t.target, inputs, as_of)) == _quoted(a)


def test_the_headline_statuses_are_the_headline_assessments_of_every_city(
    umea_emissions, umea_goals, umea_population, municipalities, ggt_newest
):
    """``main_target_statuses`` reads recorded values only for the cities whose headline
    target needs them, and still gives each city ``main_target_assessments``' numbers."""
    from cities.models import GoalOrigin
    from dashboards.compare.selectors import published_goals
    from indicators.assessments import main_target_statuses
    from indicators.selectors import visible_goals
    from tests.conftest import MALMO

    stockholm = "0180"
    load_emissions(ggt_newest, {UMEA, MALMO, stockholm})
    territorial = m.Indicator.objects.get(key="territorial_ghg")
    for code, kind, value, base_year in (
        (MALMO, "per_person", 1.0, None),  # reads the population (none recorded)
        (stockholm, "percent_change", -70.0, 1990),  # reads no recorded values
    ):
        goal = goal_create(
            city=City.objects.get(code=code), title="Mål", scope="area", is_published=True
        )
        target_create(
            goal=goal,
            indicator=territorial,
            kind=kind,
            base_year=base_year,
            target_year=2030,
            target_value=value,
            is_published=True,
        )
    # A draft goal (its published target), and a draft target of a published goal, which
    # an anonymous visitor does not read.
    draft = goal_create(city=City.objects.get(code=MALMO), title="Utkast", scope="area")
    for owner, published in ((draft, True), (goal, False)):
        target_create(
            goal=owner,
            indicator=territorial,
            kind="absolute",
            target_year=2030,
            target_value=10.0,
            is_published=published,
        )
    cities = list(City.objects.all())
    ids = [c.pk for c in cities]
    whole = main_target_assessments(cities)
    goals = published_goals()  # the comparison's read of ``visible_goals``
    assert goals == [(g, list(g.targets.all())) for g in visible_goals(city_ids=ids)]
    assert all(t.goal is goal for goal, targets in goals for t in targets)
    found = main_target_statuses(goals, ids)
    assert found.keys() == whole.keys()
    assert sum(1 for h in found.values() if h is not None) == 3
    for city_id, t in whole.items():
        h = found[city_id]
        if t is None:
            assert h is None
            continue
        a = t.assessment
        assert (h.goal, h.target) == (t.goal, t.target)
        assert h.goal.origin != GoalOrigin.REPORTED
        assert _quoted(h) == _quoted(a)


def test_city_progress_costs_six_queries_whatever_the_amount_of_data(
    umea_emissions,
    umea_goals,
    umea_co2,
    umea_budget,
    umea_population,
    umea_consumption,
    django_assert_num_queries,
    ggt_2021,
    december_2026,
):
    city = umea()
    with django_assert_num_queries(6):
        progress = city_progress(city)
    assert progress.budget is not None and progress.budget.assessment.runs_out_year == 2026
    load_emissions(ggt_2021, {UMEA})  # an older release with subsectors: more rows
    for i in range(5):
        goal = goal_create(city=city, title=f"Mål {i}", scope="area", is_published=True)
        target_create(
            goal=goal,
            indicator=m.Indicator.objects.get(key="territorial_ghg"),
            kind="percent_change",
            base_year=1990,
            target_year=2030,
            target_value=-63.0,
            is_published=True,
        )
    with django_assert_num_queries(6):
        progress = city_progress(city)
    assert len(progress.targets()) == 12


def test_drafts_are_assessed_only_for_people_who_may_see_them(
    umea_emissions, umea_goals, umea_officer, malmo_officer, staff_user
):
    city = umea()
    draft = goal_create(city=city, title="Utkast: minska med 70 % till 2030", scope="area")
    target_create(
        goal=draft,
        indicator=m.Indicator.objects.get(key="territorial_ghg"),
        kind="percent_change",
        base_year=1990,
        target_year=2030,
        target_value=-70.0,
    )

    def titles(user):
        return {t.goal.title for t in city_assessments(city, user=user)}

    assert draft.title not in titles(None)
    assert draft.title not in titles(malmo_officer)
    assert draft.title in titles(umea_officer)
    assert draft.title in titles(staff_user)


def test_draft_observations_count_only_for_people_who_may_see_them(
    umea_emissions, umea_goals, umea_officer
):
    indicator = m.Indicator.objects.get(key="sustainable_trips_share")
    observations_load(
        indicator_key=indicator.key,
        release=ReleaseInfo("test", "Syntetiska testdata, utkast", None, None, "Test"),
        records=[_rec(2021, 55.0), _rec(2022, 57.0), _rec(2023, 60.0)],
        is_published=False,
    )
    public = {t.indicator.key: t for t in city_assessments(umea())}
    assert public["sustainable_trips_share"].status is p.Status.NO_DATA
    officer = {t.indicator.key: t for t in city_assessments(umea(), user=umea_officer)}
    assert officer["sustainable_trips_share"].judged.years == [2021, 2022, 2023]


class _rec:
    def __init__(self, year, value, code=UMEA):
        self.municipality_code, self.year, self.value, self.status = code, year, value, "final"


def test_the_newest_release_wins_for_a_year_published_twice(umea_emissions, umea_goals):
    key = "sustainable_trips_share"
    older = ReleaseInfo("test", "Syntetisk leverans 1", date(2023, 1, 1), 2022, "Test")
    newer = ReleaseInfo("test", "Syntetisk leverans 2", date(2024, 1, 1), 2023, "Test")
    observations_load(
        indicator_key=key, release=older, records=[_rec(2021, 50.0), _rec(2022, 51.0)]
    )
    observations_load(
        indicator_key=key, release=newer, records=[_rec(2022, 52.5), _rec(2023, 54.0)]
    )
    trips = {t.indicator.key: t for t in city_assessments(umea())}[key]
    assert trips.series.series.values == [50.0, 52.5, 54.0]
    assert trips.series.release_of_year == {
        2021: "Syntetisk leverans 1",
        2022: "Syntetisk leverans 2",
        2023: "Syntetisk leverans 2",
    }
    assert [c.release for c in trips.series.credits] == [
        "Syntetisk leverans 2",
        "Syntetisk leverans 1",
    ]


def test_a_per_person_target_divides_by_the_same_years_population(umea_emissions, umea_goals):
    goal = goal_create(city=umea(), title="Per invånare", scope="area", is_published=True)
    target_create(
        goal=goal,
        indicator=m.Indicator.objects.get(key="territorial_ghg"),
        kind="per_person",
        target_year=2030,
        target_value=1.0,
        is_published=True,
    )
    (found,) = of_goal("Per invånare")
    assert found.status is p.Status.NO_DATA
    assert found.assessment.explanation == "Det finns inga år med både utfall och folkmängd."
    assert "Folkmängden saknas" in found.notes[0]

    synthetic_observations(
        "population",
        {2022: 130000.0, 2023: 131000.0, 2024: 132000.0},
        name="Folkmängd (syntetisk)",
        unit="invånare",
    )
    (found,) = of_goal("Per invånare")
    assert found.unit == "t CO2e/invånare"
    assert found.judged.years == [2022, 2023, 2024]
    assert found.judged.get(2024).value == pytest.approx(365009.52 / 132000)
    # Rising from 2.44 to 2.77 t, but three points leave an interval wide enough to hold 1 t.
    assert found.status is p.Status.AT_RISK
    assert found.assessment.reason is p.Reason.TARGET_WITHIN_INTERVAL


def test_a_budget_pathway_uses_only_a_budget_of_the_indicators_substance(
    umea_emissions, umea_goals, umea_co2, umea_budget
):
    goal = goal_create(city=umea(), title="Inom budgeten", scope="area", is_published=True)
    co2 = indicator_upsert(
        key="territorial_co2", name="Koldioxidutsläpp", unit="t CO2", emission_substance="CO2"
    )
    for indicator in (m.Indicator.objects.get(key="territorial_ghg"), co2):
        target_create(
            goal=goal,
            indicator=indicator,
            kind="percent_change",
            base_year=1990,
            target_year=2040,
            target_value=-85.0,
            pathway="budget",
            is_published=True,
        )
    ghg, fossil = of_goal("Inom budgeten")
    assert ghg.assessment.pathway_kind is p.PathwayKind.LINEAR
    assert "Ingen koldioxidbudget för samma ämne" in ghg.notes[0]
    assert fossil.budget is not None
    assert fossil.assessment.pathway_kind is p.PathwayKind.BUDGET
    assert fossil.assessment.budget.runs_out_year == 2026
    assert fossil.assessment.pathway[0][0] == 2024


def test_net_emissions_are_judged_when_removals_are_recorded(umea_emissions, umea_goals):
    synthetic_observations(
        "removals",
        {2020: 40000.0, 2022: 42000.0, 2024: 45000.0},
        name="Upptag (syntetiska testdata)",
        unit="t CO2e",
    )
    net_zero = {t.indicator.key: t for t in city_assessments(umea())}["territorial_ghg"]
    assert net_zero.removals is not None and net_zero.notes == []
    assert net_zero.judged.years == [2020, 2022, 2024]
    assert net_zero.judged.get(2024).value == pytest.approx(365009.52 - 45000.0)
    # The goal's reference stays the gross 1990 emissions.
    assert net_zero.assessment.base_value == pytest.approx(481807.23)
    assert net_zero.assessment.explanation.startswith("Nettoutsläppen")


def test_a_target_the_engine_cannot_follow_says_why(umea_emissions, umea_goals):
    goal = goal_create(city=umea(), title="Utan basår", scope="area", is_published=True)
    target_create(
        goal=goal,
        indicator=m.Indicator.objects.get(key="territorial_ghg"),
        kind="net_zero",
        target_year=2040,
        target_value=-85.0,
        is_published=True,
    )
    (found,) = of_goal("Utan basår")
    assert found.status is p.Status.INSUFFICIENT_DATA
    assert "inget basår" in found.assessment.explanation
    assert found.to_dict()["status"] == "insufficient_data"


def test_the_headline_targets_of_many_cities_cost_a_fixed_number_of_queries(
    municipalities, ggt_newest, umea_goals, django_assert_num_queries
):
    load_emissions(ggt_newest)
    cities = list(City.objects.all())
    city = umea()
    with django_assert_num_queries(5):
        found = main_target_assessments([city])
    with django_assert_num_queries(5):
        everyone = main_target_assessments(cities)
    assert found[city.pk].indicator.key == "territorial_ghg"
    assert everyone[city.pk].status is p.Status.OFF_TRACK
    assert everyone[city.pk].assessment.explanation == found[city.pk].assessment.explanation
    assert sum(1 for a in everyone.values() if a is not None) == 1  # no goals are invented
