"""The officer's year in real Chromium, as the named people: Umeå's officer pastes a block
from Excel into the grid, checks it and saves the drafts; Umeå's administrator sends one
back with a comment, which the officer reads on the start page; the officer creates an
API key; programme staff invite a city's first administrator. Every new page passes
axe-core (WCAG 2.1 AA) and works at 360 px. Screenshots go to test-artifacts/."""

import pytest

from indicators.models import Indicator, Observation
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_workspace import log_in, log_out

pytestmark = pytest.mark.django_db(transaction=True)

PASTE = """
(block) => {
  const input = document.querySelector('input[data-grid-row="0"][data-grid-col="0"]');
  const data = new DataTransfer();
  data.setData('text/plain', block);
  input.focus();
  const init = {clipboardData: data, bubbles: true, cancelable: true};
  input.dispatchEvent(new ClipboardEvent('paste', init));
}
"""


def test_an_officer_pastes_a_block_the_administrator_sends_one_back_with_a_comment(
    page, live_server, umea_goals, umea_officer, umea_admin
):
    log_in(page, live_server, "anna.umea")
    with page.expect_navigation():
        page.get_by_role("link", name="Många värden på en gång").first.click()
    assert axe_violations(page) == []
    # Two rows of Excel, tab-separated, Swedish decimal commas
    page.evaluate(PASTE, "55,5\t56\t57,25\n1\t2\t3")
    first = page.locator('input[data-grid-row="0"][data-grid-col="0"]')
    assert first.input_value() == "55,5"
    assert page.locator('input[data-grid-row="0"][data-grid-col="2"]').input_value() == "57,25"
    assert "Inklistrat i 6 celler" in page.locator("#grid-paste-status").inner_text()
    page.get_by_label("Källa").fill("Kommunens statistik")
    with page.expect_navigation():
        page.get_by_role("button", name="Kontrollera").click()
    assert (
        "6 nya, 0 ändrade och 0 oförändrade värden." in page.locator(".grid-summary").inner_text()
    )
    screenshot(page, "officer-grid-checked")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Spara som utkast").click()
    assert "6 nya och 0 ändrade värden sparade." in page.locator(".messages").inner_text()
    assert Observation.objects.filter(is_published=False).count() == 6
    screenshot(page, "officer-grid-saved")

    log_out(page)
    log_in(page, live_server, "erik.umea")
    with page.expect_navigation():
        page.get_by_role("link", name="Utkast", exact=True).click()
    assert page.locator('input[name="items"]:checked').count() == 0  # nothing pre-ticked
    with page.expect_navigation():
        page.get_by_role("link", name="Skicka tillbaka").first.click()
    assert axe_violations(page) == []
    page.get_by_label("Kommentar").fill("Vilken undersökning kommer siffran från?")
    screenshot(page, "admin-send-back")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka tillbaka").click()
    assert "Utkastet skickades tillbaka" in page.locator(".messages").inner_text()

    log_out(page)
    log_in(page, live_server, "anna.umea")
    start = page.locator("main").inner_text()
    assert "Utkast som skickats tillbaka med en kommentar" in start
    assert "Vilken undersökning kommer siffran från?" in start
    screenshot(page, "officer-start-sent-back")
    assert axe_violations(page) == []


def test_an_officer_creates_an_api_key(page, live_server, umea_officer):
    log_in(page, live_server, "anna.umea")
    page.goto(live_server.url + "/min-kommun/installningar/api-nycklar/")
    page.get_by_label("Namn").fill("Importskript")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa nyckel").click()
    assert page.locator("code.key").inner_text().startswith("kk_")
    assert "Importskript" in page.locator("table").inner_text()
    screenshot(page, "officer-api-keys")
    assert axe_violations(page) == []


def test_programme_staff_invite_a_citys_first_administrator(page, live_server, umea, staff_user):
    log_in(page, live_server, "programkontoret")
    with page.expect_navigation():
        page.get_by_role("link", name="Personer och inbjudningar i Umeå").click()
    assert axe_violations(page) == []
    page.get_by_label("E-postadress").fill("forsta.admin@umea.se")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka inbjudan").click()
    assert "engångslänken" in page.locator(".messages").inner_text()
    screenshot(page, "staff-invite-first-admin")


@pytest.mark.parametrize(
    "path",
    [
        "/min-kommun/umea/utfall/tabell/",
        "/min-kommun/installningar/api-nycklar/",
        "/min-kommun/umea/",
    ],
)
def test_the_new_pages_work_at_360_px(phone, live_server, umea_goals, umea_admin, path):
    log_in(phone, live_server, "erik.umea")
    phone.goto(live_server.url + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width} px wide at a 360 px screen"
    screenshot(phone, "officer-360" + path.replace("/min-kommun", "").replace("/", "-").rstrip("-"))
    assert axe_violations(phone) == []


def test_the_grid_works_without_javascript_as_a_plain_form(
    browser, live_server, umea_goals, umea_officer
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        log_in(page, live_server, "anna.umea")
        page.goto(live_server.url + "/min-kommun/umea/utfall/tabell/")
        trips = Indicator.objects.get(key="sustainable_trips_share")
        year = page.locator("thead th").nth(1).inner_text()
        page.locator(f'input[name="v-{trips.pk}-{year}"]').fill("58,5")
        page.get_by_label("Källa").fill("RVU")
        with page.expect_navigation():
            page.get_by_role("button", name="Spara som utkast").click()
        assert Observation.objects.get(indicator=trips, year=int(year)).value == 58.5
    finally:
        context.close()


WIDE = "Kommun;2021;2022;2023\r\nUmeå;55;56,5;57\r\nRiket;4;5;6\r\n".encode()


def test_an_officer_says_which_column_is_what_in_an_unknown_wide_file(
    page, live_server, umea_goals, umea_officer
):
    log_in(page, live_server, "anna.umea")
    page.goto(live_server.url + "/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "region.csv", "mimeType": "text/csv", "buffer": WIDE}]
    )
    with page.expect_navigation():
        page.click("button:has-text('Förhandsgranska')")
    with page.expect_navigation():
        page.get_by_role("link", name="Säg vilken kolumn som är vad").click()
    assert axe_violations(page) == []
    page.get_by_label("Kommun", exact=True).select_option(label="Kommun")
    page.get_by_label("Indikator", exact=True).select_option(label="Hela filen gäller en indikator")
    page.get_by_label("Indikator för hela filen").select_option(value="sustainable_trips_share")
    page.get_by_label("År", exact=True).select_option(label="Åren är kolumner (2021–2023)")
    page.get_by_label("Spara kolumnbeskrivningen som").fill("Regionens tabell")
    screenshot(page, "officer-column-mapping")
    with page.expect_navigation():
        page.get_by_role("button", name="Förhandsgranska").click()
    body = page.inner_text("main")
    assert "Förhandsgranskning" in body
    assert "1 rad för län, regioner eller riket lämnades utanför" in page.inner_text("body")
    screenshot(page, "officer-column-mapping-preview")


def test_the_history_page_with_attachments_passes_axe(
    page, live_server, umea, umea_officer, action_factory
):
    from cities.services import attachment_add

    action = action_factory(city=umea, title="Cykelstråk", published=True)
    attachment_add(
        item=action, city=umea, name="beslut.pdf", data=b"%PDF-1.4\n%%EOF\n", by=umea_officer
    )
    log_in(page, live_server, "anna.umea")
    page.goto(live_server.url + f"/min-kommun/umea/atgarder/{action.pk}/historik/")
    assert "beslut.pdf" in page.inner_text("main")
    screenshot(page, "officer-attachments")
    assert axe_violations(page) == []
