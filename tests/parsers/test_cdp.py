"""CDP-ICLEI open data: the cities' own targets and city-wide inventories (2021 cycle)."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cities.reference_data import CONTRACT_CITY_NAMES
from indicators.parsers import cdp, cdp_answers, cdp_columns, cdp_matching, cdp_records
from indicators.parsers.base import ParseError
from indicators.parsers.cdp_records import CdpInventory, CdpTarget, TargetSector, TargetType

from .conftest import Collected, collect

TARGETS = "cdp/2021_Cities_Emissions_Reduction_Targets_clean_names.csv"
INVENTORIES = "cdp/2021_City-wide_Emissions.csv"

LUND, KRISTIANSTAD, UMEA, GOTEBORG = "1281", "1290", "2480", "1480"
JARFALLA, BOTKYRKA, SODERHAMN, LYCKSELE = "0123", "0127", "2182", "2481"


def _parse(content: bytes | Path, filename: str, **options) -> tuple[cdp.CdpParsedFile, Collected]:
    source = io.BytesIO(content) if isinstance(content, bytes) else content
    parsed = cdp.parse(source, filename=filename, **options)
    return parsed, collect(parsed)


@pytest.fixture(scope="module")
def targets(data_dir, municipalities) -> tuple[cdp.CdpParsedFile, Collected]:
    path = data_dir / TARGETS
    return _parse(path, path.name, municipalities=municipalities)


@pytest.fixture(scope="module")
def inventories(data_dir, municipalities) -> tuple[cdp.CdpParsedFile, Collected]:
    path = data_dir / INVENTORIES
    return _parse(path, path.name, municipalities=municipalities)


def _targets(found: Collected) -> list[CdpTarget]:
    assert all(isinstance(r, CdpTarget) for r in found.records)
    return found.records  # type: ignore[return-value]


def _inventories(found: Collected) -> list[CdpInventory]:
    assert all(isinstance(r, CdpInventory) for r in found.records)
    return found.records  # type: ignore[return-value]


# --- the real targets ---------------------------------------------------------------------


def test_the_2021_targets_file_is_read_as_targets_with_every_column_placed(targets):
    parsed, found = targets
    assert parsed.format == "cdp_targets_csv"
    assert parsed.kind == "cdp_targets"
    assert parsed.release.source == "cdp"
    assert parsed.release.name == "CDP-ICLEI 2021: städernas utsläppsmål"
    assert parsed.release.covers_to == 2021
    assert parsed.release.publisher == "CDP-ICLEI Track, städernas egen rapportering"
    assert parsed.unplaced_columns == ()  # R-style dotted names included
    assert parsed.columns["base_year_emissions"] == "Base.year.emissions..metric.tonnes.CO2e."
    assert found.errors == [] and found.warnings == []


def test_sweden_has_58_target_rows_from_21_cities_all_matched(targets):
    records = _targets(targets[1])
    assert len(records) == 58
    assert {r.country for r in records} == {"Sweden"}
    assert len({r.account_number for r in records}) == 21
    assert len({r.municipality_code for r in records}) == 21
    assert None not in {r.municipality_code for r in records}
    assert Counter(r.target_type for r in records) == {
        TargetType.BASE_YEAR_ABSOLUTE: 39,
        TargetType.BASE_YEAR_INTENSITY: 8,
        TargetType.FIXED_LEVEL: 7,
        TargetType.BASELINE_SCENARIO: 2,
        TargetType.NO_TARGET: 2,  # Lycksele and Uppvidinge say they have none
    }


def test_eleven_of_the_23_contract_cities_reported_targets(targets, municipalities):
    code_of = {name: code for code, name in municipalities.items()}
    contract = {code_of[name] for name in CONTRACT_CITY_NAMES}
    reported = {r.municipality_code for r in _targets(targets[1])}
    assert len(contract) == 23
    assert sorted(municipalities[c] for c in reported & contract) == [
        "Borlänge",
        "Göteborg",
        "Helsingborg",
        "Järfälla",
        "Kristianstad",
        "Linköping",
        "Lund",
        "Malmö",
        "Stockholm",
        "Umeå",
        "Växjö",
    ]


def _city_wide(records: list[CdpTarget], code: str) -> set[tuple]:
    return {
        (r.base_year, r.base_year_emissions, r.reduction_percent, r.target_year)
        for r in records
        if r.municipality_code == code
        and r.sector is TargetSector.CITY_WIDE
        and r.target_type is TargetType.BASE_YEAR_ABSOLUTE
    }


def test_lund_aims_for_minus_100_percent_by_2045_and_65_by_2025_against_2010(targets):
    assert _city_wide(_targets(targets[1]), LUND) == {
        (2010, 372176.0, 100.0, 2045),
        (2010, 372176.0, 65.0, 2025),
        (2010, 372176.0, 80.0, 2030),
        (1990, 451410.0, 50.0, 2020),
    }
    (lund_2045,) = [
        r for r in _targets(targets[1]) if r.municipality_code == LUND and r.target_year == 2045
    ]
    assert lund_2045.organization == "City of Lund"
    assert lund_2045.target_year_emissions == 0.0
    assert lund_2045.percent_achieved == 39.0
    assert lund_2045.year_set == 2021
    assert lund_2045.description.startswith("The target covers electricity, heating, industry")


def test_kristianstad_aims_for_60_75_and_85_percent_against_1990(targets):
    assert _city_wide(_targets(targets[1]), KRISTIANSTAD) == {
        (1990, 618504.0, 40.0, 2020),
        (1990, 618504.0, 60.0, 2030),
        (1990, 618504.0, 75.0, 2040),
        (1990, 618504.0, 85.0, 2045),
    }


def test_umea_is_cdp_account_54510_with_a_consumption_based_target(targets):
    umea = [r for r in _targets(targets[1]) if r.account_number == 54510]
    assert {r.municipality_code for r in umea} == {UMEA}
    assert {r.organization for r in umea} == {"Umeå municipality"}
    (consumption,) = [r for r in umea if r.sector is TargetSector.CONSUMPTION]
    assert consumption.sector_text == "Consumption based emissions"  # CDP's prefix removed
    assert (consumption.base_year, consumption.reduction_percent, consumption.target_year) == (
        2018,
        91.0,
        2050,
    )


def test_every_swedish_reporter_is_matched_to_its_municipality(targets, municipalities):
    matched = {(r.organization, r.city): r.municipality_code for r in _targets(targets[1])}
    assert {org: municipalities[code] for (org, _city), code in matched.items()} == {
        "City of Lund": "Lund",
        "City of Helsingborg": "Helsingborg",
        "Falkoping Kommun": "Falköping",  # no diacritics
        "City of Växjö": "Växjö",
        "Borlänge kommun": "Borlänge",
        "Kristianstad": "Kristianstad",  # no City given
        "Municipality of Vallentuna": "Vallentuna",
        "Umeå municipality": "Umeå",
        "Lycksele Municipality": "Lycksele",
        "Botkyrka Municipality": "Botkyrka",  # City "Tumba" is a town in Botkyrka
        "Järfälla Municipality": "Järfälla",
        "Göteborgs Stad": "Göteborg",  # genitive
        "Mora kommun": "Mora",
        "Västervik": "Västervik",
        "Municipality of Söderhamn": "Söderhamn",
        "Municipality of Trelleborg": "Trelleborg",
        "Linköping Municipality": "Linköping",
        "Malmö Stad": "Malmö",
        "City of Stockholm": "Stockholm",
        "Skövde kommun": "Skövde",
        "Uppvidinge kommun": "Uppvidinge",  # City "Åseda" is its seat
    }


def test_target_sectors_keep_the_citys_words(targets):
    goteborg = [r for r in _targets(targets[1]) if r.municipality_code == GOTEBORG]
    assert sorted((r.sector.value, r.sector_text) for r in goteborg if r.sector) == [
        ("city_wide", "Territorial emissions per capita"),
        ("consumption", "Consumption-based emissions per capita"),
        ("other", "Building sector"),
        ("other", "Building sector"),
        ("other", "Emission reductions from purchased equipment, products, material and services"),
        ("other", "Food"),
        ("transport", "Transport"),
        ("transport", "Transport"),
    ]
    (food,) = [r for r in goteborg if r.sector_text == "Food"]
    assert food.target_type is TargetType.BASE_YEAR_INTENSITY
    assert food.intensity_unit == "Metric kilogram CO2e per metric kilogram food"


def test_country_none_reads_every_target_of_the_world(data_dir):
    path = data_dir / TARGETS
    _parsed, found = _parse(path, path.name, country=None)
    assert len(found.records) == 1460
    assert found.errors == [] and found.warnings == []
    assert {r.municipality_code for r in _targets(found)} == {None}  # no list given
    scoped = [r for r in _targets(found) if r.scopes]
    assert sorted((r.scopes, r.sector_text) for r in scoped) == [
        ((1,), "SCOPE 1 GHG emissions"),
        ((1, 2), "Scope 1 and 2 CO2 emissions from BEIS local authority inventory"),
        ((1, 2), "Scope 1 and 2 CO2 emissions from BEIS local authority inventory"),
    ]


def test_a_swedish_city_missing_from_the_list_is_reported_by_name(data_dir, few_municipalities):
    path = data_dir / TARGETS
    _parsed, found = _parse(path, path.name, municipalities=few_municipalities)
    records = _targets(found)
    assert len(records) == 58  # unmatched rows are kept, without a code
    assert {r.municipality_code for r in records} == {"0180", "1280", "1480", "2480", None}
    assert found.errors == []
    assert len(found.warnings) == 17  # one per city, not per row
    lund = next(w for w in found.warnings if w.value == "City of Lund")
    assert lund.message == (
        "'City of Lund' (CDP-konto 54519) kunde inte kopplas till någon kommun i "
        "kommunlistan; stadens rader läses utan kommunkod."
    )
    assert (lund.row, lund.column) == (34, "Organization")  # the first Swedish row
    assert {r.organization for r in records if r.municipality_code is None} >= {"City of Lund"}


# --- the real inventories -----------------------------------------------------------------


def test_the_inventories_of_the_21_swedish_cities_with_their_accounting_years(inventories):
    parsed, found = inventories
    assert parsed.format == "cdp_inventories_csv"
    assert parsed.release.name == "CDP-ICLEI 2021: städernas utsläppsinventeringar"
    assert parsed.unplaced_columns == ()
    records = _inventories(found)
    assert len(records) == 21
    years = {r.municipality_code: r.accounting_year for r in records}
    assert Counter(years.values()) == {2018: 15, 2019: 2, 2020: 1, 2017: 1, None: 2}
    assert {c for c, y in years.items() if y != 2018} == {
        "0780",  # Växjö 2019
        "0180",  # Stockholm 2019
        "1280",  # Malmö 2020
        JARFALLA,  # 2017
        SODERHAMN,  # no period given
        LYCKSELE,  # "-": inventory in progress
    }
    (jarfalla,) = [r for r in records if r.municipality_code == JARFALLA]
    # Reported as "2017-01-01 - 2018-01-01": a year and a day, so the end is exclusive.
    assert (jarfalla.period_start, jarfalla.period_end) == (date(2017, 1, 1), date(2017, 12, 31))
    assert (jarfalla.scope1, jarfalla.scope2, jarfalla.scope3) == (30779.74, 42581.0, 2554.0)
    assert not jarfalla.is_gpc


def test_goteborgs_gpc_table_adds_up_to_its_scopes(inventories):
    (goteborg,) = [r for r in _inventories(inventories[1]) if r.municipality_code == GOTEBORG]
    assert goteborg.organization == "Göteborgs Stad"
    assert goteborg.is_gpc
    assert (goteborg.period_start, goteborg.period_end) == (date(2018, 1, 1), date(2018, 12, 31))
    assert goteborg.scope1_grid_generation == 484093.0
    assert goteborg.scope1_other == 2284804.0
    assert goteborg.scope1 == 484093.0 + 2284804.0
    assert goteborg.scope2 == 1601678.0
    assert goteborg.scope3 is None
    assert (goteborg.basic, goteborg.basic_plus, goteborg.total) == (None, None, None)
    assert (goteborg.population, goteborg.population_year) == (583056.0, 2020)


def test_botkyrkas_impossible_inventory_is_kept_but_flagged(inventories):
    _parsed, found = inventories
    (botkyrka,) = [r for r in _inventories(found) if r.municipality_code == BOTKYRKA]
    assert botkyrka.scope1_other == 194628536.0  # as Botkyrka reported it
    assert found.errors == []
    (notice,) = found.warnings
    assert notice.message == (
        "Botkyrka Municipality rapporterar 2\u00a0052 ton CO2e per invånare, vilket inte är "
        "rimligt (gränsen är 500); kontrollera värdet med staden innan det används."
    )


def test_country_none_reads_every_inventory_of_the_world(data_dir):
    path = data_dir / INVENTORIES
    _parsed, found = _parse(path, path.name, country=None)
    assert len(found.records) == 989
    assert found.errors == []
    assert [w.message for w in found.warnings if w.column] == [
        "'800' är inget årtal; förväntade t.ex. 2030. Värdet hoppas över."
    ]
    half_open = [
        r for r in _inventories(found) if (r.period_start is None) != (r.period_end is None)
    ]
    assert len(half_open) == 4  # "- 2016-01-01", "2017-04-01 -" ...


# --- the same data under other years' headers ------------------------------------------------

# OpenClimate's R-style names of 2021 → the names in CDP's "2018 - 2019" targets dataset.
TARGET_HEADERS_2018_19 = {
    "Year.Reported.to.CDP": "Year Reported to CDP",
    "Account.Number": "Account Number",
    "Organization": "Organization",
    "City": "City",
    "Country": "Country",
    "CDP.Region": "CDP region",
    "Access": "Access",
    "City.boundary": "City boundary",
    "Type.of.target": "Type of target",
    "Sector": "Sector",
    "Identify.and.explain.sources.that.differ.from.the.inventory": (
        "Identify and explain sources that differ from the inventory"
    ),
    "Target.boundary.relative.to.city.boundary": "Target boundary relative to city boundary",
    "Base.year": "Base year",
    "Year.target.was.set": "Year of target implementation",
    "Base.year.emissions..metric.tonnes.CO2e.": "Base year emissions (metric tonnes CO2e)",
    "Percentage.reduction.target": "Percentage reduction target",
    "Target.year": "Target year",
    "Target.year.absolute.emissions..metric.tonnes.CO2e.": (
        "Target year absolute emissions (metric tonnes CO2e)"
    ),
    "Projected.population.in.target.year": "Projected population in target year",
    "Intensity.unit..Emissions.per.": "Intensity unit (emissions per)",
    "Base.year.emissions.per.intensity.unit..metric.tonnes.CO2e.per.denominator.": (
        "Base year emissions per intensity unit (metric tonnes CO2e per denominator)"
    ),
    "Estimated.business.as.usual.absolute.emissions.in.target.year..metric.tonnes.CO2e.": (
        "Estimated business as usual absolute emissions in target year (metric tonnes CO2e)"
    ),
    "Percentage.of.target.achieved.so.far": "Percentage of target achieved so far",
    "Select.the.initiatives.that.this.target.contributes.towards": (
        "Indicate which sector(s) the target applies"
    ),
    "Description.of.the.target.and.the.modelling.methodology.ies..and.parameters.used.to."
    "define.it": (
        "Description of the target and the modelling methodology(ies) and parameters used to "
        "define it"
    ),
    "Does.this.target.align.with.the.global.1.5...2..C.pathway.set.out.in.the.Paris.Agreement.": (
        "Does this target align with the global 1.5 - 2°C pathway set out in the Paris agreement?"
    ),
    "Does.this.target.align.to.a.requirement.from.a.higher.level.of.government.": (
        "Does this target align to a requirement from a higher level of (sub-national) government?"
    ),
    "Target.description": "Target description",
    "Population": "Population",
    "Population.Year": "Population year",
    "City.Location": "City Location",
    "Last.update": "Last update",
}

# CDP's 2021 inventory names → those of its "2018 - 2019" dataset (trailing spaces as CDP).
INVENTORY_HEADERS_2018_19 = {
    "Year Reported to CDP": "Year Reported to CDP",
    "Account Number": "Account Number",
    "Organization": "Organization",
    "City": "City",
    "Country": "Country",
    "CDP Region": "CDP Region",
    "Access": "Access",
    "City-wide emissions inventory": "City-wide Emissions Inventory",
    "Accounting year": "Accounting Year",
    "Inventory boundary (compared to Administrative city boundary)": "Inventory Boundary",
    "Primary Protocol": "Primary Protocol",
    "Primary Protocol Comment": "Primary Protocol Comment",
    "Gases Included": "Gases Included",
    "Direct emissions (metric tonnes CO2e) for Total generation of grid-supplied energy": (
        "Direct emissions/ Scope 1 (metric tonnes CO2e) for Total generation of grid supplied "
        "energy "
    ),
    "Direct emissions (metric tonnes CO2e) for Total emissions (excluding generation of "
    "grid-supplied energy)": (
        "Direct emissions/ Scope 1 (metric tonnes CO2e) for Total emissions (excluding "
        "generation of grid-supplied energy) "
    ),
    "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total "
    "generation of grid supplied energy": (
        "Indirect emissions from use of grid supplied energy/Scope 2 (metric tonnes CO2e) for "
        "Total generation of grid supplied energy"
    ),
    "Indirect emissions from use of grid supplied energy (metric tonnes CO2e) for Total "
    "Emissions (excluding generation of grid-supplied energy)": (
        "Indirect emissions from use of grid supplied energy/Scope 2 (metric tonnes CO2e) for "
        "Total emissions (excluding generation of grid-supplied energy)"
    ),
    "Emissions occurring outside city boundary (metric tonnes CO2e) for Total Generation of "
    "grid supplied energy": (
        "Emissions occurring outside city boundary/ Scope 3 (metric tonnes CO2e) for Total "
        "generation of grid supplied energy "
    ),
    "Emissions occurring outside city boundary (metric tonnes CO2e) for Total Emissions "
    "(excluding generation of grid-supplied energy)": (
        "Emissions occurring outside city boundary/ Scope 3 (metric tonnes CO2e) for Total "
        "emissions (excluding generation of grid-supplied energy) "
    ),
    "TOTAL Scope 1 Emissions (metric tonnes CO2e)": "Total Scope 1 Emissions (metric tonnes CO2e)",
    "TOTAL Scope 2 emissions (metric tonnes CO2e)": "Total Scope 2 Emissions (metric tonnes CO2e)",
    "TOTAL Scope 3 Emissions": "Total Scope 3 emissions (metric tonnes CO2e)",
    "TOTAL BASIC Emissions (GPC)": "Total BASIC Emissions (GPC)",
    "TOTAL BASIC+ Emissions (GPC)": "Total BASIC+ Emissions (GPC)",
    "Change in emissions": "Chnage in emissions",
    "Primary reason for the change in emissions": "Reason for change",
    "Land area (in square km)": "Land area (in square km)",
    "Population": "Population",
    "Population Year": "Population Year",
    "City Location": "City Location",
    "Last update": "Last update",
}


def _rewrite(path: Path, headers: dict[str, str], cell=lambda header, value: value) -> bytes:
    """The file with its columns renamed (columns missing from ``headers`` dropped) and
    every cell passed through ``cell(new header, value)``."""
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    keep = [i for i, h in enumerate(rows[0]) if h in headers]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([headers[rows[0][i]] for i in keep])
    for cells in rows[1:]:
        writer.writerow([cell(headers[rows[0][i]], cells[i]) for i in keep])
    return out.getvalue().encode("utf-8")


def _r_name(header: str) -> str:
    """R's make.names: every character outside [A-Za-z0-9._] becomes a dot."""
    return re.sub(r"[^A-Za-z0-9._]", ".", header)


