"""Climate partnerships: the public page, Umeå klimatfärdplan as its contract describes
it, and who may enter a member organisation's commitments and follow-ups."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from cities.models import ChangeRecord
from partners.demo import umea_partnership_load
from partners.models import MemberCommitment, MemberFollowUp
from partners.services import member_contact_grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_umea_klimatfardplan_is_loaded_as_the_contract_describes_it(client, umea):
    umea_partnership_load()
    umea_partnership_load()  # idempotent
    page = client.get("/kommuner/umea/partnerskap/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Umeå klimatfärdplan" in text
    assert "december 2022" in text
    # 37 joined at the founding, 15 more at the 2023 summit: 52 as the partnership says.
    assert "Anslutna organisationer enligt partnerskapet" in text
    assert ">52<" in text
    assert "Årligt klimattoppmöte" in text
    # No invented members or commitments.
    assert "har inte publicerat någon medlemslista" in text
    assert MemberCommitment.objects.count() == 0


def test_the_page_counts_follow_up_statuses_per_year(
    client,
    umea,
    partnership_factory,
    member_factory,
    member_commitment_factory,
    member_follow_up_factory,
    django_assert_num_queries,
):
    partnership = partnership_factory(city=umea, published=True)
    member = member_factory(partnership=partnership, published=True, kind="academia")
    first = member_commitment_factory(member=member, published=True, text="Halvera tjänsteresorna")
    second = member_commitment_factory(member=member, published=True)
    member_follow_up_factory(commitment=first, year=2024, status="on_track", published=True)
    member_follow_up_factory(commitment=second, year=2024, status="on_track", published=True)
    member_follow_up_factory(commitment=second, year=2025, status="done", published=True)
    member_follow_up_factory(commitment=first, year=2025, status="delayed")  # a draft
    with django_assert_num_queries(6):  # the city, then 5 reads of the partnerships
        page = client.get("/kommuner/umea/partnerskap/")
    rows = page.context["partnerships"][0].status_table()
    # 2024: two on track; 2025: one done (the draft is not counted)
    assert rows == [(2024, [0, 2, 0, 0, 0], 2), (2025, [0, 0, 0, 1, 0], 1)]
    text = page.content.decode()
    assert "Halvera tjänsteresorna" in text
    assert "Akademi: 1" in text


def _post_follow_up(client, member, commitment, year=2024):
    return client.post(
        f"/kommuner/umea/partnerskap/medlem/{member.pk}/",
        {"f-commitment": commitment.pk, "f-year": str(year), "f-status": "done", "f-text": "Klart"},
    )


def test_a_member_contact_enters_a_follow_up_when_the_city_allows_it(
    client, umea, partnership_factory, member_factory, member_commitment_factory
):
    partnership = partnership_factory(city=umea, published=True, members_may_report=True)
    member = member_factory(partnership=partnership, published=True)
    commitment = member_commitment_factory(member=member, published=True)
    contact = UserFactory()
    member_contact_grant(member=member, user=contact, by=None)
    client.force_login(contact)
    answer = _post_follow_up(client, member, commitment)
    assert answer.status_code == 302
    follow_up = MemberFollowUp.objects.get()
    assert (follow_up.year, follow_up.status, follow_up.is_published) == (2024, "done", False)
    record = ChangeRecord.objects.get(
        content_type=ContentType.objects.get_for_model(MemberFollowUp), object_id=follow_up.pk
    )
    assert record.user == contact and record.city == umea
    # and a commitment of its own
    client.post(
        f"/kommuner/umea/partnerskap/medlem/{member.pk}/",
        {"c-text": "Fossilfria transporter", "c-sector": "Transporter", "c-target_year": "2030"},
    )
    assert MemberCommitment.objects.filter(text="Fossilfria transporter", member=member).exists()


def test_a_member_contact_is_refused_other_organisations_and_when_not_allowed(
    client, umea, partnership_factory, member_factory, member_commitment_factory
):
    partnership = partnership_factory(city=umea, published=True, members_may_report=True)
    own = member_factory(partnership=partnership, published=True)
    other = member_factory(partnership=partnership, published=True)
    other_commitment = member_commitment_factory(member=other, published=True)
    contact = UserFactory()
    member_contact_grant(member=own, user=contact, by=None)
    client.force_login(contact)
    assert _post_follow_up(client, other, other_commitment).status_code == 403
    # Not allowed at all once the city withdraws the right.
    partnership.members_may_report = False
    partnership.save()
    own_commitment = member_commitment_factory(member=own, published=True)
    assert _post_follow_up(client, own, own_commitment).status_code == 403
    assert not MemberFollowUp.objects.exists()


def test_the_citys_officer_enters_and_the_admin_publishes(
    client,
    umea,
    umea_officer,
    umea_admin,
    malmo_officer,
    partnership_factory,
    member_factory,
    member_commitment_factory,
):
    partnership = partnership_factory(city=umea, published=True)
    member = member_factory(partnership=partnership, published=True)
    commitment = member_commitment_factory(member=member, published=True)
    client.force_login(malmo_officer)
    assert _post_follow_up(client, member, commitment).status_code == 403
    client.force_login(umea_officer)
    assert _post_follow_up(client, member, commitment).status_code == 302
    follow_up = MemberFollowUp.objects.get()
    publish = f"/kommuner/umea/partnerskap/publicera/follow-up/{follow_up.pk}/"
    assert client.post(publish, {"version": follow_up.version}).status_code == 403
    client.force_login(umea_admin)
    client.post(publish, {"version": follow_up.version})
    follow_up.refresh_from_db()
    assert follow_up.is_published
    client.logout()
    text = client.get("/kommuner/umea/partnerskap/").content.decode()
    assert "2024: Genomfört" in text


def test_the_city_page_names_and_links_its_partnership(client, umea):
    umea_partnership_load()
    text = client.get("/kommuner/umea/").content.decode()
    assert 'href="/kommuner/umea/partnerskap/">Umeå klimatfärdplan</a>' in text


def test_the_citys_people_enter_a_partnership_and_its_members(
    client, umea, umea_officer, umea_admin, malmo_officer
):
    from partners.models import Member, MemberContact, Partnership

    manage = "/kommuner/umea/partnerskap/hantera/"
    client.force_login(malmo_officer)
    assert client.post(manage, {"form": "partnership", "p-name": "X"}).status_code == 403
    client.force_login(umea_officer)
    client.post(
        manage,
        {"form": "partnership", "p-name": "Testpartnerskapet", "p-members_may_report": "on"},
    )
    partnership = Partnership.objects.get(name="Testpartnerskapet")
    assert not partnership.is_published and partnership.members_may_report
    client.post(
        manage,
        {
            "form": "member",
            "m-partnership": partnership.pk,
            "m-name": "Testbolaget AB",
            "m-kind": "company",
            "m-joined_on": "2024-02-01",
        },
    )
    member = Member.objects.get(name="Testbolaget AB")
    assert member.joined_on.isoformat() == "2024-02-01"
    assert "Testbolaget AB" in client.get(manage).content.decode()
    # Letting a contact person in is the administrators' decision.
    contact = UserFactory(email="kontakt@testbolaget.example")
    grant = {"form": "contact", "k-member": member.pk, "k-email": "kontakt@testbolaget.example"}
    assert client.post(manage, grant).status_code == 403
    client.force_login(umea_admin)
    client.post(manage, grant)
    assert MemberContact.objects.filter(user=contact, member=member).exists()
