"""What cities themselves reported to CDP-ICLEI: emission reduction targets and city-wide
inventories (CDP's open city datasets, one CSV per reporting year).

Two kinds of file, told apart by the meaning of their header:

* **targets** ("Cities Emissions Reduction Targets"): one row per target a city reported,
  e.g. Lund "−100 % by 2045 against 2010". Becomes one :class:`CdpTarget` per row.
* **inventories** ("City-wide Emissions"): one row per city and reporting year, with the
  accounting period, the protocol and scope 1/2/3 and BASIC/BASIC+ totals. Becomes one
  :class:`CdpInventory` per row.

CDP renames its columns nearly every year (units inside the header, "Total City-wide
Emissions (metric tonnes CO2e)" one year, scope columns the next; OpenClimate's copy of the
2021 targets even has R-style dotted names such as ``Base.year.emissions..metric.tonnes.
CO2e.``). Columns are therefore placed by meaning through a synonym table of real header
names (each commented with the CDP year it comes from), compared after normalisation:
lower case, units such as "metric tonnes CO2e" removed, dots, underscores, slashes and
spaces unified. A column the table does not know is never dropped silently: it is listed
in :attr:`CdpParsedFile.unplaced_columns` and reported as a warning.

Every figure here is the city's own, unverified report: credit it as "CDP-ICLEI Track,
stadens egen rapportering <år>", never as an official statistic.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from .base import DEFAULT_MAX_BYTES, ParsedFile, Record, ReleaseInfo, RowError
from .files import (
    Source,
    csv_rows,
    fail,
    first_text_line,
    open_source,
    sniff_delimiter,
    sniff_encoding,
    warning,
)
from .numbers import NUMBER_HINT, parse_number
from .text import clean_text, name_key, shorten

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


@dataclass
class CdpParsedFile(ParsedFile):
    """A CDP file ready to stream, with what the header told us about its columns."""

    columns: Mapping[str, str] = field(default_factory=dict)  # field → header as in the file
    unplaced_columns: tuple[str, ...] = ()  # headers the synonym table does not know
    country: str | None = DEFAULT_COUNTRY  # the country rows were filtered on (None: all)


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


# --- municipality matching ------------------------------------------------------------

_PREFIXES = ("the city of ", "city of ", "municipality of ", "town of ", "kommune ")
_SUFFIXES = (
    " municipality",
    " municipal council",
    " city council",
    " kommun",
    " stad",
    " city",
)
# English names CDP uses for Swedish municipalities ("Gothenburg" in OpenClimate's copy).
_EXONYMS = {"gothenburg": "göteborg"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class MunicipalityMatcher:
    """Finds the SCB code of a municipality from the names CDP gives it.

    CDP names the reporting body ("City of Stockholm", "Göteborgs Stad", "Umeå
    municipality", "Falkoping Kommun"): affixes are removed, a genitive "s" dropped
    ("Göteborgs"), diacritics ignored when that leaves one candidate ("Falkoping"), and
    English names translated ("Gothenburg"). Its "City" is sometimes a town, not the
    municipality ("Tumba" for Botkyrka, "Åseda" for Uppvidinge), which is why callers try
    the organisation first.

    ``municipalities`` maps code → name as the other parsers take it (or name → code: the
    direction is recognised from the 4-digit codes).
    """

    def __init__(self, municipalities: Mapping[str, str]):
        pairs = list(municipalities.items())
        if pairs and not re.fullmatch(r"\d{4}", str(pairs[0][0])):
            pairs = [(code, name) for name, code in pairs]
        self.names = {str(code): str(name) for code, name in pairs}
        self._by_key: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        for code, name in self.names.items():
            key = name_key(name)
            self._by_key[key] = code
            folded.setdefault(_fold(key), set()).add(code)
        # Folding "Håbo" and "Habo" together would be a guess: keep unique ones only.
        self._by_fold = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}

    def code_for(self, *names: str) -> str | None:
        """The code of the first of ``names`` that is a municipality, or None."""
        for name in names:
            code = self._code(name)
            if code is not None:
                return code
        return None

    def _code(self, raw: str) -> str | None:
        key = name_key(re.sub(r"\([^)]*\)", " ", raw or ""))
        if not key:
            return None
        candidates = [key]
        for prefix in _PREFIXES:
            if key.startswith(prefix):
                candidates.append(key[len(prefix) :])
        for candidate in list(candidates):
            for suffix in _SUFFIXES:
                if candidate.endswith(suffix):
                    candidates.append(candidate[: -len(suffix)])
        candidates += [c[:-1] for c in candidates if c.endswith("s")]  # "göteborgs stad"
        candidates += [_EXONYMS[c] for c in candidates if c in _EXONYMS]
        for candidate in candidates:
            if candidate.strip() in self._by_key:
                return self._by_key[candidate.strip()]
        for candidate in candidates:
            code = self._by_fold.get(_fold(candidate.strip()))
            if code is not None:
                return code
        return None


# --- parsing --------------------------------------------------------------------------


def parse(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    country: str | None = DEFAULT_COUNTRY,
    kind: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CdpParsedFile:
    """Parse a CDP targets or inventories CSV (the kind is read from the header unless
    given as ``kind``).

    Only rows of ``country`` are read (``None`` reads every country). With
    ``municipalities`` (code → name), Swedish rows get their SCB code; a Swedish city that
    matches no municipality is reported by name and its rows come without a code.
    """
    opened = open_source(fileobj, filename, max_bytes)
    try:
        encoding, notice = sniff_encoding(opened.stream, filename)
        delimiter = sniff_delimiter(first_text_line(opened.stream, encoding))
        head = csv_rows(opened.stream, encoding, filename, delimiter)
        try:
            headers = next((cells for _n, cells in head if any(c.strip() for c in cells)), None)
            first = next(head, None)
        finally:
            head.close()
        if headers is None:
            raise fail(filename, "Filen innehåller ingen rubrikrad.")
        found = detect_kind(headers)
        if kind is not None and found is not None and kind != found:
            raise fail(
                filename,
                f"Filen ser ut som CDP:s {_WHAT[found]}, inte som {_WHAT[kind]}.",
                row=1,
            )
        kind = kind or found
        if kind not in (KIND_TARGETS, KIND_INVENTORIES):
            raise fail(
                filename,
                "Rubrikraden liknar varken CDP:s utsläppsmål ('Type of target', 'Target "
                "year' ...) eller CDP:s utsläppsinventeringar ('Accounting year', "
                "'Primary Protocol' ...).",
                row=1,
            )
        placement = place_columns(headers, kind, filename)
        if country is not None and not {"country", "country_iso"} & placement.index.keys():
            raise fail(
                filename,
                f"Filen saknar kolumnen 'Country', så raderna för {country} kan inte väljas ut.",
                row=1,
            )
        reporting_year = _reporting_year(filename, placement, first[1] if first else None)
    except BaseException:
        opened.close()
        raise
    matcher = MunicipalityMatcher(municipalities) if municipalities else None

    def rows() -> Iterator[Record]:
        if notice:
            yield notice
        for header in placement.unplaced:
            yield warning(
                filename,
                f"Kolumnen '{shorten(header)}' känns inte igen och läses inte.",
                row=1,
                column=header,
            )
        source = csv_rows(opened.stream, encoding, filename, delimiter)
        try:
            yield from _records(source, placement, filename, country, matcher)
        finally:
            source.close()

    year_text = f" {reporting_year}" if reporting_year else ""
    return CdpParsedFile(
        format=FORMAT_TARGETS if kind == KIND_TARGETS else FORMAT_INVENTORIES,
        kind=kind,
        release=ReleaseInfo(
            source=SOURCE,
            name=f"CDP-ICLEI{year_text}: städernas {_WHAT[kind]}",
            released_on=None,
            covers_to=reporting_year,
            publisher=PUBLISHER,
        ),
        total_rows=None,
        row_source=rows,
        closer=opened.close,
        columns=dict(placement.headers),
        unplaced_columns=placement.unplaced,
        country=country,
    )


def parse_targets(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    country: str | None = DEFAULT_COUNTRY,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CdpParsedFile:
    """CDP's "Cities Emissions Reduction Targets" (format id ``cdp_targets_csv``)."""
    return parse(
        fileobj,
        filename=filename,
        municipalities=municipalities,
        country=country,
        kind=KIND_TARGETS,
        max_bytes=max_bytes,
    )


def parse_inventories(
    fileobj: Source,
    *,
    filename: str,
    municipalities: Mapping[str, str] | None = None,
    country: str | None = DEFAULT_COUNTRY,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CdpParsedFile:
    """CDP's "City-wide Emissions" (format id ``cdp_inventories_csv``)."""
    return parse(
        fileobj,
        filename=filename,
        municipalities=municipalities,
        country=country,
        kind=KIND_INVENTORIES,
        max_bytes=max_bytes,
    )


def _reporting_year(filename: str, placement: Placement, first: list[str] | None) -> int | None:
    """The CDP cycle: the first data row's "Year Reported to CDP", else the file name's."""
    position = placement.index.get("reporting_year")
    if first is not None and position is not None and position < len(first):
        match = re.fullmatch(r"\s*(20\d\d)(?:\.0)?\s*", first[position])
        if match:
            return int(match[1])
    match = re.match(r"(20\d\d)\D", filename)
    return int(match[1]) if match else None


class _RowProblem(Exception):
    """A cell that cannot be read; becomes a RowError and the row is skipped."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


@dataclass
class _Row:
    """One data row with its cells looked up by field."""

    cells: list[str]
    number: int
    placement: Placement
    filename: str
    notices: list[RowError] = field(default_factory=list)  # warnings found on the way

    def raw(self, name: str) -> str | None:
        position = self.placement.index.get(name)
        if position is None or position >= len(self.cells):
            return None
        value = clean_text(self.cells[position])
        return None if value.casefold() in _MISSING else value

    def text(self, name: str) -> str:
        return self.raw(name) or ""

    def problem(self, name: str, value: str, message: str) -> _RowProblem:
        return _RowProblem(
            RowError(
                self.filename,
                self.number,
                self.placement.headers[name],
                message,
                shorten(value),
            )
        )

    def number_of(self, name: str, *, percent: bool = False) -> float | None:
        value = self.raw(name)
        if value is None:
            return None
        text = value.rstrip("% ").strip() if percent else value
        try:
            number = parse_number(text)
        except ValueError:
            raise self.problem(
                name, value, f"'{shorten(value)}' är inte ett tal; {NUMBER_HINT}."
            ) from None
        return number * self.placement.factors.get(name, 1.0)

    def year_of(self, name: str, *, optional: bool = False) -> int | None:
        """The year in the cell; an ``optional`` field (the population's year) that is
        not a year becomes a notice and None instead of costing the row."""
        value = self.raw(name)
        if value is None or (optional and value in {"0", "0.0"}):  # CDP's 0 = not given
            return None
        year = year_in(value)
        if year is None or (optional and not 1800 <= year <= 2100):
            message = f"'{shorten(value)}' är inget årtal; förväntade t.ex. 2030."
            if not optional:
                raise self.problem(name, value, message)
            self.notices.append(
                warning(
                    self.filename,
                    message + " Värdet hoppas över.",
                    row=self.number,
                    column=self.placement.headers[name],
                    value=value,
                )
            )
            return None
        return year

    def integer_of(self, name: str) -> int | None:
        value = self.raw(name)
        if value is None:
            return None
        if not re.fullmatch(r"\d+(?:\.0+)?", value):
            raise self.problem(
                name, value, f"'{shorten(value)}' är inget CDP-kontonummer (bara siffror)."
            )
        return int(float(value))


def year_in(value: str) -> int | None:
    """The year of a cell: "2030", "2030.0", "2030-12-31", "12/31/2030 12:00:00 AM"."""
    match = (
        re.fullmatch(r"(\d{4})(?:\.0+)?", value)
        or re.fullmatch(r"(\d{4})-\d{2}-\d{2}(?:[T ].*)?", value)
        or re.fullmatch(r"\d{1,2}/\d{1,2}/(\d{4})(?:\s.*)?", value)
    )
    return int(match[1]) if match else None


def _records(
    source: Iterator[tuple[int, list[str]]],
    placement: Placement,
    filename: str,
    country: str | None,
    matcher: MunicipalityMatcher | None,
) -> Iterator[Record]:
    wanted = name_key(country) if country is not None else None
    unmatched: set[str] = set()
    previous_end = 0
    header_seen = False
    for end, cells in source:
        number, previous_end = previous_end + 1, end
        if not header_seen:
            header_seen = any(c.strip() for c in cells)
            continue
        if not any(c.strip() for c in cells):
            continue
        row = _Row(cells, number, placement, filename)
        if wanted is not None and wanted not in {
            name_key(row.text("country")),
            name_key(row.text("country_iso")),
        }:
            continue
        try:
            code = None
            if matcher is not None and _is_sweden(row):
                code = matcher.code_for(
                    row.text("organization"), row.text("city"), row.text("actor_name")
                )
                if code is None:
                    name = row.text("organization") or row.text("city")
                    if name not in unmatched:
                        unmatched.add(name)
                        yield _unmatched(row, name)
            if placement.kind == KIND_TARGETS:
                yield _target(row, code)
            else:
                yield from _inventory(row, code)
        except _RowProblem as problem:
            yield problem.error


def _is_sweden(row: _Row) -> bool:
    return name_key(row.text("country")) in {"sweden", "sverige"} or name_key(
        row.text("country_iso")
    ) in {"swe", "se"}


def _unmatched(row: _Row, name: str) -> RowError:
    account = row.text("account_number")
    return warning(
        row.filename,
        f"'{shorten(name)}'"
        + (f" (CDP-konto {account})" if account else "")
        + " kunde inte kopplas till någon kommun i kommunlistan; stadens rader läses "
        "utan kommunkod.",
        row=row.number,
        column=row.placement.headers.get("organization") or row.placement.headers.get("city"),
        value=name,
    )


def _identity(row: _Row) -> dict[str, object]:
    return {
        "row": row.number,
        "reporting_year": row.year_of("reporting_year"),
        "account_number": row.integer_of("account_number"),
        "organization": row.text("organization"),
        "city": row.text("city"),
        "country": row.text("country") or row.text("country_iso"),
    }


def _target(row: _Row, code: str | None) -> CdpTarget:
    type_text = row.text("target_type")
    sector_text = _OTHER_PREFIX.sub("", row.text("sector")).strip()
    scope_text = row.text("scope")
    return CdpTarget(
        **_identity(row),  # type: ignore[arg-type]
        municipality_code=code,
        target_type=target_type(type_text),
        target_type_text=type_text,
        sector=target_sector(row.text("sector")),
        sector_text=sector_text,
        scopes=scopes_named(f"{scope_text} {sector_text}"),
        base_year=row.year_of("base_year"),
        base_year_emissions=row.number_of("base_year_emissions"),
        base_year_intensity=row.number_of("base_year_intensity"),
        reduction_percent=row.number_of("reduction_percent", percent=True),
        target_year=row.year_of("target_year"),
        target_year_emissions=row.number_of("target_year_emissions"),
        bau_emissions=row.number_of("bau_emissions"),
        intensity_unit=_OTHER_PREFIX.sub("", row.text("intensity_unit")).strip(),
        percent_achieved=row.number_of("percent_achieved", percent=True),
        year_set=row.year_of("year_set"),
        target_boundary=row.text("target_boundary"),
        description=row.text("description"),
        methodology=row.text("methodology"),
    )


def _inventory(row: _Row, code: str | None) -> Iterator[Record]:
    start, end, year = _period(row)
    inventory = CdpInventory(
        **_identity(row),  # type: ignore[arg-type]
        municipality_code=code,
        inventory_status=row.text("inventory_status"),
        period_start=start,
        period_end=end,
        accounting_year=year,
        protocol=row.text("protocol"),
        total=row.number_of("total"),
        scope1_grid_generation=row.number_of("scope1_grid_generation"),
        scope1_other=row.number_of("scope1_other"),
        scope2_grid_generation=row.number_of("scope2_grid_generation"),
        scope2_other=row.number_of("scope2_other"),
        scope3_grid_generation=row.number_of("scope3_grid_generation"),
        scope3_other=row.number_of("scope3_other"),
        scope1_total=row.number_of("scope1_total"),
        scope2_total=row.number_of("scope2_total"),
        scope3_total=row.number_of("scope3_total"),
        basic=row.number_of("basic"),
        basic_plus=row.number_of("basic_plus"),
        population=row.number_of("population"),
        population_year=row.year_of("population_year", optional=True),
    )
    yield from row.notices
    yield from _scope_disagreements(row, inventory)
    yield from _implausible(row, inventory)
    yield inventory


def _scope_disagreements(row: _Row, inventory: CdpInventory) -> Iterator[RowError]:
    """A notice where a city's "TOTAL Scope n" differs from the sum of its GPC table: the
    total is used, but someone may want to ask the city which is right."""
    for n in (1, 2, 3):
        total = getattr(inventory, f"scope{n}_total")
        parts = [getattr(inventory, f"scope{n}_{p}") for p in ("grid_generation", "other")]
        present = [p for p in parts if p is not None]
        if total is None or not present:
            continue
        if abs(sum(present) - total) > max(1.0, 0.01 * abs(total)):
            yield warning(
                row.filename,
                f"Scope {n}: totalen {_tonnes(total)} t skiljer sig från summan av "
                f"delarna {_tonnes(sum(present))} t; totalen används.",
                row=row.number,
                column=row.placement.headers[f"scope{n}_total"],
            )


# More than this many tonnes per inhabitant is a typing error, not a city: Sweden's most
# emission-intensive municipality per person (a refinery town) is near 100.
IMPLAUSIBLE_TONNES_PER_PERSON = 500.0


def _implausible(row: _Row, inventory: CdpInventory) -> Iterator[RowError]:
    """A notice when the city's emissions per inhabitant cannot be right (Botkyrka reported
    194 628 536 t in 2021, 2 000 t per person): the value is kept as reported, because it
    is the city's own answer, but nobody should chart it unasked."""
    parts = [inventory.scope1, inventory.scope2, inventory.scope3, inventory.total]
    largest = max((p for p in parts if p is not None), default=None)
    if largest is None or not inventory.population:
        return
    per_person = largest / inventory.population
    if per_person > IMPLAUSIBLE_TONNES_PER_PERSON:
        yield warning(
            row.filename,
            f"{shorten(inventory.organization or inventory.city)} rapporterar "
            f"{_tonnes(per_person)} ton CO2e per invånare, vilket inte är rimligt "
            f"(gränsen är {_tonnes(IMPLAUSIBLE_TONNES_PER_PERSON)}); kontrollera värdet "
            "med staden innan det används.",
            row=row.number,
        )


def _tonnes(value: float) -> str:
    """A whole number as Swedish text: 2052 → "2 052" (no-break space)."""
    return f"{value:,.0f}".replace(",", "\u00a0")


def accounting_period(raw: str) -> tuple[date | None, date | None, int | None]:
    """(first day, last day, year) of CDP's accounting period.

    "2018-01-01 - 2018-12-31" → 2018. The year is that of the last day (a fiscal year
    "2017-04-01 - 2018-03-31" is 2018, as CDP's 2016 data gave only that date). Some
    cities give the day after the period as its end ("2017-01-01 - 2018-01-01"): a period
    of one year and a day is read as ending the day before. A bare year ("2018") and
    CDP 2016's single date ("12/31/2013 12:00:00 AM") are accepted, and so is a period
    with one end missing ("2017-04-01 -": no year). Raises ValueError.
    """
    text = raw.strip()
    if re.fullmatch(r"\d{4}", text):
        return None, None, int(text)
    ranged = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:-|–|to)\s*(\d{4}-\d{2}-\d{2})", text)
    if ranged:
        start, end = date.fromisoformat(ranged[1]), date.fromisoformat(ranged[2])
        if end < start:
            raise ValueError("ends before it starts")
        if _one_year_after(start) == end:
            end -= timedelta(days=1)
        return start, end, end.year
    half = re.fullmatch(r"(\d{4}-\d{2}-\d{2})?\s*-\s*(\d{4}-\d{2}-\d{2})?", text)
    if half and (half[1] or half[2]):
        # Only one end given: the year is that of the end date, unknown without one.
        if half[2]:
            end = date.fromisoformat(half[2])
            return None, end, end.year
        return date.fromisoformat(half[1]), None, None
    single = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s.*)?", text)
    if single:
        end = date(int(single[3]), int(single[1]), int(single[2]))
        return None, end, end.year
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        end = date.fromisoformat(text)
        return None, end, end.year
    raise ValueError("not a period")


