"""Every figure readable, at 1280 px and at 360 px: no number cut by its box (a table wraps,
stacks, or scrolls and says so), no chart sticking out of the screen or clipped, the home
page's figures in view on a phone, and the report's charts within the screen."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.readable import CLIPPED_CHARTS, CUT_CELLS, SCROLLING_TABLES
from tests.browser.test_public_pages import all_drawn, visit
from tests.report.conftest import umea_report  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [(1280, 900), (360, 740)]


def screen(browser, width: int, height: int):
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="sv-SE",
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    return context.new_page()


def readable(page, name: str) -> None:
    """Nothing cut, nothing clipped, the page no wider than the screen, and axe-core clean."""
    width = page.viewport_size["width"]
    assert page.evaluate(CUT_CELLS) == []
    assert page.evaluate(CLIPPED_CHARTS) == []
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, f"the page is {page_width} px wide on a {width} px screen"
    assert all(page.evaluate(SCROLLING_TABLES))
    screenshot(page, f"{name}-{width}")
    assert axe_violations(page) == []


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_every_figure_on_umeas_page_is_readable(
    browser,
    live_server,
    width,
    height,
    umea_emissions,
    umea_goals,
    umea_co2,
    umea_budget,
    umea_population,
    umea_consumption,
):
    page = screen(browser, width, height)
    visit(page, live_server, "/kommuner/umea/")
    all_drawn(page)
    readable(page, "readable-umea")
    # Each sector's name and share is written inside the share chart (not cut at its edge).
    shares = page.locator("#sektorandelar [data-figure]").text_content() or ""
    assert "Egen uppvärmning av bostäder och lokaler" in shares
    assert "45,0\u00a0%" in shares
    if width == 360:
        # Wide tables scroll in their box, and say so in words.
        cue = page.locator(".scroll-cue:visible").first
        assert cue.inner_text() == "Tabellen är bredare än rutan: rulla i sidled för fler kolumner."
    page.context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_home_pages_figures_are_in_view(browser, live_server, width, height, umea_emissions):
    page = screen(browser, width, height)
    visit(page, live_server, "/")
    readable(page, "readable-home")
    row = page.locator("#contract-heading ~ .table-scroll tr", has_text="Umeå")
    figures = row.locator("td.num")
    assert figures.count() == 3
    for i in range(3):
        box = figures.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    # Umeå's emissions and their change since 1990, as numbers, not dashes.
    assert figures.nth(1).inner_text() == "365\u00a0010"
    assert "%" in figures.nth(2).inner_text()
    page.context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_every_figure_in_the_report_is_readable(
    browser,
    live_server,
    width,
    height,
    umea_report,  # noqa: F811
):
    page = screen(browser, width, height)
    visit(page, live_server, "/kommuner/umea/lagesrapport/2024/")
    assert page.locator("svg.report-chart").count() > 0
    readable(page, "readable-report")
    page.context.close()


@pytest.mark.parametrize(("width", "height"), WIDTHS)
def test_the_missing_page_is_in_the_sites_frame_and_passes_axe(browser, live_server, width, height):
    page = screen(browser, width, height)
    response = page.goto(live_server.url + "/finns-inte/")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Sidan finns inte"
    assert page.get_by_role("navigation", name="Huvudmeny").is_visible()
    readable(page, "missing-page")
    page.context.close()
