"""The comparison pages in real Chromium: the staff page's ranking and sector chart drawn
from local plotly.js, the small multiples and the SVG map, no WCAG 2.1 AA violations at
desktop width and at 360 px (the tables become one card per municipality, no number
cut), no inner scroll box at 1280 px; the public comparison /jamfor/ likewise. Nothing
fetched from another host. The stored comparison arrives gzipped (spliced around its
content deflated when built) and Chromium decodes it."""

import pytest

from dashboards.compare.sectors import SECTOR_CHART
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.readable import CLIPPED_CHARTS, CUT_CELLS
from tests.browser.test_portfolio import log_in
from tests.browser.test_public_pages import all_drawn, visit
from tests.compare.conftest import URL

pytestmark = pytest.mark.django_db(transaction=True)

#: The main table and the sector comparison's table (issue 15).
MAIN_TABLE = ".compare-table:has(#jamfor-tabell)"
SECTOR_TABLE = f"#{SECTOR_CHART} .compare-table"

PAGES = [("compare-contract-cities", URL), ("compare-all", URL + "?urval=alla&karta=sedan_2015")]


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_the_comparison_draws_and_passes_axe(page, live_server, two_cities, staff_user, name, path):
    log_in(page, live_server, staff_user)
    assert visit(page, live_server, path) == []
    assert page.locator("h1").inner_text() == "Jämför kommuner"
    # the ranking and the sectors (the index is drawn as small multiples)
    assert all_drawn(page) == 2
    assert page.locator("svg.multiple").count() >= 2
    assert page.locator("svg.compare-map path[data-kod]").count() == 290
    assert page.locator(f"{SECTOR_TABLE} tbody tr").count() >= 2
    assert page.locator(f"#{SECTOR_CHART} .chart .legend").count() == 1
    assert page.evaluate(CUT_CELLS) == []
    assert page.evaluate(CLIPPED_CHARTS) == []
    screenshot(page, f"{name}-desktop")
    assert axe_violations(page) == []


def test_the_stored_comparison_of_all_arrives_gzipped_and_is_decoded(
    page, live_server, two_cities, staff_user
):
    # The frame compressed per request around the content deflated when it was built.
    log_in(page, live_server, staff_user)
    response = page.goto(live_server.url + URL + "?urval=alla")
    assert response.headers["content-encoding"] == "gzip"
    assert page.locator("h1").inner_text() == "Jämför kommuner"
    assert page.locator(f"{MAIN_TABLE} tbody tr").count() == 290
    assert page.locator("footer.site-footer").count() == 1  # the frame's tail too
    assert page.locator("button", has_text="Logga ut").count() == 1


def test_the_comparison_works_at_360_px(phone, live_server, two_cities, staff_user):
    log_in(phone, live_server, staff_user)
    visit(phone, live_server, URL)
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    # One card per municipality: each row a block, each value under its column's name.
    first = phone.locator(f"{MAIN_TABLE} tbody tr").first
    assert first.evaluate("el => getComputedStyle(el).display") == "block"
    cell = first.locator("td").first
    label = cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Utsläpp per invånare" in label
    # No number is cut: every cell fits inside its card.
    assert phone.evaluate(
        "() => [...document.querySelectorAll('.compare-table td')]"
        ".every(td => td.scrollWidth <= td.clientWidth + 1)"
    )
    # The sector table likewise: a card per municipality, each change under its sector.
    card = phone.locator(f"{SECTOR_TABLE} tbody tr").first
    assert card.evaluate("el => getComputedStyle(el).display") == "block"
    label = card.locator("td").first.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Transporter (kt)" in label
    assert phone.evaluate(CUT_CELLS) == []
    assert phone.evaluate(CLIPPED_CHARTS) == []
    screenshot(phone, "compare-360")
    assert axe_violations(phone) == []


def test_the_23_cities_need_no_inner_scroll_box_at_1280_px(
    page, live_server, two_cities, staff_user
):
    log_in(page, live_server, staff_user)
    visit(page, live_server, URL)
    for table in (MAIN_TABLE, SECTOR_TABLE):
        region = page.locator(table)
        assert page.locator(f"{table} tbody tr").count() == 23
        sizes = region.evaluate(
            "el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight,"
            " getComputedStyle(el).overflowY]"
        )
        scroll_width, client_width, scroll_height, client_height, overflow = sizes
        assert overflow == "visible" and scroll_height <= client_height + 1, table
        assert scroll_width <= client_width + 1, (table, sizes)
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 1280, f"the page is {page_width} px wide at 1280 px"


def test_the_public_comparison_passes_axe_at_desktop_and_360_px(
    page, phone, live_server, two_cities
):
    path = "/jamfor/?kommuner=2480,1280"
    assert visit(page, live_server, path) == []
    assert page.locator(f"{MAIN_TABLE} tbody tr").count() == 2
    assert page.locator(f"{SECTOR_TABLE} tbody tr").count() == 2
    assert page.locator("svg.multiple").count() == 2
    assert all_drawn(page) == 2  # the ranking and the sectors
    assert page.evaluate(CUT_CELLS) == []
    assert page.evaluate(CLIPPED_CHARTS) == []
    screenshot(page, "compare-public-desktop")
    assert axe_violations(page) == []
    visit(phone, live_server, path)
    all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at a 360 px screen"
    assert phone.evaluate(CUT_CELLS) == []
    assert phone.evaluate(CLIPPED_CHARTS) == []
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
        with page.expect_navigation():
            page.get_by_role("button", name="Visa").click()
        rows = page.locator(f"{MAIN_TABLE} tbody tr")
        assert rows.count() == 2
        with page.expect_navigation():
            page.get_by_role(
                "link", name="Utsläpp per invånare 2024 (t CO2e) (sortera stigande)"
            ).click()
        names = page.locator(".compare-table tbody th > a:first-child").all_inner_texts()
        assert names == ["Malmö", "Umeå"]
        header = page.locator('th[aria-sort="ascending"]')
        assert header.inner_text().startswith("Utsläpp per invånare 2024")
    finally:
        context.close()
