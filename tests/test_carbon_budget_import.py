"""Importing carbon budgets: whole or not at all, idempotent, visible at once."""

from __future__ import annotations

import json

from core.cache import generation
from indicators.carbon_budgets import BUDGET_FILE, carbon_budget_file_load
from indicators.models import CarbonBudget, SourceRelease
from tests.conftest import DATA_DIR


def test_it_imports_every_municipalitys_budget_once(municipalities):
    first = carbon_budget_file_load(DATA_DIR / BUDGET_FILE)
    assert first.ok, first.message
    assert first.result.counts.created == 290
    assert "290 nya, 0 ändrade, 0 oförändrade koldioxidbudgetar" in first.message
    umea = CarbonBudget.objects.select_related("release").get(city__code="2480")
    assert (umea.amount, umea.start_year, umea.end_year) == (534037.912, 2024, 2050)
    assert umea.substance == "CO2"
    assert umea.release.publisher.startswith("Klimatkollen")
    assert umea.release.substance == ""  # never mistaken for an emission inventory
    again = carbon_budget_file_load(DATA_DIR / BUDGET_FILE)
    assert again.result.counts.unchanged == 290 and again.result.counts.created == 0


def test_a_file_with_one_bad_entry_writes_nothing_and_names_it(municipalities, tmp_path):
    path = tmp_path / "climate-data.json"
    entries = [
        {"kommun": "Umeå", "budget": 534037.912, "emissionBudget": {"2024": 1, "2050": 0}},
        {"kommun": "Atlantis", "budget": 1.0, "emissionBudget": {"2024": 1, "2050": 0}},
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    outcome = carbon_budget_file_load(path)
    assert not outcome.ok
    assert outcome.message == "climate-data.json: 1 rad avvisades; ingenting har skrivits."
    assert outcome.error_lines() == [
        "climate-data.json, rad 2, kolumn kommun: 'Atlantis' är inget känt kommunnamn; "
        "stava som i SCB:s kommunlista."
    ]
    assert not CarbonBudget.objects.exists()
    assert not SourceRelease.objects.filter(source="klimatkollen-budget").exists()


def test_an_import_that_changes_budgets_invalidates_cached_pages(municipalities):
    before = generation()
    carbon_budget_file_load(DATA_DIR / BUDGET_FILE)
    assert generation() > before
    unchanged = generation()
    carbon_budget_file_load(DATA_DIR / BUDGET_FILE)
    assert generation() == unchanged  # nothing changed: caches stay warm


def test_without_municipalities_it_says_what_to_run_first(db):
    outcome = carbon_budget_file_load(DATA_DIR / BUDGET_FILE)
    assert not outcome.ok and "load_reference_data" in outcome.message
