"""Nationella emissionsdatabasen (SMHI) on the grid of the GHG Protocol for Cities (GPC).

Cities that report to CDP-ICLEI fill in the GPC's reference numbers (I.1.1 residential
buildings, II.1.1 on-road transport, III.1.1 landfills ...) and totals (BASIC, BASIC+);
Sweden's municipal statistics come as NED's main sectors and subsectors. This module
places every NED subsector on exactly one GPC line, so a municipality's NED inventory
can be shown next to what the city itself reported, and says why for each placement
(see ``docs/gpc-mapping.md`` for the same table in prose).

What NED is, in GPC terms: a *territorial* inventory. Everything in it physically
happens inside the municipality, so every line is scope 1. NED has no scope 2 (grid
electricity and district heat bought from outside) and no scope 3, so its BASIC is
"BASIC as far as scope 1 goes", normally lower than a city's own GPC BASIC.

Some NED figures straddle two GPC lines; they are placed by what they mostly are and
the mapping says what else is in them (:attr:`NedMapping.also_contains`), chiefly:

* "Industri (energi + processer)", published without a split, goes to I.3.1 (fuel burned
  in industry); GPC would put the process emissions (cement, steel, chemicals) in IV.1,
  outside BASIC.
* "Avfall" lines go to the III.x.1 lines (waste generated in the city); NED does not say
  where waste came from, and waste from other municipalities would be III.x.3 (not in
  BASIC).

Pure: no Django models; works on (sector, subsector, tonnes) triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from indicators.parsers.sectors import ALL, MAIN_SECTORS, canonical_sector, canonical_subsector


@dataclass(frozen=True)
class GpcCategory:
    """One line of the GPC reporting table, e.g. II.1.1 "on-road transportation, fuel
    combustion within the city boundary" (scope 1, counted in BASIC)."""

    reference: str  # GPC reference number, e.g. "II.1.1"
    name: str  # GPC's name of the sub-sector (English, as in the GPC)
    scope: int
    in_basic: bool
    in_basic_plus: bool


# Only the lines NED can fill (all scope 1). GPC's rule: BASIC is stationary energy and
# transport (scope 1 and 2) and waste (scope 1 and 3 of the city's own waste); BASIC+
# adds IPPU and AFOLU (and transboundary transport); I.4.4, energy generation supplied
# to the grid, is reported but counted in neither, because its users count it in scope 2.
GPC_CATEGORIES: dict[str, GpcCategory] = {
    c.reference: c
    for c in (
        GpcCategory("I.1.1", "Residential buildings", 1, True, True),
        GpcCategory(
            "I.2.1", "Commercial and institutional buildings and facilities", 1, True, True
        ),
        GpcCategory("I.3.1", "Manufacturing industries and construction", 1, True, True),
        GpcCategory("I.4.4", "Energy generation supplied to the grid", 1, False, False),
        GpcCategory("I.5.1", "Agriculture, forestry and fishing activities", 1, True, True),
        GpcCategory("I.6.1", "Non-specified sources", 1, True, True),
        GpcCategory("II.1.1", "On-road transportation", 1, True, True),
        GpcCategory("II.2.1", "Railways", 1, True, True),
        GpcCategory("II.3.1", "Waterborne navigation", 1, True, True),
        GpcCategory("II.4.1", "Aviation", 1, True, True),
        GpcCategory("II.5.1", "Off-road transportation", 1, True, True),
        GpcCategory("III.1.1", "Solid waste disposal", 1, True, True),
        GpcCategory("III.2.1", "Biological treatment of waste", 1, True, True),
        GpcCategory("III.3.1", "Incineration and open burning", 1, True, True),
        GpcCategory("III.4.1", "Wastewater treatment and discharge", 1, True, True),
        GpcCategory("IV.1", "Industrial processes", 1, False, True),
        GpcCategory("IV.2", "Product use", 1, False, True),
        GpcCategory("V.1", "Livestock", 1, False, True),
        GpcCategory(
            "V.3", "Aggregate sources and non-CO2 emission sources on land", 1, False, True
        ),
    )
}


