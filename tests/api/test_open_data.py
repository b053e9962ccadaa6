"""The open-data API: every published resource, filtered and paged, credited; drafts
and deleted rows never reach anonymous readers (nor people of other cities)."""

from __future__ import annotations

import pytest

from indicators.services.values import observation_create
from tests.api.conftest import csv_rows
from tests.conftest import load_emissions


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    return response.json()["results"]


def by_year(rows: list[dict]) -> dict[int, dict]:
    return {row["year"]: row for row in rows}


# --- Values (utfall) -----------------------------------------------------------------------

OBS = "/api/v1/observations/?city=2480&indicator=sustainable_trips_share"


def test_anonymous_readers_get_published_values_as_published(client, values):
    rows = by_year(results(client.get(OBS)))
    assert sorted(rows) == [2022, 2023]  # never the draft (2024) nor the deleted (2021)
    assert rows[2023]["value"] == 53.0  # the published value, not the pending 99
    assert {r["state"] for r in rows.values()} == {"published"}
    assert rows[2022]["reference"] == "Resvaneundersökning"
    assert rows[2022]["release"]["publisher"] == "Kommunens egna uppgifter"
    assert rows[2022]["city_name"] == "Umeå" and rows[2022]["unit"] == "%"


def test_the_page_credits_the_source_of_its_values(client, values):
    body = client.get(OBS).json()
    assert body["sources"] == [
        {
            "publisher": "Umeå",
            "release": "Resvaneundersökning",
            "credit": "Källa: Umeå (Resvaneundersökning)",
        }
    ]


def test_a_citys_officer_also_gets_its_drafts_as_working_copies(client, values, umea_officer):
    client.force_login(umea_officer)
    rows = by_year(results(client.get(OBS)))
    assert sorted(rows) == [2022, 2023, 2024]
    assert (rows[2023]["value"], rows[2023]["state"]) == (99.0, "changed")
    assert (rows[2024]["state"], rows[2024]["is_published"]) == ("draft", False)
    public = by_year(results(client.get(OBS + "&published=true")))
    assert sorted(public) == [2022, 2023] and public[2023]["value"] == 53.0


def test_programme_staff_see_drafts_and_another_citys_officer_does_not(
    client, values, staff_user, malmo_officer
):
    client.force_login(staff_user)
    assert 2024 in by_year(results(client.get(OBS)))
    client.force_login(malmo_officer)
    assert sorted(by_year(results(client.get(OBS)))) == [2022, 2023]


def test_a_draft_or_deleted_value_is_not_found_by_anonymous_readers(client, values):
    for item in (values.draft, values.deleted):
        assert client.get(f"/api/v1/observations/{item.pk}/").status_code == 404
    one = client.get(f"/api/v1/observations/{values.changed.pk}/").json()
    assert one["value"] == 53.0 and one["year"] == 2023


def test_values_filter_by_year_range_and_status(client, values):
    assert list(by_year(results(client.get(OBS + "&year=2022")))) == [2022]
    assert list(by_year(results(client.get(OBS + "&year_from=2023&year_to=2030")))) == [2023]
    assert results(client.get(OBS + "&status=estimate")) == []
    assert results(client.get("/api/v1/observations/?city=1280")) == []


def test_a_malformed_filter_is_refused_in_swedish_naming_it(client, values):
    response = client.get("/api/v1/observations/?year=förra&city=umea")
    assert response.status_code == 400
    assert response.json() == {
        "year": ["Ange ett årtal, t.ex. 2022."],
        "city": ["Ange en kommunkod med fyra siffror, t.ex. 2480."],
    }
    bad = client.get("/api/v1/observations/?status=bra").json()["status"][0]
    assert bad.startswith("Okänt värde; välj bland: final, preliminary, estimate")


def test_values_page_with_limit_and_offset_and_counts(client, values):
    body = client.get(OBS + "&limit=1").json()
    assert body["count"] == 2 and len(body["results"]) == 1
    assert body["results"][0]["year"] == 2022
    assert body["next"].endswith("limit=1&offset=1")
    response = client.get(OBS + "&limit=1&offset=1")
    assert response.json()["results"][0]["year"] == 2023
    assert response["X-Total-Count"] == "2"
    assert 'rel="prev"' in response["Link"]


