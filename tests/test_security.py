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
