"""The progress report in real Chromium: WCAG 2.1 AA with axe-core, 360 px without
sideways scrolling, the print layout (no site navigation, a page per section), and an
administrator saving and publishing a report through the form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.browser.conftest import axe_violations, screenshot
from tests.report.conftest import report_media, umea_report  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

REPORT = "/kommuner/umea/lagesrapport/2024/"


def log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_the_public_report_passes_axe_and_prints_without_navigation(
    page,
    live_server,
    umea_report,  # noqa: F811
):
    page.goto(live_server.url + REPORT)
    assert page.get_by_role("heading", level=1).inner_text() == "Lägesrapport 2024 – Umeå"
    assert page.get_by_role("img", name="Utsläpp per sektor och år").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "report-2024")

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".report-tools").is_visible()
    assert page.locator("#utslapp").evaluate("e => getComputedStyle(e).breakBefore") == "page"
    assert page.locator("#sammanfattning").evaluate("e => getComputedStyle(e).breakBefore") in (
        "auto",
        "",
    )
    assert page.locator("tbody tr").first.evaluate("e => getComputedStyle(e).breakInside") == (
        "avoid"
    )
    # A printed link shows its address (links whose text is the address need no copy).
    after = page.locator("#atgarder table a[href^='http']").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert after.startswith('" (http://') and "/kommuner/umea/atgarder/" in after
    assert page.locator("#om a.url").first.evaluate(
        "e => getComputedStyle(e, '::after').content"
    ) in ("none", "normal")


def test_the_report_works_at_360_px(phone, live_server, umea_report):  # noqa: F811
    phone.goto(live_server.url + REPORT)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide at 360 px"
    assert axe_violations(phone) == []
    screenshot(phone, "report-2024-360")


def test_an_administrator_saves_and_publishes_a_report_through_the_page(
    page,
    live_server,
    umea_report,  # noqa: F811
    umea_admin,
    report_media,  # noqa: F811
):
    log_in(page, live_server, umea_admin)
    page.goto(live_server.url + REPORT)
    assert axe_violations(page) == []
    page.get_by_label("Anteckning (frivillig)").fill("Till kommunstyrelsen")
    page.get_by_label("Publicera rapporten direkt").check()
    page.get_by_role("button", name="Spara rapporten").click()
    page.wait_for_url("**/lagesrapport/sparade/*/")
    assert "Rapporten är sparad och publicerad." in page.locator(".messages").inner_text()
    assert "Sparad och publicerad rapport." in page.locator(".report-banner").inner_text()
    assert axe_violations(page) == []

    page.goto(live_server.url + "/kommuner/umea/lagesrapport/")
    assert "Till kommunstyrelsen" in page.locator("table").first.inner_text()
    assert axe_violations(page) == []
    screenshot(page, "report-index")


def test_the_saved_reports_pdf_progress_passes_axe_and_shows_the_link_when_made(
    page,
    live_server,
    umea_report,  # noqa: F811
    umea_officer,
    report_media,  # noqa: F811
    monkeypatch,
):
    import dashboards.report.services as report_services
    from dashboards.report.services import progress_report_pdf_make, progress_report_save

    # The job is enqueued (not run: no worker here) until the test runs it below.
    monkeypatch.setattr("dashboards.report.tasks.progress_report_pdf_task.delay", lambda pk: None)
    monkeypatch.setattr(report_services, "report_pdf", lambda **_kw: b"%PDF-1.4 test\n%%EOF")
    report = progress_report_save(city=umea_report, year=2024, by=umea_officer)
    log_in(page, live_server, umea_officer)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/kommuner/umea/lagesrapport/sparade/{report.pk}/")
    link = page.get_by_role("link", name="Ladda ner den sparade rapporten som PDF")
    assert not link.is_visible()
    assert "PDF-filen görs" in page.locator(".report-pdf").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    assert progress_report_pdf_make(report_id=report.pk)  # the worker's job
    link.wait_for(state="visible", timeout=15_000)
    assert page.locator("progress").count() == 0
    assert axe_violations(page) == []
