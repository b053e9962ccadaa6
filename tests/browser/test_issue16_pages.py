"""The pages of issue 16 in real Chromium: the partnership page, the reporting page and
the capability page (with its chart drawn) pass axe-core with no WCAG 2.1 AA violation
and work at 360 px: the page does not scroll sideways and no number is cut (a wide
table scrolls inside its own region)."""

from __future__ import annotations

import pytest

from capability.services import assessment_create
from partners.demo import umea_partnership_load
from partners.services import commitment_create, member_create, member_follow_up_create
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_public_pages import all_drawn, visit

pytestmark = pytest.mark.django_db(transaction=True)

#: Numbers shown in cells: none may be wider than what its cell shows.
CUT_NUMBERS = """() => [...document.querySelectorAll('td.num, dd')]
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.textContent)"""


def _partnership():
    partnership = umea_partnership_load()
    member = member_create(
        partnership=partnership, by=None, publish=True, name="Testorganisation AB", kind="company"
    )
    commitment = commitment_create(
        member=member, by=None, publish=True, text="Teståtagande (syntetiskt)", target_year=2030
    )
    member_follow_up_create(
        commitment=commitment, by=None, publish=True, year=2024, status="on_track"
    )


def _check(page, phone, live_server, path: str, name: str, *, charts: bool = False) -> None:
    assert visit(page, live_server, path) == []
    if charts:
        assert all_drawn(page) >= 1
    assert axe_violations(page) == []
    visit(phone, live_server, path)
    if charts:
        all_drawn(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width} px wide at a 360 px screen"
    assert phone.evaluate(CUT_NUMBERS) == []
    screenshot(phone, f"{name}-360")
    assert axe_violations(phone) == []


def test_the_partnership_page(page, phone, live_server, umea):
    _partnership()
    _check(page, phone, live_server, "/kommuner/umea/partnerskap/", "partners")


def test_the_reporting_page(page, phone, live_server, umea_emissions, umea_goals):
    _check(page, phone, live_server, "/kommuner/umea/rapportering/", "reporting")


def test_the_capability_page(page, phone, live_server, umea):
    assessment_create(city=umea, year=2023, by=None, publish=True, governance=2, learning=1)
    assessment_create(city=umea, year=2024, by=None, publish=True, governance=3, learning=2)
    _check(page, phone, live_server, "/kommuner/umea/formaga/", "capability", charts=True)


def test_the_portfolio_with_adaptation_passes_axe(page, live_server, umea):
    from actions.services import action_create

    action_create(
        city=umea,
        by=None,
        values={"title": "Stadsträd", "kind": "both", "climate_risks": ["heat"]},
        publish=True,
    )
    visit(page, live_server, "/kommuner/umea/atgarder/")
    page.wait_for_selector("#adaptation-heading")
    assert axe_violations(page) == []
