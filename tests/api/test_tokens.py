"""API keys: an officer creates one logged in, a script then acts as the officer with
``Authorization: Bearer``; keys are stored hashed, expire and can be revoked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from cities.api.tokens import api_token_create
from cities.models import ApiToken
from indicators.models import Observation
from tests.api.conftest import send
from tests.api.test_write_values import NEW

TOKENS = "/api/v1/tokens/"


def bearer(key: str) -> Client:
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {key}"})


def test_an_officer_creates_a_key_and_a_script_writes_with_it(client, values, umea_officer):
    client.force_login(umea_officer)
    response = send(client, "post", TOKENS, {"name": "Importskript"})
    assert response.status_code == 201, response.content
    body = response.json()
    key = body["key"]
    assert key.startswith("kk_") and len(key) > 40
    assert body["prefix"] == key[:9] and body["expires_at"]
    stored = ApiToken.objects.get(pk=body["id"])
    assert key not in (stored.key_hash, stored.prefix)  # only a hash is kept
    listed = client.get(TOKENS).json()
    assert listed[0]["name"] == "Importskript" and "key" not in listed[0]

    script = bearer(key)  # no session, no CSRF token: the key is the credential
    response = send(script, "post", "/api/v1/observations/", NEW)
    assert response.status_code == 201, response.content
    assert Observation.objects.get(pk=response.json()["id"]).updated_by == umea_officer
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_a_key_has_exactly_its_owners_rights(values, malmo_officer):
    _token, key = api_token_create(user=malmo_officer, name="Malmö")
    response = send(bearer(key), "post", "/api/v1/observations/", NEW)
    assert response.status_code == 403


def test_a_key_cannot_make_more_keys(values, umea_officer):
    _token, key = api_token_create(user=umea_officer, name="Skript")
    response = send(bearer(key), "post", TOKENS, {"name": "Evig"})
    assert response.status_code == 403
    assert "inloggad med lösenord" in response.json()["detail"]
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize("state", ["revoked", "expired", "unknown", "inactive user"])
def test_a_revoked_expired_or_unknown_key_is_refused(values, umea_officer, state):
    token, key = api_token_create(user=umea_officer, name="Skript")
    if state == "revoked":
        token.revoked_at = timezone.now()
    elif state == "expired":
        token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    elif state == "unknown":
        key = key[:-4] + "abcd"
    else:
        umea_officer.is_active = False
        umea_officer.save()
    token.save()
    response = send(bearer(key), "post", "/api/v1/observations/", NEW)
    assert response.status_code == 403
    assert response.json()["detail"] == "API-nyckeln är ogiltig, har gått ut eller återkallats."


def test_revoking_a_key_stops_it_at_once(client, values, umea_officer):
    token, key = api_token_create(user=umea_officer, name="Skript")
    client.force_login(umea_officer)
    assert client.delete(f"{TOKENS}{token.pk}/").status_code == 204
    assert send(bearer(key), "post", "/api/v1/observations/", NEW).status_code == 403


def test_nobody_sees_or_revokes_anothers_keys(client, values, umea_officer, malmo_officer):
    token, _key = api_token_create(user=umea_officer, name="Skript")
    client.force_login(malmo_officer)
    assert client.get(TOKENS).json() == []
    assert client.delete(f"{TOKENS}{token.pk}/").status_code == 404
    client.logout()
    assert client.get(TOKENS).status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
