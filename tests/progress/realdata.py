"""Readers for the real public data files the worked examples use (never copied here).

The files live in KLIMAT_DATA_DIR (default ``<repo>/../shared/data``); see
``shared/data/SOURCES.md`` for what each file is and where it comes from.
"""

from __future__ import annotations

import csv
import json
import os
from functools import cache
from pathlib import Path

import pytest

from indicators.progress import Series

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("KLIMAT_DATA_DIR", REPO.parent / "shared" / "data")).resolve()

GGT_JSON = DATA_DIR / "ned" / "klimatkollen_municipality-sector-emissions_GGT_1990-2024.json"
CO2_XLSX = DATA_DIR / "ned" / "smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"
SCB_LIST = DATA_DIR / "scb" / "scb_kommunlankod_2023.xls"
BUDGET_JSON = DATA_DIR / "carbon_budget" / "klimatkollen_climate-data_2024-11.json"
SEI_2023_XLSX = DATA_DIR / "consumption" / "sei_klimatkollen_data_2023_shared_April_2026.xlsx"
SEI_2022_VASTERBOTTEN = (
    DATA_DIR
    / "consumption"
    / "konsumtionskompassen_per_lan"
    / "sammanräknade-utsläpp-i-västerbotten.json"
)
KOLADA_DIR = DATA_DIR / "kolada" / "ddf_kolada_dump"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real data file missing: {path} (set KLIMAT_DATA_DIR)")
    return path


@cache
def ggt_sector_totals(municipality: str) -> dict[int, float]:
    """Greenhouse gases total per year (sum of the main sectors), newest SMHI release."""
    rows = json.loads(_need(GGT_JSON).read_text(encoding="utf-8"))
    (row,) = [r for r in rows if r["name"] == municipality]
    return {int(year): sum(sectors.values()) for year, sectors in row["sectors"].items()}


@cache
def klimatkollen_budget_row(municipality: str) -> dict[str, object]:
    """Klimatkollen's 2024 row: fossil CO2 emissions, budget from 2024, their trend."""
    rows = json.loads(_need(BUDGET_JSON).read_text(encoding="utf-8"))
    (row,) = [r for r in rows if r["kommun"] == municipality]
    return row


def co2_series(municipality: str) -> Series:
    """Fossil CO2 per year as in Klimatkollen's budget file (SMHI release 2024-04-18)."""
    emissions = klimatkollen_budget_row(municipality)["emissions"]
    assert isinstance(emissions, dict)
    return Series.from_mapping({int(y): float(v) for y, v in emissions.items()})


@cache
def sei_per_person_t(code: str) -> dict[int, float]:
    """SEI consumption-based emissions, t CO2e per person: 2022 (per county JSON), 2023."""
    openpyxl = pytest.importorskip("openpyxl")
    county = json.loads(_need(SEI_2022_VASTERBOTTEN).read_text(encoding="utf-8"))
    (row_2022,) = [r for r in county if r["code"] == code]
    workbook = openpyxl.load_workbook(_need(SEI_2023_XLSX), read_only=True)
    rows = workbook["Municipal_grouped"].iter_rows(values_only=True)
    header = next(rows)
    code_col, value_col = header.index("Kommunkod"), header.index("Total_emissions_per_capita")
    (row_2023,) = [r for r in rows if str(r[code_col]) == code]
    workbook.close()
    # Both are published in kg per person; targets are in tonnes per person.
    return {2022: float(row_2022["emissions"]) / 1000, 2023: float(row_2023[value_col]) / 1000}


@cache
def kolada(kpi: str, code: str) -> dict[int, float]:
    """One Kolada key figure for one municipality from the DDF dump, by year."""
    path = _need(KOLADA_DIR / f"ddf--datapoints--{kpi.lower()}--by--geo--year.csv")
    with path.open(encoding="utf-8", newline="") as fileobj:
        return {
            int(r["year"]): float(r[kpi.lower()])
            for r in csv.DictReader(fileobj)
            if r["geo"] == code
        }


@cache
def municipality_names() -> dict[str, str]:
    """code → name of the 290 municipalities (SCB 2023), as the parsers need them."""
    from indicators.parsers.scb import load_municipality_list

    _, municipalities = load_municipality_list(_need(SCB_LIST))
    return {m.code: m.name for m in municipalities}


@cache
def co2_totals_by_code() -> dict[str, dict[int, float]]:
    """Fossil CO2 totals (Alla/Alla) per municipality code and year, read from SMHI's
    2024-04-18 Excel release with the project's own parser."""
    from indicators.parsers.base import EmissionRecord, RowError
    from indicators.parsers.detect import parse_any

    path = _need(CO2_XLSX)
    totals: dict[str, dict[int, float]] = {}
    with (
        path.open("rb") as fileobj,
        parse_any(fileobj, filename=path.name, municipalities=municipality_names()) as parsed,
    ):
        for record in parsed.rows():
            assert not (isinstance(record, RowError) and record.is_error), record
            if isinstance(record, EmissionRecord) and record.sector == record.subsector == "Alla":
                totals.setdefault(record.municipality_code, {})[record.year] = record.tonnes
    return totals


@cache
def klimatkollen_budgets_by_code() -> dict[str, tuple[float, int, int]]:
    """Klimatkollen's CO2 budget per municipality code: (tonnes, start year, end year),
    read with the project's own parser."""
    from indicators.parsers import carbon_budget

    path = _need(BUDGET_JSON)
    with carbon_budget.parse(
        path, filename=path.name, municipalities=municipality_names()
    ) as parsed:
        records = list(parsed.rows())
    found = {}
    for record in records:
        assert isinstance(record, carbon_budget.CarbonBudgetRecord), record
        found[record.municipality_code] = (record.tonnes, record.start_year, record.end_year)
    return found