def test_targets_under_the_2018_19_headers_with_dashes_give_the_same_records(
    data_dir, municipalities, targets
):
    content = _rewrite(
        data_dir / TARGETS, TARGET_HEADERS_2018_19, lambda _h, v: "-" if v == "NA" else v
    )
    parsed, found = _parse(content, "targets-2019.csv", municipalities=municipalities)
    assert parsed.kind == "cdp_targets"
    assert parsed.columns["year_set"] == "Year of target implementation"
    assert parsed.unplaced_columns == ()
    assert found.errors == [] and found.warnings == []
    assert found.records == targets[1].records


def test_inventories_under_the_2018_19_headers_with_na_give_the_same_records(
    data_dir, municipalities, inventories
):
    content = _rewrite(
        data_dir / INVENTORIES, INVENTORY_HEADERS_2018_19, lambda _h, v: v if v else "NA"
    )
    parsed, found = _parse(content, "inventories-2019.csv", municipalities=municipalities)
    assert parsed.unplaced_columns == ()
    assert parsed.columns["scope1_other"].startswith("Direct emissions/ Scope 1")
    assert parsed.columns["accounting_period"] == "Accounting Year"
    assert found.records == inventories[1].records
    assert [w.message for w in found.warnings] == [w.message for w in inventories[1].warnings]


