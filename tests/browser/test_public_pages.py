"""The public pages in real Chromium: charts drawn from local plotly.js, no WCAG 2.1 AA
violations, usable at 360 px, nothing fetched from another host."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, live_server, path: str) -> list[str]:
    """Open a page; return every request that left our own server."""
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None
        ),
    )
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    return foreign


#: A chart whose figure is in the page, and one whose figure is linked (fetched).
CHARTS = "[data-figure], [data-figure-src]"
DRAWN = '[data-figure][data-drawn="true"], [data-figure-src][data-drawn="true"]'


def all_drawn(page) -> int:
    """Wait until plotly.js has drawn every chart on the page (its figure in the page, or
    linked: fetched); return how many there are."""
    count = page.locator(CHARTS).count()
    page.wait_for_function(
        "([drawn, n]) => document.querySelectorAll(drawn).length === n", arg=[DRAWN, count]
    )
    return count


def test_umeas_page_draws_its_charts_and_passes_axe(
    page,
    live_server,
    umea_emissions,
    umea_goals,
    umea_co2,
    umea_budget,
    umea_population,
    umea_consumption,
):
    foreign = visit(page, live_server, "/kommuner/umea/")
    assert foreign == []
    # three target charts (consumption, net zero, transport), sectors, shares, per
    # inhabitant, carbon budget
    assert all_drawn(page) == 7
    assert page.locator("h1").inner_text() == "Umeå"
    # plotly.js drew the pathway, trend and target traces of the net-zero chart
    net_zero = page.locator(".chart-block", has_text="Nettonoll 2040").locator(".scatterlayer")
    assert net_zero.locator(".trace").count() >= 5
    assert page.locator(".status-off_track").first.inner_text().endswith("Inte i fas")
    screenshot(page, "umea-desktop")
    assert axe_violations(page) == []


def test_umeas_page_works_at_360_px(
    phone,
    live_server,
    umea_emissions,
    umea_goals,
    umea_co2,
    umea_budget,
    umea_population,
    umea_consumption,
):
    visit(phone, live_server, "/kommuner/umea/")
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    screenshot(phone, "umea-360")
    assert axe_violations(phone) == []


def test_the_home_page_passes_axe_and_filters_municipalities(page, live_server, umea_emissions):
    assert visit(page, live_server, "/") == []
    assert axe_violations(page) == []
    page.fill("#city-filter", "umeå")
    assert page.locator("#county-list li:visible").all_inner_texts() == ["Umeå"]


def test_the_home_page_works_at_360_px(phone, live_server, municipalities):
    visit(phone, live_server, "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "home-360")
    assert axe_violations(phone) == []
