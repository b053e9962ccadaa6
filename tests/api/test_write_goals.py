"""Writing goals and targets through the API: city administrators only, as in the
workspace; drafts, publishing, optimistic locking, Swedish messages."""

from __future__ import annotations

import pytest

from cities import drafts
from cities.history import history_for
from cities.models import Goal
from indicators.models import Target
from tests.api.conftest import send
from tests.api.test_write_values import refused

GOALS = "/api/v1/goals/"
TARGETS = "/api/v1/targets/"
NEW_GOAL = {
    "city": "2480",
    "title": "Hälften av resorna hållbara 2030",
    "scope": "area",
    "target_year": 2030,
    "decided_by": "Kommunfullmäktige",
    "decided_on": "2024-03-01",
}


def test_an_administrator_creates_a_goal_as_a_draft(client, goals, umea_admin):
    client.force_login(umea_admin)
    response = send(client, "post", GOALS, NEW_GOAL)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == NEW_GOAL["title"] and body["state"] == "draft"
    assert body["decided_on"] == "2024-03-01"
    goal = Goal.objects.get(pk=body["id"])
    assert history_for(goal).get().user == umea_admin


@pytest.mark.parametrize("who", ["anonymous", "umea_officer", "malmo_officer", "staff_user"])
def test_goals_are_refused_to_everyone_but_the_citys_administrators(client, goals, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    goal = goals.published
    refused(client, "post", GOALS, NEW_GOAL)
    refused(client, "patch", f"{GOALS}{goal.pk}/", {"version": goal.version, "title": "x"})
    refused(client, "post", f"{GOALS}{goal.pk}/publish/", {"version": goal.version})
    refused(client, "delete", f"{GOALS}{goal.pk}/?version={goal.version}")


def test_changing_and_publishing_a_goal(client, goals, umea_admin):
    client.force_login(umea_admin)
    goal = goals.published
    response = send(client, "patch", f"{GOALS}{goal.pk}/", {"version": goal.version, "title": "Ny"})
    assert response.status_code == 200 and response.json()["state"] == "changed"
    version = response.json()["version"]
    response = send(client, "post", f"{GOALS}{goal.pk}/publish/", {"version": version})
    assert response.status_code == 200 and response.json()["state"] == "published"
    assert Goal.objects.get(pk=goal.pk).title == "Ny"


def test_a_goal_changed_meanwhile_is_not_overwritten(client, goals, umea_admin):
    client.force_login(umea_admin)
    goal = goals.changed  # version 2 now
    response = send(client, "patch", f"{GOALS}{goal.pk}/", {"version": 1, "title": "Gammal"})
    assert response.status_code == 409
    change = next(c for c in response.json()["changes"] if c["field"] == "title")
    assert change["current"] == "Hemlig ny rubrik"
    assert drafts.working(Goal.objects.get(pk=goal.pk)).title == "Hemlig ny rubrik"


def test_a_goal_needs_a_known_scope_and_a_year_in_range(client, goals, umea_admin):
    client.force_login(umea_admin)
    response = send(client, "post", GOALS, {**NEW_GOAL, "scope": "planet", "target_year": 1066})
    assert response.status_code == 400
    body = response.json()
    assert body["scope"] == ['"planet" är inte ett giltigt val.']
    assert body["target_year"] == ["Se till att detta värde är större än eller lika med 1990."]


NEW_TARGET = {"indicator": "sustainable_trips_share", "kind": "share", "target_year": 2030}


def test_an_administrator_adds_a_target_to_a_goal(client, umea_emissions, goals, umea_admin):
    client.force_login(umea_admin)
    data = {**NEW_TARGET, "goal": goals.draft.pk, "target_value": 50}
    response = send(client, "post", TARGETS, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["status"], body["target_value"]) == ("draft", "no_data", 50.0)
    assert body["goal"]["id"] == goals.draft.pk
    target = Target.objects.get(pk=body["id"])
    response = send(
        client, "patch", f"{TARGETS}{target.pk}/", {"version": target.version, "target_value": 60}
    )
    assert response.status_code == 200 and response.json()["target_value"] == 60.0
    response = send(client, "post", f"{TARGETS}{target.pk}/publish/", {"version": 2})
    assert response.status_code == 200 and response.json()["state"] == "published"


def test_a_target_is_checked_by_the_models_rules(client, goals, umea_admin):
    client.force_login(umea_admin)
    data = {**NEW_TARGET, "goal": goals.draft.pk, "target_value": 150}
    response = send(client, "post", TARGETS, data)
    assert response.status_code == 400
    assert response.json() == {"target_value": ["en andel anges i procent, mellan 0 och 100."]}
    response = send(client, "post", TARGETS, {**data, "target_value": 50, "indicator": "x"})
    assert response.json() == {"indicator": ["Indikatorn finns inte för den här kommunen."]}
    response = send(client, "post", TARGETS, {**data, "goal": 999999})
    assert response.json() == {"goal": ["Målet finns inte."]}


@pytest.mark.parametrize("who", ["anonymous", "umea_officer", "malmo_officer", "staff_user"])
def test_targets_are_refused_to_everyone_but_the_citys_administrators(client, goals, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    target = Target.objects.filter(goal=goals.published, is_published=True).first()
    refused(client, "post", TARGETS, {**NEW_TARGET, "goal": goals.published.pk, "target_value": 5})
    refused(client, "patch", f"{TARGETS}{target.pk}/", {"version": target.version, "note": "x"})
    refused(client, "post", f"{TARGETS}{target.pk}/publish/", {"version": target.version})
    refused(client, "delete", f"{TARGETS}{target.pk}/?version={target.version}")