def _one_year_after(day: date) -> date | None:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return None


def _period(row: _Row) -> tuple[date | None, date | None, int | None]:
    value = row.raw("accounting_period")
    if value is None:
        return None, None, None
    try:
        return accounting_period(value)
    except ValueError:
        raise row.problem(
            "accounting_period",
            value,
            f"'{shorten(value)}' är ingen redovisningsperiod; förväntade t.ex. "
            "'2018-01-01 - 2018-12-31'.",
        ) from None


# --- normalising answers --------------------------------------------------------------

_TARGET_TYPES: tuple[tuple[str, TargetType], ...] = (
    # Checked in order: "baseline scenario" and "intensity" before the plain base year.
    ("no target", TargetType.NO_TARGET),
    ("baseline scenario", TargetType.BASELINE_SCENARIO),
    ("business as usual", TargetType.BASELINE_SCENARIO),
    ("intensity", TargetType.BASE_YEAR_INTENSITY),
    ("fixed level", TargetType.FIXED_LEVEL),
    ("base year", TargetType.BASE_YEAR_ABSOLUTE),
    ("absolute", TargetType.BASE_YEAR_ABSOLUTE),
)


def target_type(text: str) -> TargetType | None:
    """CDP's "Type of target" as a :class:`TargetType`, or None if empty or unknown.

    >>> target_type("Base year emissions (absolute) target")
    <TargetType.BASE_YEAR_ABSOLUTE: 'base_year_absolute'>
    """
    key = header_key(text)
    for words, kind in _TARGET_TYPES:
        if words in key:
            return kind
    return None