def test_inventories_under_r_style_names_keep_basic_and_basic_plus_apart(
    data_dir, municipalities, inventories
):
    headers = {h: _r_name(h) for h in INVENTORY_HEADERS_2018_19}
    assert headers["TOTAL BASIC+ Emissions (GPC)"] == "TOTAL.BASIC..Emissions..GPC."
    content = _rewrite(data_dir / INVENTORIES, headers)
    parsed, found = _parse(content, "inventories-r.csv", municipalities=municipalities)
    assert parsed.columns["basic"] == "TOTAL.BASIC.Emissions..GPC."
    assert parsed.columns["basic_plus"] == "TOTAL.BASIC..Emissions..GPC."
    assert parsed.unplaced_columns == ()
    assert found.records == inventories[1].records


def test_a_header_in_kilotonnes_is_read_in_tonnes(data_dir, municipalities, inventories):
    old = (
        "Direct emissions (metric tonnes CO2e) for Total emissions (excluding generation of "
        "grid-supplied energy)"
    )
    new = old.replace("metric tonnes CO2e", "kt CO2e")
    headers = {h: (new if h == old else h) for h in INVENTORY_HEADERS_2018_19}
    content = _rewrite(
        data_dir / INVENTORIES,
        headers,
        lambda h, v: repr(float(v) / 1000) if h == new and v else v,
    )
    _parsed, found = _parse(content, "inventories-kt.csv", municipalities=municipalities)
    scope1 = {r.municipality_code: r.scope1_other for r in _inventories(found)}
    expected = {r.municipality_code: r.scope1_other for r in _inventories(inventories[1])}
    assert scope1[GOTEBORG] == pytest.approx(2284804.0)
    assert scope1 == pytest.approx(expected)


