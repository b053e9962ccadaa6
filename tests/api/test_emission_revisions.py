"""GET /api/v1/emissions/revisions/: what a newer SMHI release revised of an older one, for
one municipality. Real data: SMHI's Länsrapport 2021-10-14 (through 2019) and the 2026
release via Klimatkollen (1990, 2000, 2005, 2010, 2015, 2020–2024)."""

from __future__ import annotations

import pytest

from indicators.revisions import release_revisions
from tests.conftest import UMEA, load_emissions

URL = "/api/v1/emissions/revisions/"


@pytest.fixture
def two_releases(municipalities, ggt_2021, ggt_newest):
    old = load_emissions(ggt_2021, {UMEA}).release
    new = load_emissions(ggt_newest, {UMEA}).release
    return old, new


def test_it_lists_the_years_and_sectors_revised_and_by_how_much(client, two_releases):
    old, new = two_releases
    body = client.get(URL, {"city": UMEA}).json()  # default: the newest and the one before
    assert body["from"]["id"] == old.pk and body["to"]["id"] == new.pk
    assert body["substance"] == "GGT" and body["unit"] == "t CO2e"
    totals = {r["year"]: r for r in body["revisions"] if r["sector"] is None}
    # Umeå 1990: 458 141 t CO2e in the 2021 release, 481 807 t in the 2026 one.
    assert totals[1990]["from_value"] == pytest.approx(458141, abs=1)
    assert totals[1990]["to_value"] == pytest.approx(481807.23, abs=0.01)
    assert totals[1990]["change"] == pytest.approx(481807.23 - totals[1990]["from_value"])
    assert totals[1990]["change_pct"] == pytest.approx(5.17, abs=0.01)
    # Only the years both publish are compared; 2011–2014 and 2016–2019 are gone.
    assert set(totals) <= {1990, 2000, 2005, 2010, 2015}
    assert body["years_removed"] == [2011, 2012, 2013, 2014, 2016, 2017, 2018, 2019]
    assert body["years_added"] == [2020, 2021, 2022, 2023, 2024]
    sectors = {r["sector"] for r in body["revisions"]} - {None}
    assert "Transporter" in sectors
    assert all(abs(r["change"]) >= body["tolerance"] for r in body["revisions"])
    same = client.get(URL, {"city": UMEA, "from": old.pk, "to": new.pk}).json()
    assert same["revisions"] == body["revisions"]


def test_it_refuses_what_it_cannot_compare(client, two_releases):
    old, new = two_releases
    assert client.get(URL).status_code == 400  # no city
    assert client.get(URL, {"city": UMEA, "from": "x"}).status_code == 400
    assert client.get(URL, {"city": UMEA, "from": new.pk, "to": new.pk}).status_code == 400
    assert client.get(URL, {"city": "9999"}).status_code == 404
    assert client.get(URL, {"city": UMEA, "to": old.pk}).status_code == 404  # nothing older
    assert client.get(URL, {"city": UMEA, "substance": "CH4"}).status_code == 404


def test_rounding_is_no_revision():
    old = {(1990, None): 100.0, (1990, "Transporter"): 50.0, (2011, None): 7.0}
    new = {(1990, None): 100.3, (1990, "Transporter"): 60.0, (2020, None): 8.0}
    found = release_revisions(old, new)
    assert [(r.year, r.sector, r.change) for r in found.revised] == [(1990, "Transporter", 10.0)]
    assert found.years_removed == (2011,) and found.years_added == (2020,)


def test_the_city_page_notes_a_revision_that_changed_a_targets_status(
    client, two_releases, umea_goals, december_2026
):
    """Umeå's transport target (2030): judged on the years through 2019, it was on track
    with the 2021 release and is off track with the 2026 release's revised history."""
    from django.urls import reverse

    from tests.test_city_page import text

    old, new = two_releases
    html = client.get(reverse("city:detail", kwargs={"slug": "umea"})).content.decode()
    assert (
        f"{new.name} reviderade tidigare år. Bedömt på åren till och med 2019 är målet "
        "”Territoriella utsläpp från transporter: Ska minska till år 2030” nu inte i fas; "
    ) in text(html)
    assert f"med {old.name} var det i fas." in text(html)


def test_the_revision_note_costs_no_query_more_than_the_page_without_it(
    client, two_releases, umea_goals, december_2026, django_assert_num_queries
):
    """The older release is found among the releases the page read already, and its rows
    for the city come in the query of the newest release's rows (the page alone: nine)."""
    from django.utils import translation

    from dashboards.city.pages import render_city_page

    with translation.override("sv"), django_assert_num_queries(9):
        body = render_city_page("umea").body.decode()
    assert "reviderade tidigare år" in body


def test_no_revision_note_with_one_release(client, municipalities, ggt_newest, umea_goals):
    from django.urls import reverse

    from tests.test_city_page import text

    load_emissions(ggt_newest, {UMEA})
    html = client.get(reverse("city:detail", kwargs={"slug": "umea"})).content.decode()
    assert "reviderade tidigare år" not in text(html)


@pytest.mark.parametrize("both", [False, True], ids=["older alone", "with the newest"])
def test_a_citys_rows_of_an_older_release_are_read_through_the_natural_key_index(
    two_releases, django_assert_num_queries, both
):
    """The city page reads the older release's rows (for the revision note), with the
    newest release's: through the index that starts (release, city, substance), not by
    scanning every municipality's rows of the release; so does the emissions API."""
    from django.db import connection

    from cities.models import City
    from indicators.selectors import city_emissions, city_emissions_by_release

    old, new = two_releases
    umea = City.objects.get(code=UMEA)
    with django_assert_num_queries(1) as queries:
        if both:
            by_release = city_emissions_by_release(city=umea, releases=[new, old])
            years = by_release[old.pk]
            assert by_release[new.pk][-1].year == 2024
        else:
            years = city_emissions(city=umea, release=old)
    assert years[0].year == 1990 and years[0].total == pytest.approx(458141, abs=1)
    sql = queries.captured_queries[0]["sql"]
    assert "substance" in sql.split("WHERE", 1)[1]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        assert "release_id=? AND city_id=? AND substance=?" in plan, plan
