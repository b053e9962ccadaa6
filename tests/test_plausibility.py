"""Plausibility of a city's own values (issue 11): a valid range per indicator (derived
from its unit, overridable) refuses a value with a message naming it; a jump from a
neighbouring published year is a warning the person confirms (form checkbox, upload
confirmation, API ``confirm_jump``); booleans, NaN and infinities are refused."""

from __future__ import annotations

import math

import pytest
from django.urls import reverse

from indicators.models import Indicator, Observation
from indicators.plausibility import Definition, problems, valid_range
from tests.api.conftest import send
from tests.imports.conftest import last_job, login, text_of, upload

TRIPS = "sustainable_trips_share"
TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


# --- the rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "unit", "expected"),
    [
        ("Andel hållbara resor", "%", (0.0, 100.0)),
        ("Förändring av utsläppen", "%", (-100.0, None)),
        ("Konsumtionsbaserade utsläpp", "t CO2e/invånare", (0.0, 50.0)),
        ("Territoriella utsläpp", "t CO2e", (0.0, None)),
        ("Nettoutsläpp", "t CO2e", (None, None)),
        ("Energianvändning", "MWh", (0.0, None)),
        ("Ett index", "poäng", (None, None)),
    ],
)
def test_the_valid_range_follows_from_the_unit(name, unit, expected):
    assert valid_range(Definition(name, unit)) == expected


def test_an_indicators_own_range_overrides_the_derived_one():
    assert valid_range(Definition("Kostnadstäckning", "%", value_max=250.0)) == (0.0, 250.0)


def test_a_share_of_150_is_refused_naming_the_value():
    [problem] = problems(Definition("Andel hållbara resor", "%"), 2023, 150.0, {})
    assert problem.is_error and problem.code == "range"
    assert "Värdet 150 % ligger utanför det rimliga intervallet 0–100 %" in problem.message


@pytest.mark.parametrize("value", [True, False, math.nan, math.inf, -math.inf, "57"])
def test_booleans_nan_infinities_and_text_are_not_values(value):
    [problem] = problems(Definition("Andel", "%"), 2023, value, {})
    assert problem.is_error and problem.code == "not_a_number"


def test_a_jump_from_a_neighbouring_year_is_a_warning_and_far_years_do_not_count():
    rules = Definition("Andel hållbara resor", "%")
    [problem] = problems(rules, 2023, 90.0, {2015: 95.0, 2022: 20.0})
    assert not problem.is_error and problem.code == "jump"
    assert "2022 (20 %)" in problem.message
    assert problems(rules, 2023, 55.0, {2022: 20.0, 2024: 60.0}) == []  # 2.75×: no jump
    assert problems(rules, 2023, 6.0, {2024: 20.0})[0].code == "jump"  # under ⅓ of after


# --- the entry paths -----------------------------------------------------------------------


@pytest.fixture
def trips(umea_goals) -> Indicator:
    return Indicator.objects.get(key=TRIPS)


@pytest.fixture
def published_2022(umea, trips, observation_factory):
    return observation_factory(city=umea, indicator=trips, year=2022, value=20.0, published=True)


def form_data(trips, value: str, **extra: str) -> dict[str, str]:
    return {
        "indicator": str(trips.pk),
        "year": "2023",
        "value": value,
        "status": "final",
        "reference": "RVU 2023",
        **extra,
    }


def test_the_form_refuses_a_share_of_150(client, umea, trips, umea_officer):
    client.force_login(umea_officer)
    url = reverse("workspace:observation-create", args=["umea"])
    page = client.post(url, form_data(trips, "150")).content.decode()
    assert "Värde: värdet 150 % ligger utanför det rimliga intervallet 0–100 %" in page
    assert not Observation.objects.exists()


def test_the_form_asks_to_confirm_a_jump_and_saves_once_confirmed(
    client, umea, trips, umea_officer, published_2022
):
    client.force_login(umea_officer)
    url = reverse("workspace:observation-create", args=["umea"])
    page = client.post(url, form_data(trips, "70")).content.decode()
    assert "publicerade värdet för 2022 (20 %)" in page
    assert Observation.objects.count() == 1
    response = client.post(url, form_data(trips, "70", confirm_jump="on"))
    assert response.status_code == 302
    assert Observation.objects.filter(year=2023, value=70.0).exists()


API = "/api/v1/observations/"
BODY = {"city": "2480", "indicator": TRIPS, "year": 2023, "status": "final", "source": "RVU"}


@pytest.mark.parametrize("value", [True, "NaN", "Infinity", 150])
def test_the_api_refuses_booleans_nan_infinities_and_out_of_range(
    client, umea, trips, umea_officer, value
):
    client.force_login(umea_officer)
    response = send(client, "post", API, {**BODY, "value": value})
    assert response.status_code == 400, response.content
    assert "value" in response.json()
    assert not Observation.objects.exists()


def test_the_api_needs_an_explicit_confirmation_of_a_jump(
    client, umea, trips, umea_officer, published_2022
):
    client.force_login(umea_officer)
    refused = send(client, "post", API, {**BODY, "value": 70})
    assert refused.status_code == 400
    assert "publicerade värdet för 2022" in refused.json()["confirm_jump"][0]
    made = send(client, "post", API, {**BODY, "value": 70, "confirm_jump": True})
    assert made.status_code == 201, made.content
    assert made.json()["value"] == 70.0


def test_an_upload_rejects_an_out_of_range_row_naming_it(client, umea, trips, umea_officer):
    login(client, umea_officer)
    content = (TEMPLATE + f"2480;{TRIPS};2023;150;slutligt;RVU;\r\n").encode()
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "1 rad avvisades" in page
    assert "Värdet 150 % ligger utanför det rimliga intervallet 0–100 %" in page


def test_an_upload_with_a_jump_is_imported_only_once_confirmed(
    client, umea, trips, umea_officer, published_2022, django_capture_on_commit_callbacks
):
    login(client, umea_officer)
    content = (TEMPLATE + f"2480;{TRIPS};2023;70;slutligt;RVU;\r\n").encode()
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Ja, jag har kontrollerat värdena och de stämmer" in page
    assert "publicerade värdet för 2022 (20 %)" in page
    job = last_job()
    refused = text_of(client.post(reverse("uploads:confirm", args=[job.pk]), follow=True))
    assert "Kryssa i rutan när du har kontrollerat att de stämmer" in refused
    assert not Observation.objects.filter(year=2023).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("uploads:confirm", args=[job.pk]), {"confirm_jumps": "1"})
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert Observation.objects.get(year=2023).value == 70.0