@dataclass(frozen=True)
class NedMapping:
    """Where one NED (sub)sector goes in the GPC, and why.

    A row whose subsector is "Alla" is the sector's *fallback*: it takes the whole sector
    when NED publishes no split (industry, electricity and district heating) and the part
    of a sector's total that its published subsectors do not add up to (product use lacks
    a part in every municipality, 6 % nationally in 2019). It is the line of the sector's
    largest subsector nationally in 2019 (or the sector's only line).
    """

    sector: str  # NED main sector (canonical name, see indicators.parsers.sectors)
    subsector: str  # NED subsector, or "Alla" for the sector's fallback
    reference: str  # GPC reference number
    justification: str  # one line: why this GPC line
    also_contains: str = ""  # GPC line(s) part of the emissions belong to, if any


_T = "Transporter"
_U = "Utrikes transporter"
_I = "Industri (energi + processer)"
_E = "El och fjärrvärme"
_H = "Egen uppvärmning av bostäder och lokaler"
_J = "Jordbruk"
_M = "Arbetsmaskiner"
_P = "Produktanvändning (inkl. lösningsmedel)"
_A = "Avfall (inkl.avlopp)"
_ROAD = "road vehicles burning fuel on the municipality's roads (territorial, scope 1)"
_MANURE = (
    "manure management (IPCC 3.B) is livestock; NED adds the manure's spreading and "
    "grazing (IPCC 3.D) to the same figure"
)
_SOILS = "non-CO2 emissions from managed agricultural soils (IPCC 3.D) are GPC's V.3"

