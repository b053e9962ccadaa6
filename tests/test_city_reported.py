"""A municipality's page shows what the city reported itself (CDP-ICLEI), marked as such,
beside its own goals and SMHI's statistics, and names its climate plan."""

from __future__ import annotations

import pytest

from cities.models import City
from indicators.reported import reported_demo_load
from tests.conftest import load_emissions
from tests.test_city_page import page, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(municipalities, data_dir, ggt_newest):
    load_emissions(ggt_newest, {"1480", "1281", "2480", "2584"})
    reported_demo_load(data_dir)


def test_reported_goals_are_shown_as_the_citys_report(client, reported):
    words = text(page(client, "lund"))
    assert "Mål som staden har rapporterat till CDP-ICLEI" in words
    assert "Minska utsläppen med 65 % till 2025 jämfört med 2010" in words
    assert "Rapporterat av staden" in words
    assert "Källa: Rapporterat till CDP-ICLEI 2021 av staden" in words
    # Lund has entered no goals of its own here: the page says so before the reported ones.
    assert words.index("Inga klimatmål har registrerats för Lund") < words.index(
        "Mål som staden har rapporterat"
    )


def test_the_citys_own_goals_come_before_reported_ones(client, reported, umea_goals):
    words = text(page(client, "umea"))
    own = words.index("Umeå ska vara klimatneutralt")
    assert own < words.index("Mål som staden har rapporterat till CDP-ICLEI")


def test_the_reported_inventory_is_beside_smhis_series_with_the_difference_explained(
    client, reported
):
    html = page(client, "goteborg")
    words = text(html)
    assert "Stadens egen inventering" in words
    assert "Siffrorna mäter olika saker" in words
    assert "scope 2 utsläpp från el och fjärrvärme" in words
    assert "Källa: CDP-ICLEI Track, stadens egen rapportering" in words
    assert "SMHI, territoriella (t CO2e)" in words
    csv = client.get("/kommuner/goteborg/diagram/rapporterat.csv")
    assert csv.status_code == 200
    assert "Scope 1" in csv.content.decode("utf-8-sig")


def test_every_page_names_its_climate_plan_with_the_source(client, reported):
    html = page(client, "kiruna")
    words = text(html)
    assert "Klimatplan: Åtgärdsplan för hållbar energi för kommunkoncernen (2015)" in words
    assert 'href="https://kiruna.se/download/' in html
    assert "Källa: Klimatkollen (Klimatbyrån): kommunernas klimatplaner" in words


def test_a_city_that_reported_nothing_shows_no_reported_part(client, reported):
    assert City.objects.filter(code="2584").exists()
    words = text(page(client, "kiruna"))
    assert "Stadens egen inventering" not in words
    assert "Mål som staden har rapporterat" not in words


def test_every_page_carries_the_national_and_paris_references(client, reported):
    words = text(page(client, "kiruna"))
    assert "Referens: Sveriges klimatmål (−85 % mot 1990 till 2045)" in words
    assert "Referens: Klimatkollens Parislinje (−11,72 % per år från 2025)" in words
    assert "inte kommunens egna beslut" in words
    assert "Koldioxidlagens bana" in words  # the Paris check's sentence


def test_the_goals_api_carries_references_and_each_goals_origin(client, reported):
    body = client.get("/api/v1/cities/1281/goals/").json()
    assert {g["origin"] for g in body["goals"]} == {"reported"}
    national, paris = body["references"]["national"], body["references"]["paris"]
    assert national["is_reference"] and paris["is_reference"]
    assert national["definition"] == {
        "indicator": "territorial_ghg",
        "base_year": 1990,
        "target_year": 2045,
        "change_pct": -85.0,
    }
    assert national["status"] in {"on_track", "at_risk", "off_track", "achieved"}
    assert paris["status"] in {"on_track", "off_track"}
    assert paris["trend_total"] > 0 and paris["path_total"] > 0
    assert national["source"]["publisher"].startswith("SMHI")
