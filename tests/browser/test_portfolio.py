"""The action portfolio in real Chromium: an officer adds an action with an expected
effect and the gap chart changes; the public pages pass axe and work at 360 px."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from actions.demo import umea_actions_load
from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PORTFOLIO = "/kommuner/umea/atgarder/"


def log_in(page, live_server, user) -> None:
    """Give the browser a session for ``user`` (the login page is the workspace's)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def gap_bars(page) -> dict[str, float]:
    figure = json.loads(page.locator("#gap-figure").text_content())
    return {
        y: x
        for trace in figure["data"]
        if trace["type"] == "bar"
        for y, x in zip(trace["y"], trace["x"], strict=True)
    }


def open_portfolio(page, live_server) -> None:
    page.goto(live_server.url + PORTFOLIO)
    page.wait_for_selector('[data-figure="gap-figure"][data-drawn="true"]')


def test_an_officer_adds_an_action_with_an_effect_and_the_gap_chart_changes(
    page, live_server, umea_emissions, umea_goals, umea_officer
):
    log_in(page, live_server, umea_officer)
    open_portfolio(page, live_server)
    before = gap_bars(page)
    assert "Efter åtgärder 2040" not in before
    assert "Ingen åtgärd har en förväntad effekt" in page.locator("#gap-summary").inner_text()
    drawn_before = page.locator('[data-figure="gap-figure"] .barlayer .point').count()

    page.get_by_role("link", name="Lägg till åtgärd").click()
    page.get_by_label("Rubrik").fill("Elbussar i hela stadstrafiken")
    page.get_by_label("Sektor").select_option("Transporter")
    page.get_by_label("Förväntad minskning (t CO2e per år)").fill("100 000")
    page.get_by_label("Lägsta (t CO2e per år)").fill("80 000")
    page.get_by_label("Högsta (t CO2e per år)").fill("120 000")
    page.get_by_label("Första effektår").fill("2026")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/atgarder/*/")
    assert "Åtgärden är sparad som utkast" in page.locator(".messages").inner_text()

    open_portfolio(page, live_server)
    after = gap_bars(page)
    assert after["Trend 2040"] == pytest.approx(before["Trend 2040"])
    assert after["Åtgärder: Transporter"] == 100_000
    assert after["Efter åtgärder 2040"] == pytest.approx(before["Trend 2040"] - 100_000)
    summary = page.locator("#gap-summary").inner_text()
    assert "100 000 t per år (80 000–120 000), 26 % av glappet" in summary.replace("\u00a0", " ")
    # plotly.js drew the two new bars (the reduction and what is left after it)
    assert page.locator('[data-figure="gap-figure"] .barlayer .point').count() == drawn_before + 2
    screenshot(page, "portfolio-after-action")


def test_the_public_portfolio_page_passes_axe(page, live_server, umea_emissions, umea_goals):
    umea_actions_load()
    open_portfolio(page, live_server)
    page.wait_for_selector('[data-figure="sector-figure"][data-drawn="true"]')
    assert (
        "Förväntad effekt saknas för 14 av 14 åtgärder."
        in page.locator("#gap-summary").inner_text()
    )
    # the tables in <details> are checked open too
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    screenshot(page, "portfolio-desktop")
    assert axe_violations(page) == []


def test_the_portfolio_page_works_at_360_px(phone, live_server, umea_emissions, umea_goals):
    umea_actions_load()
    open_portfolio(phone, live_server)
    phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    screenshot(phone, "portfolio-360")
    assert axe_violations(phone) == []


def test_an_empty_portfolio_says_so_and_passes_axe(page, live_server, municipalities):
    page.goto(live_server.url + "/kommuner/malmo/atgarder/")
    assert "Malmö har inga publicerade åtgärder ännu" in page.locator("main").inner_text()
    assert axe_violations(page) == []


@pytest.mark.parametrize("fixture", ["page", "phone"])
def test_an_action_page_and_the_lessons_library_pass_axe(
    live_server, umea_emissions, umea_goals, fixture, request
):
    browser_page = request.getfixturevalue(fixture)
    actions = {a.title: a for a in umea_actions_load()}
    browser_page.goto(
        live_server.url + f"/kommuner/umea/atgarder/{actions['Umeå klimatfärdplan'].pk}/"
    )
    assert "Förväntad effekt saknas" in browser_page.locator("main").inner_text()
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= (
        360 if fixture == "phone" else 1280
    )
    assert axe_violations(browser_page) == []
    browser_page.goto(live_server.url + "/lardomar/")
    assert "Umeå klimatfärdplan" in browser_page.locator("main").inner_text()
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= (
        360 if fixture == "phone" else 1280
    )
    screenshot(browser_page, f"lessons-{fixture}")
    assert axe_violations(browser_page) == []


def test_the_action_form_works_at_360_px(phone, live_server, umea_goals, umea_officer):
    log_in(phone, live_server, umea_officer)
    phone.goto(live_server.url + "/kommuner/umea/atgarder/ny/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the form is {width} px wide at a 360 px screen"
    assert axe_violations(phone) == []