def test_values_as_csv_with_their_source_on_every_row(client, values):
    rows = csv_rows(client.get(OBS + "&format=csv"))
    assert [r["year"] for r in rows] == ["2022", "2023"]
    assert rows[1]["value"] == "53.0"
    assert rows[1]["release.publisher"] == "Kommunens egna uppgifter"
    assert rows[1]["reference"] == "Resvaneundersökning"
    assert rows[1]["is_published"] == "true"


@pytest.mark.parametrize("n", [1, 12])
def test_the_values_list_costs_two_queries_for_any_number(
    client, umea, trips, umea_officer, django_assert_num_queries, n
):
    from cities.services import content_publish_many

    made = [
        observation_create(
            city=umea,
            indicator=trips,
            year=2000 + i,
            value=40.0 + i,
            status="final",
            reference="RVU",
            by=umea_officer,
        )
        for i in range(n)
    ]
    content_publish_many(items=[(o, o.version) for o in made], by=None)
    with django_assert_num_queries(2):  # the count, the page
        assert client.get("/api/v1/observations/").json()["count"] == n


# --- Goals and targets -----------------------------------------------------------------------


def titles(response) -> list[str]:
    return [row["title"] for row in results(response)]


def test_anonymous_readers_get_published_goals_only(client, goals):
    seen = titles(client.get("/api/v1/goals/?city=2480"))
    assert len(seen) == 5
    assert goals.changed.title in seen  # its published wording
    assert "Hemlig ny rubrik" not in seen
    assert goals.draft.title not in seen and goals.deleted.title not in seen
    assert client.get(f"/api/v1/goals/{goals.draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/goals/{goals.deleted.pk}/").status_code == 404


def test_a_citys_administrator_sees_its_draft_goals(client, goals, umea_admin):
    client.force_login(umea_admin)
    rows = {r["title"]: r for r in results(client.get("/api/v1/goals/?city=2480"))}
    assert rows[goals.draft.title]["state"] == "draft"
    assert rows["Hemlig ny rubrik"]["state"] == "changed"
    assert goals.deleted.title not in rows


def test_goals_credit_the_city_and_the_decision_they_cite(client, goals):
    body = client.get("/api/v1/goals/?city=2480&scope=organisation").json()
    assert [g["scope"] for g in body["results"]] == ["organisation"]
    assert body["sources"] == [
        {
            "publisher": "Umeå",
            "release": "Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.1",
            "credit": "Källa: Umeå (Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.1)",
        }
    ]


def test_goals_say_whether_the_city_entered_them_or_reported_them_to_cdp(client, goals):
    from tests.factories import GoalFactory

    reported = GoalFactory(
        city=goals.published.city, title="Rapporterat till CDP", origin="reported", published=True
    )
    rows = {r["title"]: r for r in results(client.get("/api/v1/goals/?city=2480"))}
    assert rows[goals.published.title]["origin"] == "city"
    assert rows[reported.title]["origin"] == "reported"
    assert client.get(f"/api/v1/goals/{reported.pk}/").json()["origin"] == "reported"
    csv = {r["title"]: r for r in csv_rows(client.get("/api/v1/goals/?city=2480&format=csv"))}
    assert csv[reported.title]["origin"] == "reported"
    schema = client.get("/api/schema/?format=json").json()
    goal = schema["components"]["schemas"]["Goal"]["properties"]["origin"]
    assert goal["readOnly"] is True and "CDP-ICLEI" in goal["description"]


def test_targets_carry_their_status_and_sources(client, umea_emissions, goals):
    rows = results(client.get("/api/v1/targets/?city=2480"))
    assert len(rows) == 7  # the draft target is not there
    assert goals.draft_target.pk not in {r["id"] for r in rows}
    net_zero = next(r for r in rows if r["kind"] == "net_zero")
    assert net_zero["status"] == "off_track"
    assert net_zero["status_label"] == "Inte i fas"
    assert net_zero["stated_value"] == -85.0
    assert net_zero["target_value"] == pytest.approx(72271.0845)
    assert net_zero["explanation"].startswith("Utsläppen behöver minska med 9,6")
    assert net_zero["latest"] == {"year": 2024, "value": pytest.approx(365009.52)}
    assert net_zero["sources"][0]["publisher"].startswith("SMHI")
    body = client.get("/api/v1/targets/?status=off_track").json()
    assert {r["status"] for r in body["results"]} == {"off_track"}
    assert body["sources"][0]["credit"].startswith("Källa: SMHI")


