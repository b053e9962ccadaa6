"""A city's first login in one step: ``create_city_admin`` from the command line, the same
from the admin and from programme staff's people page, and the demo logins (DEBUG only)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from cities.demo import DEMO_LOGINS, demo_logins_load
from cities.history import history_for
from cities.models import ChangeAction, Membership
from cities.permissions import Role
from dashboards.management.commands.load_demo_data import demo_logins_report


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


def create_city_admin(**options) -> str:
    out = io.StringIO()
    call_command("create_city_admin", stdout=out, **options)
    return out.getvalue()


def set_password_from(client, link: str, password: str):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_create_city_admin_makes_the_first_administrator_and_prints_a_one_time_link(
    client, umea, settings
):
    settings.SITE_URL = "https://klimat.example.se"
    output = create_city_admin(city="2480", email="Anna.Admin@Umea.se")

    person = get_user_model().objects.get(email="anna.admin@umea.se")
    membership = Membership.objects.get(user=person)
    assert (membership.city, membership.role) == (umea, Role.ADMIN)
    assert history_for(membership).first().action == ChangeAction.CREATE
    assert "kommunadministratör i Umeå" in output
    assert "Ingen e-postserver är inställd" in output
    link = re.search(r"https://klimat\.example\.se(/accounts/reset/\S+/)", output).group(1)

    set_password_from(client, link, "annas-eget-lösenord-2030")
    assert client.login(username="anna.admin@umea.se", password="annas-eget-lösenord-2030")
    assert client.get(reverse("workspace:index"))["Location"] == "/min-kommun/umea/"
    # one time only
    client.logout()
    assert "Länken är inte giltig längre" in words(client.get(link, follow=True))


def test_create_city_admin_with_a_mail_server_says_the_mail_went_out(umea, monkeypatch):
    monkeypatch.setattr("dashboards.workspace.mail.mail_is_delivered", lambda: True)
    output = create_city_admin(city="umea", email="erik@umea.se")
    assert "Inbjudan har skickats med e-post." in output
    assert "/accounts/reset/" not in output
    assert mail.outbox[0].to == ["erik@umea.se"]


def test_create_city_admin_makes_an_officer_administrator(umea, umea_officer):
    create_city_admin(city="2480", email=umea_officer.email)
    assert Membership.objects.get(user=umea_officer).role == Role.ADMIN
    assert history_for(Membership.objects.get(user=umea_officer)).first().action == "update"


def test_create_city_admin_refuses_an_unknown_city_and_a_bad_address(umea):
    with pytest.raises(CommandError, match="Ingen kommun"):
        create_city_admin(city="9999", email="x@example.se")
    with pytest.raises(CommandError):
        create_city_admin(city="2480", email="inte-en-adress")
    assert not Membership.objects.exists()


# --- programme staff: the people page and the admin --------------------------------------


def test_staff_invite_a_citys_administrator_and_see_the_link_without_a_mail_server(
    client, staff_user, umea, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    index = words(client.get(reverse("workspace:index")))
    assert "/min-kommun//" not in index
    assert "Personer och inbjudningar" in index
    page = client.get(reverse("workspace:people", args=["umea"]))
    assert "Bjud in en person" in words(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workspace:people", args=["umea"]),
            {"email": "ny.admin@umea.se", "role": "admin"},
            follow=True,
        )
    text = words(response)
    assert "Ge personen den här engångslänken: http://testserver/accounts/reset/" in text
    membership = Membership.objects.get(user__email="ny.admin@umea.se")
    assert (membership.city, membership.role) == (umea, Role.ADMIN)
    assert history_for(membership).first().user == staff_user
    assert mail.outbox[0].to == ["ny.admin@umea.se"]


def test_staff_do_not_invite_officers_and_officers_do_not_invite_at_all(
    client, staff_user, umea_officer, malmo_officer
):
    people = reverse("workspace:people", args=["umea"])
    client.force_login(staff_user)
    assert client.post(people, {"email": "x@umea.se", "role": "officer"}).status_code == 403
    for person in [umea_officer, malmo_officer]:
        client.force_login(person)
        response = client.post(people, {"email": "x@umea.se", "role": "admin"})
        assert response.status_code == 403, person
    assert not Membership.objects.filter(user__email="x@umea.se").exists()


def test_staff_add_a_citys_administrator_in_the_admin(
    client, staff_user, umea, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    assert client.get(reverse("admin:cities_membership_add")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:cities_membership_add"),
            {"email": "forsta.admin@umea.se", "city": umea.pk, "role": "admin"},
            follow=True,
        )
    assert "engångslänken" in words(response)
    membership = Membership.objects.get(user__email="forsta.admin@umea.se")
    assert membership.role == Role.ADMIN
    assert history_for(membership).first().user == staff_user
    assert mail.outbox[0].to == ["forsta.admin@umea.se"]


def test_the_admin_refuses_a_second_role_in_the_same_city(client, staff_user, umea, umea_officer):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:cities_membership_add"),
        {"email": umea_officer.email, "city": umea.pk, "role": "admin"},
    )
    assert "har redan en roll i Umeå" in words(response)
    assert Membership.objects.get(user=umea_officer).role == Role.OFFICER


# --- demo logins ---------------------------------------------------------------------------


def test_demo_logins_with_debug_on_log_in_with_the_password_demo(client, umea, malmo, settings):
    settings.DEBUG = True
    created = demo_logins_load()
    assert [login.username for login in created] == [
        "umea.handlaggare",
        "umea.admin",
        "malmo.handlaggare",
        "programkontoret",
    ]
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "umea.handlaggare": Role.OFFICER,
        "umea.admin": Role.ADMIN,
        "malmo.handlaggare": Role.OFFICER,
    }
    assert get_user_model().objects.get(username="programkontoret").is_staff
    assert client.login(username="umea.admin", password="demo")
    assert "umea.handlaggare" in demo_logins_report(created)
    demo_logins_load()  # again: nothing doubled
    assert Membership.objects.count() == 3


def test_demo_logins_are_never_created_with_debug_off(umea, malmo, settings):
    settings.DEBUG = False
    assert demo_logins_load() == []
    names = [login.username for login in DEMO_LOGINS]
    assert not get_user_model().objects.filter(username__in=names).exists()
    assert demo_logins_report([]) == "Inga demoinloggningar (DEBUG är av)."
