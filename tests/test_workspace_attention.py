"""What needs attention, where issues 3, 5 and 6 meet: the "Min kommun" start page and
the reminder digest list the city's actions whose follow-up is due or overdue (issue 6's
cycle rules) and its latest imports, failed ones first (issue 3's jobs); the digest still
goes out at most once per period, never twice, and not to those who opted out."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from actions.services import action_create, follow_up_create
from core.cycles import period_of
from dashboards.workspace import services
from indicators.import_jobs import import_job_create
from indicators.models import ImportJob
from tests.actions.conftest import words

TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"
IN_WINDOW = dt.date(2025, 8, 20)  # Umeå's second tertial of 2025 is due 31 August


def template_csv(*rows: str) -> bytes:
    return (TEMPLATE + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def action(city, by, title, *, since: dt.date, publish=True) -> Action:
    """An action that entered the portfolio on ``since``."""
    item = action_create(city=city, by=by, values={"title": title}, publish=publish)
    moment = timezone.make_aware(dt.datetime.combine(since, dt.time(12)))
    Action.objects.filter(pk=item.pk).update(created_at=moment)
    return item


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def job(city, by, content: bytes, name="resor.csv") -> ImportJob:
    return import_job_create(upload=io.BytesIO(content), original_name=name, by=by, city=city)


def start_page(client, person) -> str:
    client.force_login(person)
    response = client.get(reverse("workspace:city", args=["umea"]))
    assert response.status_code == 200
    return words(response.content.decode())


def test_the_start_page_lists_actions_due_with_the_overdue_first(
    client, umea, umea_officer, umea_admin
):
    today = timezone.localdate()
    action(umea, umea_admin, "Cykelbana", since=today)
    late = action(umea, umea_admin, "Biogasbussar", since=today - dt.timedelta(days=365))
    done = action(umea, umea_admin, "Solceller", since=today)
    follow_up_create(action=done, by=umea_officer, values={"text": "Klart i tid."})
    action(umea, umea_officer, "Idé", since=today, publish=False)
    page = start_page(client, umea_officer)
    assert "Åtgärder som ska följas upp (3)" in page
    section = page[page.index("Åtgärder som ska följas upp") :]
    assert section.index("Biogasbussar") < section.index("Cykelbana")
    assert "Biogasbussar Försenad: uppföljningen för " in page
    assert f"Cykelbana Uppföljningen för {period_of(today, 3).label} ska vara klar" in page
    assert "Idé Uppföljningen för" in page and "(Åtgärden är ett utkast.)" in page
    assert "Solceller" not in section.split("Mål utan målvärde")[0]
    html = client.get(reverse("workspace:city", args=["umea"])).content.decode()
    assert f'href="/kommuner/umea/atgarder/{late.pk}/uppfoljningar/ny/"' in html


def test_the_start_page_lists_the_latest_imports_failed_first(
    client, umea, umea_goals, umea_officer
):
    ok = job(umea, umea_officer, template_csv("2480;sustainable_trips_share;2022;58,5"))
    failed = job(
        umea, umea_officer, template_csv("1280;sustainable_trips_share;2022;40"), "malmo.csv"
    )
    assert (ok.status, failed.status) == ("preview", "failed")
    page = start_page(client, umea_officer)
    section = page[page.index("Senaste importer") :]
    assert section.index("malmo.csv") < section.index("resor.csv")
    assert "malmo.csv Misslyckades" in section and "Filen har inga värden för Umeå" in section
    assert "resor.csv Väntar på att bekräftas" in section
    html = client.get(reverse("workspace:city", args=["umea"])).content.decode()
    assert f'href="/import/jobb/{failed.pk}/"' in html


def test_the_start_page_costs_the_same_queries_however_many_actions_and_jobs(
    client, umea, umea_goals, umea_officer, umea_admin
):
    today = timezone.localdate()
    action(umea, umea_admin, "Första", since=today)
    job(umea, umea_officer, template_csv("2480;sustainable_trips_share;2022;58,5"))
    client.force_login(umea_admin)
    url = reverse("workspace:city", args=["umea"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(6):
        item = action(umea, umea_admin, f"Åtgärd {n}", since=today - dt.timedelta(days=365))
        follow_up_create(action=item, by=umea_officer, values={"text": "x"})
        job(umea, umea_officer, template_csv(f"2480;sustainable_trips_share;{2010 + n};50"))
    with CaptureQueriesContext(connection) as second:
        page = words(client.get(url).content.decode())
    assert len(second.captured_queries) == len(first.captured_queries)
    assert "Åtgärd 5" in page


def test_the_digest_lists_actions_due_and_not_the_imports(umea, umea_officer, umea_admin):
    action(umea, umea_admin, "Biogasbussar", since=dt.date(2025, 5, 10))
    followed = action(umea, umea_admin, "Cykelbana", since=dt.date(2025, 1, 10))
    for number in (1, 2):
        follow_up_create(
            action=followed,
            by=umea_officer,
            values={"period_year": 2025, "period_number": number, "date": IN_WINDOW},
        )
    job(umea, umea_officer, template_csv("2480;sustainable_trips_share;2022;58,5"))
    run = services.reminder_digests_send(today=IN_WINDOW)
    assert run.sent == 2
    body = next(m for m in mail.outbox if m.to == ["anna.umea@example.se"]).body
    assert "Åtgärder som ska följas upp" in body
    assert "- Biogasbussar: Uppföljningen för T2 2025 ska vara klar 31 augusti 2025." in body
    assert "/kommuner/umea/atgarder/" in body and "Cykelbana" not in body
    assert "Senaste importer" not in body and "resor.csv" not in body
    # At most once per period: a retry sends nothing more.
    assert services.reminder_digests_send(today=IN_WINDOW).sent == 0
    assert len(mail.outbox) == 2


def test_an_overdue_action_alone_brings_a_digest_and_opting_out_still_holds(
    umea, umea_officer, umea_admin
):
    # No goals or own indicators: only the action is due.
    action(umea, umea_admin, "Biogasbussar", since=dt.date(2025, 1, 10))
    services.reminder_preference_set(user=umea_admin, digest=False)
    services.reminder_digests_send(today=IN_WINDOW)
    assert [m.to for m in mail.outbox] == [["anna.umea@example.se"]]
    assert "Försenad: uppföljningen för T1 2025 skulle vara klar 30 april 2025." in (
        mail.outbox[0].body
    )


def test_the_digest_reads_the_actions_of_all_cities_in_one_query(
    umea, malmo, umea_admin, malmo_officer
):
    action(umea, umea_admin, "Biogasbussar", since=dt.date(2025, 1, 10))
    action(malmo, None, "Spårväg", since=dt.date(2025, 1, 10))
    with CaptureQueriesContext(connection) as queries:
        services.reminder_digests_send(today=IN_WINDOW)
    from_actions = [q for q in queries.captured_queries if '"actions_action"' in q["sql"]]
    assert len(from_actions) == 1
    assert len(mail.outbox) == 2


def test_indicators_due_link_to_the_form_only_for_those_who_may_enter_values(
    client, umea, umea_goals, umea_officer, staff_user
):
    url = reverse("workspace:city", args=["umea"])
    form = reverse("workspace:observation-create", args=["umea"])
    client.force_login(umea_officer)
    officer_page = client.get(url).content.decode()
    assert f'href="{form}?indikator=' in officer_page
    client.force_login(staff_user)
    staff_page = client.get(url).content.decode()
    assert f'href="{form}' not in staff_page  # programme staff read; the form answers 403
    assert client.get(form).status_code == 403
