"""The lower layers name no page: a city's and a contract version's addresses come from
the pages (dashboards) through core.links, and are the pages' own addresses."""

from __future__ import annotations

import pytest

from cities.models import City
from contracts.models import Contract
from core.links import page_url


def test_a_city_and_a_contract_version_link_to_their_public_pages():
    umea = City(code="2480", name="Umeå", slug="umea")
    assert umea.get_absolute_url() == "/kommuner/umea/"
    assert Contract(city=umea, year=2024).get_absolute_url() == "/kommuner/umea/kontrakt/2024/"


def test_a_thing_no_page_shows_has_no_address():
    with pytest.raises(LookupError, match="no page shows a County"):
        page_url(type("County", (), {})())