HEADERS_2017 = [
    "Account number",
    "Organization",
    "City",
    "Country",
    "Region",
    "C40",
    "Access",
    "Reporting year",
    "Accounting year",
    "Boundary",
    "Protocol",
    "Total emissions (metric tonnes CO2e)",
    "Scopes Included",
    "Total Scope 1 Emissions (metric tonnes CO2e)",
    "Total Scope 2 Emissions (metric tonnes CO2e)",
    "Increase/Decrease from last year",
    "Population",
    "Population year",
    "Country Location",
]


def test_the_2017_layout_with_a_total_column_is_read(municipalities, inventories):
    """CDP's 2017 dataset had a total and scope totals instead of the GPC table; the real
    2021 Swedish rows written that way (total = scope 1 + scope 2) read back the same."""
    original = [r for r in _inventories(inventories[1]) if r.scope1 is not None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS_2017)
    for r in original:
        period = f"{r.period_start} - {r.period_end}"
        total = r.scope1 + (r.scope2 or 0)
        scope2 = "" if r.scope2 is None else r.scope2
        who = [r.account_number, r.organization, r.city, r.country, "Europe", "", "Public"]
        what = [2017, period, "", r.protocol, total, "Total Scope 1 and Scope 2", r.scope1]
        writer.writerow([*who, *what, scope2, "Decreased", r.population, r.population_year, ""])
    parsed, found = _parse(out.getvalue().encode(), "2017.csv", municipalities=municipalities)
    assert parsed.unplaced_columns == ()
    assert parsed.release.covers_to == 2017
    assert found.errors == []
    read = _inventories(found)
    assert len(read) == 18  # Västervik, Söderhamn and Lycksele reported no emissions
    assert [(r.municipality_code, r.accounting_year, r.scope1, r.scope2) for r in read] == [
        (r.municipality_code, r.accounting_year, r.scope1, r.scope2) for r in original
    ]
    (goteborg,) = [r for r in read if r.municipality_code == GOTEBORG]
    assert goteborg.total == 2768897.0 + 1601678.0
    assert goteborg.reporting_year == 2017


