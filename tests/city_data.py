"""Fixtures for the progress dashboard: real data beyond the GGT inventory.

Registered as a pytest plugin from ``tests/conftest.py``. Files are parsed once per
session; rows are loaded per test, for Umeå only:

- ``umea_co2``: SMHI's fossil CO2 inventory (Länsrapport 2024-04-18).
- ``umea_budget``: Klimatkollen's allocation of the national CO2 budget.
- ``umea_consumption``: SEI Konsumtionskompassen, 2022 (county JSON) and 2023 (xlsx).
- ``umea_population``: inhabitants from Kolada N01951 (the DDF dump) under key
  ``population``.

Observations are written straight to the tables here (the import service for
observations belongs to the import pages); values are the files' own, never invented.
``synthetic_observations`` is for the few tests that need data no real file has
(removals, uncertainty ranges): its release is named "Syntetiska testdata".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.parsers import carbon_budget, consumption, kolada_ddf
from indicators.parsers.base import ObservationRecord, ReleaseInfo
from indicators.parsers.detect import parse_any
from tests.conftest import DATA_DIR, UMEA, load_emissions, parsed_once

CO2_XLSX = DATA_DIR / "ned" / "smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"
BUDGET_JSON = DATA_DIR / "carbon_budget" / "klimatkollen_climate-data_2024-11.json"
SEI_2023 = DATA_DIR / "consumption" / "sei_klimatkollen_data_2023_shared_April_2026.xlsx"
SEI_2022 = (
    DATA_DIR
    / "consumption"
    / "konsumtionskompassen_per_lan"
    / "sammanräknade-utsläpp-i-västerbotten.json"
)
POPULATION_CSV = (
    DATA_DIR / "kolada" / "ddf_kolada_dump" / "ddf--datapoints--n01951--by--geo--year.csv"
)


def _names(municipality_list) -> dict[str, str]:
    return {m.code: m.name for m in municipality_list[1]}


def _parsed(path: Path, parse, names: dict[str, str], codes: set[str] | None = None):
    with path.open("rb") as fileobj, parse(fileobj, filename=path.name, municipalities=names) as p:
        rows = [
            r
            for r in p.rows()
            if not hasattr(r, "is_error")
            and (codes is None or getattr(r, "municipality_code", None) in codes)
        ]
    return p.release, rows


@pytest.fixture(scope="session")
def co2_inventory(municipality_list, tmp_path_factory):
    """SMHI's fossil CO2 Länsrapport 2024-04-18, parsed once (all municipalities)."""
    names = _names(municipality_list)
    return parsed_once(
        tmp_path_factory, "co2_inventory", lambda: _parsed(CO2_XLSX, parse_any, names)
    )


@pytest.fixture(scope="session")
def budget_file(municipality_list, tmp_path_factory):
    """Klimatkollen's allocation of the national CO2 budget, parsed once."""
    names = _names(municipality_list)
    return parsed_once(
        tmp_path_factory, "budget_file", lambda: _parsed(BUDGET_JSON, carbon_budget.parse, names)
    )


@pytest.fixture(scope="session")
def umea_observation_records(municipality_list, tmp_path_factory):
    """Umeå's consumption-based emissions (SEI 2022 and 2023) and population (Kolada)."""
    names = _names(municipality_list)

    def parse():
        sei22 = _parsed(SEI_2022, consumption.parse, names, {UMEA})
        sei23 = _parsed(SEI_2023, consumption.parse, names, {UMEA})
        pop = _parsed(POPULATION_CSV, kolada_ddf.parse_ddf_csv, names, {UMEA})
        return {"sei": [sei22, sei23], "population": pop}

    return parsed_once(tmp_path_factory, "umea_observation_records", parse)


@pytest.fixture
def umea_co2(municipalities, co2_inventory):
    release, rows = co2_inventory
    return load_emissions((release, [r for r in rows if r.municipality_code == UMEA]))


@pytest.fixture
def umea_budget(municipalities, budget_file):
    from indicators.services.budgets import carbon_budgets_import

    release, rows = budget_file
    return carbon_budgets_import(
        release_info=release, rows=[r for r in rows if r.municipality_code == UMEA]
    )


def observations_load(
    *,
    indicator_key: str,
    release: ReleaseInfo,
    records: list[ObservationRecord],
    indicator_fields: dict | None = None,
    is_published: bool = True,
):
    """Write observations for one indicator and release (test set-up only), by the
    factories: the indicator is the one with ``indicator_key`` (made with
    ``indicator_fields`` if there is none), the release the one ``release`` names."""
    from cities.models import City
    from core.cache import bump_generation
    from indicators.models import Observation
    from tests.factories import IndicatorFactory, ObservationFactory, SourceReleaseFactory

    indicator = IndicatorFactory(key=indicator_key, **(indicator_fields or {}))
    stored = SourceReleaseFactory(
        source=release.source,
        name=release.name,
        publisher=release.publisher,
        released_on=release.released_on,
        covers_to=release.covers_to,
    )
    cities = City.objects.in_bulk([r.municipality_code for r in records], field_name="code")
    Observation.objects.bulk_create(
        ObservationFactory.build(
            indicator=indicator,
            city=cities[r.municipality_code],
            year=r.year,
            value=r.value,
            status=r.status,
            release=stored,
            is_published=is_published,
            uncertainty_low=getattr(r, "low", None),
            uncertainty_high=getattr(r, "high", None),
        )
        for r in records
    )
    bump_generation()
    return indicator


POPULATION_FIELDS = {
    "name": "Folkmängd",
    "unit": "invånare",
    "direction": "higher",
    "source": "Kolada (RKA), N01951 (SCB)",
}


@pytest.fixture
def umea_consumption(umea_goals, umea_observation_records):
    """SEI's consumption-based emissions per person for Umeå, 2022 and 2023."""
    consumption_load(umea_observation_records)


def consumption_load(umea_observation_records):
    """Write Umeå's consumption-based emissions (the indicator must exist)."""
    for release, rows in umea_observation_records["sei"]:
        observations_load(
            indicator_key="consumption_emissions_per_person", release=release, records=rows
        )


@pytest.fixture
def umea_population(municipalities, umea_observation_records):
    """Umeå's inhabitants per year (Kolada N01951), as indicator ``population``."""
    release, rows = umea_observation_records["population"]
    return observations_load(
        indicator_key="population",
        release=release,
        records=rows,
        indicator_fields=POPULATION_FIELDS,
    )


SYNTHETIC = ReleaseInfo(
    source="test",
    name="Syntetiska testdata",
    released_on=None,
    covers_to=None,
    publisher="Syntetiska testdata (inga verkliga värden)",
)


def synthetic_observations(indicator_key: str, values: dict, *, code: str = UMEA, **fields):
    """Made-up values for a test, under a release that says so. ``values`` maps a year
    to a value or to (value, status, low, high)."""

    class _Rec:
        def __init__(self, year, spec):
            value, status, low, high = (
                spec if isinstance(spec, tuple) else (spec, "final", None, None)
            )
            self.municipality_code, self.year, self.value = code, year, value
            self.status, self.low, self.high = status, low, high

    return observations_load(
        indicator_key=indicator_key,
        release=SYNTHETIC,
        records=[_Rec(y, v) for y, v in values.items()],
        indicator_fields=fields or None,
    )
