"""Programme staff's contract follow-up grid and the agencies' status per city in real
Chromium: no WCAG 2.1 AA violations, no number cut, the header and the cities kept in view
while the grid scrolls at 1280 px, one card per city at 360 px, nothing fetched from another
host."""

import pytest

from tests.browser.readable import CUT_CELLS
from tests.browser.test_portfolio import log_in
from tests.browser.test_public_pages import visit
from tests.browser.test_readable import readable

pytestmark = pytest.mark.django_db(transaction=True)

GRID = "/programkontoret/kontrakt/uppfoljning/?ar=2025"
AGENCIES = "/programkontoret/myndigheter/?ar=2025"


@pytest.mark.parametrize(("name", "path"), [("grid", GRID), ("agency-matrix", AGENCIES)])
def test_the_staff_pages_read_whole_at_1280_and_360_px(
    page, phone, live_server, umea_follow_ups, staff_user, name, path
):
    for browser_page in (page, phone):
        log_in(browser_page, live_server, staff_user)
        assert visit(browser_page, live_server, path) == []
        readable(browser_page, name)


def test_the_grid_keeps_its_header_and_cities_in_view(
    page, live_server, umea_follow_ups, staff_user
):
    log_in(page, live_server, staff_user)
    visit(page, live_server, GRID)
    box = page.locator(".grid-table").first
    assert page.locator(".follow-up-grid tbody tr").count() == 23
    # Scrolled down and sideways inside its box, the header row sticks to the box's top
    # and the city column to its left edge.
    box.evaluate("el => { el.scrollTop = 400; el.scrollLeft = 600; }")
    inside = box.evaluate(
        "el => [el.getBoundingClientRect().top + el.clientTop,"
        " el.getBoundingClientRect().left + el.clientLeft]"
    )
    assert page.locator(".follow-up-grid thead").bounding_box()["y"] == pytest.approx(inside[0])
    assert page.locator("#kommun-umea th").bounding_box()["x"] == pytest.approx(inside[1])
    assert box.evaluate("el => el.scrollLeft") == 600  # it did scroll
    assert page.evaluate(CUT_CELLS) == []


def test_the_grid_is_one_card_per_city_on_a_phone(phone, live_server, umea_follow_ups, staff_user):
    log_in(phone, live_server, staff_user)
    visit(phone, live_server, GRID)
    umea = phone.locator("#kommun-umea")
    assert umea.evaluate("el => getComputedStyle(el).display") == "block"
    first = umea.locator("td").nth(6)  # 3.1, after the six counts
    label = first.evaluate("el => getComputedStyle(el, '::before').content")
    assert "3.1 Kommunens klimatmål" in label
    assert first.inner_text().strip().endswith("Genomfört")
    assert phone.evaluate(
        "() => [...document.querySelectorAll('.grid-table td')]"
        ".every(td => td.scrollWidth <= td.clientWidth + 1)"
    )
