"""The comparison pages in real Chromium: the staff page's ranking drawn from local
plotly.js, the small multiples and the SVG map, no WCAG 2.1 AA violations at desktop width
and at 360 px (the table becomes one card per municipality), no inner scroll box at
1280 px; the public comparison /jamfor/ likewise. Nothing fetched from another host."""

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
    assert all_drawn(page) == 1  # the ranking (the index is drawn as small multiples)
    assert page.locator("svg.multiple").count() >= 2
    assert page.locator("svg.compare-map path[data-kod]").count() == 290
    screenshot(page, f"{name}-desktop")
    assert axe_violations(page) == []


def test_the_comparison_works_at_360_px(phone, live_server, two_cities, staff_user):
    log_in(phone, live_server, staff_user)
    visit(phone, live_server, URL)
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    # One card per municipality: each row a block, each value under its column's name.
    first = phone.locator(".compare-table tbody tr").first
    assert first.evaluate("el => getComputedStyle(el).display") == "block"
    cell = first.locator("td").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Utsläpp per invånare" in label
    # No number is cut: every cell fits inside its card.
    assert phone.evaluate(
        "() => [...document.querySelectorAll('.compare-table td')]"
        ".every(td => td.scrollWidth <= td.clientWidth + 1)"
    )
    screenshot(phone, "compare-360")
    assert axe_violations(phone) == []


def test_the_23_cities_need_no_inner_scroll_box_at_1280_px(
    page, live_server, two_cities, staff_user
):
    log_in(page, live_server, staff_user)
    visit(page, live_server, URL)
    region = page.locator(".compare-table")
    assert page.locator(".compare-table tbody tr").count() == 23
    sizes = region.evaluate(
        "el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight,"
        " getComputedStyle(el).overflowY]"
    )
    scroll_width, client_width, scroll_height, client_height, overflow = sizes
    assert overflow == "visible" and scroll_height <= client_height + 1
    assert scroll_width <= client_width + 1, sizes
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1280, f"the page is {page_width} px wide at 1280 px"


def test_the_public_comparison_passes_axe_at_desktop_and_360_px(
    page, phone, live_server, two_cities
):
    path = "/jamfor/?kommuner=2480,1280"
    assert visit(page, live_server, path) == []
    assert page.locator(".compare-table tbody tr").count() == 2
    assert page.locator("svg.multiple").count() == 2
    all_drawn(page)
    screenshot(page, "compare-public-desktop")
    assert axe_violations(page) == []
    visit(phone, live_server, path)
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    screenshot(phone, "compare-public-360")
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
