"""The comparison page for programme staff in real Chromium: both charts drawn from local
plotly.js, the SVG map, no WCAG 2.1 AA violations at desktop width and at 360 px (the wide
table scrolls inside its own focusable region), nothing fetched from another host."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_portfolio import log_in
from tests.browser.test_public_pages import all_drawn, visit
from tests.compare.conftest import URL

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [("compare-contract-cities", URL), ("compare-all", URL + "?urval=alla&karta=sedan_2015")]


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_the_comparison_draws_and_passes_axe(page, live_server, two_cities, staff_user, name, path):
    log_in(page, live_server, staff_user)
    assert visit(page, live_server, path) == []
    assert page.locator("h1").inner_text() == "Jämför kommuner"
    assert all_drawn(page) == 2  # the index and the ranking
    assert page.locator("svg.compare-map path[data-kod]").count() == 290
    screenshot(page, f"{name}-desktop")
    assert axe_violations(page) == []


def test_the_comparison_works_at_360_px(phone, live_server, two_cities, staff_user):
    log_in(phone, live_server, staff_user)
    visit(phone, live_server, URL)
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    region = phone.locator(".compare-table")
    assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")  # it scrolls, not the page
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function(  # the keyboard scrolls it
        "() => document.querySelector('.compare-table').scrollLeft > 0", timeout=3000
    )
    screenshot(phone, "compare-360")
    assert axe_violations(phone) == []


def test_sorting_and_choosing_work_without_javascript(browser, live_server, two_cities, staff_user):
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    try:
        log_in(page, live_server, staff_user)
        page.goto(live_server.url + URL)
        page.get_by_label("Valda kommuner", exact=True).check()
        page.locator("#id_kommuner").fill("Umeå, Malmö")
        page.get_by_role("button", name="Visa").click()
        rows = page.locator("#jamfor-tabell ~ tbody tr, .compare-table tbody tr")
        assert rows.count() == 2
        page.get_by_role(
            "link", name="Utsläpp per invånare 2024 (t CO2e) (sortera stigande)"
        ).click()
        names = page.locator(".compare-table tbody th > a:first-child").all_inner_texts()
        assert names == ["Malmö", "Umeå"]
        header = page.locator('th[aria-sort="ascending"]')
        assert header.inner_text().startswith("Utsläpp per invånare 2024")
    finally:
        context.close()
