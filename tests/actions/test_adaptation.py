"""Adaptation alongside mitigation (issue 16): an action's kind, the climate risks it
addresses, the conflicts the city flags; the portfolio page's synergies and conflicts,
and the API's filters."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action
from actions.services import action_create

pytestmark = pytest.mark.django_db


def _action(umea, title, **values):
    return action_create(city=umea, by=None, values={"title": title, **values}, publish=True)


def test_climate_risks_belong_to_adaptation_actions(umea):
    with pytest.raises(ValidationError) as refused:
        _action(umea, "Solceller", kind="mitigation", climate_risks=["heat"])
    assert "klimatanpassning" in str(refused.value)
    with pytest.raises(ValidationError):
        _action(umea, "Okänt", kind="adaptation", climate_risks=["volcano"])
    trees = _action(umea, "Stadsträd", kind="both", climate_risks=["flooding", "heat"])
    assert trees.climate_risks == ["heat", "flooding"]  # one order


def test_the_portfolio_shows_synergies_and_flagged_conflicts(client, umea):
    _action(umea, "Stadsträd och grönytor", kind="both", climate_risks=["heat", "flooding"])
    _action(umea, "Skyfallsdammar", kind="adaptation", climate_risks=["flooding"])
    _action(
        umea,
        "Fjärrkyla i centrum",
        kind="adaptation",
        climate_risks=["heat"],
        conflict_note="Kylningen ökar elanvändningen.",
    )
    _action(umea, "Elbussar", sector="Transporter")
    page = client.get("/kommuner/umea/atgarder/")
    tables = page.context["page"].tables
    kinds = {key: values[0] for key, values in tables["inriktning"].rows()}
    assert kinds == {"Utsläppsminskning": 1, "Klimatanpassning": 2, "Båda": 1}
    risks = {key: values[0] for key, values in tables["klimatrisker"].rows()}
    assert risks["Värmeböljor"] == 2 and risks["Översvämning och skyfall"] == 2
    assert [str(key) for key, _ in tables["synergier"].rows()] == ["Stadsträd och grönytor"]
    assert [str(key) for key, _ in tables["konflikter"].rows()] == ["Fjärrkyla i centrum"]
    text = page.content.decode()
    assert "Klimatanpassning och utsläppsminskning" in text
    assert "Kylningen ökar elanvändningen." in text


def test_the_api_filters_by_kind_risk_and_conflict(client, umea):
    _action(umea, "Stadsträd", kind="both", climate_risks=["heat", "flooding"])
    _action(umea, "Skyfallsdammar", kind="adaptation", climate_risks=["flooding"])
    _action(umea, "Fjärrkyla", kind="adaptation", climate_risks=["heat"], conflict_note="El")
    _action(umea, "Elbussar")

    def titles(query: str) -> list[str]:
        body = client.get(f"/api/v1/actions/?city=2480&{query}").json()
        rows = body["results"] if isinstance(body, dict) else body
        return sorted(row["title"] for row in rows)

    assert titles("kind=adaptation") == ["Fjärrkyla", "Skyfallsdammar"]
    assert titles("climate_risk=heat") == ["Fjärrkyla", "Stadsträd"]
    assert titles("conflict=true") == ["Fjärrkyla"]
    assert client.get("/api/v1/actions/?climate_risk=volcano").status_code == 400


def test_an_officer_sets_the_kind_and_risks_and_another_city_is_refused(
    client, umea, umea_officer, malmo_officer
):
    item = _action(umea, "Gröna tak")
    body = {"version": item.version, "kind": "both", "climate_risks": ["flooding"]}
    client.force_login(malmo_officer)
    refused = client.patch(f"/api/v1/actions/{item.pk}/", body, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(umea_officer)
    answer = client.patch(f"/api/v1/actions/{item.pk}/", body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    item = Action.objects.get(pk=item.pk)
    # published: the change waits beside it until an administrator publishes it
    assert item.draft["kind"] == "both" and item.draft["climate_risks"] == ["flooding"]