NED_TO_GPC: tuple[NedMapping, ...] = (
    # Transporter: domestic transport, IPCC 1.A.3.
    NedMapping(_T, ALL, "II.1.1", "fallback: cars are the sector's largest part"),
    NedMapping(_T, "Personbilar", "II.1.1", f"cars: {_ROAD}"),
    NedMapping(_T, "Lätta lastbilar", "II.1.1", f"light trucks: {_ROAD}"),
    NedMapping(_T, "Tunga lastbilar", "II.1.1", f"heavy trucks: {_ROAD}"),
    NedMapping(_T, "Bussar", "II.1.1", f"buses: {_ROAD}"),
    NedMapping(_T, "Mopeder och Motorcyklar", "II.1.1", f"two-wheelers: {_ROAD}"),
    NedMapping(
        _T,
        "Avdunstning från vägfordon",
        "II.1.1",
        "evaporation from road vehicles' fuel (zero for greenhouse gases in 2021)",
    ),
    NedMapping(
        _T,
        "Slitage från däck och bromsar",
        "II.1.1",
        "tyre and brake wear of road vehicles (zero for greenhouse gases in 2021)",
    ),
    NedMapping(
        _T,
        "Slitage från vägbanan",
        "II.1.1",
        "road wear by vehicles (zero for greenhouse gases in 2021)",
    ),
    NedMapping(
        _T,
        "Inrikes civil sjöfart (inkl. privata fritidsbåtar)",
        "II.3.1",
        "ships and leisure boats burning fuel in the municipality's waters",
    ),
    NedMapping(
        _T,
        "Inrikes flygtrafik",
        "II.4.1",
        "domestic aviation as NED places it in the municipality (at its airport)",
    ),
    NedMapping(_T, "Järnväg", "II.2.1", "diesel trains; electric trains are scope 2, not in NED"),
    NedMapping(
        _T,
        "Militär transport",
        "I.6.1",
        "military fuel use is IPCC 1.A.5 'non-specified', GPC's I.6 non-specified sources",
    ),
    # Utrikes transporter: the territorial part of international transport.
    NedMapping(_U, ALL, "II.4.1", "fallback (the sector is zero in the 2021 release)"),
    NedMapping(
        _U,
        "Utrikes flyg under 1000 m höjd i svenskt luftrum",
        "II.4.1",
        "international flights below 1 000 m over the municipality: aviation in the boundary",
    ),
    NedMapping(
        _U,
        "Utrikes sjöfart inom Sveriges gränser",
        "II.3.1",
        "international shipping inside the municipality's waters: navigation in the boundary",
    ),
    # Sectors NED publishes without a split.
    NedMapping(
        _I,
        ALL,
        "I.3.1",
        "fuel burned in industry is I.3.1; NED adds the process emissions to the same figure",
        also_contains="IV.1",
    ),
    NedMapping(
        _E,
        ALL,
        "I.4.4",
        "power and district-heating plants in the municipality supply a grid (GPC counts "
        "district heating as grid energy); waste incinerated for energy is included",
    ),
    # Egen uppvärmning: boilers and stoves in buildings not on district heating.
    NedMapping(_H, ALL, "I.2.1", "fallback: commercial premises are the sector's largest part"),
    NedMapping(_H, "Bostäder", "I.1.1", "fuel burned for heating homes (IPCC 1.A.4.b)"),
    NedMapping(
        _H,
        "Kommersiella och offentliga lokaler",
        "I.2.1",
        "fuel burned for heating shops, offices, schools (IPCC 1.A.4.a)",
    ),
    NedMapping(
        _H,
        "Jordbruks- och skogsbrukslokaler",
        "I.5.1",
        "fuel burned for heating farm and forestry buildings (IPCC 1.A.4.c)",
    ),
    # Arbetsmaskiner: non-road machinery. As in the IPCC categories NED is built on,
    # machinery goes with the activity it serves; II.5.1 keeps what serves no other GPC
    # activity. Every line here counts in BASIC, so the choice moves no total.
    NedMapping(
        _M, ALL, "I.3.1", "fallback: industry and construction machinery are the largest part"
    ),
    NedMapping(
        _M,
        "Industri- och byggsektorns arbetsmaskiner (inkl. vägarbeten)",
        "I.3.1",
        "industry and construction machinery (IPCC 1.A.2.g.vii): manufacturing and construction",
    ),
    NedMapping(
        _M,
        "Jordbruk och skogsbruk",
        "I.5.1",
        "tractors and forestry machines (IPCC 1.A.4.c.ii): agriculture and forestry",
    ),
    NedMapping(_M, "Fiskebåtar", "I.5.1", "fishing boats (IPCC 1.A.4.c.iii): fishing activities"),
    NedMapping(
        _M,
        "Hushållens arbetsmaskiner",
        "I.1.1",
        "household and garden machinery (IPCC 1.A.4.b.ii) is residential",
    ),
    NedMapping(
        _M,
        "Kommersiella och offentliga verksamheter",
        "I.2.1",
        "machinery of businesses and public services (IPCC 1.A.4.a.ii) is commercial",
    ),
    NedMapping(
        _M,
        "Skotrar och fyrhjulingar",
        "II.5.1",
        "snowmobiles and all-terrain vehicles: off-road vehicles of no other GPC activity",
    ),
    NedMapping(
        _M,
        "Övrigt (flygplatser, hamnar, m.m.)",
        "II.5.1",
        "ground equipment at airports and ports serves transport (IPCC 1.A.3.e.ii)",
    ),
    # Jordbruk: agriculture, IPCC 3. NED has no land use (LULUCF), so no V.2.
    NedMapping(_J, ALL, "V.1", "fallback: enteric fermentation is the sector's largest part"),
    NedMapping(_J, "Djurs matsmältning", "V.1", "enteric fermentation (IPCC 3.A) is livestock"),
    NedMapping(_J, "Kogödsel (lagring, användning och bete)", "V.1", _MANURE, "V.3"),
    NedMapping(_J, "Svingödsel (lagring, användning och bete)", "V.1", _MANURE, "V.3"),
    NedMapping(_J, "Hästgödsel (lagring, användning och bete)", "V.1", _MANURE, "V.3"),
    NedMapping(_J, "Hönsgödsel (lagring, användning och bete)", "V.1", _MANURE, "V.3"),
    NedMapping(_J, "Fårgödsel m.m. (lagring, användning och bete)", "V.1", _MANURE, "V.3"),
    NedMapping(_J, "Användning av konstgödsel", "V.3", f"synthetic fertiliser: {_SOILS}"),
    NedMapping(_J, "Skörderester som gödsel", "V.3", f"crop residues: {_SOILS}"),
    NedMapping(_J, "Kalkning av åkermark", "V.3", "CO2 from liming (IPCC 3.G): aggregate source"),
    NedMapping(
        _J, "Odling av organogena jordar", "V.3", f"N2O from cultivated organic soils: {_SOILS}"
    ),
    NedMapping(_J, "Odling av mineraljordar", "V.3", f"N2O from mineralisation of soils: {_SOILS}"),
    NedMapping(
        _J,
        "Indirekta utsläpp av lustgas från brukad mark",
        "V.3",
        f"indirect N2O (leaching, deposition): {_SOILS}",
    ),
    NedMapping(_J, "Övrigt gödselmedel m.m.", "V.3", f"sewage sludge and other N: {_SOILS}"),
    # Produktanvändning: IPCC 2.D-2.G, product use.
    NedMapping(
        _P,
        ALL,
        "IV.2",
        "fallback and the unpublished part of the sector: all of it is product use",
    ),
    NedMapping(
        _P, "Användning av fluorerade gaser", "IV.2", "F-gases in cooling and AC (IPCC 2.F)"
    ),
    NedMapping(_P, "Smörjmedel", "IV.2", "lubricants (IPCC 2.D.1): non-energy product use"),
    NedMapping(_P, "Paraffinvax", "IV.2", "paraffin wax (IPCC 2.D.2): non-energy product use"),
    NedMapping(_P, "Urea för katalysatorer", "IV.2", "urea in vehicles' SCR catalysts (IPCC 2.D)"),
    NedMapping(
        _P,
        "Lustgas från produktanvändning",
        "IV.2",
        "N2O from anaesthesia and aerosols (IPCC 2.G.3)",
    ),
    NedMapping(
        _P,
        "Lösningsmedelsanvändning - verksamheter",
        "IV.2",
        "solvents used by businesses (IPCC 2.D)",
    ),
    NedMapping(
        _P,
        "Lösningsmedelsanvändning - hushåll",
        "IV.2",
        "solvents used in homes (IPCC 2.D)",
    ),
    NedMapping(_P, "Färg - verksamheter", "IV.2", "paint used by businesses (IPCC 2.D)"),
    NedMapping(_P, "Färg - hushåll", "IV.2", "paint used in homes (IPCC 2.D)"),
    NedMapping(_P, "Övrig produktanvändning", "IV.2", "other product use (zero in 2021)"),
    # Avfall: waste treated in the municipality, IPCC 5.
    NedMapping(
        _A,
        ALL,
        "III.1.1",
        "fallback: landfills are the sector's largest part",
        also_contains="III.1.3",
    ),
    NedMapping(
        _A,
        "Avfallsdeponier",
        "III.1.1",
        "methane from landfills in the municipality (IPCC 5.A)",
        also_contains="III.1.3",
    ),
    NedMapping(
        _A,
        "Biologisk behandling av avfall",
        "III.2.1",
        "composting and digestion (IPCC 5.B)",
        also_contains="III.2.3",
    ),
    NedMapping(
        _A,
        "Krematorier och förbranning av farligt avfall",
        "III.3.1",
        "incineration without energy recovery (IPCC 5.C)",
        also_contains="III.3.3",
    ),
    NedMapping(
        _A,
        "Oavsiktliga bränder",
        "III.3.1",
        "accidental fires of buildings and cars (IPCC 5.E, zero in 2021): open burning",
    ),
    NedMapping(
        _A,
        "Behandling av avloppsvatten",
        "III.4.1",
        "wastewater treatment plants in the municipality (IPCC 5.D)",
        also_contains="III.4.3",
    ),
    NedMapping(
        _A,
        "Övrig avfallshantering",
        "III.1.1",
        "unspecified waste handling (zero in the 2021 release): the sector's fallback",
    ),
)


