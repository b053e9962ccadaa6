"""The site's security promises that need no browser: the Content-Security-Policy on
every response (the browser test tests/browser/test_csp.py checks that no page breaks
it), and no inline script, style or event handler in any template."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.conftest import ROOT


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/cities/", "/api/docs/"])
def test_every_response_carries_the_strict_policy(client, municipalities, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert policy == settings.CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in policy and "script-src 'self';" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>"  # inline script
    r"|<style\b|\sstyle=[\"']|\son[a-z]+=[\"']|javascript:",
    re.IGNORECASE,
)


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                found.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_healthz_says_database_cache_and_broker_are_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_naming_what_is_down(client, db, monkeypatch):
    from core import health

    def down():
        raise ConnectionError("no cache")

    monkeypatch.setitem(health.CHECKS, "cache", down)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "fail", "broker": "ok"}


def test_a_server_error_is_mailed_to_the_admins(client, db, settings, monkeypatch):
    from django.core import mail

    from cities.api import cities

    settings.ADMINS = [("Drift", "drift@example.org")]

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(cities.CityViewSet, "list", explode)
    client.raise_request_exception = False
    assert client.get("/api/v1/cities/").status_code == 500
    assert [m.to for m in mail.outbox] == [["drift@example.org"]]
    assert "RuntimeError" in mail.outbox[0].body


def test_admins_are_read_from_the_environment():
    from tests.test_settings import start

    bad = start(SECRET_KEY="x" * 50, ADMINS="not an address")
    assert bad.returncode != 0 and "ADMINS" in bad.stderr


def test_every_runtime_dependency_is_pinned_in_the_lock_file():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = {
        line.split("==")[0]
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line and not line.startswith("#")
    }
    for requirement in project["dependencies"]:
        name = re.split(r"[\[<>=!~ ]", requirement, maxsplit=1)[0].lower()
        assert name in pinned, f"{name} is not in requirements.lock: run `make lock`"
    assert all(
        "==" in line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line and not line.startswith("#")
    )
