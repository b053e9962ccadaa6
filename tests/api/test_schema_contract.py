"""The OpenAPI schema says what the server does: empty filters are ignored (and declared),
``limit``/``offset``/``format`` are validated (400, not a quiet default), ``version`` is
declared required where the server requires it. schemathesis checks the rest
(tests/api/test_schemathesis.py)."""

from __future__ import annotations

import pytest

from tests.api.conftest import send


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/schema/?format=json").json()


def parameter(schema, path: str, name: str) -> dict:
    found = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name]
    return found[0]["schema"]


def test_an_empty_filter_is_ignored_and_declared(client, values, schema):
    everything = client.get("/api/v1/observations/").json()["count"]
    assert client.get("/api/v1/observations/?city=").json()["count"] == everything
    assert client.get("/api/v1/observations/?year=").status_code == 400  # an integer
    assert parameter(schema, "/api/v1/observations/", "city")["pattern"].endswith(")?$")


@pytest.mark.parametrize(
    "query", ["limit=null", "limit=0", "offset=1.1e-83", "offset=-1", "format=xml", "format="]
)
def test_malformed_paging_and_formats_are_400s(client, values, query):
    response = client.get(f"/api/v1/observations/?{query}")
    assert response.status_code == 400, response.content
    assert query.split("=")[0] in response.json()


def test_paging_bounds_are_in_the_schema(schema):
    assert parameter(schema, "/api/v1/observations/", "limit")["minimum"] == 1
    assert parameter(schema, "/api/v1/observations/", "offset")["minimum"] == 0
    assert parameter(schema, "/api/v1/observations/", "year")["minimum"] == 1900


def test_version_is_required_where_the_server_requires_it(client, values, umea_officer, schema):
    body = schema["components"]["schemas"]["PatchedObservationUpdate"]
    assert body["required"] == ["version"]
    client.force_login(umea_officer)
    item = values.published
    response = send(client, "patch", f"/api/v1/observations/{item.pk}/", {})
    assert response.status_code == 400 and "version" in response.json()
    delete = schema["paths"]["/api/v1/observations/{id}/"]["delete"]["parameters"]
    version = next(p for p in delete if p["name"] == "version")
    assert version["required"] and version["schema"]["minimum"] == 1
    assert client.delete(f"/api/v1/observations/{item.pk}/?version=0").status_code == 400
