"""``/api/v1/cities/{code}/cdp/``: Umeå's values as it reported them to CDP-ICLEI (the
2021 open data files in KLIMAT_DATA_DIR/cdp/)."""

from __future__ import annotations

import csv

import pytest

pytestmark = pytest.mark.django_db


def _umea_rows(path):
    with path.open(encoding="utf-8") as stream:
        return [row for row in csv.DictReader(stream) if "Umeå" in row.get("Organization", "")]


@pytest.fixture
def cdp_imported(municipalities, data_dir):
    from indicators.reported import reported_demo_load

    reported_demo_load(data_dir)


def test_umeas_reported_inventories_and_targets(client, cdp_imported, data_dir):
    body = client.get("/api/v1/cities/2480/cdp/").json()
    assert body["city"] == "2480"
    targets_file = data_dir / "cdp" / "2021_Cities_Emissions_Reduction_Targets_clean_names.csv"
    # one target per row Umeå has in CDP's file
    assert len(body["targets"]) == len(_umea_rows(targets_file)) > 0
    assert {t["reporting_year"] for t in body["targets"]} == {2021}
    absolute = [t for t in body["targets"] if t["type_text"].startswith("Base year emissions")]
    assert absolute and all(t["base_year"] for t in absolute)
    inventory_file = data_dir / "cdp" / "2021_City-wide_Emissions.csv"
    expected = _umea_rows(inventory_file)
    assert len(body["inventories"]) == len(expected)
    [inventory] = body["inventories"]
    row = expected[0]
    direct = [v for k, v in row.items() if k.startswith("Direct emissions") and v != "NA"]
    scope1 = sum(float(v) for v in direct)  # grid generation + everything else
    assert (inventory["reporting_year"], inventory["accounting_year"]) == (2021, 2018)
    assert inventory["scope1"] == pytest.approx(scope1) == pytest.approx(336_717)
    assert inventory["scope2"] is None and inventory["scope3"] is None
    assert inventory["total"] == pytest.approx(scope1) and inventory["total_stated"] is False


def test_a_city_that_reported_nothing_gets_empty_lists(client, cdp_imported):
    body = client.get("/api/v1/cities/0114/cdp/").json()  # Upplands Väsby
    assert body["inventories"] == [] and body["targets"] == []
