"""Writing actions and their follow-ups through the API: the city's officers change them,
its administrators publish them (as with the forms); locking and Swedish messages."""

from __future__ import annotations

import pytest

from actions.models import Action, FollowUp
from cities.history import history_for
from tests.api.conftest import send
from tests.api.test_write_values import refused

ACTIONS = "/api/v1/actions/"
FOLLOW_UPS = "/api/v1/action-follow-ups/"


@pytest.fixture
def new_action(umea_goals):
    return {
        "city": "2480",
        "title": "Laddinfrastruktur i ytterområden",
        "sector": "Transporter",
        "status": "planned",
        "stage": "pilot",
        "lever": "investment",
        "start": "2025",
        "end": "2027-06",
        "responsible_body": "Tekniska nämnden",
        "goals": [umea_goals[1].pk],
        "indicators": ["sustainable_trips_share"],
        "expected_reduction": {"central": 800, "low": 500, "high": 1000, "from_year": 2026},
        "co_benefits": ["air_quality", "health"],
        "costs": [
            {"year": 2025, "investment_sek": 2_000_000, "funding_source": "Klimatklivet"},
            {"year": 2026, "operating_sek": 150_000},
        ],
    }


def test_an_officer_adds_an_action_with_costs_goals_and_effect(
    client, actions, new_action, umea_officer, umea_goals
):
    client.force_login(umea_officer)
    response = send(client, "post", ACTIONS, new_action)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft" and body["title"] == new_action["title"]
    assert (body["start"], body["end"]) == ("2025", "2027-06")
    assert body["expected_reduction"] == {
        "unit": "t CO2e/år",
        "central": 800.0,
        "low": 500.0,
        "high": 1000.0,
        "from_year": 2026,
    }
    assert [c["year"] for c in body["costs"]] == [2025, 2026]
    assert body["costs"][0]["investment_sek"] == 2_000_000
    assert body["goals"] == [{"id": umea_goals[1].pk, "title": umea_goals[1].title}]
    assert body["indicators"] == ["sustainable_trips_share"]
    assert body["co_benefits"] == ["health", "air_quality"]
    action = Action.objects.get(pk=body["id"])
    assert action.end_date.isoformat() == "2027-06-30"  # a month means its last day
    record = history_for(action).get()
    assert record.user == umea_officer and record.changes["costs"][1]


