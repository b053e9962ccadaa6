"""Indicator values from the real files as downloaded: population from Kolada and SCB in
one indicator, Kolada KPIs, consumption-based emissions, and SMHI's CO2 workbook."""

from __future__ import annotations

import pytest

from cities.models import ChangeRecord
from indicators.imports import import_file
from indicators.models import EmissionRow, Indicator, Observation, SourceRelease
from tests.conftest import UMEA

DDF = "kolada/ddf_kolada_dump/ddf--datapoints--{}--by--geo--year.csv"
SEI_COUNTY = "consumption/konsumtionskompassen_per_lan/sammanräknade-utsläpp-i-västerbotten.json"
SEI_XLSX = "consumption/sei_klimatkollen_data_2023_shared_April_2026.xlsx"


def value(key: str, year: int, release: SourceRelease | None = None) -> float:
    rows = Observation.objects.filter(indicator__key=key, city__code=UMEA, year=year)
    if release is not None:
        rows = rows.filter(release=release)
    return rows.get().value


def imported(path, **options):
    outcome = import_file(path, **options)
    assert outcome.ok, outcome.error_lines()
    return outcome


def test_kolada_n01951_and_scb_population_land_in_one_indicator_as_two_releases(
    municipalities, data_dir
):
    kolada = imported(data_dir / DDF.format("n01951")).result.release
    scb = imported(data_dir / "scb" / "scb_be0101_tabhel2024_folkmangd_2024-12-31.xlsx")
    population = Indicator.objects.get(key="population")
    assert (population.kolada_id, population.unit) == ("N01951", "invånare")
    assert Indicator.objects.filter(kolada_id="N01951").count() == 1
    assert value("population", 2022, kolada) == 132235
    assert value("population", 2024, scb.result.release) == 134249
    assert Observation.objects.filter(indicator=population, year=2022).count() == 290
    assert Observation.objects.filter(is_published=False).count() == 0


def test_a_kolada_kpi_becomes_a_shared_indicator_named_from_the_catalogue(municipalities, data_dir):
    outcome = imported(data_dir / DDF.format("n00401"))
    indicator = Indicator.objects.get(kolada_id="N00401")
    assert indicator.key == "kolada:N00401" and indicator.city is None
    assert indicator.name.startswith("Utsläpp till luft av växthusgaser")
    assert indicator.unit and indicator.source == "Kolada (RKA)"
    assert value("kolada:N00401", 2022) == pytest.approx(2.41011925)
    assert outcome.result.release.covers_to >= 2022


def test_consumption_based_emissions_are_stored_in_tonnes_per_person(municipalities, data_dir):
    county = imported(data_dir / SEI_COUNTY).result.release
    excel = imported(data_dir / SEI_XLSX).result.release
    indicator = Indicator.objects.get(key="consumption_emissions_per_person")
    assert indicator.unit == "t CO2e/invånare"
    assert value("consumption_emissions_per_person", 2022, county) == pytest.approx(5.541)
    assert value("consumption_emissions_per_person", 2023, excel) == pytest.approx(5.28219, 1e-5)


def test_reimporting_changes_nothing_and_changes_are_in_the_history(
    municipalities, data_dir, user_factory
):
    officer = user_factory(username="importör")
    first = imported(data_dir / DDF.format("n07702"), by=officer).result
    again = imported(data_dir / DDF.format("n07702"), by=officer).result
    assert first.counts.created > 290 and (again.counts.created, again.counts.updated) == (0, 0)
    assert again.counts.unchanged == first.counts.created
    umea = Observation.objects.get(indicator__kolada_id="N07702", city__code=UMEA, year=2022)
    assert umea.value == pytest.approx(318702.11926)
    record = ChangeRecord.objects.get(object_id=umea.pk, content_type__model="observation")
    assert record.user == officer and record.action == "create"
    assert record.city.code == UMEA and record.snapshot["value"] == umea.value


def test_smhis_co2_workbook_imports_as_its_own_release(municipalities, data_dir):
    path = data_dir / "ned" / "smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"
    release = imported(path).result.release
    assert (release.substance, release.covers_to) == ("CO2", 2022)

    def total(year: int) -> float:
        return EmissionRow.objects.get(
            release=release, city__code=UMEA, year=year, sector="Alla", subsector="Alla"
        ).tonnes

    assert total(1990) == pytest.approx(412315.34, abs=0.01)
    assert total(2022) == pytest.approx(267249.02, abs=0.01)
    assert EmissionRow.objects.values("city").distinct().count() == 290


def test_rows_of_a_county_or_riket_are_left_aside_and_counted(municipalities):
    from indicators.services.importing import Ledger

    ledger = Ledger.start(file="kolada.csv", skip_rejected=False, allowed_city_ids=None)
    assert ledger.city_of(2, "0000") is None  # Riket
    assert ledger.city_of(3, "0024") is None  # Region Västerbotten
    assert ledger.city_of(4, "2480") is not None
    ledger.check()  # not blocked
    assert ledger.errors == []
    (notice,) = ledger.warnings
    assert notice.message.startswith("2 rader för län, regioner eller riket lämnades utanför")
