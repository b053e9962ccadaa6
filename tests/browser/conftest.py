"""Browser tests: Debian's Chromium driven by Playwright, with axe-core injected.

Never downloads a browser: Playwright launches /usr/bin/chromium (installed by
`make test` from Debian's packages). Screenshots go to test-artifacts/. When pytest-xdist
spreads the tests, each worker has its own browser (``browser``, session-scoped) and its
own live server on a free port (pytest-django's ``live_server``), on its own database.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Django's live server runs in a thread beside the async event loop Playwright starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium"
    assert AXE.exists(), f"{AXE} is missing: `make test` runs `npm ci`"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def phone_page(browser, locale: str):
    """A page on a 360 px wide screen, as on a small phone, whose browser asks for
    ``locale``; close its ``context`` when done."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale=locale, is_mobile=True, has_touch=True
    )
    return context.new_page()


@pytest.fixture
def phone(browser):
    """A 360 px wide screen, as on a small phone."""
    page = phone_page(browser, "sv-SE")
    yield page
    page.context.close()


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A and AA violations axe-core finds on the page as it is now. axe-core is
    evaluated by the driver, not added as an inline script, which the CSP would block."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
