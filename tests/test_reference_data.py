"""All 290 municipalities and 21 counties from SCB's code list, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DataError, IntegrityError

from cities.models import City, County
from cities.reference_data import contract_cities_flag, reference_data_load


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


@pytest.fixture
def loaded(db, municipality_list):
    """SCB's list loaded by the services (the ``municipalities`` fixture writes their rows
    straight): code → city."""
    counties, cities = municipality_list
    reference_data_load(
        counties=[(c.code, c.name) for c in counties],
        municipalities=[(m.code, m.name) for m in cities],
    )
    contract_cities_flag()
    return {city.code: city for city in City.objects.all()}


def test_the_contract_cities_are_the_23(loaded):
    names = set(City.objects.contract_cities().values_list("name", flat=True))
    assert len(names) == 23
    assert {"Umeå", "Malmö", "Karlstad", "Östersund", "Borlänge"} <= names


def test_a_city_code_outside_its_county_is_refused(county_factory, city_factory):
    county = county_factory(code="24", name="Västerbottens län")
    with pytest.raises(IntegrityError):
        city_factory(code="1280", name="Malmö", slug="malmo", county=county)


@pytest.mark.parametrize("code", ["24800", "248", "24a0"])
def test_a_city_code_must_have_four_digits(county_factory, city_factory, code):
    county = county_factory(code="24", name="Västerbottens län")
    # SQLite checks the constraint; PostgreSQL's column of four characters refuses five
    # before its check does.
    with pytest.raises((IntegrityError, DataError)):
        city_factory(code=code, name="X", slug="x", county=county)


def test_names_that_fold_to_the_same_slug_get_distinct_addresses(loaded):
    assert loaded["0643"].slug == "habo"  # Habo
    assert loaded["0305"].slug == "habo-0305"  # Håbo


def test_the_municipalities_fixture_writes_what_the_services_write(loaded, reference_rows):
    # The fixture most tests use writes these rows without the services.
    county_rows, city_rows = reference_rows
    assert sorted(County.objects.values_list("code", "name")) == sorted(county_rows)
    stored = City.objects.values_list("code", "name", "slug", "is_contract_city", "county_id")
    assert sorted(stored) == sorted((*row, row[0][:2]) for row in city_rows)
