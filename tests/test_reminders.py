"""Reminders: a daily Celery beat job mails each officer a digest when their city's
follow-up falls due (per the city's own cycle), at most once per period, never twice on
a retry, and not at all to a person who opted out."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from cities.models import FollowUpCycle
from core.cycles import period_of, reminder_window_open
from dashboards.workspace import mail as workspace_mail
from dashboards.workspace import services
from dashboards.workspace.models import ReminderSent
from dashboards.workspace.tasks import send_reminder_digests

# Umeå follows up in tertials (the default): the second tertial is due 31 August 2025.
IN_WINDOW = dt.date(2025, 8, 20)


@pytest.mark.parametrize(
    ("day", "per_year", "key", "start", "due"),
    [
        (dt.date(2025, 5, 10), 3, "2025-2/3", dt.date(2025, 5, 1), dt.date(2025, 8, 31)),
        (dt.date(2025, 1, 1), 3, "2025-1/3", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
        (dt.date(2025, 12, 31), 3, "2025-3/3", dt.date(2025, 9, 1), dt.date(2025, 12, 31)),
        (dt.date(2024, 2, 10), 12, "2024-2/12", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        (dt.date(2025, 7, 1), 2, "2025-2/2", dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
        (dt.date(2025, 3, 31), 4, "2025-1/4", dt.date(2025, 1, 1), dt.date(2025, 3, 31)),
        (dt.date(2025, 6, 1), 1, "2025-1/1", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ],
)
def test_a_year_splits_into_the_citys_follow_up_periods(day, per_year, key, start, due):
    period = period_of(day, per_year)
    assert (period.key, period.start, period.due) == (key, start, due)
    assert period.contains(day)


def test_a_cycle_that_does_not_split_the_year_is_refused():
    with pytest.raises(ValueError):
        period_of(dt.date(2025, 1, 1), 5)


def test_the_reminder_window_opens_the_given_days_before_the_due_date():
    assert reminder_window_open(dt.date(2025, 8, 17), 3, lead_days=14)
    assert not reminder_window_open(dt.date(2025, 8, 16), 3, lead_days=14)


@pytest.fixture
def umea_people(umea_goals, umea_officer, umea_admin):
    return umea_officer, umea_admin


def test_each_officer_gets_one_digest_listing_what_falls_due(umea_people, malmo_officer):
    run = services.reminder_digests_send(today=IN_WINDOW)
    assert run.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["anna.umea@example.se", "erik.umea@example.se"]
    message = mail.outbox[0]
    assert message.subject == "Umeå: uppföljningen ska vara klar 31 augusti"
    assert "Uppföljningsperiod 2 av 3 för Umeå ska vara klar 31 augusti 2025" in message.body
    assert "Andel fossilfria drivmedel (%): Inga värden ännu; väntat: 2024." in message.body
    assert "http://127.0.0.1:8000/min-kommun/umea/utfall/ny/?indikator=" in message.body
    assert "/min-kommun/paminnelser/avsluta/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/")
    # Malmö has nothing due (no goals, no own indicators): no mail
    assert not any("sara.malmo" in m.to[0] for m in mail.outbox)
    sent = ReminderSent.objects.get(user__username="anna.umea")
    assert sent.period == "2025-2/3" and sent.sent_at is not None


def test_a_retry_or_a_later_run_in_the_same_period_sends_nothing(umea_people):
    services.reminder_digests_send(today=IN_WINDOW)
    again = services.reminder_digests_send(today=IN_WINDOW)
    later = services.reminder_digests_send(today=IN_WINDOW + dt.timedelta(days=5))
    assert (again.sent, later.sent) == (0, 0)
    assert len(mail.outbox) == 2


def test_the_next_period_sends_again(umea_people):
    services.reminder_digests_send(today=IN_WINDOW)
    run = services.reminder_digests_send(today=dt.date(2025, 12, 20))
    assert run.sent == 2
    assert len(mail.outbox) == 4


def test_nothing_is_sent_before_the_window_opens(umea_people):
    assert services.reminder_digests_send(today=dt.date(2025, 6, 1)).sent == 0
    assert mail.outbox == []


def test_the_cycle_is_the_citys_own(umea_people, umea):
    umea.follow_ups_per_year = FollowUpCycle.YEARLY
    umea.save()
    assert services.reminder_digests_send(today=IN_WINDOW).sent == 0
    assert services.reminder_digests_send(today=dt.date(2025, 12, 20)).sent == 2
    assert ReminderSent.objects.first().period == "2025-1/1"


def test_a_person_who_opted_out_gets_nothing(umea_people, umea_officer):
    services.reminder_preference_set(user=umea_officer, digest=False)
    services.reminder_digests_send(today=IN_WINDOW)
    assert [m.to for m in mail.outbox] == [["erik.umea@example.se"]]


def test_the_link_in_the_mail_stops_the_reminders_after_a_confirmation(client, umea_people):
    services.reminder_digests_send(today=IN_WINDOW)
    message = next(m for m in mail.outbox if m.to == ["anna.umea@example.se"])
    link = re.search(
        r"http://127\.0\.0\.1:8000(/min-kommun/paminnelser/avsluta/\S+/)", message.body
    )
    page = client.get(link.group(1))
    assert "Vill du sluta få påminnelser" in page.content.decode()
    assert services.reminder_preference(umea_people[0]) is True  # a GET changes nothing
    done = client.post(link.group(1))
    assert "du får inga fler påminnelser" in done.content.decode()
    assert services.reminder_preference(umea_people[0]) is False


def test_a_forged_unsubscribe_link_is_refused(client, db):
    response = client.get(reverse("workspace:unsubscribe", args=["1:forged"]))
    assert response.status_code == 400


def test_a_person_turns_reminders_off_and_on_in_their_settings(client, umea_officer):
    client.force_login(umea_officer)
    client.post(reverse("workspace:settings"), {})
    assert services.reminder_preference(umea_officer) is False
    client.post(reverse("workspace:settings"), {"digest": "on"})
    assert services.reminder_preference(umea_officer) is True


def test_a_failed_send_is_tried_again_on_the_next_run(umea_people, monkeypatch):
    real = workspace_mail.send_digest
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("SMTP down")
        return real(**kwargs)

    monkeypatch.setattr(workspace_mail, "send_digest", flaky)
    first = services.reminder_digests_send(today=IN_WINDOW)
    assert (first.sent, first.failed) == (1, 1)
    second = services.reminder_digests_send(today=IN_WINDOW)
    assert second.sent == 1
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(sent_at__isnull=False).count() == 2


def test_the_beat_job_is_scheduled_daily_and_runs_the_service(umea_people, monkeypatch):
    entry = settings.CELERY_BEAT_SCHEDULE["follow-up-reminders"]
    assert entry["task"] == "dashboards.send_reminder_digests"
    monkeypatch.setattr("dashboards.workspace.tasks.timezone.localdate", lambda: IN_WINDOW)
    result = send_reminder_digests.delay().get()
    assert result == {"sent": 2, "already_sent": 0, "failed": 0}
