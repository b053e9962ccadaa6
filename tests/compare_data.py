"""Fixtures of the comparison tests (issue 7): real data for Umeå and Malmö, or all 290.

Registered as a pytest plugin from ``tests/conftest.py`` (the browser tests use them
too). Files are parsed once per session; rows are loaded per test for the cities a test
needs:

- the newest GGT release (Klimatkollen's JSON of SMHI's 2026 release; ``ggt_newest``),
- SCB's population 31 December 2024 (BE0101), the year of that release's latest data,
- SEI's consumption-based emissions for 2023.
"""

from __future__ import annotations

import pytest

from indicators.parsers import consumption
from indicators.parsers.detect import parse_any
from tests.city_data import POPULATION_FIELDS, SEI_2023, _names, _parsed, observations_load
from tests.conftest import DATA_DIR, MALMO, UMEA, load_emissions, parsed_once

SCB_2024 = DATA_DIR / "scb" / "scb_be0101_tabhel2024_folkmangd_2024-12-31.xlsx"


@pytest.fixture(scope="session")
def population_2024(municipality_list, tmp_path_factory):
    """SCB's inhabitants 31 Dec 2024 for all 290 municipalities, parsed once."""
    names = _names(municipality_list)
    return parsed_once(
        tmp_path_factory, "population_2024", lambda: _parsed(SCB_2024, parse_any, names)
    )


@pytest.fixture(scope="session")
def sei_2023(municipality_list, tmp_path_factory):
    """SEI's consumption-based emissions 2023 for all municipalities, parsed once."""
    names = _names(municipality_list)
    return parsed_once(
        tmp_path_factory, "sei_2023", lambda: _parsed(SEI_2023, consumption.parse, names)
    )


def load_population(parsed, codes: set[str] | None = None):
    release, rows = parsed
    return observations_load(
        indicator_key="population",
        release=release,
        records=[r for r in rows if codes is None or r.municipality_code in codes],
        indicator_fields=POPULATION_FIELDS,
    )


def load_consumption(parsed, codes: set[str] | None = None):
    release, rows = parsed
    return observations_load(
        indicator_key="consumption_emissions_per_person",
        release=release,
        records=[r for r in rows if codes is None or r.municipality_code in codes],
    )


@pytest.fixture
def two_cities(municipalities, ggt_newest, population_2024, sei_2023, umea_goals):
    """Umeå and Malmö: emissions (newest release), population 2024, consumption 2023,
    and Umeå's goals from its contract."""
    codes = {UMEA, MALMO}
    load_emissions(ggt_newest, codes)
    load_population(population_2024, codes)
    load_consumption(sei_2023, codes)
    return municipalities


@pytest.fixture
def all_cities(municipalities, ggt_newest, population_2024, sei_2023, umea_goals):
    """Every municipality's emissions, population 2024 and consumption 2023."""
    load_emissions(ggt_newest)
    load_population(population_2024)
    load_consumption(sei_2023)
    return municipalities
