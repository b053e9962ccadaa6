"""The public contract pages in real Chromium: no WCAG 2.1 AA violations, usable at 360 px,
nothing fetched from another host."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_public_pages import visit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contracts(umea_contracts, malmo_versions):
    """Umeå's real versions and Malmö's two test versions."""


PAGES = [
    ("contract-list", "/kommuner/umea/kontrakt/", "Klimatkontrakt 2030 – Umeå"),
    ("contract-2024", "/kommuner/umea/kontrakt/2024/", "Klimatkontrakt 2030 – Umeå, version 2024"),
    ("contract-2022", "/kommuner/umea/kontrakt/2022/", "Klimatkontrakt 2030 – Umeå, version 2022"),
    (
        "contract-compare",
        "/kommuner/malmo/kontrakt/jamfor/?fran=2023&till=2024",
        "Jämför versioner av klimatkontraktet – Malmö",
    ),
]


@pytest.mark.parametrize(("name", "path", "heading"), PAGES)
def test_contract_pages_pass_axe(page, live_server, contracts, name, path, heading):
    assert visit(page, live_server, path) == []
    assert page.locator("h1").inner_text() == heading
    screenshot(page, f"{name}-desktop")
    assert axe_violations(page) == []


@pytest.mark.parametrize(("name", "path", "heading"), PAGES)
def test_contract_pages_work_at_360_px(phone, live_server, contracts, name, path, heading):
    visit(phone, live_server, path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width} px wide at a 360 px screen"
    screenshot(phone, f"{name}-360")
    assert axe_violations(phone) == []


def test_the_comparison_reads_side_by_side_on_a_wide_screen(page, live_server, contracts):
    visit(page, live_server, "/kommuner/malmo/kontrakt/jamfor/?fran=2023&till=2024")
    old, new = page.locator(".diff-pair").first.locator(".diff-side").all()
    assert old.bounding_box()["y"] == new.bounding_box()["y"]  # next to each other
    assert old.locator("del").first.inner_text().endswith("10")
    assert new.locator("ins").first.inner_text().endswith("20")