def test_a_citys_people_see_draft_targets_assessed(client, umea_emissions, goals, umea_officer):
    client.force_login(umea_officer)
    rows = {r["id"]: r for r in results(client.get("/api/v1/targets/?city=2480"))}
    draft = rows[goals.draft_target.pk]
    assert (draft["state"], draft["status"]) == ("draft", "no_data")
    assert client.get(f"/api/v1/targets/{goals.draft_target.pk}/").json()["target_value"] == 70.0
    client.logout()
    assert client.get(f"/api/v1/targets/{goals.draft_target.pk}/").status_code == 404


def test_targets_as_csv_flatten_goal_and_indicator(client, umea_emissions, goals):
    rows = csv_rows(client.get("/api/v1/targets/?city=2480&indicator=territorial_ghg&format=csv"))
    assert rows and {r["indicator.key"] for r in rows} == {"territorial_ghg"}
    assert rows[0]["goal.title"].startswith("Umeå ska vara klimatneutralt 2040")
    assert "SMHI" in rows[0]["sources"]


def test_the_public_targets_cost_fixed_queries_and_are_cached(
    client, umea_emissions, goals, django_assert_num_queries
):
    with django_assert_num_queries(6):  # goals, targets, releases, totals, values, budgets
        client.get("/api/v1/targets/")
    with django_assert_num_queries(0):
        client.get("/api/v1/targets/?status=off_track")


# --- Emissions --------------------------------------------------------------------------------


def test_totals_per_year_are_the_newest_release_by_default(client, umea_emissions):
    body = client.get("/api/v1/emissions/totals/?city=2480").json()
    rows = by_year(body["results"])
    assert sorted(rows)[:3] == [1990, 2000, 2005]
    assert rows[1990]["tonnes"] == pytest.approx(481807.23)
    assert rows[1990]["total_stated"] is False  # Klimatkollen gives the sectors only
    assert rows[1990]["sector"] is None
    assert body["sources"][0]["publisher"].startswith("SMHI, Nationella emissionsdatabasen")
    sector = by_year(results(client.get("/api/v1/emissions/totals/?sector=Transporter")))
    assert sector[1990]["tonnes"] == pytest.approx(193123.59)
    assert sector[1990]["sector"] == "Transporter"


def test_an_older_release_gives_the_total_as_the_source_states_it(
    client, municipalities, ggt_2021, ggt_newest
):
    old = load_emissions(ggt_2021, {"2480"})
    load_emissions(ggt_newest, {"2480"})
    rows = by_year(results(client.get(f"/api/v1/emissions/totals/?release={old.release.pk}")))
    assert rows[2019]["tonnes"] == pytest.approx(371639.613, abs=5e-4)
    assert rows[2019]["total_stated"] is True
    newest = results(client.get("/api/v1/emissions/totals/?city=2480&year=2019"))
    assert newest == []  # the newest release has no 2019 (SMHI publishes some years only)


def test_emission_rows_filter_and_come_as_csv(client, umea_emissions):
    url = "/api/v1/emissions/?city=2480&year=2020&substance=GGT&format=csv"
    rows = csv_rows(client.get(url))
    transport = next(r for r in rows if r["sector"] == "Transporter")
    assert transport["tonnes"] == "147310.75"
    assert transport["publisher"].startswith("SMHI")
    assert {r["year"] for r in rows} == {"2020"}
    assert results(client.get("/api/v1/emissions/?substance=XYZ")) == []


def test_emission_rows_cost_fixed_queries(client, umea_emissions, django_assert_num_queries):
    with django_assert_num_queries(3):  # the newest releases, the count, the page
        assert client.get("/api/v1/emissions/?limit=500").json()["count"] == 90


def test_releases_list_only_what_holds_public_data(client, values, umea, trips, umea_officer):
    observation_create(
        city=umea,
        indicator=trips,
        year=2020,
        value=50.0,
        status="final",
        reference="Hemlig källa",
        by=umea_officer,
    )
    names = [r["name"] for r in results(client.get("/api/v1/releases/"))]
    assert "Kommunens egna uppgifter" in names and "Hemlig källa" not in names


