"""The read-only JSON API: cities and their emissions, and the OpenAPI schema."""

import pytest


def test_it_lists_all_municipalities(client, municipalities):
    body = client.get("/api/v1/cities/").json()
    assert len(body) == 290
    umea = next(c for c in body if c["code"] == "2480")
    assert umea["name"] == "Umeå" and umea["county_code"] == "24"
    assert umea["is_contract_city"] is True


def test_it_filters_the_contract_cities(client, municipalities):
    body = client.get("/api/v1/cities/?contract=true").json()
    assert len(body) == 23


def test_it_shows_one_city_by_code(client, municipalities):
    body = client.get("/api/v1/cities/2480/").json()
    assert body["name"] == "Umeå"
    assert body["page"].endswith("/kommuner/umea/")
    assert body["emissions"].endswith("/api/v1/cities/2480/emissions/")
    assert client.get("/api/v1/cities/9999/").status_code == 404


def test_emissions_default_to_the_newest_ggt_release(client, umea_emissions):
    body = client.get("/api/v1/cities/2480/emissions/").json()
    assert body["city"] == "2480"
    assert body["substance"] == "GGT"
    assert body["unit"] == "t CO2e"
    assert body["release"] == umea_emissions.release.name
    first = body["years"][0]
    assert first["year"] == 1990
    assert first["total"] == pytest.approx(481807, abs=1)
    assert first["sectors"]["Transporter"] > 0
    assert [y["year"] for y in body["years"]] == [
        1990,
        2000,
        2005,
        2010,
        2015,
        2020,
        2021,
        2022,
        2023,
        2024,
    ]


def test_emissions_of_an_older_release_give_the_total_as_the_source_states_it(
    client, municipalities, ggt_2021, ggt_newest
):
    from tests.conftest import load_emissions

    old = load_emissions(ggt_2021, {"2480"})
    load_emissions(ggt_newest, {"2480"})
    body = client.get(f"/api/v1/cities/2480/emissions/?release={old.release.pk}").json()
    years = {y["year"]: y for y in body["years"]}
    # the SMHI file states 371639,6128; the known values are given to three decimals
    assert years[1990]["total"] == pytest.approx(458141.257, abs=5e-4)
    assert years[2019]["total"] == pytest.approx(371639.613, abs=5e-4)
    assert years[2019]["total_stated"] is True
    assert years[2019]["sectors"]["Transporter"] == pytest.approx(163858.354, abs=5e-4)
    assert len(body["releases"]) == 2


def test_bad_parameters_get_a_clear_400_or_404(client, umea_emissions):
    assert client.get("/api/v1/cities/2480/emissions/?release=abc").status_code == 400
    response = client.get("/api/v1/cities/2480/emissions/?substance=XYZ")
    assert response.status_code == 404
    assert "XYZ" in response.json()["detail"]


@pytest.mark.parametrize(
    "address", ["abc/emissions/", "24800/emissions/", "2480/emissions/?substance=%0E"]
)
def test_a_code_or_substance_that_names_nothing_is_refused_without_a_query(
    client, umea_emissions, django_assert_num_queries, address
):
    with django_assert_num_queries(0):
        response = client.get("/api/v1/cities/" + address)
    assert response.status_code == 404


def test_the_openapi_schema_describes_the_endpoints(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/v1/cities/{code}/emissions/" in schema["paths"]
    assert "/api/v1/cities/" in schema["paths"]


def test_the_api_is_read_only(client, municipalities):
    assert client.post("/api/v1/cities/", {"code": "9999"}).status_code == 403


def test_a_citys_emissions_are_kept_until_an_import_changes_them(
    client, municipalities, ggt_2021, ggt_newest, django_assert_num_queries
):
    from tests.conftest import load_emissions

    load_emissions(ggt_2021, {"2480"})
    url = "/api/v1/cities/2480/emissions/"
    older = client.get(url).json()
    with django_assert_num_queries(0):  # the same answer for everyone: kept
        assert client.get(url).json() == older
    load_emissions(ggt_newest, {"2480"})  # an import bumps the data generation
    newer = client.get(url).json()
    assert newer["release"] != older["release"] and len(newer["releases"]) == 2
