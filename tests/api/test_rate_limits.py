"""Anonymous requests are rate-limited per client address (API_RATE_ANONYMOUS); over the
limit the API answers 429 with Retry-After, and a malformed rate stops start-up."""

from __future__ import annotations

from tests.test_settings import start


def test_the_anonymous_limit_answers_429_with_retry_after(client, municipalities, settings):
    settings.API_RATE_ANONYMOUS = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/cities/2480/").status_code == 200
    response = client.get("/api/v1/goals/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("För många förfrågningar; försök igen om ")
    # another address has its own count
    assert client.get("/api/v1/cities/2480/", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_signed_in_people_have_their_own_higher_limit(
    client, municipalities, umea_officer, settings
):
    settings.API_RATE_ANONYMOUS = "1/min"
    settings.API_RATE_USER = "5/min"
    client.force_login(umea_officer)
    assert all(client.get("/api/v1/cities/2480/").status_code == 200 for _ in range(5))
    assert client.get("/api/v1/cities/2480/").status_code == 429


def test_the_client_address_is_not_taken_from_a_forged_header(client, municipalities, settings):
    settings.API_RATE_ANONYMOUS = "1/min"
    assert client.get("/api/v1/cities/2480/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    forged = client.get("/api/v1/cities/2480/", HTTP_X_FORWARDED_FOR="2.2.2.2")
    assert forged.status_code == 429


def test_a_malformed_rate_stops_start_up_naming_the_variable():
    result = start(SECRET_KEY="x" * 50, API_RATE_ANONYMOUS="many")
    assert result.returncode != 0
    assert "API_RATE_ANONYMOUS" in result.stderr
