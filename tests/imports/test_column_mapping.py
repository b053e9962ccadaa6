"""Any file a colleague sends: an unknown CSV or Excel file, long or wide (years as
columns), gets a column-mapping step; the file is then previewed like any import, the
mapping is saved by name and offered again for the same header; rows of a county or Riket
are left aside. The tables here are synthetic."""

from __future__ import annotations

import pytest

from indicators.models import ColumnMapping, ImportJobStatus, Observation
from indicators.parsers.mapping import ColumnMap, mapped_rows, read_table

from .conftest import last_job, login, text_of, upload

WIDE = (
    "Kommun;2021;2022;2023\r\nUmeå;55;56,5;57\r\nVästerbottens län;1;2;3\r\nRiket;4;5;6\r\n"
).encode()


@pytest.fixture
def trips(municipalities):
    from indicators.demo import shared_indicators_load

    return shared_indicators_load()["sustainable_trips_share"]


def test_a_wide_table_is_read_by_the_columns_named():
    table = read_table(WIDE, "bred.csv")
    mapped = mapped_rows(
        table,
        ColumnMap(municipality_column=0, indicator_key="trips"),
        {"2480": "Umeå", "1280": "Malmö"},
    )
    assert mapped.rows == [
        ("2480", "trips", "2021", "55", "", "", ""),
        ("2480", "trips", "2022", "56,5", "", "", ""),
        ("2480", "trips", "2023", "57", "", "", ""),
    ]
    assert mapped.not_municipalities == 2


def test_a_long_table_with_one_municipality_for_the_whole_file():
    table = [["År", "Nyckeltal", "Värde"], ["2022", "trips", "12"], ["2023", "trips", "13"]]
    cmap = ColumnMap(
        municipality_column=None,
        municipality_code="2480",
        indicator_column=1,
        year_column=0,
        value_column=2,
    )
    rows = mapped_rows(table, cmap, {"2480": "Umeå"}).rows
    assert rows == [
        ("2480", "trips", "2022", "12", "", "", ""),
        ("2480", "trips", "2023", "13", "", "", ""),
    ]


def test_an_officer_maps_an_unknown_wide_file_previews_it_and_the_mapping_is_offered_again(
    client, umea_officer, umea, trips, confirm
):
    login(client, umea_officer)
    page = text_of(upload(client, "region.csv", WIDE, city=umea.pk))
    job = last_job()
    assert job.status == ImportJobStatus.FAILED
    assert "Säg vilken kolumn som är vad" in page
    form = text_of(client.get(f"/import/jobb/{job.pk}/kolumner/"))
    assert "Åren är kolumner (2021–2023)" in form
    response = client.post(
        f"/import/jobb/{job.pk}/kolumner/",
        {
            "municipality": "0",
            "indicator": "hela",
            "indicator_key": trips.key,
            "year": "kolumner",
            "value": "",
            "name": "Regionens tabell",
        },
        follow=True,
    )
    page = text_of(response)
    assert "Nya värden 3" in page
    assert "2 rader för län, regioner eller riket lämnades utanför" in page
    confirm(last_job())
    assert sorted(Observation.objects.values_list("year", "value")) == [
        (2021, 55.0),
        (2022, 56.5),
        (2023, 57.0),
    ]
    assert ColumnMapping.objects.get().name == "Regionens tabell"

    # The next file with the same header gets the same choices.
    upload(client, "region-2024.csv", WIDE, city=umea.pk)
    again = text_of(client.get(f"/import/jobb/{last_job().pk}/kolumner/"))
    assert "valen från ”Regionens tabell” är ifyllda" in again


def test_the_mapping_step_is_refused_to_another_citys_officer(
    client, umea_officer, malmo_officer, umea
):
    login(client, umea_officer)
    upload(client, "region.csv", WIDE, city=umea.pk)
    job = last_job()
    login(client, malmo_officer)
    assert client.get(f"/import/jobb/{job.pk}/kolumner/").status_code == 403
