"""The language switch in real Chromium on a small phone: an English-speaking browser
still gets Swedish; the switch turns the same page English and back, and the English
page has no WCAG 2.1 AA violations."""

import pytest

from tests.browser.conftest import axe_violations, phone_page, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def english_phone(browser):
    """A 360 px wide phone whose browser asks for English (Accept-Language: en-US)."""
    page = phone_page(browser, "en-US")
    yield page
    page.context.close()


def test_the_switch_turns_the_city_page_english_and_back_at_360_px(
    english_phone, live_server, umea_emissions, umea_goals
):
    phone = english_phone
    address = live_server.url + "/kommuner/umea/?visa=alla"
    phone.goto(address)
    assert phone.locator("html").get_attribute("lang") == "sv"
    switch = phone.get_by_role("button", name="English")
    assert switch.get_attribute("lang") == "en"
    assert switch.is_visible()
    box = switch.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360 and box["height"] >= 24

    with phone.expect_navigation():
        switch.click()
    assert phone.url == address
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == "Umeå"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "umea-360-english")
    assert axe_violations(phone) == []

    back = phone.get_by_role("button", name="Svenska")
    assert back.get_attribute("lang") == "sv"
    with phone.expect_navigation():
        back.click()
    assert phone.url == address
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert phone.get_by_role("button", name="English").is_visible()