def test_indicators_for_a_city_are_the_shared_ones_and_its_own(client, trips):
    keys = [r["key"] for r in results(client.get("/api/v1/indicators/?city=2480"))]
    assert "sustainable_trips_share" in keys and "territorial_ghg" in keys


# --- Actions and follow-ups ---------------------------------------------------------------------


def test_anonymous_readers_get_published_actions_and_follow_ups_only(client, actions):
    rows = results(client.get("/api/v1/actions/?city=2480"))
    assert [r["title"] for r in rows] == ["Biogasbussar"]
    assert rows[0]["expected_reduction"]["central"] == 1200.0
    assert rows[0]["latest_follow_up"]["text"] == "Första"
    follow_ups = results(client.get("/api/v1/action-follow-ups/?city=2480"))
    assert [f["text"] for f in follow_ups] == ["Första"]
    assert follow_ups[0]["period"]["label"] == "T1 2025"
    for item in (actions.draft, actions.deleted):
        assert client.get(f"/api/v1/actions/{item.pk}/").status_code == 404
    assert client.get(f"/api/v1/action-follow-ups/{actions.draft_follow_up.pk}/").status_code == 404


def test_a_citys_officer_also_gets_its_draft_actions_and_follow_ups(
    client, actions, umea_officer, malmo_officer
):
    client.force_login(umea_officer)
    rows = {r["title"]: r for r in results(client.get("/api/v1/actions/"))}
    assert set(rows) == {"Biogasbussar", "Hemligt utkast"}
    assert rows["Hemligt utkast"]["state"] == "draft"
    texts = [f["text"] for f in results(client.get("/api/v1/action-follow-ups/"))]
    assert texts == ["Utkast till uppföljning", "Första"]
    client.force_login(malmo_officer)
    assert [r["title"] for r in results(client.get("/api/v1/actions/"))] == ["Biogasbussar"]


def test_actions_filter_by_status_and_sector(client, actions):
    assert len(results(client.get("/api/v1/actions/?status=ongoing&sector=Transporter"))) == 1
    assert results(client.get("/api/v1/actions/?status=completed")) == []
    assert client.get("/api/v1/actions/?sector=Rymden").status_code == 400


@pytest.mark.parametrize("n", [1, 8])
def test_the_actions_list_costs_the_same_queries_for_any_number(
    client, umea, django_assert_num_queries, n
):
    from actions.services import CostValues, action_create

    for i in range(n):
        action_create(
            city=umea,
            by=None,
            values={"title": f"Åtgärd {i}"},
            costs=[CostValues(year=2025, operating_sek=1)],
            publish=True,
        )
    # count, actions, goals, indicators, costs, follow-ups
    with django_assert_num_queries(6):
        assert client.get("/api/v1/actions/").json()["count"] == n


# --- Contracts, commitments, cities ---------------------------------------------------------------


def test_contracts_list_the_published_versions_only(client, umea_contracts, staff_user):
    from contracts.services import contract_create

    contract_create(city=umea_contracts[2024].city, year=2025, by=staff_user)
    rows = results(client.get("/api/v1/contracts/?city=2480"))
    assert [r["year"] for r in rows] == [2020, 2021, 2022, 2024]
    assert rows[-1]["commitment_count"] == 26 and rows[-1]["has_content"] is True
    assert rows[0]["has_content"] is False
    assert rows[-1]["detail"] == "http://testserver/api/v1/cities/2480/contracts/"


def test_commitments_with_the_status_of_their_published_follow_up(
    client, umea_contracts, umea_officer, umea_admin
):
    from contracts.models import Commitment
    from contracts.services import commitment_follow_up_save

    mobility = Commitment.objects.get(section__contract=umea_contracts[2024], number="3.9")
    goals = Commitment.objects.get(section__contract=umea_contracts[2024], number="3.1")
    commitment_follow_up_save(
        commitment=mobility, year=2024, status="done", comment="Utkast", by=umea_officer
    )
    commitment_follow_up_save(
        commitment=goals, year=2024, status="ongoing", publish=True, by=umea_admin
    )
    rows = {r["number"]: r for r in results(client.get("/api/v1/commitments/?year=2024"))}
    assert len(rows) == 26
    assert rows["3.9"]["status"] is None  # its follow-up is a draft
    assert (rows["3.1"]["status"], rows["3.1"]["status_year"]) == ("ongoing", 2024)
    ongoing = results(client.get("/api/v1/commitments/?status=ongoing"))
    assert [r["number"] for r in ongoing] == ["3.1"]
    city = results(client.get("/api/v1/commitments/?party=city&status=none&limit=1000"))
    assert "3.9" in {r["number"] for r in city} and "3.1" not in {r["number"] for r in city}
    csv = csv_rows(client.get("/api/v1/commitments/?year=2024&format=csv"))
    assert len(csv) == 26 and csv[0]["party_label"]


