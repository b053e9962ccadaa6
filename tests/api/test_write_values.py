"""Writing values (utfall) through the API: the officer's form, as JSON. Drafts, optimistic
locking (409 with what changed), Swedish messages on the fields, the form's permissions."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities import drafts
from cities.history import history_for
from indicators.models import Observation
from tests.api.conftest import send

URL = "/api/v1/observations/"
NEW = {
    "city": "2480",
    "indicator": "sustainable_trips_share",
    "year": 2020,
    "value": 48.5,
    "status": "preliminary",
    "source": "Resvaneundersökning",
    "note": "Från enkäten",
}


def writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)
        and "django_session" not in q["sql"]
    ]


def refused(client, method: str, url: str, data=None) -> dict:
    """The request is refused with 403 and writes nothing; returns the answer's body."""
    with CaptureQueriesContext(connection) as queries:
        response = send(client, method, url, data)
    assert response.status_code == 403, response.content
    assert not writes(queries)
    return response.json()


def test_an_officer_records_a_value_as_a_draft(client, values, umea_officer):
    client.force_login(umea_officer)
    response = send(client, "post", URL, NEW)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["year"], body["value"], body["status"]) == (2020, 48.5, "preliminary")
    assert (body["state"], body["is_published"], body["version"]) == ("draft", False, 1)
    assert (body["reference"], body["release"]["name"]) == (
        "Resvaneundersökning",
        "Kommunens egna uppgifter",
    )
    made = Observation.objects.get(pk=body["id"])
    assert made.note == "Från enkäten" and made.updated_by == umea_officer
    record = history_for(made).get()
    assert (record.action, record.user) == ("create", umea_officer)
    client.logout()
    years = [r["year"] for r in client.get(URL + "?city=2480").json()["results"]]
    assert 2020 not in years  # the public sees it once it is published


@pytest.mark.parametrize("who", ["anonymous", "malmo_officer", "staff_user"])
def test_recording_a_value_is_refused_to_others(client, values, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    body = refused(client, "post", URL, NEW)
    assert body["detail"]
    if who == "malmo_officer":
        assert body["detail"] == "Du har inte behörighet att ändra det här i Umeå."


def test_changing_a_published_value_waits_for_publishing(client, values, umea_officer):
    client.force_login(umea_officer)
    item = values.published
    response = send(client, "patch", f"{URL}{item.pk}/", {"version": item.version, "value": 55})
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["state"]) == (55.0, "changed")
    client.logout()
    assert client.get(f"{URL}{item.pk}/").json()["value"] == 52.0  # still the published one


def test_a_stale_version_is_refused_with_what_changed(client, values, umea_officer, umea_admin):
    item = values.draft
    client.force_login(umea_admin)
    send(client, "patch", f"{URL}{item.pk}/", {"version": item.version, "value": 60})
    client.force_login(umea_officer)
    changes = history_for(item).count()
    response = send(client, "patch", f"{URL}{item.pk}/", {"version": item.version, "value": 61})
    assert response.status_code == 409
    assert history_for(item).count() == changes  # nothing written
    body = response.json()
    assert body["code"] == "stale" and body["version"] == item.version + 1
    assert body["changed_by"] == "erik.umea"
    assert {"field": "value", "yours": 54.0, "current": 60.0} in body["changes"]
    assert "sparades inte" in body["detail"]
    assert drafts.working(Observation.objects.get(pk=item.pk)).value == 60.0


