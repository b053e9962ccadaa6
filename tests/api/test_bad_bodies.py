"""Bad request bodies are 400s in JSON, never an HTML page, never a 500: bodies nested
too deeply or too large (checked before parsing), NaN, infinities and ``true`` where a
number belongs; and Django's own error pages answer JSON under /api/."""

from __future__ import annotations

import json

import pytest

from core.api.parsers import MAX_DEPTH, nesting_depth
from indicators.models import Observation
from tests.api.conftest import send
from tests.api.test_write_values import NEW, URL

WRITES = [
    ("post", "/api/v1/observations/"),
    ("post", "/api/v1/actions/"),
    ("post", "/api/v1/goals/"),
    ("patch", "/api/v1/observations/{pk}/"),
]


def raw(client, method: str, url: str, body: bytes | str):
    return getattr(client, method)(url, body, content_type="application/json")


def assert_json_400(response, *words: str) -> dict:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    for word in words:
        assert word in json.dumps(body, ensure_ascii=False), body
    return body


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_a_deeply_nested_body_is_a_400_in_json(client, values, umea_admin, method, url):
    client.force_login(umea_admin)
    url = url.format(pk=values.published.pk)
    body = "[" * 50_000 + "]" * 50_000  # 100 KB: the standard parser would recurse
    assert_json_400(raw(client, method, url, body), "för djupt nästlat")
    nested = '{"a": ' * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)
    assert_json_400(raw(client, method, url, nested), "för djupt nästlat")


def test_brackets_inside_strings_do_not_count_as_nesting():
    assert nesting_depth('{"note": "[[[[{{{{\\"[[["}') == 1
    assert nesting_depth("[[1], {}]") == 2
    assert nesting_depth('"unterminated [[[') == 0
    assert nesting_depth("7") == 0


def test_a_value_note_with_brackets_is_taken(client, values, umea_officer):
    client.force_login(umea_officer)
    response = send(client, "post", URL, {**NEW, "note": "[" * 100})
    assert response.status_code == 201, response.content
    assert response.json()["note"] == "[" * 100


def test_a_body_over_the_size_limit_is_a_400_in_json(client, values, umea_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(umea_officer)
    body = json.dumps({**NEW, "note": "x" * 20_000})
    response = raw(client, "post", URL, body)
    assert_json_400(response, "för stort", "10000")
    assert not Observation.objects.filter(year=2020).exists()


def test_an_oversized_form_body_under_the_api_is_json_too(client, values, umea_officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    client.force_login(umea_officer)
    response = client.post(URL, {"note": "x" * 5_000})  # a form, read by Django itself
    assert_json_400(response, "för stort")


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_nan_and_infinities_are_not_numbers(client, values, umea_officer, constant):
    client.force_login(umea_officer)
    body = json.dumps({**NEW, "value": 0}).replace('"value": 0', f'"value": {constant}')
    assert_json_400(raw(client, "post", URL, body))
    assert not Observation.objects.filter(year=2020).exists()


@pytest.mark.parametrize("value", [True, False, "NaN", "inf", "-Infinity"])
def test_booleans_and_words_are_not_numbers(client, values, actions, umea_officer, value):
    client.force_login(umea_officer)
    assert_json_400(send(client, "post", URL, {**NEW, "value": value}), "value")
    follow_up = {"action": actions.published.pk, "is_effect_follow_up": True}
    response = send(
        client, "post", "/api/v1/action-follow-ups/", {**follow_up, "realised_reduction": value}
    )
    assert_json_400(response, "realised_reduction")


def test_an_unexpected_error_under_the_api_is_a_500_in_json(client, monkeypatch):
    from cities.api import cities

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cities.CityViewSet, "list", explode)
    client.raise_request_exception = False
    response = client.get("/api/v1/cities/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert "Ett fel uppstod på servern" in response.json()["detail"]


def test_a_page_outside_the_api_keeps_its_html_404(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
