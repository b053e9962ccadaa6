"""Review: an administrator sends a draft back with a comment, which the officer sees on
the start page and in the item's history; every draft shows who made it and when;
nothing is ticked before "Publicera valda"; a daily digest tells administrators when
drafts wait (once a day, opt-out)."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from cities.history import history_for
from cities.models import ChangeAction
from dashboards.workspace.models import ReminderPreference
from dashboards.workspace.services import drafts_digests_send
from indicators.models import Indicator
from indicators.services.values import observation_create, observation_update

TODAY = dt.date(2026, 3, 2)


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


@pytest.fixture
def draft(umea, umea_goals, umea_officer):
    trips = Indicator.objects.get(key="sustainable_trips_share")
    return observation_create(
        city=umea,
        indicator=trips,
        year=2024,
        value=58.5,
        status="preliminary",
        source="Resvaneundersökning 2024",
        by=umea_officer,
    )


def send_back_url(draft):
    return reverse("workspace:item-send-back", args=["umea", "utfall", draft.pk])


def test_an_administrator_sends_a_draft_back_and_the_officer_reads_why(
    client, umea_admin, umea_officer, draft
):
    client.force_login(umea_admin)
    drafts_page = words(client.get(reverse("workspace:drafts", args=["umea"])))
    assert "Skicka tillbaka" in drafts_page
    form = words(client.get(send_back_url(draft)))
    assert "Utkast av anna.umea" in form
    response = client.post(
        send_back_url(draft), {"comment": "Ange vilken RVU det är."}, follow=True
    )
    assert "Utkastet skickades tillbaka med din kommentar" in words(response)
    record = history_for(draft).first()
    assert (record.action, record.comment, record.user) == (
        ChangeAction.SEND_BACK,
        "Ange vilken RVU det är.",
        umea_admin,
    )

    client.force_login(umea_officer)
    start = words(client.get(reverse("workspace:city", args=["umea"])))
    assert "Utkast som skickats tillbaka med en kommentar" in start
    assert "”Ange vilken RVU det är.”" in start and "Skickat tillbaka av erik.umea" in start
    history = words(
        client.get(reverse("workspace:item-history", args=["umea", "utfall", draft.pk]))
    )
    assert "Skickad tillbaka" in history and "Kommentar: Ange vilken RVU det är." in history

    # once the officer changes the draft, the start page no longer asks
    observation_update(
        observation=draft, by=umea_officer, expected_version=draft.version, source="RVU 2024"
    )
    start = words(client.get(reverse("workspace:city", args=["umea"])))
    assert "Ange vilken RVU det är." not in start


def test_sending_back_is_refused_to_officers_and_without_a_comment(
    client, umea_officer, malmo_officer, umea_admin, draft
):
    for person in (umea_officer, malmo_officer):
        client.force_login(person)
        assert client.post(send_back_url(draft), {"comment": "Nej"}).status_code == 403
    client.force_login(umea_admin)
    response = client.post(send_back_url(draft), {"comment": "  "})
    assert "Kommentar: det här fältet är obligatoriskt." in words(response)
    assert not history_for(draft).filter(action=ChangeAction.SEND_BACK).exists()


def test_every_draft_shows_who_made_it_and_when_and_none_is_ticked(client, umea_admin, draft):
    client.force_login(umea_admin)
    response = client.get(reverse("workspace:drafts", args=["umea"]))
    html = response.content.decode()
    assert "anna.umea" in words(response)
    assert draft.updated_at.astimezone().strftime("%Y-%m-%d") in words(response)
    assert 'type="checkbox"' in html and "checked" not in html


# --- the daily digest ---------------------------------------------------------------------


def test_administrators_get_one_digest_a_day_while_drafts_wait(umea_admin, umea_officer, draft):
    run = drafts_digests_send(today=TODAY, base_url="https://klimat.example.se/")
    assert run.sent == 1
    (message,) = mail.outbox
    assert message.to == [umea_admin.email]  # administrators only, not the officer
    assert message.subject == "Umeå: 1 utkast väntar på publicering"
    assert "https://klimat.example.se/min-kommun/umea/utkast/" in message.body
    assert "https://klimat.example.se/min-kommun/installningar/" in message.body
    # the same day again: nothing more
    assert drafts_digests_send(today=TODAY).already_sent == 0
    assert len(mail.outbox) == 1
    # the next day, drafts still waiting: one more
    assert drafts_digests_send(today=TODAY + dt.timedelta(days=1)).sent == 1


def test_no_digest_without_drafts_or_for_someone_who_opted_out(client, umea, umea_admin, draft):
    ReminderPreference.objects.create(user=umea_admin, drafts_digest=False)
    assert drafts_digests_send(today=TODAY).sent == 0
    ReminderPreference.objects.filter(user=umea_admin).update(drafts_digest=True)
    draft.delete()
    assert drafts_digests_send(today=TODAY).sent == 0
    assert mail.outbox == []


def test_the_settings_page_turns_the_digest_off(client, umea_admin):
    client.force_login(umea_admin)
    page = words(client.get(reverse("workspace:settings")))
    assert "daglig sammanfattning när utkast väntar" in page
    client.post(reverse("workspace:settings"), {"digest": "on"})
    assert not ReminderPreference.objects.get(user=umea_admin).drafts_digest


def test_the_command_sends_the_days_digest(umea_admin, draft):
    out = io.StringIO()
    call_command("send_drafts_digest", stdout=out)
    assert "1 skickade" in out.getvalue()
    assert len(mail.outbox) == 1
