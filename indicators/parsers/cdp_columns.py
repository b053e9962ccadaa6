"""Placing a CDP file's columns by meaning: the synonym table of real CDP header names,
normalised headers, and which kind of CDP file a header is."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass

from .cdp_records import FORMAT_INVENTORIES, FORMAT_TARGETS, KIND_INVENTORIES, KIND_TARGETS
from .files import (
    fail,
    sniff_delimiter,
)
from .text import clean_text

# --- header synonyms ------------------------------------------------------------------
#
# (header as CDP wrote it, field). Compared through header_key(), so case, units and
# punctuation need no separate entries: "Base year emissions (metric tonnes CO2e)" also
# covers OpenClimate's R-style "Base.year.emissions..metric.tonnes.CO2e.". Years say in
# which of CDP's open datasets the spelling occurs ("2018-19" is CDP's combined
# "2018 - 2019" dataset); "normalised form" marks a spelling we have not seen in a CDP
# file but that means the same thing.
#
# A field of None marks a column we know and deliberately do not read. (†): CDP's 2016
# and 2017 targets datasets were not at hand; these names are those a published loader of
# the two files renames, so they are likely but unverified.

_COMMON: tuple[tuple[str, str | None], ...] = (
    ("Year Reported to CDP", "reporting_year"),  # 2018-19, 2019, 2020, 2021
    ("Reporting year", "reporting_year"),  # 2016 ("Reporting Year"), 2017 inventories
    ("Account Number", "account_number"),  # 2016, 2018-19 ... 2021; "Account number" 2017
    ("Account No", "account_number"),  # normalised form (CDP's 2012-2013 city data)
    ("Organization", "organization"),  # 2017 ... 2021
    ("Organisation", "organization"),  # normalised form (British spelling)
    ("City Name", "organization"),  # 2016: holds the organisation, e.g. "City of Paris"
    ("City", "city"),  # 2017 ... 2021
    ("City Short Name", "city"),  # 2016
    ("Country", "country"),  # 2016 ... 2021
    ("Country/Area", "country"),  # 2023 (CDP's 2023 climate-risk dataset of cities)
    ("iso", "country_iso"),  # OpenClimate's clean_names copy of 2021 (ISO alpha-3)
    ("name", "actor_name"),  # OpenClimate's clean_names copy of 2021 (ClimActor name)
    ("entity_type", None),  # OpenClimate's clean_names copy of 2021
    ("CDP Region", None),  # 2018-19 ... 2021 ("CDP region" in the targets 2018-19)
    ("Region", None),  # 2017
    ("Reporting Authority", None),  # 2018-19
    ("Access", None),  # 2017 ... 2021
    ("C40", None),  # 2016, 2017
    ("City Location", None),  # 2016 ... 2021
    ("Country Location", None),  # 2016, 2017
    ("Last update", None),  # 2018-19 ... 2021
    ("Population", "population"),  # 2017 ... 2021
    ("Current Population", "population"),  # 2016
    ("Population Year", "population_year"),  # 2017 ... 2021
    ("Current Population Year", "population_year"),  # 2016
)

_TARGETS: tuple[tuple[str, str | None], ...] = (
    ("Type of target", "target_type"),  # 2018-19, 2020, 2021
    ("Target type", "target_type"),  # normalised form
    ("Sector", "sector"),  # 2016, 2017 (†), 2018-19, 2020, 2021
    ("Scope", "scope"),  # normalised form
    ("Scopes included", "scope"),  # normalised form (2017 inventories: "Scopes Included")
    ("Base year", "base_year"),  # 2018-19, 2020, 2021
    ("Baseline year", "base_year"),  # 2016, 2017 targets (†)
    ("Year target was set", "year_set"),  # 2021
    ("Year of target introduction", "year_set"),  # 2020
    ("Year of target implementation", "year_set"),  # 2018-19
    ("Base year emissions (metric tonnes CO2e)", "base_year_emissions"),  # 2018-19 ... 2021
    ("Baseline emissions (metric tonnes CO2e)", "base_year_emissions"),  # 2016, 2017 (†)
    ("Percentage reduction target", "reduction_percent"),  # 2016, 2017 (†), 2018-19 ... 2021
    ("Target year", "target_year"),  # 2018-19, 2020, 2021
    ("Target date", "target_year"),  # 2016, 2017 targets (†)
    ("Target year absolute emissions (metric tonnes CO2e)", "target_year_emissions"),
    ("Intensity unit (Emissions per)", "intensity_unit"),  # 2018-19, 2020, 2021
    (
        "Base year emissions per intensity unit (metric tonnes CO2e per denominator)",
        "base_year_intensity",
    ),  # 2018-19, 2020, 2021
    (
        "Estimated business as usual absolute emissions in target year (metric tonnes CO2e)",
        "bau_emissions",
    ),  # 2018-19, 2020, 2021
    ("Percentage of target achieved so far", "percent_achieved"),  # 2018-19, 2020, 2021
    ("Target description", "description"),  # 2018-19, 2020, 2021
    (
        "Description of the target and the modelling methodology(ies) and parameters used "
        "to define it",
        "methodology",
    ),  # 2018-19, 2020, 2021
    ("Target boundary relative to city boundary", "target_boundary"),  # 2018-19 ... 2021
    ("City boundary", None),  # 2018-19, 2020, 2021
    ("Identify and explain sources that differ from the inventory", None),  # 2018-19 ... 2021
    ("Projected population in target year", None),  # 2018-19, 2020, 2021
    ("Select the initiatives that this target contributes towards", None),  # 2020, 2021
    ("Indicate which sector(s) the target applies", None),  # 2018-19
    (
        "Does this target align with the global 1.5 - 2 °C pathway set out in the Paris Agreement?",
        None,
    ),  # 2021 ("1.5 - 2°C" 2018-19, "1.5 - 2°c" 2020: the same once normalised)
    ("Does this target align to a requirement from a higher level of government?", None),
    (
        "Does this target align to a requirement from a higher level of (sub-national) government?",
        None,
    ),  # 2018-19
    (
        "Does this target align or correspond to a requirement from a higher level of government?",
        None,
    ),  # 2020
)

_INVENTORIES: tuple[tuple[str, str | None], ...] = (
    ("City-wide emissions inventory", "inventory_status"),  # 2018-19 ... 2021
    ("Accounting year", "accounting_period"),  # 2017, 2018-19 ... 2021
    ("Measurement Year", "accounting_period"),  # 2016: the end date, "12/31/2013 12:00:00 AM"
    ("Inventory year", "accounting_period"),  # normalised form
    ("Primary Protocol", "protocol"),  # 2018-19 ... 2021
    ("Protocol", "protocol"),  # 2017
    ("Primary Methodology", "protocol"),  # 2016
    ("Total City-wide Emissions (metric tonnes CO2e)", "total"),  # 2016
    ("Total emissions (metric tonnes CO2e)", "total"),  # 2017
    # The GPC table, 2018-19 spelling ("Direct emissions/ Scope 1 ...") and 2020-21
    # spelling ("Direct emissions (metric tonnes CO2e) for ...").
    (
        "Direct emissions/ Scope 1 (metric tonnes CO2e) for Total generation of grid "
        "supplied energy",
        "scope1_grid_generation",
    ),
    (
        "Direct emissions (metric tonnes CO2e) for Total generation of grid-supplied energy",
        "scope1_grid_generation",
    ),
    (
        "Direct emissions/ Scope 1 (metric tonnes CO2e) for Total emissions (excluding "
        "generation of grid-supplied energy)",
        "scope1_other",
    ),
    (
        "Direct emissions (metric tonnes CO2e) for Total emissions (excluding generation of "
        "grid-supplied energy)",
        "scope1_other",
    ),
    (
        "Indirect emissions from use of grid supplied energy/Scope 2 (metric tonnes CO2e) for "
        "Total generation of grid supplied energy",
        "scope2_grid_generation",
    ),
    (
        "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total "
        "generation of grid supplied energy",
        "scope2_grid_generation",
    ),
    (
        "Indirect emissions from use of grid supplied energy/Scope 2 (metric tonnes CO2e) for "
        "Total emissions (excluding generation of grid-supplied energy)",
        "scope2_other",
    ),
    (
        "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total "
        "Emissions (excluding generation of grid-supplied energy)",
        "scope2_other",
    ),
    (
        "Emissions occurring outside city boundary/ Scope 3 (metric tonnes CO2e) for Total "
        "generation of grid supplied energy",
        "scope3_grid_generation",
    ),
    (
        "Emissions occurring outside city boundary (metric tonnes CO2e) for Total Generation "
        "of grid supplied energy",
        "scope3_grid_generation",
    ),
    (
        "Emissions occurring outside city boundary/ Scope 3 (metric tonnes CO2e) for Total "
        "emissions (excluding generation of grid-supplied energy)",
        "scope3_other",
    ),
    (
        "Emissions occurring outside city boundary (metric tonnes CO2e) for Total Emissions "
        "(excluding generation of grid-supplied energy)",
        "scope3_other",
    ),
    ("Total Scope 1 Emissions (metric tonnes CO2e)", "scope1_total"),  # 2016 ... 2021
    ("Total Scope 2 Emissions (metric tonnes CO2e)", "scope2_total"),  # 2016 ... 2021
    ("Total Scope 3 emissions (metric tonnes CO2e)", "scope3_total"),  # 2018-19
    ("TOTAL Scope 3 Emissions", "scope3_total"),  # 2020, 2021 (no unit)
    ("Total BASIC Emissions (GPC)", "basic"),  # 2018-19 ("TOTAL BASIC ..." 2020, 2021)
    ("Total BASIC+ Emissions (GPC)", "basic_plus"),  # 2018-19 ("TOTAL BASIC+ ..." 2020-21)
    ("Scopes Included", None),  # 2017: which scopes the total covers, as text
    ("Boundary", None),  # 2016, 2017
    ("Inventory Boundary", None),  # 2018-19
    ("Administrative city boundary", None),  # 2020, 2021
    ("Inventory boundary (compared to Administrative city boundary)", None),  # 2020, 2021
    ("Primary Protocol Comment", None),  # 2018-19 ... 2021
    ("Protocol column", None),  # 2017
    ("Methodology Details", None),  # 2016
    ("Common Reporting Framework inventory format (GPC)", None),  # 2018-19, 2020
    ("Gases Included", None),  # 2016 ... 2021
    ("Comment", None),  # 2017
    ("Change in emissions", None),  # 2020, 2021
    ("Chnage in emissions", None),  # 2018-19 (CDP's spelling)
    ("Increase/Decrease from last year", None),  # 2016, 2017
    ("Primary reason for the change in emissions", None),  # 2020, 2021
    ("Reason for change", None),  # 2018-19
    ("Reason for increase/decrease in emissions", None),  # 2016, 2017
    ("Land area (in square km)", None),  # 2016 ... 2021
    ("City GDP", None),  # 2016
    ("GDP", None),  # 2017
    ("GDP Currency", None),  # 2016, 2017
    ("Year of GDP", None),  # 2016
    ("GDP Year", None),  # 2017
    ("GDP Source", None),  # 2016, 2017
    ("Average annual temperature (in Celsius)", None),  # 2016, 2017
    ("Average altitude (m)", None),  # 2016, 2017
)

# Fields whose values are emissions, so a unit in the header (kt instead of t) scales them.
_EMISSION_FIELDS = frozenset(
    {
        "base_year_emissions",
        "target_year_emissions",
        "bau_emissions",
        "total",
        "scope1_grid_generation",
        "scope1_other",
        "scope2_grid_generation",
        "scope2_other",
        "scope3_grid_generation",
        "scope3_other",
        "scope1_total",
        "scope2_total",
        "scope3_total",
        "basic",
        "basic_plus",
    }
)
# Fields that only a file of that kind has: they tell the kinds apart.
_TARGET_MARKERS = frozenset({"target_type", "reduction_percent", "target_year", "base_year"})
_INVENTORY_MARKERS = frozenset(
    {"inventory_status", "accounting_period", "total", "scope1_total", "scope1_other", "basic"}
)

# Units as CDP writes them in headers, with the factor to tonnes CO2e. Checked in order,
# so the kilotonne forms come before the tonne forms they contain.
_UNITS: tuple[tuple[re.Pattern[str], float], ...] = (
    (
        re.compile(
            r"\b(?:thousand (?:metric )?tonnes?|kilo ?tonnes?|kt) (?:of )?co2 ?e?q?"
            r"(?: per denominator)?\b"
        ),
        1000.0,
    ),
    (
        re.compile(r"\b(?:metric )?(?:tonnes?|tons?|t) (?:of )?co2 ?e?q?(?: per denominator)?\b"),
        1.0,
    ),
    (re.compile(r"\btco2e?q?\b"), 1.0),
)
# R's make.names turns "BASIC+ Emissions" into "BASIC..Emissions": keep the plus.
_R_BASIC_PLUS = re.compile(r"basic\.\.(?=emissions)", re.IGNORECASE)


def header_key(header: object) -> str:
    """The comparison key of a header: lower case, units removed, punctuation unified.

    "Base year emissions (metric tonnes CO2e)", "Base.year.emissions..metric.tonnes.CO2e."
    and "base_year_emissions" all give "base year emissions"; "BASIC+" keeps its plus.
    """
    text = _R_BASIC_PLUS.sub("basic+ ", clean_text(header))
    text = unicodedata.normalize("NFKC", text).casefold().replace("+", " plus ")
    text = re.sub(r"[^\w]+|_", " ", text).strip()
    for pattern, _factor in _UNITS:
        text = pattern.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def header_factor(header: object) -> float:
    """What a value under ``header`` is multiplied by to give tonnes CO2e (1 unless the
    header says kilotonnes)."""
    text = _R_BASIC_PLUS.sub("basic+ ", clean_text(header))
    text = re.sub(r"[^\w]+|_", " ", unicodedata.normalize("NFKC", text).casefold())
    for pattern, factor in _UNITS:
        if pattern.search(text):
            return factor
    return 1.0


def _table(*parts: tuple[tuple[str, str | None], ...]) -> dict[str, str | None]:
    table: dict[str, str | None] = {}
    for part in parts:
        for header, target in part:
            key = header_key(header)
            if key in table and table[key] != target:
                raise AssertionError(f"synonym {header!r} is listed for two fields")
            table[key] = target
    return table


TARGET_COLUMNS = _table(_COMMON, _TARGETS)
INVENTORY_COLUMNS = _table(_COMMON, _INVENTORIES)


@dataclass(frozen=True)
class Placement:
    """Where each field is in a file: column index, the header as written, unit factor."""

    kind: str  # KIND_TARGETS or KIND_INVENTORIES
    index: dict[str, int]
    headers: dict[str, str]
    factors: dict[str, float]
    unplaced: tuple[str, ...]


def detect_kind(headers: list[str]) -> str | None:
    """Which kind of CDP file a header row belongs to, by the fields it places, or None."""
    keys = {header_key(h) for h in headers}
    if not {"account number", "organization", "city", "city name"} & keys:
        return None  # not a CDP file at all
    targets = {TARGET_COLUMNS.get(k) for k in keys} & _TARGET_MARKERS
    inventories = {INVENTORY_COLUMNS.get(k) for k in keys} & _INVENTORY_MARKERS
    if len(targets) >= 2 and len(targets) > len(inventories):
        return KIND_TARGETS
    if inventories and len(inventories) >= len(targets):
        return KIND_INVENTORIES
    return None


def format_for_header(line: str) -> str | None:
    """The format id of a CSV whose first line is ``line`` if it is a CDP file, else None
    (for format detection)."""
    text = line.lstrip("\ufeff").strip("\r\n")
    cells = next(csv.reader([text], delimiter=sniff_delimiter(text)), [])
    kind = detect_kind(cells)
    if kind == KIND_TARGETS:
        return FORMAT_TARGETS
    if kind == KIND_INVENTORIES:
        return FORMAT_INVENTORIES
    return None


def place_columns(headers: list[str], kind: str, filename: str) -> Placement:
    """Place every header of a ``kind`` file; ParseError when two columns mean the same."""
    table = TARGET_COLUMNS if kind == KIND_TARGETS else INVENTORY_COLUMNS
    index: dict[str, int] = {}
    written: dict[str, str] = {}
    factors: dict[str, float] = {}
    unplaced: list[str] = []
    for position, raw in enumerate(headers):
        header = clean_text(raw)
        if not header:
            continue
        key = header_key(header)
        if key not in table:
            unplaced.append(header)
            continue
        target = table[key]
        if target is None:
            continue
        if target in index:
            raise fail(
                filename,
                f"Kolumnerna '{written[target]}' och '{header}' betyder samma sak; "
                "filen får bara ha en av dem.",
                row=1,
                column=header,
            )
        index[target] = position
        written[target] = header
        factors[target] = header_factor(header) if target in _EMISSION_FIELDS else 1.0
    if not ({"account_number", "organization", "city"} & index.keys()):
        raise fail(
            filename,
            "Filen saknar kolumn för vem som rapporterat (CDP:s 'Account Number', "
            "'Organization' eller 'City').",
            row=1,
        )
    return Placement(kind, index, written, factors, tuple(unplaced))
