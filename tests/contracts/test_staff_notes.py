"""Programme staff's notes about a city: written and read on a staff page, and never shown
anywhere else — not on public pages, not in the anonymous API, not to any city's people."""

import pytest
from django.urls import reverse

from contracts.models import StaffNote
from contracts.services import staff_note_add
from tests.contracts.conftest import words

SECRET = "Konfidentiellt: Umeå behöver stöd med 3.9 före mötet i mars."


@pytest.fixture
def note(umea_contracts, staff_user, umea):
    return staff_note_add(city=umea, text=SECRET, by=staff_user)


def notes_url(slug: str = "umea") -> str:
    return reverse("contracts:staff-notes", kwargs={"slug": slug})


def test_staff_write_and_read_notes_on_their_page(client, umea, staff_user):
    client.force_login(staff_user)
    response = client.post(notes_url(), {"text": SECRET})
    assert response.status_code == 302 and response["Location"] == notes_url()
    text = words(client.get(notes_url()).content.decode())
    assert "Anteckningar om Umeå" in text
    assert SECRET in text
    assert "programkontoret," in text  # who wrote it
    assert "aldrig på de offentliga sidorna, i API:t eller för kommunens egna användare" in text


def test_an_empty_note_is_refused_with_a_message(client, umea, staff_user):
    client.force_login(staff_user)
    response = client.post(notes_url(), {"text": "  "})
    assert response.status_code == 200
    assert "Skriv anteckningen." in words(response.content.decode())
    assert not StaffNote.objects.exists()


def test_staff_remove_a_note(client, note, staff_user):
    client.force_login(staff_user)
    url = reverse("contracts:staff-note-delete", kwargs={"slug": "umea", "pk": note.pk})
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    note.refresh_from_db()
    assert note.deleted_by == staff_user
    assert SECRET not in client.get(notes_url()).content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/kommuner/umea/",
        "/kommuner/umea/kontrakt/",
        "/kommuner/umea/kontrakt/2024/",
        "/kommuner/umea/kontrakt/2022/",
        "/kommuner/umea/kontrakt/jamfor/",
        "/api/v1/cities/",
        "/api/v1/cities/2480/",
        "/api/v1/cities/2480/contracts/",
        "/api/schema/",
    ],
)
def test_no_public_page_or_anonymous_api_shows_a_note(client, note, path):
    response = client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body
    assert "Konfidentiellt" not in body
    assert "anteckningar/" not in body


@pytest.mark.parametrize("actor", ["malmo_officer", "umea_officer", "umea_admin"])
def test_no_city_person_reaches_the_notes(client, note, request, actor):
    client.force_login(request.getfixturevalue(actor))
    assert client.get(notes_url()).status_code == 403
    assert client.post(notes_url(), {"text": "Intrång"}).status_code == 403
    delete = reverse("contracts:staff-note-delete", kwargs={"slug": "umea", "pk": note.pk})
    assert client.post(delete).status_code == 403
    for path in ["/kommuner/umea/kontrakt/2024/", "/api/v1/cities/2480/contracts/"]:
        assert SECRET not in client.get(path).content.decode()
    note.refresh_from_db()
    assert note.deleted_at is None
    assert StaffNote.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_log_in(client, note):
    response = client.get(notes_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_notes_stay_with_their_city(client, note, staff_user, malmo):
    client.force_login(staff_user)
    assert SECRET not in client.get(notes_url("malmo")).content.decode()
    assert "Inga anteckningar ännu." in words(client.get(notes_url("malmo")).content.decode())


def test_the_notes_page_costs_a_fixed_number_of_queries(
    client, umea, staff_user, django_assert_num_queries
):
    client.force_login(staff_user)
    with django_assert_num_queries(4):
        client.get(notes_url())
    for n in range(5):
        staff_note_add(city=umea, text=f"Anteckning {n}", by=staff_user)
    with django_assert_num_queries(4):
        client.get(notes_url())