@pytest.mark.parametrize("who", ["anonymous", "malmo_officer", "staff_user"])
def test_actions_are_refused_to_others(client, actions, new_action, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    item = actions.published
    refused(client, "post", ACTIONS, new_action)
    refused(client, "patch", f"{ACTIONS}{item.pk}/", {"version": item.version, "title": "x"})
    refused(client, "delete", f"{ACTIONS}{item.pk}/?version={item.version}")
    refused(client, "post", f"{ACTIONS}{item.pk}/publish/", {"version": item.version})


def test_an_officer_changes_an_action_and_an_administrator_publishes_it(
    client, actions, umea_officer, umea_admin
):
    item = actions.draft
    client.force_login(umea_officer)
    data = {"version": item.version, "status": "ongoing", "expected_reduction": None}
    response = send(client, "patch", f"{ACTIONS}{item.pk}/", data)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ongoing"
    version = response.json()["version"]
    refused(client, "post", f"{ACTIONS}{item.pk}/publish/", {"version": version})
    client.force_login(umea_admin)
    response = send(client, "post", f"{ACTIONS}{item.pk}/publish/", {"version": version})
    assert response.status_code == 200 and response.json()["state"] == "published"
    client.logout()
    assert client.get(f"{ACTIONS}{item.pk}/").json()["status_label"] == "Pågående"


def test_an_action_changed_meanwhile_is_not_overwritten(client, actions, umea_officer, umea_admin):
    item = actions.draft
    client.force_login(umea_officer)
    send(client, "patch", f"{ACTIONS}{item.pk}/", {"version": item.version, "title": "Först"})
    response = send(
        client, "patch", f"{ACTIONS}{item.pk}/", {"version": item.version, "title": "x"}
    )
    assert response.status_code == 409
    assert {"field": "title", "yours": "Hemligt utkast", "current": "Först"} in response.json()[
        "changes"
    ]
    client.force_login(umea_admin)  # publishing what one has not seen is refused too
    stale = send(client, "post", f"{ACTIONS}{item.pk}/publish/", {"version": item.version})
    assert stale.status_code == 409 and stale.json()["version"] == item.version + 1
    assert not Action.objects.get(pk=item.pk).is_published
    assert Action.objects.get(pk=item.pk).title == "Först"


def test_an_action_is_checked_like_the_form(client, actions, new_action, umea_officer):
    client.force_login(umea_officer)
    cases = [
        ({"end": "2024"}, "end", "Slut kan inte vara före start."),
        ({"start": "våren"}, "start", "Okänt datum; skriv ett år (2024)"),
        ({"goals": [999999]}, "goals", "Umeå har inget klimatmål med id 999999."),
        ({"indicators": ["nej"]}, "indicators", "Indikatorn finns inte för Umeå: nej."),
        (
            {"expected_reduction": {"central": 10, "low": 20, "from_year": 2026}},
            "expected_reduction",
            "Lägsta minskning kan inte vara större än den förväntade.",
        ),
        ({"sector": "Rymden"}, "sector", '"Rymden" är inte ett giltigt val.'),
        ({"co_benefits": ["lycka"]}, "co_benefits", '"lycka" är inte ett giltigt val.'),
    ]
    before = Action.objects.count()
    for change, field, message in cases:
        response = send(client, "post", ACTIONS, {**new_action, **change})
        assert response.status_code == 400, (field, response.content)
        text = str(response.json()[field])
        assert message in text, (field, text)
    assert Action.objects.count() == before


def test_deleting_an_action(client, actions, umea_officer):
    client.force_login(umea_officer)
    item = actions.draft
    assert client.delete(f"{ACTIONS}{item.pk}/?version={item.version}").status_code in (202, 204)
    client.logout()
    assert client.get(f"{ACTIONS}{item.pk}/").status_code == 404


def test_an_officer_follows_up_an_action(client, actions, umea_officer, umea_admin):
    client.force_login(umea_officer)
    data = {
        "action": actions.published.pk,
        "period_year": 2025,
        "period_number": 3,
        "date": "2025-12-15",
        "status": "minor",
        "progress_pct": 40,
        "text": "Upphandlingen försenad",
        "is_effect_follow_up": True,
        "realised_reduction": 300,
    }
    response = send(client, "post", FOLLOW_UPS, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["period"]["label"] == "T3 2025" and body["state"] == "draft"
    assert (body["status_label"], body["realised_reduction"]) == ("Mindre avvikelse", 300.0)
    follow_up = FollowUp.objects.get(pk=body["id"])
    response = send(
        client, "patch", f"{FOLLOW_UPS}{follow_up.pk}/", {"version": 1, "progress_pct": 45}
    )
    assert response.status_code == 200 and response.json()["progress_pct"] == 45
    client.force_login(umea_admin)
    response = send(client, "post", f"{FOLLOW_UPS}{follow_up.pk}/publish/", {"version": 2})
    assert response.status_code == 200 and response.json()["state"] == "published"
    client.logout()
    latest = client.get(f"{ACTIONS}{actions.published.pk}/").json()["latest_follow_up"]
    assert latest["text"] == "Upphandlingen försenad"


def test_a_realised_reduction_needs_an_effect_follow_up(client, actions, umea_officer):
    client.force_login(umea_officer)
    data = {"action": actions.published.pk, "realised_reduction": 300}
    response = send(client, "post", FOLLOW_UPS, data)
    assert response.status_code == 400
    assert response.json()["is_effect_follow_up"][0].startswith("En uppnådd minskning")
    response = send(
        client, "post", FOLLOW_UPS, {"action": actions.published.pk, "period_number": 9}
    )
    assert response.json() == {"period_number": ["Perioden ska vara 1–3 i kommunens cykel."]}


@pytest.mark.parametrize("who", ["anonymous", "malmo_officer", "staff_user"])
def test_follow_ups_are_refused_to_others(client, actions, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    item = actions.published_follow_up
    refused(client, "post", FOLLOW_UPS, {"action": actions.published.pk, "text": "x"})
    refused(client, "patch", f"{FOLLOW_UPS}{item.pk}/", {"version": item.version, "text": "x"})
    refused(client, "post", f"{FOLLOW_UPS}{item.pk}/publish/", {"version": item.version})
    refused(client, "delete", f"{FOLLOW_UPS}{item.pk}/?version={item.version}")


@pytest.mark.parametrize("kind", ["action", "follow_up"])
def test_publishing_a_pending_deletion_removes_the_action_or_follow_up(
    client, actions, umea_admin, kind
):
    item = actions.published if kind == "action" else actions.published_follow_up
    url = ACTIONS if kind == "action" else FOLLOW_UPS
    client.force_login(umea_admin)
    response = client.delete(f"{url}{item.pk}/?version={item.version}")
    assert response.status_code == 202 and response.json()["state"] == "deleting"
    item.refresh_from_db()
    response = send(client, "post", f"{url}{item.pk}/publish/", {"version": item.version})
    assert response.status_code == 204, response.content
    client.logout()
    assert client.get(f"{url}{item.pk}/").status_code == 404
    record = history_for(item).order_by("-pk").first()
    assert record is not None and record.user == umea_admin
