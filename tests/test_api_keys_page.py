"""The API keys page: create and name a key (shown once), see when it was last used and
when it expires, revoke it; nobody revokes another person's key."""

import re

from django.urls import reverse

from cities.api.tokens import api_token_create
from cities.models import ApiToken


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


def test_an_officer_creates_a_key_sees_it_once_and_uses_it(client, umea_officer):
    client.force_login(umea_officer)
    assert "Du har inga API-nycklar." in words(client.get(reverse("workspace:api-keys")))
    page = client.post(reverse("workspace:api-keys"), {"name": "Importskript"})
    key = re.search(r'<code class="key">([^<]+)</code>', page.content.decode()).group(1)
    text = words(page)
    assert "visas bara den här gången" in text
    assert "Importskript" in text and "aldrig" in text and "giltig" in text
    # the key works for the API, and the page then shows when it was last used
    api = client.__class__()
    assert api.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    again = client.get(reverse("workspace:api-keys"))
    assert key not in again.content.decode()  # never shown again
    token = ApiToken.objects.get(user=umea_officer)
    assert token.last_used_at is not None
    assert token.last_used_at.astimezone().strftime("%Y-%m-%d") in words(again)
    assert token.expires_at.astimezone().strftime("%Y-%m-%d") in words(again)


def test_an_officer_revokes_their_key(client, umea_officer):
    token, key = api_token_create(user=umea_officer, name="Gammalt skript")
    client.force_login(umea_officer)
    response = client.post(reverse("workspace:api-key-revoke", args=[token.pk]), follow=True)
    assert "Nyckeln ”Gammalt skript” är återkallad." in words(response)
    assert "återkallad" in words(response)
    token.refresh_from_db()
    assert token.revoked_at is not None
    api = client.__class__()
    assert api.get("/api/v1/tokens/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code in (401, 403)


def test_nobody_revokes_another_persons_key(client, umea_officer, malmo_officer):
    token, _key = api_token_create(user=umea_officer, name="Annas skript")
    client.force_login(malmo_officer)
    assert client.post(reverse("workspace:api-key-revoke", args=[token.pk])).status_code == 403
    assert "Annas skript" not in words(client.get(reverse("workspace:api-keys")))
    token.refresh_from_db()
    assert token.revoked_at is None