def test_the_city_list_stays_an_array_and_pages_on_request(client, municipalities):
    body = client.get("/api/v1/cities/").json()
    assert isinstance(body, list) and len(body) == 290
    response = client.get("/api/v1/cities/?limit=10&offset=280")
    assert len(response.json()) == 10 and response["X-Total-Count"] == "290"
    assert len(client.get("/api/v1/cities/?county=24").json()) == 15
    rows = csv_rows(client.get("/api/v1/cities/?contract=true", HTTP_ACCEPT="text/csv"))
    assert len(rows) == 23 and "Umeå" in {r["name"] for r in rows}
    assert rows[0]["url"].endswith(f"/api/v1/cities/{rows[0]['code']}/")


# --- Deleted rows of every kind stay out of the open data ------------------------------------


def test_a_deleted_target_follow_up_and_indicator_are_never_listed(
    client, goals, actions, umea, umea_admin, umea_officer
):
    from actions.services import follow_up_delete
    from cities.services import content_delete, content_publish
    from indicators.models import Target
    from indicators.services.indicators import indicator_create

    target = Target.objects.filter(goal=goals.published, is_published=True).first()
    content_delete(item=target, by=umea_admin, expected_version=target.version)
    target.refresh_from_db()
    assert target.pk in {r["id"] for r in results(client.get("/api/v1/targets/"))}  # waits
    content_publish(item=target, by=umea_admin, expected_version=target.version)
    assert target.pk not in {r["id"] for r in results(client.get("/api/v1/targets/"))}
    assert client.get(f"/api/v1/targets/{target.pk}/").status_code == 404

    follow_up = actions.published_follow_up
    follow_up_delete(follow_up=follow_up, by=umea_officer, expected_version=follow_up.version)
    follow_up.refresh_from_db()
    assert [r["id"] for r in results(client.get("/api/v1/action-follow-ups/"))] == [follow_up.pk]
    content_publish(item=follow_up, by=umea_officer, expected_version=follow_up.version)
    assert results(client.get("/api/v1/action-follow-ups/")) == []

    own = indicator_create(
        city=umea, name="Laddpunkter", unit="st", direction="higher", scope="area", by=umea_admin
    )
    keys = {r["key"] for r in results(client.get("/api/v1/indicators/?city=2480"))}
    assert own.key in keys
    content_delete(item=own, by=umea_admin, expected_version=own.version)
    keys = {r["key"] for r in results(client.get("/api/v1/indicators/?city=2480"))}
    assert own.key not in keys


def test_commitments_of_a_draft_contract_version_are_never_listed(
    client, umea_contracts, staff_user
):
    from contracts.services import commitment_add, contract_create, contract_section_add

    draft = contract_create(city=umea_contracts[2024].city, year=2025, by=staff_user)
    section = contract_section_add(contract=draft, number="3", title="Åtaganden", by=staff_user)
    commitment_add(section=section, party="city", text="Hemligt åtagande", by=staff_user)
    client.force_login(staff_user)  # open data: not even to staff
    texts = {r["text"] for r in results(client.get("/api/v1/commitments/?limit=1000"))}
    assert "Hemligt åtagande" not in texts and len(texts) > 20
    assert results(client.get("/api/v1/commitments/?year=2025")) == []


def test_public_emissions_are_cached_until_an_import_changes_them(
    client, umea_emissions, ggt_newest, django_assert_num_queries
):
    url = "/api/v1/emissions/totals/?year=2024"
    assert [r["city"] for r in results(client.get(url))] == ["2480"]
    with django_assert_num_queries(0):
        client.get(url)
    load_emissions(ggt_newest, {"1280"})  # the import bumps the data generation
    assert [r["city"] for r in results(client.get(url))] == ["1280", "2480"]
