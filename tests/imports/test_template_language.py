"""The template speaks the officer's language: indicator names (Swedish or English, any
case or accent) as well as keys, a template pre-filled with the city's indicators and the
years they lack, and indicator pages that show each key."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from indicators.models import Observation
from tests.factories import ObservationFactory

from .conftest import last_job, login, text_of, upload

LAST_YEAR = dt.date.today().year - 1
TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


@pytest.fixture
def trips(municipalities):
    from indicators.demo import shared_indicators_load

    return shared_indicators_load()["sustainable_trips_share"]


def test_an_officer_uploads_values_named_as_the_pages_name_them(
    client, umea_officer, umea, trips, confirm
):
    login(client, umea_officer)
    content = (
        TEMPLATE
        + "2480;andel resor med KOLLEKTIVTRAFIK, cykel eller till fots;2022;58,5;;;\r\n"
        + "2480;Share of trips by public transport, bicycle or on foot;2023;61;;;\r\n"
        + "2480;sustainable_trips_share;2021;57;;;\r\n"
    ).encode()
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Nya värden 3" in page and "Avvisade rader 0" in page
    confirm(last_job())
    assert sorted(Observation.objects.values_list("year", "indicator__key")) == [
        (2021, "sustainable_trips_share"),
        (2022, "sustainable_trips_share"),
        (2023, "sustainable_trips_share"),
    ]


def test_the_citys_template_is_pre_filled_with_its_indicators_and_missing_years(
    client, umea_officer, umea, trips
):
    ObservationFactory(city=umea, indicator=trips, year=LAST_YEAR)
    login(client, umea_officer)
    response = client.get("/import/mall.xlsx?kommun=umea")
    assert 'filename="indikatormall-umea.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Indikatorer"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3) if row[0].value]
    trips_years = [r[2] for r in rows if r[1] == "sustainable_trips_share"]
    assert trips_years == list(range(LAST_YEAR - 4, LAST_YEAR))  # last year has a value
    row = next(r for r in rows if r[1] == "sustainable_trips_share")
    assert row[0] == "2480" and row[3] is None
    assert row[7:9] == ["Andel resor med kollektivtrafik, cykel eller till fots", "%"]
    # the CSV too, and the upload page links to it
    csv_text = client.get("/import/mall.csv?kommun=umea").content.decode("utf-8-sig")
    assert f"2480;sustainable_trips_share;{LAST_YEAR - 1};;" in csv_text
    assert "/import/mall.xlsx?kommun=umea" in client.get("/import/").content.decode()


def test_the_pre_filled_template_is_refused_for_another_city(client, malmo_officer, umea):
    login(client, malmo_officer)
    assert client.get("/import/mall.csv?kommun=umea").status_code == 403
    assert client.get("/import/mall.csv?kommun=finns-inte").status_code == 404


def test_the_empty_templates_example_row_names_an_indicator_that_exists(
    client, umea_officer, trips
):
    login(client, umea_officer)
    text = client.get("/import/mall.csv").content.decode("utf-8-sig")
    assert "andel_hallbara_resor" not in text
    example = text.splitlines()[1].split(";")
    assert example[1] == trips.key


def test_the_indicator_page_shows_each_key(client, umea_officer, umea, trips, indicator_factory):
    indicator_factory(city=umea, key="umea_laddpunkter", name="Laddpunkter", unit="st")
    ObservationFactory(city=umea, indicator=trips, year=LAST_YEAR)
    login(client, umea_officer)
    page = text_of(client.get("/min-kommun/umea/indikatorer/"))
    assert "Laddpunkter (st) · nyckel umea_laddpunkter" in page
    assert "nyckel sustainable_trips_share" in page
