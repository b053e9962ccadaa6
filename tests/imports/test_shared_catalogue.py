"""The shared catalogue belongs to programme staff (issue 11): an officer's upload never
creates or changes a shared indicator. A Kolada KPI that is no indicator yet is refused
with a message saying how to add it as the city's own indicator (titled by the city,
its direction chosen by the city, never guessed); once added, the file lands there."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from indicators.models import Direction, Indicator, Observation
from tests.imports.conftest import last_job, login, text_of, upload

RENEWABLE = "N45925"  # Elproduktion av förnybara energikällor …, andel (%)


def kolada_json(kpi: str = RENEWABLE, value: float = 80.5) -> bytes:
    entry = {
        "kpi": kpi,
        "municipality": "2480",
        "period": 2022,
        "values": [{"gender": "T", "status": "", "count": 1, "value": value}],
    }
    return json.dumps({"count": 1, "values": [entry]}).encode()


@pytest.fixture
def shared_before(umea_goals) -> list[tuple]:
    return list(Indicator.objects.shared().values_list("key", "name", "direction", "unit"))


def test_an_officers_kolada_file_never_creates_a_shared_indicator(
    client, umea, umea_officer, shared_before, confirm
):
    login(client, umea_officer)
    page = text_of(upload(client, "kolada.json", kolada_json(), city=umea.pk))
    assert "1 rad avvisades" in page
    assert f"Kolada-nyckeltalet {RENEWABLE} (Elproduktion av förnybara energikällor" in page
    assert "gemensamma indikatorer läggs bara till av programkontoret" in page
    assert f"Kolada-id {RENEWABLE}, och om högre eller lägre värden är bättre" in page
    confirm(last_job(), skip_rejected=True)
    assert not Indicator.objects.filter(kolada_id__iexact=RENEWABLE).exists()
    assert (
        list(Indicator.objects.shared().values_list("key", "name", "direction", "unit"))
        == shared_before
    )
    assert not Observation.objects.exists()


def test_once_the_city_adds_the_kpi_as_its_own_indicator_the_file_lands_there(
    client, umea, umea_admin, shared_before, confirm
):
    login(client, umea_admin)
    response = client.post(
        reverse("workspace:indicator-create", args=["umea"]),
        {
            "name": "Förnybar elproduktion, andel",
            "unit": "%",
            "direction": Direction.HIGHER,
            "scope": "area",
            "kolada_id": RENEWABLE.lower(),
        },
    )
    assert response.status_code == 302
    own = Indicator.objects.get(kolada_id=RENEWABLE)
    assert (own.city, own.direction) == (umea, Direction.HIGHER)

    page = text_of(upload(client, "kolada.json", kolada_json(), city=umea.pk))
    assert "Nya värden 1" in page and "Avvisade rader 0" in page
    confirm(last_job())
    value = Observation.objects.get()
    assert (value.indicator, value.value, value.year) == (own, 80.5, 2022)
    assert (
        list(Indicator.objects.shared().values_list("key", "name", "direction", "unit"))
        == shared_before
    )


def test_a_kpi_id_already_in_the_shared_catalogue_is_refused_for_an_own_indicator(
    client, umea, umea_admin, indicator_factory
):
    shared = indicator_factory(key="kolada:N00401", kolada_id="N00401", city=None)
    login(client, umea_admin)
    page = client.post(
        reverse("workspace:indicator-create", args=["umea"]),
        {
            "name": "Dubblett",
            "unit": "%",
            "direction": Direction.HIGHER,
            "scope": "area",
            "kolada_id": shared.kolada_id,
        },
    ).content.decode()
    assert f"Kolada-id: kolada-nyckeltalet {shared.kolada_id.upper()} finns redan" in page
    assert not Indicator.objects.filter(name="Dubblett").exists()


def test_an_officer_may_not_add_an_indicator_of_the_citys_own(client, umea, umea_officer):
    login(client, umea_officer)
    response = client.post(
        reverse("workspace:indicator-create", args=["umea"]),
        {"name": "X", "unit": "%", "direction": "higher", "scope": "area", "kolada_id": RENEWABLE},
    )
    assert response.status_code == 403
    assert not Indicator.objects.filter(kolada_id=RENEWABLE).exists()
