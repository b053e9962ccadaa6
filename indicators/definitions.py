"""Shared indicator definitions that imports create when a file brings their values.

Data files name their series by key: SCB's population tables and Kolada's N01951 both
mean the number of inhabitants, so both land in the one indicator ``population`` (as
different releases) that per-person figures read. SEI's consumption-based emissions
land in ``consumption_emissions_per_person`` (worded as in ``indicators/demo.py``). Any
other Kolada KPI becomes its own shared indicator named from Kolada's KPI catalogue.
Plain data, no Django models here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from indicators.parsers.kolada_kpis import KEY_PREFIX, KpiInfo, kpi_catalogue

POPULATION_KEY = "population"
POPULATION_KOLADA_ID = "N01951"
CONSUMPTION_KEY = "consumption_emissions_per_person"
KOLADA_SOURCE = "Kolada (RKA)"

#: Indicators an import may create by key, with the fields of their definition.
KNOWN: dict[str, dict[str, str]] = {
    POPULATION_KEY: {
        "name": "Folkmängd",
        "unit": "invånare",
        "direction": "higher",
        "scope": "area",
        "source": "SCB; Kolada (RKA) N01951",
        "kolada_id": POPULATION_KOLADA_ID,
        "description": "Antal invånare den 31 december. Används för alla värden per invånare.",
    },
    CONSUMPTION_KEY: {
        "name": "Konsumtionsbaserade utsläpp per invånare",
        "unit": "t CO2e/invånare",
        "direction": "lower",
        "scope": "area",
        "source": "SEI, Konsumtionskompassen",
        "description": "Utsläpp som invånarnas konsumtion orsakar, var de än sker.",
    },
}

#: Kolada KPIs whose values belong to one of the indicators above.
KOLADA_ALIASES: dict[str, str] = {POPULATION_KOLADA_ID: POPULATION_KEY}


def kolada_id_of(key: str) -> str | None:
    """ "kolada:N00401" → "N00401"; None for keys that are not Kolada KPIs."""
    if key.lower().startswith(KEY_PREFIX):
        return key[len(KEY_PREFIX) :].strip().upper() or None
    return None


def kolada_definition(kpi_id: str, catalogue: dict[str, KpiInfo]) -> dict[str, str]:
    """The definition of a new shared indicator for a Kolada KPI, from the catalogue when
    it describes the KPI (name, unit, description), else named by its id only."""
    info = catalogue.get(kpi_id)
    return {
        "name": (info.name if info else f"Kolada-nyckeltal {kpi_id}")[:200],
        "unit": (info.unit if info and info.unit else "")[:40],
        "direction": "lower",
        "scope": "area",
        "source": KOLADA_SOURCE,
        "kolada_id": kpi_id,
        "description": info.description if info else "",
    }


@lru_cache(maxsize=4)
def catalogue_from(data_dir: Path) -> dict[str, KpiInfo]:
    """Kolada's KPI catalogue (``ddf--concepts.csv`` of the CSV dump) if the data folder
    has it; empty otherwise (new KPIs are then named by their id)."""
    path = data_dir / "kolada" / "ddf_kolada_dump" / "ddf--concepts.csv"
    if not path.is_file():
        return {}
    return kpi_catalogue(path)
