"""The public comparison /jamfor/: any 2–4 municipalities for everyone, published data
only, the same table, charts and downloads, linked from every city page."""

from __future__ import annotations

import csv
import io

import pytest

from actions.services import action_create
from tests.compare.conftest import table_rows, words
from tests.conftest import MALMO, UMEA, _forget

pytestmark = pytest.mark.django_db

URL = "/jamfor/"


def test_anyone_compares_two_municipalities(client, two_cities):
    response = client.get(URL + f"?kommuner={UMEA},{MALMO}")
    assert response.status_code == 200
    rows = table_rows(response.content)
    assert [r.split(" ")[0] for r in rows] == ["Malmö", "Umeå"]
    umea = next(r for r in rows if r.startswith("Umeå"))
    assert umea.startswith("Umeå 2,72 −24,2 −12,1 +10,7 (2023–2024) 365 010")
    text = words(response.content)
    assert "Källa: SMHI" in text or "Källa: Klimatkollen" in text
    assert "Anteckningar" not in text  # the programme's own notes are not public
    assert 'id="index-1990"' in response.content.decode()


def test_names_work_as_well_as_codes(client, two_cities):
    response = client.get(URL + "?kommuner=Umeå, malmö")
    assert response.status_code == 200
    assert len(table_rows(response.content)) == 2


def test_more_than_four_is_refused_with_a_reason(client, two_cities):
    response = client.get(URL + "?kommuner=Umeå,Malmö,Lund,Växjö,Kiruna")
    assert response.status_code == 400
    assert "Jämför högst 4 kommuner åt gången." in words(response.content)


def test_a_city_pages_link_asks_for_one_more(client, two_cities):
    city = client.get("/kommuner/umea/").content.decode()
    assert f'href="/jamfor/?kommuner={UMEA}"' in city
    assert "Jämför Umeå med andra kommuner" in words(city)
    response = client.get(URL + f"?kommuner={UMEA}")
    assert response.status_code == 200
    assert "Lägg till minst en kommun att jämföra Umeå med." in words(response.content)


def test_drafts_are_never_counted(client, two_cities, umea_admin):
    action_create(city=two_cities[UMEA], by=umea_admin, values={"title": "Utkast"})
    row = next(
        r
        for r in table_rows(client.get(URL + f"?kommuner={UMEA},{MALMO}").content)
        if r.startswith("Umeå")
    )
    assert " 0 – inga åtgärder att följa upp" in row


def test_the_table_and_charts_download(client, two_cities):
    table = client.get(URL + f"tabell.csv?kommuner={UMEA},{MALMO}")
    assert table.status_code == 200
    rows = list(csv.DictReader(io.StringIO(table.content.decode())))
    assert {r["Kommun"] for r in rows} == {"Umeå", "Malmö"}
    chart = client.get(URL + f"diagram/index-1990.csv?kommuner={UMEA},{MALMO}")
    assert chart.status_code == 200 and "Umeå" in chart.content.decode()
    assert client.get(URL + "tabell.csv?kommuner=Umeå").status_code == 400


def test_the_query_count_does_not_grow_with_the_municipalities(
    client, two_cities, django_assert_num_queries
):
    client.get(URL + f"?kommuner={UMEA},{MALMO}")  # warm the session-less path
    _forget()  # as after a restart: the dataset is kept in the process's memory too
    # 14, and 2 for the sector comparison (the release and its rows for 2015 and the latest
    # year), and 2 for the contract follow-up (the contract cities and the versions in
    # force, in the dataset of all 290); 17 since population and consumption are read in
    # one query; 16 since the published goals are read once
    with django_assert_num_queries(16) as two:
        client.get(URL + f"?kommuner={UMEA},{MALMO}")
    _forget()
    with django_assert_num_queries(len(two.captured_queries)):
        client.get(URL + f"?kommuner={UMEA},{MALMO},Lund,Kiruna")