@lru_cache(maxsize=1024)
def _key(sector: str, subsector: str) -> tuple[str, str]:
    # Cached: the same few dozen names come back for every municipality and year.
    main = canonical_sector(sector)
    if main is None:
        raise ValueError(f"'{sector}' is not a main sector of NED")
    return main, canonical_subsector(subsector)


@lru_cache(maxsize=64)
def _is_total(sector: str) -> bool:
    return canonical_sector(sector) == ALL


def _index(rows: Iterable[NedMapping]) -> dict[tuple[str, str], NedMapping]:
    index: dict[tuple[str, str], NedMapping] = {}
    for row in rows:
        key = _key(row.sector, row.subsector)
        if key in index:
            raise AssertionError(f"{key} is mapped twice")
        if row.reference not in GPC_CATEGORIES:
            raise AssertionError(f"{key}: unknown GPC line {row.reference}")
        index[key] = row
    missing = set(MAIN_SECTORS) - {sector for sector, _ in index}
    if missing:
        raise AssertionError(f"main sectors without a fallback: {sorted(missing)}")
    return index


MAPPING = _index(NED_TO_GPC)


@dataclass(frozen=True)
class GpcLine:
    """Emissions on one GPC line, with the NED (sub)sectors they come from."""

    reference: str
    scope: int
    tonnes: float  # t CO2e per year
    sources: tuple[str, ...]  # "Transporter / Personbilar", "Industri (energi + processer)"

    @property
    def category(self) -> GpcCategory:
        return GPC_CATEGORIES[self.reference]


