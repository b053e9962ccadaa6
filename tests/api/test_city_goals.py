"""GET /api/v1/cities/{code}/goals/: goals and assessed targets as JSON, drafts only for
the people who may see them, a fixed number of queries."""

from __future__ import annotations

import pytest

from cities.models import City
from cities.services import goal_create
from indicators.models import Indicator
from indicators.services.targets import target_create

URL = "/api/v1/cities/2480/goals/"
STATUSES = {"achieved", "on_track", "at_risk", "off_track", "no_data", "insufficient_data"}


def test_each_target_carries_its_assessment_and_chart_points(client, umea_emissions, umea_goals):
    body = client.get(URL).json()
    assert body["city"] == "2480" and body["name"] == "Umeå"
    assert len(body["goals"]) == 5
    targets = [t for goal in body["goals"] for t in goal["targets"]]
    assert len(targets) == 7
    for target in targets:
        for field in (
            "kind",
            "base_year",
            "base_value",
            "target_year",
            "target_value",
            "status",
            "explanation",
            "pathway",
            "trend",
        ):
            assert field in target, field
        assert target["status"] in STATUSES
        assert target["explanation"]
    net_zero = body["goals"][1]["targets"][0]
    assert net_zero["kind"] == "net_zero"
    assert net_zero["base_year"] == 1990
    assert net_zero["base_value"] == pytest.approx(481807.23)
    assert net_zero["target_year"] == 2040
    assert net_zero["target_value"] == pytest.approx(72271.0845)
    assert net_zero["stated_value"] == -85.0
    assert net_zero["status"] == "off_track"
    assert net_zero["explanation"].startswith("Utsläppen behöver minska med 9,6")
    assert net_zero["pathway"][0] == {"year": 1990, "value": pytest.approx(481807.23)}
    assert net_zero["pathway"][-1] == {"year": 2040, "value": pytest.approx(72271.0845)}
    assert set(net_zero["trend"][0]) == {"year", "value"}
    assert net_zero["trend"][0]["year"] == 2020 and net_zero["trend"][-1]["year"] == 2040
    assert net_zero["observations"][-1]["year"] == 2024
    assert net_zero["observations"][-1]["release"].startswith("SMHI:s senaste publicering")
    assert net_zero["sources"][0]["publisher"].startswith("SMHI")
    no_data = body["goals"][2]["targets"][0]
    assert no_data["status"] == "no_data" and no_data["pathway"] == [] and no_data["trend"] == []
    assert body["carbon_budget"] is None


def test_the_carbon_budget_is_labelled_as_klimatkollens_allocation(
    client, umea_emissions, umea_goals, umea_co2, umea_budget, december_2026
):
    budget = client.get(URL).json()["carbon_budget"]
    assert budget["label"] == "Klimatkollens fördelning"
    assert budget["amount"] == 534037.912 and budget["unit"] == "t CO2"
    assessed = budget["assessment"]
    assert assessed["runs_out_year"] == 2026
    # Published CO2 ends in 2022; 2024–2025 (the budget's years that have passed) are
    # estimated and counted, so used and remaining add up to the budget.
    assert assessed["observed_through"] is None
    assert (assessed["estimated_from"], assessed["estimated_through"]) == (2024, 2025)
    assert assessed["used"] == pytest.approx(472010.51, abs=0.01)
    assert assessed["remaining"] == pytest.approx(62027.40, abs=0.01)
    assert assessed["used"] + assessed["remaining"] == pytest.approx(budget["amount"])
    assert budget["pathway"][0]["year"] == 2024


@pytest.fixture
def draft_goal(umea_goals):
    goal = goal_create(
        city=City.objects.get(code="2480"), title="Utkast: halverade utsläpp 2030", scope="area"
    )
    target_create(
        goal=goal,
        indicator=Indicator.objects.get(key="territorial_ghg"),
        kind="percent_change",
        base_year=1990,
        target_year=2030,
        target_value=-50.0,
    )
    return goal


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [g["title"] for g in response.json()["goals"]]


def test_anonymous_visitors_get_published_goals_only(client, umea_emissions, draft_goal):
    assert draft_goal.title not in titles(client.get(URL))


def test_a_citys_officer_also_gets_its_drafts_marked_as_such(
    client, umea_emissions, draft_goal, umea_officer
):
    client.force_login(umea_officer)
    body = client.get(URL).json()
    draft = next(g for g in body["goals"] if g["title"] == draft_goal.title)
    assert draft["is_published"] is False
    assert draft["targets"][0]["is_published"] is False
    assert draft["targets"][0]["target_value"] == pytest.approx(481807.23 / 2)


def test_another_citys_officer_does_not_get_the_drafts(
    client, umea_emissions, draft_goal, malmo_officer
):
    client.force_login(malmo_officer)
    assert draft_goal.title not in titles(client.get(URL))


def test_programme_staff_get_every_citys_drafts(client, umea_emissions, draft_goal, staff_user):
    client.force_login(staff_user)
    assert draft_goal.title in titles(client.get(URL))


def test_an_unknown_municipality_is_404(client, municipalities):
    assert client.get("/api/v1/cities/9999/goals/").status_code == 404


def test_writing_is_refused(client, umea_emissions, umea_goals, umea_admin):
    client.force_login(umea_admin)
    assert client.post(URL, {}).status_code == 405


def test_the_public_answer_costs_fixed_queries_and_is_cached(
    client, umea_emissions, umea_goals, django_assert_num_queries
):
    with django_assert_num_queries(7):  # the city, then the six of city_progress
        client.get(URL)
    with django_assert_num_queries(1):  # the city only
        client.get(URL)
    goal_create(city=City.objects.get(code="2480"), title="Nytt", scope="area", is_published=True)
    assert "Nytt" in titles(client.get(URL))


def test_the_endpoint_is_in_the_openapi_schema(client, municipalities):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/v1/cities/{code}/goals/" in schema["paths"]