def test_an_unknown_column_is_reported_not_dropped(data_dir, municipalities, targets):
    path = data_dir / TARGETS
    text = path.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    rows = list(csv.reader(io.StringIO(rest)))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*next(csv.reader([header])), "Net zero target year"])
    writer.writerows([*cells, "2040"] for cells in rows)
    parsed, found = _parse(out.getvalue().encode(), path.name, municipalities=municipalities)
    assert parsed.unplaced_columns == ("Net zero target year",)
    (notice,) = found.warnings
    assert str(notice) == (
        f"{path.name}, rad 1, kolumn Net zero target year: Kolumnen 'Net zero target year' "
        "känns inte igen och läses inte."
    )
    assert found.records == targets[1].records


# --- bad files ----------------------------------------------------------------------------

SMALL_TARGETS = (
    "Account Number,Organization,City,Country,Type of target,Sector,Base year,"
    "Base year emissions (metric tonnes CO2e),Percentage reduction target,Target year\n"
)


def test_a_bad_number_costs_its_row_and_names_the_cell(few_municipalities):
    content = (
        SMALL_TARGETS
        + "1,Testköping kommun,,Sweden,Fixed level target,Transport,NA,NA,NA,2030\n"
        + '2,Malmö Stad,Malmö,Sweden,Base year emissions (absolute) target,"Other, please '
        'specify: Scope 1 and scope 2",1990,"ett tal",70,2030\n'
        + "3,City of Umeå,,Sweden,Base year intensity target,Energy,2005,18177,40,år 2030\n"
    )
    _parsed, found = _parse(content.encode(), "mål.csv", municipalities=few_municipalities)
    assert [r.account_number for r in _targets(found)] == [1]
    assert [str(e) for e in found.errors] == [
        "mål.csv, rad 3, kolumn Base year emissions (metric tonnes CO2e): 'ett tal' är inte "
        "ett tal; förväntade ett tal, t.ex. 1 234,5 eller 1234.5.",
        "mål.csv, rad 4, kolumn Target year: 'år 2030' är inget årtal; förväntade t.ex. 2030.",
    ]
    assert [w.value for w in found.warnings] == ["Testköping kommun"]