@dataclass(frozen=True)
class GpcInventory:
    """One municipality-year of NED, on GPC lines, with GPC's totals."""

    lines: tuple[GpcLine, ...]  # in GPC order
    total: float  # the sum of all lines: the territorial total NED gives as "Alla"
    basic: float  # GPC BASIC, scope 1 only (NED has no scope 2 or 3)
    basic_plus: float  # BASIC + IPPU + AFOLU
    grid_generation: float  # I.4.4: in the total, in neither BASIC nor BASIC+
    ned_total: float | None  # the "Alla / Alla" row, when given
    remainders: Mapping[str, float]  # sector → part of its total not in its subsectors
    unmapped: tuple[str, ...]  # "sector / subsector" NED names the table lacks

    def line(self, reference: str) -> GpcLine | None:
        return next((line for line in self.lines if line.reference == reference), None)


#: Differences below this many tonnes between a sector's total and the sum of its
#: subsectors are SMHI's rounding (values are published with a few decimals), not a part.
ROUNDING = 0.5


def ned_to_gpc(rows: Iterable[tuple[str, str, float]]) -> GpcInventory:
    """Place one municipality-year of NED on GPC lines.

    ``rows`` are (main sector, subsector, tonnes) as in SMHI's Länsrapport, "Alla" for
    totals: ("Alla", "Alla", total), ("Transporter", "Alla", sector total),
    ("Transporter", "Personbilar", …). Names are matched as
    :mod:`indicators.parsers.sectors` matches them ("Slitage fran vägbanan" is fine).

    Each subsector goes to its line; a sector's total minus its subsectors (nothing when
    they add up) goes to the sector's fallback line, and so does a whole sector given
    without subsectors. A subsector the table does not know also goes to its sector's
    fallback and is listed in ``unmapped``, so the lines always add up to the sectors'
    totals. Raises ValueError for an unknown main sector or a row given twice.
    """
    ned_total: float | None = None
    sector_totals: dict[str, float] = {}
    subsectors: dict[str, dict[str, float]] = defaultdict(dict)
    for sector, subsector, tonnes in rows:
        if _is_total(sector):
            if _key(ALL, subsector)[1] != ALL:
                raise ValueError(f"'{subsector}' under the total '{sector}'")
            if ned_total is not None:
                raise ValueError("the total is given twice")
            ned_total = float(tonnes)
            continue
        main, sub = _key(sector, subsector)
        if sub == ALL:
            if main in sector_totals:
                raise ValueError(f"the total of '{main}' is given twice")
            sector_totals[main] = float(tonnes)
        else:
            if sub in subsectors[main]:
                raise ValueError(f"'{main} / {sub}' is given twice")
            subsectors[main][sub] = float(tonnes)

    amounts: dict[str, float] = defaultdict(float)
    sources: dict[str, list[str]] = defaultdict(list)
    remainders: dict[str, float] = {}
    unmapped: list[str] = []
    for main in sorted(sector_totals.keys() | subsectors.keys(), key=_sector_order):
        fallback = MAPPING[(main, ALL)].reference
        for sub, tonnes in subsectors[main].items():
            mapping = MAPPING.get((main, sub))
            if mapping is None:
                unmapped.append(f"{main} / {sub}")
            reference = mapping.reference if mapping else fallback
            amounts[reference] += tonnes
            sources[reference].append(f"{main} / {sub}")
        published = sum(subsectors[main].values())
        rest = sector_totals.get(main, published) - published
        if not subsectors[main]:
            amounts[fallback] += rest
            sources[fallback].append(main)
        elif abs(rest) >= ROUNDING:
            amounts[fallback] += rest
            sources[fallback].append(f"{main} / (rest)")
            remainders[main] = rest

    lines = tuple(
        GpcLine(reference, GPC_CATEGORIES[reference].scope, amounts[reference], tuple(names))
        for reference, names in sorted(sources.items(), key=lambda item: gpc_order(item[0]))
    )
    return GpcInventory(
        lines=lines,
        total=sum(line.tonnes for line in lines),
        basic=sum(line.tonnes for line in lines if line.category.in_basic),
        basic_plus=sum(line.tonnes for line in lines if line.category.in_basic_plus),
        grid_generation=sum(line.tonnes for line in lines if line.reference == "I.4.4"),
        ned_total=ned_total,
        remainders=remainders,
        unmapped=tuple(unmapped),
    )


