"""Where the pages of issues 3–7 meet: one place that says "saved" (django.contrib.messages,
rendered once by base.html as a status region), one main menu with the same links on
every page, and the login page the action pages send anonymous visitors to."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from actions.models import Action
from tests.factories import PASSWORD

ACTION_FORM = {
    "title": "Laddplatser vid skolor",
    "sector": "Transporter",
    "status": "planned",
    "costs-TOTAL_FORMS": "0",
    "costs-INITIAL_FORMS": "0",
    "costs-MIN_NUM_FORMS": "0",
    "costs-MAX_NUM_FORMS": "60",
}


def menu(html: str) -> list[str]:
    """The main menu's entries, in order."""
    nav = re.search(r'<nav aria-label="Huvudmeny">(.*?)</nav>', html, re.S).group(1)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item)).strip()
        for item in re.findall(r"<li>(.*?)</li>", nav, re.S)
    ]


# --- the login page the action pages send anonymous visitors to ----------------------------


@pytest.mark.parametrize(
    "name", ["portfolio:create", "portfolio:import", "workspace:index", "uploads:upload"]
)
def test_an_anonymous_visitor_is_sent_to_the_login_page_and_back(client, umea, umea_officer, name):
    url = reverse(name, args=["umea"]) if name.startswith("portfolio") else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    login = response["Location"]
    assert login == f"/accounts/login/?next={url}"
    page = client.get(login)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert f'name="next" value="{url}"' in html
    back = client.post(login, {"username": "anna.umea", "password": PASSWORD, "next": url})
    assert back.status_code == 302 and back["Location"] == url
    assert client.get(url).status_code in (200, 302)  # Min kommun goes on to the city


def test_after_logging_in_the_officer_lands_on_the_new_action_form(client, umea, umea_officer):
    url = reverse("portfolio:create", args=["umea"])
    login = client.get(url)["Location"]
    client.post(login, {"username": "anna.umea", "password": PASSWORD, "next": url})
    assert "Ny åtgärd för Umeå" in client.get(url).content.decode()


# --- messages: once, in base.html, as a status region ------------------------------------


def test_a_saved_action_is_announced_once_as_a_status(client, umea, umea_officer):
    client.force_login(umea_officer)
    response = client.post(reverse("portfolio:create", args=["umea"]), ACTION_FORM, follow=True)
    html = response.content.decode()
    text = "Åtgärden är sparad som utkast. En kommunadministratör publicerar den."
    assert html.count(text) == 1
    assert f'<p class="message message-success" role="status">{text}</p>' in html
    assert Action.objects.filter(title=ACTION_FORM["title"]).exists()


def test_a_refused_publish_is_announced_as_an_alert(client, umea, umea_admin):
    from actions.services import action_create

    action = action_create(city=umea, by=umea_admin, values={"title": "Cykelbana"})
    client.force_login(umea_admin)
    response = client.post(
        reverse("portfolio:publish", args=["umea", action.pk]),
        {"publish": "1", "version": "99"},  # someone else saved meanwhile
        follow=True,
    )
    html = response.content.decode()
    assert 'class="message message-error" role="alert"' in html
    assert "din ändring sparades inte" in html


def test_workspace_and_login_pages_announce_through_the_same_region(client, umea_officer):
    client.force_login(umea_officer)
    response = client.post(reverse("workspace:settings"), {}, follow=True)
    html = response.content.decode()
    assert html.count("Dina val är sparade.") == 1
    assert '<p class="message message-success" role="status">Dina val är sparade.</p>' in html


# --- one main menu -------------------------------------------------------------------------


def test_the_public_menu(client, umea):
    assert menu(client.get("/").content.decode()) == [
        "Kommuner",
        "Lärdomar",
        "Öppna data (API)",
        "Logga in",
    ]


def test_an_officer_gets_min_kommun_and_imports(client, umea_officer):
    client.force_login(umea_officer)
    assert menu(client.get("/lardomar/").content.decode()) == [
        "Kommuner",
        "Lärdomar",
        "Öppna data (API)",
        "Min kommun",
        "Importera data",
        "Logga ut",
    ]


def test_a_person_without_a_role_is_not_offered_imports(client, municipalities, user_factory):
    client.force_login(user_factory(username="utan.roll"))
    entries = menu(client.get("/").content.decode())
    assert "Min kommun" in entries and "Importera data" not in entries


def test_programme_staff_get_their_pages(client, staff_user, umea):
    client.force_login(staff_user)
    html = client.get(reverse("contracts:agencies")).content.decode()
    assert menu(html) == [
        "Kommuner",
        "Lärdomar",
        "Öppna data (API)",
        "Min kommun",
        "Importera data",
        "Programkontoret",
        "Jämför kommuner",
        "Logga ut",
    ]
    assert '<a href="/programkontoret/myndigheter/" aria-current="page">' in html


def test_the_current_section_is_marked(client, umea_officer):
    client.force_login(umea_officer)
    html = client.get("/lardomar/").content.decode()
    assert '<a href="/lardomar/" aria-current="page">Lärdomar</a>' in html
    html = client.get(reverse("uploads:upload")).content.decode()
    assert '<a href="/import/" aria-current="page">Importera data</a>' in html


def test_the_workspace_links_to_the_citys_actions_and_contract(client, umea_officer, staff_user):
    client.force_login(umea_officer)
    html = client.get(reverse("workspace:city", args=["umea"])).content.decode()
    assert 'href="/kommuner/umea/atgarder/"' in html and 'href="/kommuner/umea/kontrakt/"' in html
    assert "/programkontoret/kommuner/umea/anteckningar/" not in html
    client.force_login(staff_user)
    html = client.get(reverse("workspace:city", args=["umea"])).content.decode()
    assert 'href="/programkontoret/kommuner/umea/anteckningar/"' in html