def test_two_columns_with_the_same_meaning_are_refused():
    content = SMALL_TARGETS.replace("Base year,", "Base year,Baseline year,")
    with pytest.raises(ParseError) as caught:
        cdp.parse(io.BytesIO(content.encode()), filename="mål.csv")
    assert str(caught.value) == (
        "mål.csv, rad 1, kolumn Baseline year: Kolumnerna 'Base year' och 'Baseline year' "
        "betyder samma sak; filen får bara ha en av dem."
    )


def test_a_file_that_is_not_cdps_is_refused():
    with pytest.raises(ParseError) as caught:
        cdp.parse(io.BytesIO(b"Huvudsektor;Undersektor;Kommun;2019\n"), filename="ned.csv")
    assert "liknar varken CDP:s utsläppsmål" in str(caught.value)


def test_an_inventory_file_is_not_read_as_targets(data_dir):
    path = data_dir / INVENTORIES
    with pytest.raises(ParseError) as caught:
        cdp.parse(path, filename=path.name, kind=cdp_records.KIND_TARGETS)
    assert str(caught.value) == (
        f"{path.name}, rad 1: Filen ser ut som CDP:s utsläppsinventeringar, inte som utsläppsmål."
    )


def test_filtering_on_a_country_needs_a_country_column():
    content = SMALL_TARGETS.replace("Country,", "Land,")
    with pytest.raises(ParseError) as caught:
        cdp.parse(io.BytesIO(content.encode()), filename="mål.csv")
    assert "saknar kolumnen 'Country'" in str(caught.value)


