"""Honest empty states: a city without actions says what is missing and how to add it,
instead of all-zero tables and "Alla åtgärder är uppföljda för perioden"."""

from __future__ import annotations

import pytest

from tests.compare.conftest import words
from tests.conftest import load_emissions

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiruna(municipalities, ggt_newest):
    load_emissions(ggt_newest, {"2584"})
    return municipalities["2584"]


def test_a_city_without_actions_says_what_is_missing_and_how_to_add_it(client, kiruna):
    text = words(client.get("/kommuner/kiruna/atgarder/").content)
    assert "Kiruna har inga publicerade åtgärder ännu" in text
    assert "Kostnader och planerade investeringar per år" in text
    assert "Logga in" in text
    assert "Alla åtgärder är uppföljda för perioden" not in text
    assert "Investeringsplan" not in text  # no all-zero tables
    assert "Räcker åtgärderna för att nå målet?" in text  # what can be shown still is


def test_its_officer_gets_the_links_to_add_them(client, kiruna):
    from tests.factories import person_with_role

    client.force_login(person_with_role(kiruna, "officer"))
    html = client.get("/kommuner/kiruna/atgarder/").content.decode()
    assert 'href="/kommuner/kiruna/atgarder/ny/"' in html or "lägg till en åtgärd" in html
    assert "läs in många på en gång från Excel-mallen" in words(html)


def test_the_yearly_report_says_which_figures_a_year_lacks(client, kiruna):
    text = words(client.get("/kommuner/kiruna/lagesrapport/").content)
    assert "saknar: inget publicerat klimatkontrakt för" in text
    assert "inte publicerade ännu (senaste år: 2024)" in text
    assert "inga publicerade åtgärder" in text
