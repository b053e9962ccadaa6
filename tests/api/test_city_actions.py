"""GET /api/v1/cities/{code}/actions/: the published actions with their fields and
latest published follow-up; drafts never; a fixed number of queries."""

from __future__ import annotations

import pytest

from actions.services import follow_up_create

URL = "/api/v1/cities/2480/actions/"


@pytest.fixture
def published(umea, action_factory, umea_goals):
    action = action_factory(
        city=umea,
        title="Biogasbussar",
        published=True,
        sector="Transporter",
        status="ongoing",
        stage="scaling",
        expected_reduction=1200,
        expected_reduction_low=900,
        expected_reduction_high=1500,
        effect_from_year=2026,
        funding_source="Klimatklivet",
        funding_status="granted",
        co_benefits=["health"],
        goals=[umea_goals[1]],
        costs=[{"year": 2025, "investment_sek": 4_000_000}],
    )
    follow_up_create(
        action=action,
        by=None,
        values={"period_year": 2025, "period_number": 1, "text": "Första", "progress_pct": 10},
        publish=True,
    )
    follow_up_create(
        action=action,
        by=None,
        values={"period_year": 2025, "period_number": 2, "text": "Andra", "progress_pct": 30},
        publish=True,
    )
    follow_up_create(
        action=action,
        by=None,
        values={"period_year": 2025, "period_number": 3, "text": "Utkast"},
    )
    return action


def test_it_lists_published_actions_with_their_latest_published_follow_up(
    client, published, action_factory, umea
):
    action_factory(city=umea, title="Hemligt utkast")
    data = client.get(URL).json()
    assert data["city"] == "2480" and data["count"] == 1
    (action,) = data["actions"]
    assert action["title"] == "Biogasbussar"
    assert action["url"] == f"http://testserver/kommuner/umea/atgarder/{published.pk}/"
    assert (action["sector"], action["status_label"], action["stage_label"]) == (
        "Transporter",
        "Pågående",
        "Uppskalning",
    )
    assert action["expected_reduction"] == {
        "unit": "t CO2e/år",
        "central": 1200.0,
        "low": 900.0,
        "high": 1500.0,
        "from_year": 2026,
    }
    assert action["costs"] == [
        {
            "year": 2025,
            "investment_sek": 4000000,
            "operating_sek": None,
            "funding_source": "Klimatklivet",
            "funding_status": "granted",
        }
    ]
    assert action["goals"][0]["title"].startswith("Umeå ska vara klimatneutralt 2040")
    assert action["co_benefits"] == ["health"]
    latest = action["latest_follow_up"]
    assert latest["text"] == "Andra" and latest["progress_pct"] == 30
    assert latest["period"]["label"] == "T2 2025"


def test_an_action_without_an_estimate_says_null_not_zero(client, umea, action_factory):
    action_factory(city=umea, title="Klimatfärdplan", published=True)
    (action,) = client.get(URL).json()["actions"]
    assert action["expected_reduction"] is None
    assert action["latest_follow_up"] is None


def test_an_unknown_city_is_404(client, municipalities):
    assert client.get("/api/v1/cities/9999/actions/").status_code == 404


@pytest.mark.parametrize("n", [1, 20])
def test_the_api_costs_the_same_queries_for_any_number_of_actions(
    client, umea, action_factory, django_assert_num_queries, n
):
    for i in range(n):
        action_factory(
            city=umea,
            title=f"Åtgärd {i}",
            published=True,
            costs=[{"year": 2025, "operating_sek": 1}],
        )
    # city, actions, goals, indicators, costs, follow-ups
    with django_assert_num_queries(6):
        assert client.get(URL).json()["count"] == n


def test_writes_are_not_allowed(client, umea_officer, published):
    client.force_login(umea_officer)
    assert client.post(URL, {"title": "x"}).status_code in (403, 405)