def test_bad_input_is_refused_in_swedish_on_its_field_and_nothing_is_written(
    client, values, umea_officer
):
    client.force_login(umea_officer)
    cases = [
        ({**NEW, "value": "mycket"}, "value", "Ett giltigt nummer krävs."),
        (
            {**NEW, "year": 1800},
            "year",
            "Se till att detta värde är större än eller lika med 1900.",
        ),
        (
            {**NEW, "year": 2022},
            "year",
            "Det finns redan ett värde för 2022 i kommunens egna uppgifter",
        ),
        ({**NEW, "uncertainty_low": 60}, "uncertainty_low", "får inte vara större än värdet."),
        ({**NEW, "indicator": "territorial_ghg"}, "indicator", "Nationella emissionsdatabasen"),
        ({**NEW, "indicator": "finns_inte"}, "indicator", "Indikatorn finns inte"),
        ({**NEW, "city": "9999"}, "city", "Okänd kommunkod 9999."),
        (
            {k: v for k, v in NEW.items() if k != "source"},
            "source",
            "Det här fältet är obligatoriskt.",
        ),
    ]
    for data, field, message in cases:
        with CaptureQueriesContext(connection) as queries:
            response = send(client, "post", URL, data)
        assert response.status_code == 400, (field, response.content)
        assert any(message in m for m in response.json()[field]), response.json()
        assert not writes(queries), field


def test_a_change_must_name_the_version_it_was_read_at(client, values, umea_officer):
    client.force_login(umea_officer)
    response = send(client, "patch", f"{URL}{values.draft.pk}/", {"value": 1})
    assert response.status_code == 400
    assert response.json() == {"version": ["Ange versionen du läste."]}


@pytest.mark.parametrize("who", ["anonymous", "malmo_officer", "staff_user"])
def test_changing_a_value_is_refused_to_others(client, values, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    item = values.published
    refused(client, "patch", f"{URL}{item.pk}/", {"version": item.version, "value": 1})
    refused(client, "delete", f"{URL}{item.pk}/?version={item.version}")


def test_another_citys_officer_cannot_even_see_a_draft(client, values, malmo_officer):
    client.force_login(malmo_officer)
    item = values.draft
    response = send(client, "patch", f"{URL}{item.pk}/", {"version": 1, "value": 1})
    assert response.status_code == 404


def test_deleting_a_draft_is_at_once_and_a_published_value_waits(client, values, umea_officer):
    client.force_login(umea_officer)
    draft, published = values.draft, values.published
    assert client.delete(f"{URL}{draft.pk}/?version={draft.version}").status_code == 204
    assert Observation.objects.get(pk=draft.pk).deleted_at is not None
    response = client.delete(f"{URL}{published.pk}/?version={published.version}")
    assert response.status_code == 202 and response.json()["state"] == "deleting"
    assert client.delete(f"{URL}{published.pk}/").status_code == 400  # no version


def test_an_administrator_publishes_and_an_officer_may_not(
    client, values, umea_officer, umea_admin
):
    item = values.changed
    client.force_login(umea_officer)
    refused(client, "post", f"{URL}{item.pk}/publish/", {"version": item.version})
    client.force_login(umea_admin)
    response = send(client, "post", f"{URL}{item.pk}/publish/", {"version": item.version})
    assert response.status_code == 200, response.content
    assert (response.json()["value"], response.json()["state"]) == (99.0, "published")
    client.logout()
    assert client.get(f"{URL}{item.pk}/").json()["value"] == 99.0


def test_publishing_a_pending_deletion_removes_the_value(client, values, umea_admin):
    item = values.published
    client.force_login(umea_admin)
    client.delete(f"{URL}{item.pk}/?version={item.version}")
    item.refresh_from_db()
    response = send(client, "post", f"{URL}{item.pk}/publish/", {"version": item.version})
    assert response.status_code == 204
    assert client.get(f"{URL}{item.pk}/").status_code == 404


def test_a_session_write_needs_the_csrf_token(values, umea_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(umea_officer)
    response = send(client, "post", URL, NEW)
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_the_public_list_is_kept_until_a_value_changes(
    client, values, umea_admin, django_assert_num_queries
):
    listing = f"{URL}?city=2480"
    item = values.changed  # published, with a change waiting for publishing
    before = client.get(listing).json()
    with django_assert_num_queries(0):  # the same answer for every reader: kept
        assert client.get(listing).json() == before
    client.force_login(umea_admin)
    response = send(client, "post", f"{URL}{item.pk}/publish/", {"version": item.version})
    assert response.status_code == 200, response.content
    client.logout()
    after = client.get(listing).json()  # the publish bumped the data generation
    assert [r["value"] for r in after["results"] if r["id"] == item.pk] == [99.0]
    assert after != before