def _sector_order(sector: str) -> int:
    return MAIN_SECTORS.index(sector) if sector in MAIN_SECTORS else len(MAIN_SECTORS)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}


def gpc_order(reference: str) -> tuple[int, ...]:
    """Sort key of a GPC reference: "II.1.1" before "III.1.1" before "IV.2"."""
    roman, *numbers = reference.split(".")
    return (_ROMAN[roman], *(int(n) for n in numbers))


class NedRecord(Protocol):
    """What :func:`ned_rows_by_place_and_year` needs of a record (``EmissionRecord`` and
    the stored emission values both have it)."""

    municipality_code: str
    year: int
    sector: str
    subsector: str
    tonnes: float


def ned_rows_by_place_and_year(
    records: Iterable[NedRecord],
) -> dict[tuple[str, int], list[tuple[str, str, float]]]:
    """NED emission records grouped per (municipality code, year), ready for
    :func:`ned_to_gpc`."""
    grouped: dict[tuple[str, int], list[tuple[str, str, float]]] = defaultdict(list)
    for record in records:
        grouped[(record.municipality_code, record.year)].append(
            (record.sector, record.subsector, record.tonnes)
        )
    return dict(grouped)


def mapping_table() -> list[dict[str, str]]:
    """The mapping as rows for documentation and the API: NED names, GPC line, scope,
    whether it counts in BASIC/BASIC+, justification."""
    table = []
    for row in NED_TO_GPC:
        category = GPC_CATEGORIES[row.reference]
        table.append(
            {
                "ned_sector": row.sector,
                "ned_subsector": row.subsector,
                "gpc_reference": row.reference,
                "gpc_name": category.name,
                "scope": str(category.scope),
                "basic": _total_label(category),
                "justification": row.justification,
                "also_contains": row.also_contains,
            }
        )
    return table


def mapping_markdown() -> str:
    """The mapping as the Markdown table in ``docs/gpc-mapping.md``."""
    lines = [
        "| NED main sector | NED subsector | GPC | GPC sub-sector | Scope | Counts in | Why |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in mapping_table():
        why = row["justification"]
        if row["also_contains"]:
            why += f" (part belongs in {row['also_contains']})"
        subsector = "*rest of sector*" if row["ned_subsector"] == ALL else row["ned_subsector"]
        lines.append(
            f"| {row['ned_sector']} | {subsector} | {row['gpc_reference']} | "
            f"{row['gpc_name']} | {row['scope']} | {row['basic']} | {why} |"
        )
    return "\n".join(lines) + "\n"


def _total_label(category: GpcCategory) -> str:
    if category.in_basic:
        return "BASIC"
    if category.in_basic_plus:
        return "BASIC+"
    return "reported only"
