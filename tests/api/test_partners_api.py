"""``/api/v1/cities/{code}/partners/``: published partnerships only, with members,
commitments, follow-ups and status counts."""

from __future__ import annotations

import pytest

from partners.demo import umea_partnership_load

pytestmark = pytest.mark.django_db


def test_the_api_gives_the_published_partnership_with_its_counts(
    client, umea, member_factory, member_commitment_factory, member_follow_up_factory
):
    partnership = umea_partnership_load()
    member = member_factory(partnership=partnership, published=True, kind="ngo")
    commitment = member_commitment_factory(member=member, published=True, target_year=2030)
    member_follow_up_factory(commitment=commitment, year=2024, status="delayed", published=True)
    member_factory(partnership=partnership)  # a draft: not in the open data
    body = client.get("/api/v1/cities/2480/partners/").json()
    assert body["city"] == "2480"
    [found] = body["partnerships"]
    assert found["name"] == "Umeå klimatfärdplan"
    assert found["founded"] == "2022-12"
    assert found["organisations_joined_per_year"] == {"2022": 37, "2023": 15}
    assert [m["kind"] for m in found["members"]] == ["ngo"]
    assert found["members"][0]["commitments"][0]["target_year"] == 2030
    assert found["status_counts"] == [
        {"year": 2024, "not_started": 0, "on_track": 0, "delayed": 1, "done": 0, "cancelled": 0}
    ]


def test_a_city_without_a_partnership_answers_an_empty_list(client, umea):
    assert client.get("/api/v1/cities/2480/partners/").json()["partnerships"] == []


def test_an_officer_writes_a_member_follow_up_and_the_admin_publishes(
    client,
    umea,
    umea_officer,
    umea_admin,
    malmo_officer,
    member_commitment_factory,
    member_factory,
    partnership_factory,
):
    partnership = partnership_factory(city=umea, published=True)
    member = member_factory(partnership=partnership, published=True)
    commitment = member_commitment_factory(member=member, published=True)
    body = {"commitment": commitment.pk, "year": 2024, "status": "delayed", "text": "Försenat"}
    client.force_login(malmo_officer)
    refused = client.post("/api/v1/member-follow-ups/", body, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(umea_officer)
    made = client.post("/api/v1/member-follow-ups/", body, content_type="application/json")
    assert made.status_code == 201, made.content
    row = made.json()
    assert (row["status"], row["state"], row["member"]) == ("delayed", "draft", member.name)
    client.logout()
    assert client.get("/api/v1/member-follow-ups/?city=2480").json()["results"] == []
    client.force_login(umea_admin)
    published = client.post(
        f"/api/v1/member-follow-ups/{row['id']}/publish/",
        {"version": row["version"]},
        content_type="application/json",
    )
    assert published.status_code == 200, published.content
    client.logout()
    [public] = client.get("/api/v1/member-follow-ups/?city=2480").json()["results"]
    assert (public["year"], public["status"]) == (2024, "delayed")
