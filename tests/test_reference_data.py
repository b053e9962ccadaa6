"""All 290 municipalities and 21 counties from SCB's code list, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from cities.models import City, County


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_loads_every_municipality_and_county():
    output = run("load_reference_data")
    assert City.objects.count() == 290
    assert County.objects.count() == 21
    umea = City.objects.get(code="2480")
    assert (umea.name, umea.slug, umea.county_code, umea.county.name) == (
        "Umeå",
        "umea",
        "24",
        "Västerbottens län",
    )
    assert City.objects.get(code="0114").name == "Upplands Väsby"
    assert "Kommuner: 290 nya" in output


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    run("load_reference_data")
    output = run("load_reference_data")
    assert "Kommuner: 0 nya, 0 ändrade, 290 oförändrade" in output
    assert City.objects.count() == 290


def test_the_contract_cities_are_the_23(municipalities):
    names = set(City.objects.contract_cities().values_list("name", flat=True))
    assert len(names) == 23
    assert {"Umeå", "Malmö", "Karlstad", "Östersund", "Borlänge"} <= names


def test_a_city_code_outside_its_county_is_refused(county_factory, city_factory):
    county = county_factory(code="24", name="Västerbottens län")
    with pytest.raises(IntegrityError):
        city_factory(code="1280", name="Malmö", slug="malmo", county=county)


def test_a_city_code_must_have_four_digits(county_factory, city_factory):
    county = county_factory(code="24", name="Västerbottens län")
    with pytest.raises(IntegrityError):
        city_factory(code="24800", name="X", slug="x", county=county)


def test_names_that_fold_to_the_same_slug_get_distinct_addresses(municipalities):
    assert municipalities["0643"].slug == "habo"  # Habo
    assert municipalities["0305"].slug == "habo-0305"  # Håbo