# --- the pieces ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2018-01-01 - 2018-12-31", (date(2018, 1, 1), date(2018, 12, 31), 2018)),
        ("2017-04-01 - 2018-03-31", (date(2017, 4, 1), date(2018, 3, 31), 2018)),
        ("2017-01-01 - 2018-01-01", (date(2017, 1, 1), date(2017, 12, 31), 2017)),
        ("2017-07-01 - 2018-07-01", (date(2017, 7, 1), date(2018, 6, 30), 2018)),
        ("12/31/2013 12:00:00 AM", (None, date(2013, 12, 31), 2013)),  # CDP 2016
        ("2019", (None, None, 2019)),
        ("- 2017-12-31", (None, date(2017, 12, 31), 2017)),
        ("2017-04-01 -", (date(2017, 4, 1), None, None)),
    ],
)
def test_accounting_periods(raw, expected):
    assert cdp.accounting_period(raw) == expected


@pytest.mark.parametrize("raw", ["2018-12-31 - 2018-01-01", "2019-02-30 - 2019-12-31", "snart"])
def test_impossible_accounting_periods_are_refused(raw):
    with pytest.raises(ValueError):
        cdp.accounting_period(raw)


def test_header_keys_ignore_units_punctuation_and_r_dots():
    cases = {
        "Base year emissions (metric tonnes CO2e)": "base year emissions",
        "Base.year.emissions..metric.tonnes.CO2e.": "base year emissions",
        "base_year_emissions (kt CO2e)": "base year emissions",
        "TOTAL BASIC+ Emissions (GPC)": "total basic plus emissions gpc",
        "TOTAL.BASIC..Emissions..GPC.": "total basic plus emissions gpc",
        "TOTAL.BASIC.Emissions..GPC.": "total basic emissions gpc",
    }
    for header, key in cases.items():
        assert cdp_columns.header_key(header) == key, header
    assert cdp_columns.header_factor("Total emissions (thousand metric tonnes CO2e)") == 1000.0
    assert cdp_columns.header_factor("Total emissions (metric tonnes CO2e)") == 1.0