# CDP's answer options (and their names in "Other, please specify: ...") → sector.
_SECTORS: dict[str, TargetSector] = {
    "all emissions sources included in city inventory": TargetSector.CITY_WIDE,
    "total city wide emissions": TargetSector.CITY_WIDE,
    "city wide": TargetSector.CITY_WIDE,
    "energy": TargetSector.ENERGY,
    "stationary energy": TargetSector.ENERGY,
    "transport": TargetSector.TRANSPORT,
    "transportation": TargetSector.TRANSPORT,
    "waste": TargetSector.WASTE,
    "waste management": TargetSector.WASTE,
    "ippu": TargetSector.IPPU,
    "industrial processes and product use": TargetSector.IPPU,
    "industrial processes and product use ippu": TargetSector.IPPU,
    "afolu": TargetSector.AFOLU,
    "agriculture": TargetSector.AFOLU,
    "agriculture forestry and other land use": TargetSector.AFOLU,
    "agriculture forestry and other land use afolu": TargetSector.AFOLU,
}


def target_sector(text: str) -> TargetSector | None:
    """CDP's "Sector" answer as a :class:`TargetSector` (None if not answered).

    A known option, also when written after "Other, please specify:", maps to its sector;
    a text about consumption-based emissions to CONSUMPTION (those are not territorial, so
    they must never be compared with the inventory); a text about territorial emissions to
    CITY_WIDE; anything else ("food", "Energy and transport") to OTHER.
    """
    if not text.strip():
        return None
    detail = _OTHER_PREFIX.sub("", text)
    key = header_key(detail)
    if key in _SECTORS:
        return _SECTORS[key]
    if "consum" in key:
        return TargetSector.CONSUMPTION
    if "territorial" in key:
        return TargetSector.CITY_WIDE
    return TargetSector.OTHER


_SCOPES = re.compile(r"\bscopes?\s*((?:[123]\s*(?:,|&|\+|-|and|och)?\s*(?:scope\s*)?)+)", re.I)


def scopes_named(text: str) -> tuple[int, ...]:
    """The GHG scopes a text names: "Scope 1 and 2 CO2 emissions" → (1, 2)."""
    found: set[int] = set()
    for match in _SCOPES.finditer(text):
        found.update(int(d) for d in re.findall(r"[123]", match[1]))
    return tuple(sorted(found))
