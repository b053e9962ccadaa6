"""The import pages in real Chromium: an officer uploads a template, reads the preview,
confirms and reads the summary; no WCAG 2.1 AA violations, usable at 360 px."""

import pytest

from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CONTENT = (
    "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"
    "2480;sustainable_trips_share;2022;58,5;slutligt;RVU;\r\n"
    "2480;sustainable_trips_share;2023;inte klart;;;\r\n"
).encode()


@pytest.fixture
def logged_in(client, live_server, umea_officer, settings, tmp_path):
    from indicators.demo import shared_indicators_load

    settings.MEDIA_ROOT = tmp_path / "media"
    shared_indicators_load()
    client.force_login(umea_officer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    def enter(page):
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return page

    return enter


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("screen", ["page", "phone"])
def test_an_officer_uploads_previews_and_confirms(request, screen, live_server, logged_in):
    from indicators.models import Observation

    page = logged_in(request.getfixturevalue(screen))
    page.goto(live_server.url + "/import/")
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)
    page.set_input_files(
        "#id_file", files=[{"name": "resor.csv", "mimeType": "text/csv", "buffer": CONTENT}]
    )
    page.click("button:has-text('Förhandsgranska')")
    page.wait_for_selector("text=Förhandsgranskning")
    body = page.inner_text("main")
    assert "1 rad avvisades" in body and "inte klart" in body
    screenshot(page, f"import-preview-{screen}")
    assert axe_violations(page) == []
    assert no_sideways_scroll(page)

    page.check("#skip_rejected")
    page.click("button:has-text('Bekräfta och importera')")
    page.wait_for_selector("text=Resultat")
    assert "1 nya, 0 ändrade, 0 oförändrade rader" in page.inner_text("main")
    screenshot(page, f"import-summary-{screen}")
    assert axe_violations(page) == []
    assert list(Observation.objects.values_list("year", "value")) == [(2022, 58.5)]
