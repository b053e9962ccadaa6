"""The officer workspace in real Chromium: an officer of Umeå adds a preliminary value for
2024, the city administrator publishes it and the public page shows it; an officer of
Malmö cannot reach Umeå's forms; the login and workspace pages have no WCAG 2.1 AA
violations and work at 360 px. Screenshots go to test-artifacts/."""

import pytest

from cities.services import content_publish
from indicators.models import Indicator, ObservationStatus
from indicators.services.values import observation_create, observation_update
from tests.browser.conftest import axe_violations, screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TRIPS = "Andel resor med kollektivtrafik, cykel eller till fots"


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    with page.expect_navigation():  # the page the login leads to, loaded
        page.get_by_role("button", name="Logga in").click()


def log_out(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()


def public_text(page, live_server) -> str:
    page.goto(live_server.url + "/kommuner/umea/")
    return " ".join(page.locator("main").inner_text().split())


def test_an_officer_adds_a_preliminary_value_the_administrator_publishes_it_and_the_public_sees_it(
    page, live_server, umea_goals, umea_emissions, umea_officer, umea_admin
):
    # the login page is accessible
    page.goto(live_server.url + "/accounts/login/")
    assert axe_violations(page) == []
    screenshot(page, "login")

    log_in(page, live_server, "anna.umea")
    assert page.url == live_server.url + "/min-kommun/umea/"
    assert page.locator("h1").inner_text() == "Umeå"
    assert page.get_by_text(f"{TRIPS} (%)").first.is_visible()  # waits for a value
    screenshot(page, "workspace-umea-start")
    assert axe_violations(page) == []

    page.get_by_role("link", name="Lägg till värde").first.click()
    page.get_by_label("Indikator").select_option(label=f"{TRIPS} (%)")
    page.get_by_label("År").fill("2024")
    page.get_by_label("Värde").fill("58,5")
    page.get_by_label("Preliminärt").check()
    page.get_by_label("Källa").fill("Resvaneundersökning 2024")
    screenshot(page, "workspace-umea-new-value")
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()

    assert "Sparat som utkast" in page.locator(".messages").inner_text()
    row = page.locator("tbody tr", has_text="2024")
    assert "58,5" in row.inner_text() and "Utkast, inte publicerat" in row.inner_text()
    screenshot(page, "workspace-umea-values")
    assert axe_violations(page) == []

    # a draft never reaches the public page
    assert "58,5" not in public_text(page, live_server)

    log_out(page)
    log_in(page, live_server, "erik.umea")
    with page.expect_navigation():
        page.get_by_role("link", name="Utkast", exact=True).click()
    assert page.get_by_text("1 utkast").is_visible()
    screenshot(page, "workspace-umea-drafts")
    assert axe_violations(page) == []
    page.get_by_role("checkbox").first.check()  # nothing is ticked in advance
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera valda").click()
    assert "1 publicerade." in page.locator(".messages").inner_text()

    text = public_text(page, live_server)
    assert "Senaste värde 58,5 % (2024), preliminärt" in text


def test_an_officer_of_malmo_cannot_reach_umeas_forms(page, live_server, umea, malmo_officer):
    log_in(page, live_server, "sara.malmo")
    assert page.url == live_server.url + "/min-kommun/malmo/"
    response = page.goto(live_server.url + "/min-kommun/umea/utfall/ny/")
    assert response.status == 403
    assert page.locator("h1").inner_text() == "Du har inte behörighet till den här sidan"
    assert page.locator("form.ws-form").count() == 0
    assert axe_violations(page) == []


@pytest.fixture
def umea_with_drafts(umea_goals, umea_officer, umea_admin):
    trips = Indicator.objects.get(key="sustainable_trips_share")
    obs = observation_create(
        city=umea_goals[0].city,
        indicator=trips,
        year=2023,
        value=61.2,
        status=ObservationStatus.FINAL,
        reference="Resvaneundersökning 2023",
        by=umea_officer,
    )
    content_publish(item=obs, by=umea_admin, expected_version=obs.version)
    obs.refresh_from_db()
    observation_update(observation=obs, by=umea_officer, expected_version=obs.version, value=61.5)
    return obs


@pytest.mark.parametrize(
    "path",
    [
        "/min-kommun/umea/",
        "/min-kommun/umea/utfall/",
        "/min-kommun/umea/mal/",
        "/min-kommun/umea/utkast/",
        "/min-kommun/umea/historik/",
        "/min-kommun/umea/personer/",
        "/min-kommun/umea/utfall/ny/",
    ],
)
def test_workspace_pages_pass_axe_and_work_at_360_px(phone, live_server, umea_with_drafts, path):
    log_in(phone, live_server, "erik.umea")
    phone.goto(live_server.url + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width} px wide at a 360 px screen"
    name = "workspace-360" + path.replace("/min-kommun/umea", "").replace("/", "-").rstrip("-")
    screenshot(phone, name)
    assert axe_violations(phone) == []


def test_a_form_with_errors_names_the_fields_and_passes_axe(
    page, live_server, umea_goals, umea_officer
):
    log_in(page, live_server, "anna.umea")
    page.goto(live_server.url + "/min-kommun/umea/utfall/ny/")
    page.get_by_label("Värde").fill("tolv")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Värde: ange ett tal, t.ex. 1 234,5." in summary
    assert "Indikator:" in summary
    screenshot(page, "workspace-form-errors")
    assert axe_violations(page) == []


def test_the_login_page_works_at_360_px(phone, live_server, db):
    phone.goto(live_server.url + "/accounts/login/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "login-360")
    assert axe_violations(phone) == []


def test_an_invited_officer_sets_a_password_from_the_link_and_logs_in(
    page, live_server, umea, umea_admin
):
    import re

    log_in(page, live_server, "erik.umea")
    page.goto(live_server.url + "/min-kommun/umea/personer/")
    page.get_by_label("E-postadress").fill("nils.ny@umea.se")
    page.get_by_label("Handläggare").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka inbjudan").click()
    # No mail server is set (tests): the administrator is given the one-time link to hand over.
    message = page.locator(".messages").inner_text()
    assert "inget mejl når nils.ny@umea.se" in message and "engångslänken" in message
    screenshot(page, "workspace-people")
    assert axe_violations(page) == []
    log_out(page)

    link = re.search(r"https?://\S+/accounts/reset/\S+/", message).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "Välj lösenord"
    assert axe_violations(page) == []
    page.get_by_label("Nytt lösenord", exact=True).fill("nils-eget-lösenord-2030")
    page.get_by_label("Bekräfta nytt lösenord").fill("nils-eget-lösenord-2030")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara lösenordet").click()
    assert page.locator("h1").inner_text() == "Lösenordet är sparat"

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Användarnamn").fill("nils.ny@umea.se")
    page.get_by_label("Lösenord").fill("nils-eget-lösenord-2030")
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert page.url == live_server.url + "/min-kommun/umea/"