def test_the_kind_is_told_from_the_header_line(data_dir):
    for relative, format_id in ((TARGETS, "cdp_targets_csv"), (INVENTORIES, "cdp_inventories_csv")):
        with (data_dir / relative).open(encoding="utf-8") as fileobj:
            assert cdp_columns.format_for_header(fileobj.readline()) == format_id
    assert cdp_columns.format_for_header("Huvudsektor;Undersektor;Län;Kommun;1990") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Base year emissions (absolute) target", TargetType.BASE_YEAR_ABSOLUTE),
        ("Base year intensity target", TargetType.BASE_YEAR_INTENSITY),
        ("Fixed level target", TargetType.FIXED_LEVEL),
        ("Baseline scenario (business as usual) target", TargetType.BASELINE_SCENARIO),
        ("No target", TargetType.NO_TARGET),
        ("", None),
        ("Something else", None),
    ],
)
def test_target_types(text, expected):
    assert cdp_answers.target_type(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("All emissions sources included in city inventory", TargetSector.CITY_WIDE),
        ("Transport", TargetSector.TRANSPORT),
        ("Other, please specify: AFOLU", TargetSector.AFOLU),
        ("Other, please specify: Agriculture", TargetSector.AFOLU),
        ("Other, please specify: consumption-based emissions", TargetSector.CONSUMPTION),
        ("Other, please specify: Energy and transport", TargetSector.OTHER),
        ("", None),
    ],
)
def test_target_sectors(text, expected):
    assert cdp_answers.target_sector(text) is expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (("City of Stockholm",), "0180"),
        (("Stockholms stad",), "0180"),
        (("Göteborgs Stad",), "1480"),
        (("Gothenburg",), "1480"),
        (("Umeå Municipality",), "2480"),
        (("Malmö Stad",), "1280"),
        (("Falkoping Kommun",), "1499"),
        (("Habo kommun",), "0643"),
        (("Håbo kommun",), "0305"),
        (("Tumba",), None),
        (("Tumba", "Botkyrka Municipality"), "0127"),
    ],
)
def test_cdp_names_are_matched_to_municipality_codes(municipalities, names, expected):
    assert cdp_matching.MunicipalityMatcher(municipalities).code_for(*names) == expected


def test_the_matcher_also_takes_names_to_codes(few_municipalities):
    by_name = {name: code for code, name in few_municipalities.items()}
    assert cdp_matching.MunicipalityMatcher(by_name).code_for("Umeå municipality") == "2480"
