"""The records read from CDP-ICLEI's files: a city's reported target and its city-wide
inventory (see ``cdp``), and the constants the CDP modules share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .text import name_key

SOURCE = "cdp"
PUBLISHER = "CDP-ICLEI Track, städernas egen rapportering"
FORMAT_TARGETS = "cdp_targets_csv"
FORMAT_INVENTORIES = "cdp_inventories_csv"
KIND_TARGETS = "cdp_targets"
KIND_INVENTORIES = "cdp_inventories"
DEFAULT_COUNTRY = "Sweden"
_WHAT = {KIND_TARGETS: "utsläppsmål", KIND_INVENTORIES: "utsläppsinventeringar"}

# How CDP's exports write an empty answer ("NA" is R's, "-" CDP's own for "no period").
_MISSING = {"", "na", "n/a", "-", "–", "—"}
_OTHER_PREFIX = re.compile(r"^\s*other\s*(?:,\s*please specify)?\s*:?\s*", re.IGNORECASE)


class TargetType(StrEnum):
    """CDP's kinds of emission reduction target (question "Type of target")."""

    BASE_YEAR_ABSOLUTE = "base_year_absolute"  # −x % of the base year's total emissions
    BASE_YEAR_INTENSITY = "base_year_intensity"  # −x % of emissions per person, per GDP...
    FIXED_LEVEL = "fixed_level"  # reach a level (often 0) by the target year
    BASELINE_SCENARIO = "baseline_scenario"  # −x % against a business-as-usual projection
    NO_TARGET = "no_target"  # the city reported that it has no target


class TargetSector(StrEnum):
    """What a target covers: the whole inventory ("city-wide") or one sector."""

    CITY_WIDE = "city_wide"  # "All emissions sources included in city inventory"
    ENERGY = "energy"
    TRANSPORT = "transport"
    WASTE = "waste"
    IPPU = "ippu"  # industrial processes and product use
    AFOLU = "afolu"  # agriculture, forestry and other land use
    CONSUMPTION = "consumption"  # consumption-based emissions: not a territorial sector
    OTHER = "other"  # anything else; the city's own words are in ``sector_text``


@dataclass(frozen=True)
class CdpTarget:
    """One emission reduction target as a city reported it to CDP, e.g. Lund: absolute
    target, city-wide, base year 2010 (372 176 t CO2e), −100 % by 2045."""

    row: int  # 1-based line in the file where the row starts
    reporting_year: int | None  # the CDP cycle, e.g. 2021
    account_number: int | None  # CDP's id of the reporting organisation, e.g. 54510
    organization: str  # the reporting body as CDP names it, e.g. "Umeå municipality"
    city: str  # CDP's city name ("" when CDP gives none)
    country: str
    municipality_code: str | None  # 4-digit SCB code when matched, e.g. "2480"
    target_type: TargetType | None
    target_type_text: str  # as reported, e.g. "Base year emissions (absolute) target"
    sector: TargetSector | None
    sector_text: str  # as reported, without CDP's "Other, please specify:" prefix
    scopes: tuple[int, ...]  # GHG scopes the target names, e.g. (1, 2); () if not stated
    base_year: int | None
    base_year_emissions: float | None  # t CO2e
    base_year_intensity: float | None  # t CO2e per intensity unit
    reduction_percent: float | None  # 65.0 means −65 %
    target_year: int | None
    target_year_emissions: float | None  # t CO2e
    bau_emissions: float | None  # business-as-usual emissions in the target year, t CO2e
    intensity_unit: str  # e.g. "Metric tonnes of CO2e per capita"
    percent_achieved: float | None  # CDP: "Percentage of target achieved so far"
    year_set: int | None  # the year the target was adopted
    target_boundary: str  # e.g. "Same (city-wide) – covers entire city and nothing else"
    description: str  # CDP "Target description"
    methodology: str  # CDP "Description of the target and the modelling methodology..."


@dataclass(frozen=True)
class CdpInventory:
    """One city-wide emission inventory as a city reported it to CDP, e.g. Göteborg's for
    2018 under the GPC.

    The scope figures follow CDP's table for GPC reporters: direct (scope 1), grid-energy
    (scope 2) and outside-the-boundary (scope 3) emissions, each split into "generation of
    grid-supplied energy" (power and district-heating plants in the city, which GPC keeps
    out of BASIC to avoid counting them twice with scope 2) and everything else. Other
    protocols report only "TOTAL Scope n". :attr:`scope1` etc. combine the two ways.
    """

    row: int
    reporting_year: int | None
    account_number: int | None
    organization: str
    city: str
    country: str
    municipality_code: str | None
    inventory_status: str  # "Yes", "In progress", "Intending to undertake..."
    period_start: date | None
    period_end: date | None  # inclusive
    accounting_year: int | None  # the calendar year the inventory is for
    protocol: str  # e.g. "Global Protocol for Community Greenhouse Gas Emissions ..."
    total: float | None  # t CO2e, only where CDP published a total (2016, 2017)
    scope1_grid_generation: float | None
    scope1_other: float | None  # direct, excluding generation of grid-supplied energy
    scope2_grid_generation: float | None
    scope2_other: float | None
    scope3_grid_generation: float | None
    scope3_other: float | None
    scope1_total: float | None  # "TOTAL Scope 1 Emissions" as reported
    scope2_total: float | None
    scope3_total: float | None
    basic: float | None  # GPC BASIC total as reported
    basic_plus: float | None  # GPC BASIC+ total as reported
    population: float | None
    population_year: int | None

    @property
    def scope1(self) -> float | None:
        """Scope 1 emissions: the reported total, else the sum of its two parts."""
        return _scope(self.scope1_total, self.scope1_grid_generation, self.scope1_other)

    @property
    def scope2(self) -> float | None:
        return _scope(self.scope2_total, self.scope2_grid_generation, self.scope2_other)

    @property
    def scope3(self) -> float | None:
        return _scope(self.scope3_total, self.scope3_grid_generation, self.scope3_other)

    @property
    def is_gpc(self) -> bool:
        """Whether the city says it followed the GHG Protocol for Cities (GPC)."""
        text = name_key(self.protocol)
        return "gpc" in text or "global protocol for community" in text


def _scope(total: float | None, *parts: float | None) -> float | None:
    if total is not None:
        return total
    present = [p for p in parts if p is not None]
    return sum(present) if present else None
