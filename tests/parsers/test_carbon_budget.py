"""Klimatkollen's carbon budgets per municipality (climate-data.json, 2024-11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indicators.parsers import carbon_budget
from indicators.parsers.base import ParseError
from indicators.parsers.carbon_budget import CarbonBudgetRecord

from .conftest import UMEA, collect, write

BUDGET = "carbon_budget/klimatkollen_climate-data_2024-11.json"


@pytest.fixture(scope="module")
def budgets(data_dir: Path, municipalities: dict[str, str]):
    path = data_dir / BUDGET
    parsed = carbon_budget.parse(path, filename=path.name, municipalities=municipalities)
    return parsed, collect(parsed)


def records(found) -> list[CarbonBudgetRecord]:
    return [r for r in found.records if isinstance(r, CarbonBudgetRecord)]


def test_it_reads_a_budget_for_every_municipality(budgets):
    parsed, found = budgets
    assert parsed.kind == "carbon_budget"
    assert parsed.format == "klimatkollen_budget_json"
    assert found.errors == [] and found.warnings == []
    assert len(records(found)) == 290
    assert len({r.municipality_code for r in records(found)}) == 290


def test_umeas_budget_is_the_files_number_from_2024_through_2050(budgets):
    _, found = budgets
    (umea,) = [r for r in records(found) if r.municipality_code == UMEA]
    assert umea.tonnes == 534037.912
    assert (umea.start_year, umea.end_year) == (2024, 2050)
    assert umea.substance == "CO2"


def test_the_release_is_credited_as_klimatkollens_allocation(budgets):
    parsed, _ = budgets
    assert parsed.release.name == "Klimatkollens fördelning av koldioxidbudgeten från 2024"
    assert parsed.release.publisher.startswith("Klimatkollen")
    assert "Uppsala universitets" in parsed.release.publisher
    assert parsed.release.covers_to == 2022  # the fossil CO2 inventory it was computed from


def _file(tmp_path: Path, entries: list[dict]) -> Path:
    return write(tmp_path / "climate-data.json", json.dumps(entries, ensure_ascii=False))


GOOD = {"kommun": "Umeå", "budget": 534037.912, "emissionBudget": {"2024": 1.0, "2050": 0.5}}


def _parse(path: Path, few_municipalities: dict[str, str]):
    return collect(carbon_budget.parse(path, filename=path.name, municipalities=few_municipalities))


def test_bad_entries_are_named_by_position_and_field(tmp_path, few_municipalities):
    entries = [
        GOOD,
        {**GOOD, "kommun": "Atlantis"},
        {**GOOD, "kommun": "Malmö", "budget": "mycket"},
        {**GOOD, "kommun": "Göteborg", "budget": -5},
        {**GOOD, "kommun": "Stockholm", "emissionBudget": {}},
        {**GOOD, "kommun": "Umeå kommun"},
        {"budget": 3},
        {**GOOD, "kommun": "Skellefteå", "budget": None},
    ]
    found = _parse(_file(tmp_path, entries), few_municipalities)
    assert len(records(found)) == 1
    assert found.messages() == [
        "climate-data.json, rad 2, kolumn kommun: 'Atlantis' är inget känt kommunnamn; "
        "stava som i SCB:s kommunlista.",
        "climate-data.json, rad 3, kolumn budget: Malmö: 'mycket' är inte ett tal; "
        "förväntade ett tal, t.ex. 1 234,5 eller 1234.5.",
        "climate-data.json, rad 4, kolumn budget: Göteborg: en koldioxidbudget kan inte vara "
        "negativ (-5).",
        "climate-data.json, rad 5, kolumn emissionBudget: Stockholm: 'emissionBudget' saknas "
        "eller har inga årtal, så det går inte att avgöra vilka år budgeten gäller.",
        "climate-data.json, rad 6, kolumn kommun: Umeå finns redan i post 1; varje kommun får "
        "bara förekomma en gång.",
        "climate-data.json, rad 7, kolumn kommun: Kommunnamn ('kommun') saknas i posten.",
        "climate-data.json, rad 8, kolumn budget: Skellefteå: budget saknas.",
    ]


def test_a_file_that_is_not_a_list_of_municipalities_is_refused(tmp_path, few_municipalities):
    path = write(tmp_path / "climate-data.json", '{"kommun": "Umeå"}')
    with pytest.raises(ParseError, match="JSON-lista med ett objekt per kommun"):
        carbon_budget.parse(path, filename=path.name, municipalities=few_municipalities)
    empty = write(tmp_path / "empty.json", "[]")
    with pytest.raises(ParseError, match="listan är tom"):
        carbon_budget.parse(empty, filename=empty.name, municipalities=few_municipalities)


def test_an_implausible_span_of_years_is_refused(tmp_path, few_municipalities):
    entries = [{**GOOD, "emissionBudget": {"2024": 1.0}}]
    found = _parse(_file(tmp_path, entries), few_municipalities)
    assert records(found) == []
    assert "budgetens år 2024–2024 är orimliga" in found.messages()[0]
