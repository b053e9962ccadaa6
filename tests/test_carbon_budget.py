"""The carbon budget as the site shows it adds up, for every municipality.

Real data, as the demo loads it: SMHI's fossil CO2 Länsrapport 2024-04-18 (published
through 2022) and Klimatkollen's allocation of the national CO2 budget (from 2024), both
through the project's parsers and import services; the budget is assessed by the same
``city_progress`` the city page and the goals API are built from. As of December 2026
the years 2023–2025 have passed without published values: they are estimated.
"""

from __future__ import annotations

import pytest

from cities.models import City
from indicators.api.progress import goals_payload
from indicators.assessments import city_progress
from indicators.parsers.base import EmissionRecord
from indicators.services.budgets import carbon_budgets_import
from tests.conftest import load_emissions


@pytest.fixture
def every_budget(municipalities, co2_inventory, budget_file, december_2026):
    """Every municipality's CO2 totals (the stated ``Alla/Alla`` rows, the totals the
    import keeps whatever the sectors) and its budget."""
    release, rows = co2_inventory
    totals = [
        r
        for r in rows
        if isinstance(r, EmissionRecord) and r.sector == "Alla" and r.subsector == "Alla"
    ]
    load_emissions((release, totals))
    budget_release, budgets = budget_file
    carbon_budgets_import(release_info=budget_release, rows=budgets)
    return municipalities


def test_every_municipalitys_budget_adds_up_and_never_runs_out_in_the_past(every_budget):
    last_year = 2025
    used_up = []
    cities = City.objects.select_related("county").order_by("code")
    assert cities.count() == 290
    for city in cities:
        body = goals_payload(city_progress(city))
        budget = body["carbon_budget"]
        assert budget is not None, city.name
        a = budget["assessment"]
        amount = budget["amount"]
        assert a["used"] >= 0 and a["remaining"] >= 0, city.name
        # Published CO2 ends in 2022, the budgets start in 2024: both passed years are
        # estimated and counted, and the assessment says so.
        assert a["observed_through"] is None, city.name
        assert (a["estimated_from"], a["estimated_through"]) == (2024, last_year), city.name
        assert a["used"] == pytest.approx(a["used_estimated"], rel=1e-12), city.name
        if a["remaining"] > 0:
            assert a["used"] + a["remaining"] == pytest.approx(amount, rel=1e-12), city.name
            assert not a["used_up"]
            assert a["runs_out_year"] is None or a["runs_out_year"] > last_year, city.name
            assert f"efter {last_year}" in a["explanation"], city.name
        else:
            used_up.append(city.name)
            assert a["used_up"] and a["used"] >= amount, city.name
            assert a["runs_out_year"] == a["used_up_year"] <= last_year, city.name
            assert f"är förbrukat; det tog slut {a['used_up_year']}" in a["explanation"]
    # 65 municipalities have used up Klimatkollen's allocation by the estimate (as in
    # tests/progress/test_budget.py, which reads the same files without a database).
    assert len(used_up) == 65
    assert "Kiruna" in used_up


def test_kiruna_says_its_budget_is_used_up_and_since_when(
    client, municipalities, co2_inventory, budget_file, december_2026
):
    """The issue: Kiruna showed the whole budget remaining beside "tar slut 2025"."""
    release, rows = co2_inventory
    load_emissions((release, [r for r in rows if r.municipality_code == "2584"]))
    budget_release, budgets = budget_file
    carbon_budgets_import(
        release_info=budget_release, rows=[r for r in budgets if r.municipality_code == "2584"]
    )
    a = goals_payload(city_progress(municipalities["2584"]))["carbon_budget"]["assessment"]
    assert a["used_up"] and a["remaining"] == 0
    assert a["used_up_year"] == 2025 and a["used_up_by"] == "estimate"
    words = " ".join(client.get("/kommuner/kiruna/").content.decode().split())
    assert "Förbrukat sedan</dt><dd>2025 (enligt uppskattningen)" in words
    assert "Tar slut med nuvarande trend" not in words
    assert "är förbrukat; det tog slut 2025 enligt uppskattningen" in words
