"""NED's sectors on the GHG Protocol for Cities grid: every subsector once, totals kept."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from indicators.gpc import (
    GPC_CATEGORIES,
    MAPPING,
    NED_TO_GPC,
    gpc_order,
    mapping_markdown,
    ned_rows_by_place_and_year,
    ned_to_gpc,
)
from indicators.parsers.base import EmissionRecord
from indicators.parsers.sectors import ALL

ROOT = Path(__file__).resolve().parents[1]
UMEA, STOCKHOLM = "2480", "0180"
PRODUCT_USE = "Produktanvändning (inkl. lösningsmedel)"


@pytest.fixture(scope="module")
def ned_2021(ggt_2021) -> dict[tuple[str, int], list[tuple[str, str, float]]]:
    """SMHI's Länsrapport 2021-10-14 (GGT) per municipality and year."""
    _release, rows = ggt_2021
    return ned_rows_by_place_and_year(r for r in rows if isinstance(r, EmissionRecord))


def test_the_2021_release_covers_290_municipalities_and_13_years(ned_2021):
    assert len({code for code, _year in ned_2021}) == 290
    assert sorted({year for _code, year in ned_2021}) == [
        1990,
        2000,
        2005,
        *range(2010, 2020),
    ]
    assert len(ned_2021) == 290 * 13


def test_every_ned_subsector_of_the_2021_release_has_exactly_one_gpc_line(ned_2021):
    in_file = {(s, sub) for rows in ned_2021.values() for s, sub, _t in rows if s != ALL}
    assert in_file == set(MAPPING)  # nothing unmapped, nothing mapped that is not there
    assert len(NED_TO_GPC) == len(MAPPING) == 62  # no (sector, subsector) listed twice


def test_for_every_municipality_and_year_the_gpc_lines_add_up_to_the_ned_total(ned_2021):
    worst = 0.0
    for (code, year), rows in ned_2021.items():
        inventory = ned_to_gpc(rows)
        assert inventory.unmapped == (), (code, year)
        assert inventory.ned_total is not None
        assert sum(line.tonnes for line in inventory.lines) == pytest.approx(inventory.total)
        worst = max(worst, abs(inventory.total - inventory.ned_total))
        # Each NED (sub)sector feeds one line only: no double counting.
        sources = Counter(name for line in inventory.lines for name in line.sources)
        assert max(sources.values()) == 1, (code, year)
    assert worst < 0.25  # tonnes: SMHI's rounding of its subsectors, 0.215 t at most


def test_product_use_is_the_only_sector_whose_subsectors_miss_part_of_it(ned_2021):
    missing = Counter()
    for rows in ned_2021.values():
        missing.update(ned_to_gpc(rows).remainders.keys())
    assert missing == {PRODUCT_USE: 290 * 13}
    stockholm = ned_to_gpc(ned_2021[(STOCKHOLM, 2017)])
    assert stockholm.remainders[PRODUCT_USE] == pytest.approx(11029.2013, abs=1e-3)
    assert f"{PRODUCT_USE} / (rest)" in stockholm.line("IV.2").sources


def test_umea_2019_on_gpc_lines(ned_2021):
    umea = ned_to_gpc(ned_2021[(UMEA, 2019)])
    assert umea.ned_total == pytest.approx(371639.6128)
    assert umea.total == pytest.approx(371639.6087, abs=1e-3)
    assert [line.reference for line in umea.lines] == [
        "I.1.1",
        "I.2.1",
        "I.3.1",
        "I.4.4",
        "I.5.1",
        "I.6.1",
        "II.1.1",
        "II.2.1",
        "II.3.1",
        "II.4.1",
        "II.5.1",
        "III.1.1",
        "III.2.1",
        "III.3.1",
        "III.4.1",
        "IV.2",
        "V.1",
        "V.3",
    ]
    assert {line.scope for line in umea.lines} == {1}  # NED is territorial
    assert umea.line("I.4.4").tonnes == pytest.approx(78561.27697)  # El och fjärrvärme
    assert umea.line("I.4.4").sources == ("El och fjärrvärme",)
    assert umea.line("II.1.1").tonnes == pytest.approx(139054.5636, abs=1e-3)
    assert umea.grid_generation == pytest.approx(78561.27697)
    # BASIC: stationary energy without I.4.4, transport and waste.
    assert umea.basic == pytest.approx(247917.2104, abs=1e-3)
    # BASIC+ adds product use (IV.2) and agriculture (V.1, V.3).
    ippu_afolu = sum(umea.line(r).tonnes for r in ("IV.2", "V.1", "V.3"))
    assert umea.basic_plus == pytest.approx(umea.basic + ippu_afolu)
    assert umea.total == pytest.approx(umea.basic_plus + umea.grid_generation)


def test_basic_leaves_out_grid_generation_and_basic_plus_adds_ippu_and_afolu():
    inventory = ned_to_gpc(
        [
            ("Alla", "Alla", 100.0),
            ("El och fjärrvärme", "Alla", 40.0),
            ("Transporter", "Alla", 30.0),
            ("Transporter", "Personbilar", 30.0),
            ("Jordbruk", "Alla", 20.0),
            ("Jordbruk", "Djurs matsmältning", 20.0),
            ("Industri (energi + processer)", "Alla", 10.0),
        ]
    )
    assert [(line.reference, line.tonnes) for line in inventory.lines] == [
        ("I.3.1", 10.0),
        ("I.4.4", 40.0),
        ("II.1.1", 30.0),
        ("V.1", 20.0),
    ]
    assert (inventory.basic, inventory.basic_plus, inventory.total) == (40.0, 60.0, 100.0)


def test_an_unknown_subsector_goes_to_its_sectors_line_and_is_listed():
    inventory = ned_to_gpc(
        [
            ("Transporter", "Alla", 12.0),
            ("Transporter", "Personbilar", 10.0),
            ("Transporter", "Svävare", 2.0),
        ]
    )
    assert inventory.unmapped == ("Transporter / Svävare",)
    assert [(line.reference, line.tonnes) for line in inventory.lines] == [("II.1.1", 12.0)]


def test_smhis_misspellings_are_read_as_the_sector_they_mean():
    inventory = ned_to_gpc([("Produktanvändning", "Urea for katalysatorer", 5.0)])
    assert inventory.line("IV.2").sources == (f"{PRODUCT_USE} / Urea för katalysatorer",)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("Sjöfart", "Alla", 1.0)], "'Sjöfart' is not a main sector of NED"),
        (
            [("Transporter", "Bussar", 1.0), ("Transporter", "Bussar", 2.0)],
            "'Transporter / Bussar' is given twice",
        ),
        ([("Alla", "Alla", 1.0), ("Alla", "Alla", 1.0)], "the total is given twice"),
    ],
)
def test_rows_that_cannot_be_placed_are_refused(rows, message):
    with pytest.raises(ValueError, match=message):
        ned_to_gpc(rows)


def test_every_mapped_line_is_a_gpc_line_and_the_order_is_gpcs():
    assert {row.reference for row in NED_TO_GPC} <= set(GPC_CATEGORIES)
    assert sorted(["IV.2", "II.1.1", "I.4.4", "III.1.1", "I.1.1"], key=gpc_order) == [
        "I.1.1",
        "I.4.4",
        "II.1.1",
        "III.1.1",
        "IV.2",
    ]
    assert all(row.justification for row in NED_TO_GPC)


def test_the_documented_table_is_the_one_the_code_uses():
    document = (ROOT / "docs" / "gpc-mapping.md").read_text(encoding="utf-8")
    assert mapping_markdown() in document
