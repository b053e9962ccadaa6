"""Logging in (throttled per account and per address), logging out, changing and
resetting a password, and the invitation a city administrator sends an officer."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from cities.history import history_for
from cities.models import ChangeAction, Membership
from cities.permissions import Role
from tests.factories import PASSWORD


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


def login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_the_login_page_is_in_swedish(client, db):
    text = words(client.get(reverse("login")))
    assert "Logga in" in text and "Användarnamn" in text and "Lösenord" in text
    assert "Glömt lösenordet?" in text


def test_an_officer_logs_in_and_lands_in_min_kommun(client, umea_officer):
    response = login(client, "anna.umea", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:index")


def test_a_wrong_password_is_refused_in_swedish_naming_nothing_secret(client, umea_officer):
    response = login(client, "anna.umea", "fel-lösenord")
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in words(response)
    assert "_auth_user_id" not in client.session


def test_login_is_throttled_per_account(client, umea_officer, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    for n in range(3):
        login(client, "anna.umea", "fel", address=f"10.0.0.{n}")
    # now even the right password is refused, from any address, without being checked
    response = login(client, "anna.umea", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in words(response)
    assert "_auth_user_id" not in client.session
    # another account is not affected
    assert login(client, "erik.umea", "fel", address="10.9.9.9").status_code == 200


def test_login_is_throttled_per_address(client, umea_officer, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for n in range(4):
        login(client, f"okänd{n}", "fel", address="192.0.2.7")
    response = login(client, "anna.umea", PASSWORD, address="192.0.2.7")
    assert response.status_code == 429
    assert login(client, "anna.umea", PASSWORD, address="192.0.2.8").status_code == 302


def test_a_successful_login_clears_the_accounts_failures(client, umea_officer, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    login(client, "anna.umea", "fel")
    login(client, "anna.umea", "fel")
    assert login(client, "anna.umea", PASSWORD).status_code == 302
    client.logout()
    login(client, "anna.umea", "fel")
    login(client, "anna.umea", "fel")
    assert login(client, "anna.umea", PASSWORD).status_code == 302


def test_behind_the_tls_proxy_the_forwarded_address_counts(client, umea_officer, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    for _ in range(2):
        client.post(
            reverse("login"),
            {"username": "x", "password": "y"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    blocked = client.post(
        reverse("login"),
        {"username": "anna.umea", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert blocked.status_code == 429


def test_logout_is_a_post_and_ends_the_session(client, umea_officer):
    client.force_login(umea_officer)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_person_changes_their_password(client, umea_officer):
    client.force_login(umea_officer)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "ett-nytt-långt-lösenord-77",
            "new_password2": "ett-nytt-långt-lösenord-77",
        },
        follow=True,
    )
    assert "Lösenordet är bytt" in words(response)
    umea_officer.refresh_from_db()
    assert umea_officer.check_password("ett-nytt-långt-lösenord-77")


def test_password_reset_mails_a_link_that_sets_a_new_password(client, umea_officer):
    response = client.post(reverse("password_reset"), {"email": "anna.umea@example.se"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna.umea@example.se"]
    assert "Välj lösenord" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "Välj lösenord" in words(form)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "helt-nytt-lösenord-2030", "new_password2": "helt-nytt-lösenord-2030"},
    )
    umea_officer.refresh_from_db()
    assert umea_officer.check_password("helt-nytt-lösenord-2030")


def test_password_reset_requests_are_throttled_per_address(client, umea_officer):
    for _ in range(10):
        client.post(reverse("password_reset"), {"email": "x@example.se"}, REMOTE_ADDR="10.1.1.1")
    response = client.post(
        reverse("password_reset"), {"email": "anna.umea@example.se"}, REMOTE_ADDR="10.1.1.1"
    )
    assert "För många förfrågningar" in words(response)
    assert len(mail.outbox) == 0


# --- The invitation ----------------------------------------------------------------------


@pytest.fixture
def mail_server(monkeypatch):
    """A mail server is configured (the tests' own mail stays in ``mail.outbox``)."""
    monkeypatch.setattr("dashboards.workspace.mail.mail_is_delivered", lambda: True)


def invite(client, email, role="officer"):
    return client.post(
        reverse("workspace:people", args=["umea"]), {"email": email, "role": role}, follow=True
    )


def test_a_city_administrator_invites_an_officer_who_sets_a_password_from_the_link(
    client, umea_admin, django_capture_on_commit_callbacks, mail_server
):
    client.force_login(umea_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, "Nils.Ny@Umea.se")
    assert "nils.ny@umea.se har fått en inbjudan med e-post." in words(response)
    person = get_user_model().objects.get(email="nils.ny@umea.se")
    assert person.username == "nils.ny@umea.se"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.city.slug, membership.role) == ("umea", Role.OFFICER)
    assert history_for(membership).first().action == ChangeAction.CREATE
    assert history_for(membership).first().user == umea_admin
    assert "inbjuden, inget lösenord ännu" in words(response)

    message = mail.outbox[0]
    assert message.to == ["nils.ny@umea.se"]
    assert "Umeå" in message.subject
    assert "handläggare för Umeå" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    client.logout()
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "nils-eget-lösenord-2030", "new_password2": "nils-eget-lösenord-2030"},
    )
    assert login(client, "nils.ny@umea.se", "nils-eget-lösenord-2030").status_code == 302
    assert client.get(reverse("workspace:index"))["Location"] == "/min-kommun/umea/"
    # the link is used up
    assert "Länken är inte giltig längre" in words(client.get(link, follow=True))


def test_inviting_an_existing_account_adds_the_role_and_mails_a_login_link(
    client, umea_admin, malmo_officer, django_capture_on_commit_callbacks
):
    client.force_login(umea_admin)
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "sara.malmo@example.se")
    assert Membership.objects.filter(user=malmo_officer, city__slug="umea").exists()
    assert "/accounts/login/" in mail.outbox[0].body
    assert "/accounts/reset/" not in mail.outbox[0].body


def test_inviting_someone_who_already_has_a_role_is_refused_on_the_email_field(
    client, umea_admin, umea_officer
):
    client.force_login(umea_admin)
    response = invite(client, "anna.umea@example.se")
    assert "E-postadress: anna.umea@example.se har redan en roll i Umeå." in words(response)
    assert Membership.objects.filter(user=umea_officer).count() == 1
    assert len(mail.outbox) == 0


def test_a_bad_email_address_is_refused_naming_the_field(client, umea_admin):
    client.force_login(umea_admin)
    response = invite(client, "inte-en-adress")
    assert "E-postadress: ange en e-postadress" in words(response)


def test_an_officer_cannot_invite(client, umea_officer):
    client.force_login(umea_officer)
    response = client.post(
        reverse("workspace:people", args=["umea"]), {"email": "x@umea.se", "role": "admin"}
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="x@umea.se").exists()


def test_a_city_keeps_its_last_administrator(client, umea_admin):
    client.force_login(umea_admin)
    membership = Membership.objects.get(user=umea_admin)
    response = client.post(
        reverse("workspace:member-remove", args=["umea", membership.pk]), follow=True
    )
    assert "Umeå måste ha minst en kommunadministratör." in words(response)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_administrator_changes_a_role_and_removes_a_person(client, umea_admin, umea_officer):
    client.force_login(umea_admin)
    membership = Membership.objects.get(user=umea_officer)
    client.post(reverse("workspace:member-role", args=["umea", membership.pk]), {"role": "admin"})
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    client.post(reverse("workspace:member-remove", args=["umea", membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=umea_officer.pk).exists()  # the account stays
