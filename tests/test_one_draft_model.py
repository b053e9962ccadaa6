"""One draft model everywhere: actions, their follow-ups and the contract's follow-up are
drafted like goals and values (``cities.drafts``). A change to something published waits
beside it, unseen by the public (pages and API), until a city administrator (programme
staff for their own commitments) publishes it; the workspace lists it among the drafts,
keeps its history and restores earlier versions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, ActionCost, FollowUp
from actions.services import CostValues, action_create, action_update, follow_up_create
from actions.services import follow_up_update as action_follow_up_update
from cities import drafts
from cities.history import history_for
from cities.models import ChangeRecord
from contracts.models import Commitment, CommitmentFollowUp
from contracts.services import commitment_follow_up_save
from tests.actions.conftest import words
from tests.factories import contract_version

API_ACTIONS = "/api/v1/cities/2480/actions/"
API_CONTRACTS = "/api/v1/cities/2480/contracts/"


@pytest.fixture
def bus(umea, umea_admin, umea_goals):
    """A published action with a cost line, linked to one goal."""
    return action_create(
        city=umea,
        by=umea_admin,
        values={"title": "Biogasbussar", "sector": "Transporter", "status": "ongoing"},
        goals=[umea_goals[0]],
        costs=[CostValues(year=2025, investment_sek=4_000_000)],
        publish=True,
    )


@pytest.fixture
def report(bus, umea_admin):
    """A published follow-up of the bus action."""
    return follow_up_create(
        action=bus,
        by=umea_admin,
        values={
            "period_year": 2026,
            "period_number": 2,
            "text": "Upphandlat.",
            "status": "on_track",
        },
        publish=True,
    )


def change_bus(bus, officer):
    action_update(
        action=bus,
        by=officer,
        expected_version=bus.version,
        values={"title": "Elbussar", "expected_reduction": 800.0, "effect_from_year": 2027},
        goals=[],
        costs=[CostValues(year=2026, investment_sek=9_000_000)],
    )


def test_an_officers_change_to_a_published_action_waits_beside_it(client, umea, umea_officer, bus):
    change_bus(bus, umea_officer)
    bus.refresh_from_db()
    assert bus.is_published and bus.title == "Biogasbussar" and bus.version == 2
    assert bus.draft["title"] == "Elbussar"
    assert bus.draft["costs"] == [[2026, 9_000_000, None, "", ""]]
    # The published investment plan and links are untouched until publishing.
    assert list(ActionCost.objects.values_list("year", "investment_sek")) == [(2025, 4_000_000)]
    assert bus.goals.count() == 1

    # The public: portfolio page, action page, API and export show the published action.
    portfolio = words(client.get("/kommuner/umea/atgarder/").content.decode())
    assert "Biogasbussar" in portfolio and "Elbussar" not in portfolio
    action_page = words(client.get(f"/kommuner/umea/atgarder/{bus.pk}/").content.decode())
    assert "Biogasbussar" in action_page and "Elbussar" not in action_page
    assert "4 000 000" in action_page and "9 000 000" not in action_page
    api = client.get(API_ACTIONS).json()["actions"][0]
    assert (api["title"], api["expected_reduction"]) == ("Biogasbussar", None)
    assert [c["year"] for c in api["costs"]] == [2025] and len(api["goals"]) == 1

    # The city's people see what they work on, and that it waits.
    client.force_login(umea_officer)
    mine = words(client.get(f"/kommuner/umea/atgarder/{bus.pk}/").content.decode())
    assert "Elbussar" in mine and "Publicerad – ändring väntar på publicering" in mine
    assert "9 000 000" in mine and "4 000 000" not in mine
    assert "Elbussar" in words(client.get("/kommuner/umea/atgarder/").content.decode())
    form = client.get(reverse("portfolio:edit", args=["umea", bus.pk])).content.decode()
    assert 'value="Elbussar"' in form and 'name="costs-0-year" value="2026"' in form


def test_the_administrator_publishes_the_change_from_the_drafts_list(
    client, umea, umea_officer, umea_admin, bus
):
    change_bus(bus, umea_officer)
    client.force_login(umea_admin)
    listed = words(client.get(reverse("workspace:drafts", args=["umea"])).content.decode())
    assert "Åtgärd: Elbussar" in listed
    assert "Rubrik: Biogasbussar → Elbussar" in listed
    assert "Kostnader: 2025: investering 4 000 000 kr → 2026: investering 9 000 000 kr" in listed
    bus.refresh_from_db()
    response = client.post(
        reverse("workspace:publish-many", args=["umea"]),
        {"items": [f"atgarder:{bus.pk}:{bus.version}"]},
    )
    assert response.status_code == 302
    bus.refresh_from_db()
    assert (bus.title, bus.expected_reduction, bus.draft) == ("Elbussar", 800.0, {})
    assert list(bus.costs.values_list("year", "investment_sek")) == [(2026, 9_000_000)]
    assert not bus.goals.exists()
    client.logout()
    api = client.get(API_ACTIONS).json()["actions"][0]
    assert api["title"] == "Elbussar" and api["expected_reduction"]["central"] == 800.0
    assert history_for(bus).first().action == "publish"


def test_the_history_page_shows_the_actions_changes_and_restores_a_version(
    client, umea, umea_officer, bus
):
    change_bus(bus, umea_officer)
    client.force_login(umea_officer)
    url = reverse("workspace:item-history", args=["umea", "atgarder", bus.pk])
    page = words(client.get(url).content.decode())
    assert "Rubrik Biogasbussar Elbussar" in page
    assert "Kostnader 2025: investering 4 000 000 kr 2026: investering 9 000 000 kr" in page
    created = history_for(bus).last()
    bus.refresh_from_db()
    response = client.post(
        reverse("workspace:item-restore-version", args=["umea", "atgarder", bus.pk, created.pk]),
        {"version": bus.version},
    )
    assert response.status_code == 302
    bus.refresh_from_db()
    # Back to the published version: nothing waits any more.
    assert bus.draft == {} and bus.title == "Biogasbussar"


def test_a_pending_change_can_be_discarded(client, umea, umea_officer, bus):
    change_bus(bus, umea_officer)
    bus.refresh_from_db()
    client.force_login(umea_officer)
    client.post(
        reverse("workspace:item-discard", args=["umea", "atgarder", bus.pk]),
        {"version": bus.version},
    )
    bus.refresh_from_db()
    assert bus.draft == {} and drafts.working(bus).title == "Biogasbussar"


def test_deleting_a_published_action_waits_for_publishing(client, umea_officer, umea_admin, bus):
    client.force_login(umea_officer)
    response = client.post(reverse("portfolio:delete", args=["umea", bus.pk]), {"version": 1})
    assert response.status_code == 302
    bus.refresh_from_db()
    assert bus.deleted_at is None and drafts.pending_delete(bus)
    client.logout()
    assert client.get(API_ACTIONS).json()["count"] == 1
    client.force_login(umea_admin)
    client.post(
        reverse("portfolio:publish", args=["umea", bus.pk]),
        {"publish": "1", "version": bus.version},
    )
    bus.refresh_from_db()
    assert bus.deleted_at is not None
    client.logout()
    assert client.get(API_ACTIONS).json()["count"] == 0


def test_a_pending_change_of_a_published_follow_up_stays_out_of_public_view(
    client, umea_officer, umea_admin, bus, report
):
    action_follow_up_update(
        follow_up=report,
        by=umea_officer,
        expected_version=report.version,
        values={"status": "major", "text": "Leverantören gick i konkurs."},
    )
    report.refresh_from_db()
    assert (report.status, report.is_published) == ("on_track", True)
    latest = client.get(API_ACTIONS).json()["actions"][0]["latest_follow_up"]
    assert (latest["status"], latest["text"]) == ("on_track", "Upphandlat.")
    public = words(client.get(f"/kommuner/umea/atgarder/{bus.pk}/").content.decode())
    assert "Upphandlat." in public and "konkurs" not in public

    client.force_login(umea_admin)
    mine = words(client.get(f"/kommuner/umea/atgarder/{bus.pk}/").content.decode())
    assert "Leverantören gick i konkurs." in mine and "Ändring väntar på publicering" in mine
    drafts_page = words(client.get(reverse("workspace:drafts", args=["umea"])).content.decode())
    assert "Uppföljning av åtgärd: Biogasbussar, T2 2026: större avvikelse" in drafts_page
    client.post(
        reverse("workspace:item-publish", args=["umea", "uppfoljningar", report.pk]),
        {"version": report.version},
    )
    client.logout()
    latest = client.get(API_ACTIONS).json()["actions"][0]["latest_follow_up"]
    assert (latest["status"], latest["text"]) == ("major", "Leverantören gick i konkurs.")


def test_only_the_city_administrator_publishes_an_action_in_the_workspace(
    client, umea_officer, staff_user, malmo_officer, bus
):
    change_bus(bus, umea_officer)
    bus.refresh_from_db()
    url = reverse("workspace:item-publish", args=["umea", "atgarder", bus.pk])
    for person in (umea_officer, staff_user, malmo_officer):
        client.force_login(person)
        assert client.post(url, {"version": bus.version}).status_code == 403
    bus.refresh_from_db()
    assert bus.title == "Biogasbussar" and bus.draft


# --- the contract's follow-up ------------------------------------------------------------


@pytest.fixture
def contract(umea):
    return contract_version(
        umea,
        2024,
        [
            ("3", "Kommunens åtaganden", "city", [("3.1", "Mobilitet", "Umeå bygger ut.")]),
            ("4", "Viable Cities åtaganden", "viable_cities", [("4.1", "Stöd", "VC stöttar.")]),
        ],
    )


def commitment(contract, party) -> Commitment:
    return Commitment.objects.get(section__contract=contract, party=party)


def test_a_pending_change_of_a_commitments_follow_up_stays_out_of_the_api(
    client, contract, umea_officer, umea_admin
):
    mobility = commitment(contract, "city")
    commitment_follow_up_save(
        commitment=mobility, year=2024, status="ongoing", publish=True, by=umea_admin
    )
    client.force_login(umea_officer)
    url = reverse("contracts:follow-up-edit", args=["umea", 2024, mobility.pk])
    assert client.post(url + "?ar=2024", {"status": "done", "comment": "Klart."}).status_code == 302
    entry = CommitmentFollowUp.objects.get()
    assert (entry.status, entry.is_published, entry.draft["status"]) == ("ongoing", True, "done")

    client.logout()
    listed = client.get(API_CONTRACTS).json()["contracts"][0]["commitments"]
    assert {c["number"]: c["status"] for c in listed}["3.1"] == "ongoing"
    assert "Klart." not in client.get("/kommuner/umea/kontrakt/2024/").content.decode()

    client.force_login(umea_admin)
    drafts_page = words(client.get(reverse("workspace:drafts", args=["umea"])).content.decode())
    assert "Uppföljning av åtagande: 3.1 Mobilitet (2024): genomfört" in drafts_page
    assert "Status: Pågår → Genomfört" in drafts_page
    client.post(
        reverse("workspace:publish-many", args=["umea"]),
        {"items": [f"kontraktsuppfoljningar:{entry.pk}:{entry.version}"]},
    )
    client.logout()
    listed = client.get(API_CONTRACTS).json()["contracts"][0]["commitments"]
    assert {c["number"]: c["status"] for c in listed}["3.1"] == "done"


def test_programme_staff_publish_their_own_commitments_follow_up_and_the_city_may_not(
    client, contract, staff_user, umea_admin
):
    support = commitment(contract, "viable_cities")
    entry = commitment_follow_up_save(
        commitment=support, year=2024, status="ongoing", publish=False, by=staff_user
    )
    url = reverse("workspace:item-publish", args=["umea", "kontraktsuppfoljningar", entry.pk])
    client.force_login(umea_admin)
    assert client.post(url, {"version": entry.version}).status_code == 403
    assert not CommitmentFollowUp.objects.get().is_published
    client.force_login(staff_user)
    assert client.post(url, {"version": entry.version}).status_code == 302
    assert CommitmentFollowUp.objects.get().is_published


def test_the_drafts_page_costs_the_same_queries_however_many_drafts(
    client, umea, umea_officer, umea_admin, bus, contract, django_assert_num_queries
):
    client.force_login(umea_admin)
    url = reverse("workspace:drafts", args=["umea"])
    change_bus(bus, umea_officer)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    for n in range(5):
        action = action_create(city=umea, by=umea_officer, values={"title": f"Åtgärd {n}"})
        follow_up_create(action=action, by=umea_officer, values={"text": f"Uppföljning {n}"})
    commitment_follow_up_save(
        commitment=commitment(contract, "city"), year=2024, status="ongoing", by=umea_officer
    )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "Åtgärd 4" in response.content.decode()


def test_every_change_is_recorded_with_who(umea_officer, bus):
    before = ChangeRecord.objects.count()
    change_bus(bus, umea_officer)
    record = history_for(bus).first()
    assert ChangeRecord.objects.count() == before + 1
    assert record.user == umea_officer and record.action == "update"
    assert record.changes["costs"] == [
        [[2025, 4_000_000, None, "", ""]],
        [[2026, 9_000_000, None, "", ""]],
    ]
    assert FollowUp.objects.count() == 0 and Action.objects.count() == 1
