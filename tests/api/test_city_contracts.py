"""GET /api/v1/cities/{code}/contracts/: the published contract versions, each with its
year and every party's commitments with their follow-up status. Drafts never appear."""

from contracts.models import Commitment
from contracts.services import commitment_follow_up_save, contract_create

URL = "/api/v1/cities/2480/contracts/"


def test_it_lists_the_published_versions_with_their_commitments(client, umea_contracts):
    body = client.get(URL).json()
    assert body["city"] == "2480" and body["name"] == "Umeå"
    assert [c["year"] for c in body["contracts"]] == [2020, 2021, 2022, 2024]
    v2022, v2024 = body["contracts"][2], body["contracts"][3]
    assert v2022["has_content"] is False and v2022["commitments"] == []
    assert v2022["document_url"].endswith("Viable-Cities-Klimatkontrakt-Umea-FINAL.pdf")
    assert "finns inte i våra källor" in v2022["content_note"]
    assert v2024["has_content"] is True
    assert v2024["page"] == "http://testserver/kommuner/umea/kontrakt/2024/"
    assert len(v2024["commitments"]) == 26
    mobility = next(c for c in v2024["commitments"] if c["number"] == "3.9")
    assert mobility["party"] == "city" and mobility["party_label"] == "Kommunen"
    assert mobility["section"] == "3"
    assert mobility["title"] == "Klimatsmart mobilitet"
    assert mobility["text"].startswith("Över hälften av klimatutsläppen i Umeå")
    assert mobility["status"] is None and mobility["status_label"] == "Ej bedömd"
    assert mobility["follow_ups"] == []
    assert {"text": "", "url": "https://www.northernaccess.se/"} in mobility["references"]
    parties = {c["party"] for c in v2024["commitments"]}
    assert parties == {"city", "viable_cities", "agencies", "joint"}
    assert [(t["number"], t["party"], t["kind"]) for t in v2024["follow_up_texts"]] == [
        ("7.1", "city", "updates"),
        ("7.2", "city", "experiences"),
        ("7.3", "viable_cities", "updates"),
        ("7.4", "agencies", "updates"),
    ]
    assert [s["number"] for s in v2024["sections"]][:4] == ["", "1", "2", "3"]


def test_only_published_follow_ups_give_a_status(
    client, umea_contracts, umea_officer, umea_admin, staff_user
):
    contract = umea_contracts[2024]
    mobility = Commitment.objects.get(section__contract=contract, number="3.9")
    goals = Commitment.objects.get(section__contract=contract, number="3.1")
    finance = Commitment.objects.get(section__contract=contract, number="4.4")
    commitment_follow_up_save(
        commitment=mobility, year=2024, status="done", comment="Utkast", by=umea_officer
    )
    commitment_follow_up_save(
        commitment=goals,
        year=2024,
        status="ongoing",
        comment="Klart för alla",
        publish=True,
        by=umea_admin,
    )
    commitment_follow_up_save(
        commitment=finance, year=2024, status="changed", publish=True, by=staff_user
    )
    body = client.get(URL).json()
    by_number = {c["number"]: c for c in body["contracts"][-1]["commitments"]}
    assert by_number["3.9"]["status"] is None
    assert "Utkast" not in str(body)
    assert by_number["3.1"]["status"] == "ongoing"
    assert by_number["3.1"]["status_year"] == 2024
    assert by_number["3.1"]["follow_ups"][0]["comment"] == "Klart för alla"
    assert by_number["4.4"]["status"] == "changed"
    assert by_number["4.4"]["status_label"] == "Ändrat"
    assert "updated_by" not in by_number["3.1"]["follow_ups"][0]


def test_draft_versions_are_never_listed(client, umea_contracts, staff_user):
    from contracts.services import contract_section_add

    draft = contract_create(city=umea_contracts[2024].city, year=2025, by=staff_user)
    contract_section_add(contract=draft, number="1", title="Hemligt utkast", by=staff_user)
    client.force_login(staff_user)  # not even to staff: the API is open data
    body = client.get(URL).json()
    assert [c["year"] for c in body["contracts"]] == [2020, 2021, 2022, 2024]
    assert "Hemligt utkast" not in str(body)


def test_a_city_without_contracts_has_an_empty_list_and_an_unknown_one_is_404(
    client, municipalities
):
    assert client.get("/api/v1/cities/1280/contracts/").json()["contracts"] == []
    assert client.get("/api/v1/cities/9999/contracts/").status_code == 404


def test_it_costs_a_fixed_number_of_queries(
    client, umea_contracts, umea_admin, staff_user, django_assert_num_queries
):
    with django_assert_num_queries(6):
        client.get(URL)
    for c in Commitment.objects.filter(section__contract=umea_contracts[2024]):
        commitment_follow_up_save(
            commitment=c,
            year=2024,
            status="done",
            publish=True,
            by=umea_admin if c.party == "city" else staff_user,
        )
    with django_assert_num_queries(6):
        client.get(URL)


def test_the_openapi_schema_documents_the_endpoint(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/cities/{code}/contracts/"]["get"]
    assert operation["tags"] == ["Klimatkontrakt"]
    ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    components = schema["components"]["schemas"]
    assert ref.endswith("/CityContracts")
    version = components["ContractVersion"]["properties"]
    assert {"year", "commitments", "follow_up_texts"} <= set(version)
    commitment = components["Commitment"]["properties"]
    assert {"party", "section", "text", "status"} <= set(commitment)
    assert commitment["status"].get("nullable") is True or "oneOf" in commitment["status"]
