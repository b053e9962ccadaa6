"""The reporting page and its exports (issue 16): each file is read back and its numbers
checked against what the public pages and the API show."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from actions.services import CostValues, action_create
from cities.models import Scope
from core.formatting import num
from indicators.models import EmissionTotal
from tests.city_data import synthetic_observations

pytestmark = pytest.mark.django_db

PAGE = "/kommuner/umea/rapportering/"


def _sheet(response, name: str) -> list[tuple]:
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [tuple(row) for row in book[name].iter_rows(values_only=True)]


def _about(rows: list[tuple]) -> dict:
    return {row[0]: row[1] for row in rows[1:]}


def test_the_gcom_inventory_adds_up_to_the_city_pages_total(client, umea_emissions):
    page = client.get(PAGE)
    data = page.context["data"]
    latest = EmissionTotal.objects.filter(city__code="2480").order_by("-year").first()
    assert data.year == latest.year
    city_page = client.get("/kommuner/umea/").content.decode()
    # The city page's key figure: the same total, as the page writes it.
    assert num(latest.tonnes) in city_page
    answer = client.get(PAGE + f"gcom-crf.xlsx?ar={data.year}")
    assert answer["Content-Disposition"].endswith(f'umea-gcom-crf-{data.year}.xlsx"')
    rows = _sheet(answer, "Inventory")
    assert rows[0][:6] == (
        "GPC ref. no.",
        "Sector",
        "Sub-sector",
        "Scope 1 (t CO2e)",
        "Scope 2 (t CO2e)",
        "Scope 3 (t CO2e)",
    )
    lines = [r for r in rows[1:] if r[0]]
    totals = {r[1]: r[3] for r in rows[1:] if not r[0]}
    assert sum(r[3] for r in lines) == pytest.approx(latest.tonnes, abs=1)
    assert totals["Total territorial emissions (NED)"] == pytest.approx(latest.tonnes, abs=0.1)
    assert all(r[4] == "NE" and r[5] == "NE" for r in lines)
    # the page shows the same total
    assert num(totals["Total territorial emissions (NED)"]) in page.content.decode()
    about = _about(_sheet(answer, "About"))
    assert about["Inventory year"] == data.year
    assert "SMHI" in about["Emissions source"] or about["Emissions source"]


def test_an_earlier_year_is_exported_on_request(client, umea_emissions):
    answer = client.get(PAGE + "gcom-crf.xlsx?ar=2010")
    about = _about(_sheet(answer, "About"))
    assert about["Inventory year"] == 2010
    total = EmissionTotal.objects.get(city__code="2480", year=2010).tonnes
    rows = _sheet(answer, "Inventory")
    assert [r[3] for r in rows if r[1] == "Total territorial emissions (NED)"] == [
        pytest.approx(total, abs=0.1)
    ]


def _umea_action(umea, umea_goals):
    return action_create(
        city=umea,
        by=None,
        values={
            "title": "Elbussar",
            "sector": "Transporter",
            "status": "ongoing",
            "responsible_body": "Umeå Kommunföretag",
            "expected_reduction": 1200.0,
            "effect_from_year": 2026,
        },
        goals=[umea_goals[0]],
        costs=[
            CostValues(year=2025, investment_sek=4_000_000, funding_source="Klimatklivet"),
            CostValues(year=2026, investment_sek=1_500_000, operating_sek=200_000),
        ],
        publish=True,
    )


def test_the_cdp_csv_has_inventory_targets_with_type_and_base_year_and_actions(
    client, umea, umea_emissions, umea_goals
):
    _umea_action(umea, umea_goals)
    text = client.get(PAGE + "cdp.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    sections = {r["section"] for r in rows}
    assert sections == {"about", "inventory", "target", "action"}
    total = next(r for r in rows if r["section"] == "inventory" and r["reference"] == "TOTAL")
    latest = EmissionTotal.objects.filter(city__code="2480").order_by("-year").first()
    assert float(total["value"]) == pytest.approx(latest.tonnes, abs=0.1)
    assert int(total["year"]) == latest.year
    # the targets as the API gives them
    api = client.get("/api/v1/cities/2480/goals/").json()
    api_goals = api["goals"] if isinstance(api, dict) else api
    targets = [r for r in rows if r["section"] == "target"]
    assert len(targets) == sum(len(g["targets"]) for g in api_goals)
    eighty_five = next(r for r in targets if r["value"] == "-85.0")
    assert (eighty_five["type"], eighty_five["base_year"]) == ("Net-zero target", "1990")
    [action] = [r for r in rows if r["section"] == "action"]
    assert (action["description"], action["value"], action["year"]) == (
        "Elbussar",
        "1200.0",
        "2026",
    )


def test_the_eu_contract_has_commitments_action_plan_and_investment_plan(
    client, umea, umea_emissions, umea_goals
):
    _umea_action(umea, umea_goals)
    answer = client.get(PAGE + "eu-klimatkontrakt.xlsx")
    commitments = _sheet(answer, "2030 Commitments")
    assert any("klimatneutralt 2040" in (r[0] or "") for r in commitments[1:])
    plan = _sheet(answer, "Action Plan")
    assert plan[1][:3] == ("Elbussar", "Transporter", "Utsläppsminskning")
    assert plan[1][7] == "Umeå Kommunföretag" and plan[1][8] == 1200
    investments = _sheet(answer, "Investment Plan")
    # the same cost lines as the open API's action
    api = client.get("/api/v1/cities/2480/actions/").json()["actions"][0]["costs"]
    assert [(r[1], r[2]) for r in investments[1:-1]] == [
        (c["year"], c["investment_sek"]) for c in api
    ]
    assert investments[-1][:3] == ("Total", None, 5_500_000)
    assert investments[1][4] == "Klimatklivet"
    assert "Inventory year" in _about(_sheet(answer, "About"))


def test_esrs_e1_only_where_the_city_has_organisation_values(client, umea, umea_goals):
    page = client.get(PAGE)
    assert "har inte publicerat några värden för kommunkoncernen" in page.content.decode()
    assert client.get(PAGE + "esrs-e1.xlsx").status_code == 404
    synthetic_observations(
        "organisation_ghg_scope1",
        {2022: 5000.0, 2023: 4500.0},
        name="Kommunkoncernens utsläpp, scope 1 (syntetiska)",
        unit="t CO2e",
        direction="lower",
        scope=Scope.ORGANISATION,
    )
    page = client.get(PAGE)
    assert num(4500.0) in page.content.decode()
    rows = _sheet(client.get(PAGE + "esrs-e1.xlsx"), "E1-6 Emissions")
    assert rows[0] == ("ESRS datapoint", "Indicator", "Unit", 2022, 2023)
    assert rows[1][0] == "E1-6 Gross Scope 1 GHG emissions"
    assert rows[1][3:] == (5000, 4500)
    # the API's values of the same indicator
    api = client.get("/api/v1/observations/?city=2480&indicator=organisation_ghg_scope1").json()
    api_rows = api["results"] if isinstance(api, dict) else api
    assert sorted((r["year"], r["value"]) for r in api_rows) == [(2022, 5000.0), (2023, 4500.0)]
    targets = _sheet(client.get(PAGE + "esrs-e1.xlsx"), "E1-4 Targets")
    assert any("kommunkoncern" in (r[0] or "") for r in targets[1:])


def test_the_city_page_links_to_reporting(client, umea):
    assert 'href="/kommuner/umea/rapportering/"' in client.get("/kommuner/umea/").content.decode()


def test_the_page_costs_a_fixed_number_of_queries(
    client, umea, umea_emissions, umea_goals, django_assert_num_queries
):
    _umea_action(umea, umea_goals)
    with django_assert_num_queries(12):
        client.get(PAGE)
