"""Many values at once: the grid per city (indicators down, years across), typed or
pasted in Swedish number format, checked (range, jumps, unchanged) and saved as drafts in
one transaction; refused to people of other cities."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cities.history import history_for
from indicators.grid import GridIndicator, grid_check
from indicators.models import Indicator, Observation
from indicators.services.values import observation_create

LAST = dt.date.today().year - 1
YEARS = list(range(LAST - 4, LAST + 1))
NBSP = "\u00a0"


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace(NBSP, " ")
    return re.sub(r"\s+", " ", plain.replace("\u2212", "-"))


@pytest.fixture
def trips(umea_goals):
    return Indicator.objects.get(key="sustainable_trips_share")


@pytest.fixture
def chargers(umea, indicator_factory):
    return indicator_factory(city=umea, key="umea_laddpunkter", name="Laddpunkter", unit="st")


def grid_url(slug="umea"):
    return reverse("workspace:value-grid", args=[slug])


def post(client, cells, *, action="save", source="Kommunens statistik", status="final"):
    data = {"action": action, "source": source, "status": status, "fran": YEARS[0]}
    data |= {f"v-{indicator.pk}-{year}": raw for (indicator, year), raw in cells.items()}
    return client.post(grid_url(), data, follow=True)


# --- the pure checks -----------------------------------------------------------------------


def test_the_checks_tell_new_changed_unchanged_out_of_range_and_jumps():
    share = GridIndicator(1, "Andel", "%")
    count = GridIndicator(2, "Laddpunkter", "st")
    check = grid_check(
        indicators=[share, count],
        years=[2022, 2023, 2024],
        typed={
            (1, 2022): "58,5",
            (1, 2023): "58,5",
            (1, 2024): "120",
            (2, 2022): "1 000",
            (2, 2023): "2\u00a0500",
            (2, 2024): "x",
        },
        current={(1, 2022): 58.5, (1, 2023): 57.0},
    )
    states = {key: cell.state for key, cell in check.cells.items()}
    assert states == {
        (1, 2022): "unchanged",
        (1, 2023): "changed",
        (1, 2024): "error",
        (2, 2022): "new",
        (2, 2023): "new",
        (2, 2024): "error",
    }
    assert "mellan 0 och 100" in check.cells[(1, 2024)].errors[0]
    assert "inget tal" in check.cells[(2, 2024)].errors[0]
    (warning,) = check.cells[(2, 2023)].warnings
    assert warning.replace(NBSP, " ").startswith("+150 % jämfört med 2022 (1 000)")
    assert [c.value for c in check.to_save] == [58.5, 1000.0, 2500.0]


# --- the page ------------------------------------------------------------------------------


def test_an_officer_saves_a_block_as_drafts_in_one_go(client, umea_officer, umea, trips, chargers):
    observation_create(
        city=umea,
        indicator=trips,
        year=YEARS[0],
        value=55.0,
        status="final",
        source="Resvaneundersökning",
        by=umea_officer,
    )
    client.force_login(umea_officer)
    page = words(client.get(grid_url()))
    assert "Många värden på en gång" in page
    assert "Laddpunkter (st)" in page and all(str(y) in page for y in YEARS)
    assert 'value="55"' in client.get(grid_url()).content.decode()

    # check first: nothing is saved
    cells = {(trips, YEARS[0]): "55", (trips, YEARS[1]): "56,5", (chargers, YEARS[1]): "1 200"}
    checked = words(post(client, cells, action="check"))
    assert "2 nya, 0 ändrade och 1 oförändrade värden." in checked
    assert Observation.objects.count() == 1

    saved = words(post(client, cells))
    assert "2 nya och 0 ändrade värden sparade." in saved
    values = {(o.indicator.key, o.year): o for o in Observation.objects.select_related("indicator")}
    assert values[("sustainable_trips_share", YEARS[1])].value == 56.5
    assert values[("umea_laddpunkter", YEARS[1])].value == 1200
    new = values[("umea_laddpunkter", YEARS[1])]
    assert not new.is_published and new.updated_by == umea_officer
    assert new.release.name == "Kommunens statistik"
    assert history_for(new).first().user == umea_officer


def test_an_error_anywhere_saves_nothing(client, umea_officer, trips, chargers):
    client.force_login(umea_officer)
    response = post(client, {(trips, YEARS[0]): "58", (trips, YEARS[1]): "140"})
    assert "1 cell behöver rättas innan något kan sparas." in words(response)
    assert "en andel i procent ligger mellan 0 och 100" in words(response)
    assert not Observation.objects.exists()


def test_the_grid_is_refused_to_another_citys_officer_and_to_staff(
    client, malmo_officer, staff_user, trips
):
    for person in (malmo_officer, staff_user):
        client.force_login(person)
        assert client.get(grid_url()).status_code == 403
        assert post(client, {(trips, YEARS[0]): "58"}).status_code == 403
    assert not Observation.objects.exists()


def test_the_grid_costs_a_fixed_number_of_queries(
    client, umea_officer, umea, trips, chargers, indicator_factory, django_assert_num_queries
):
    client.force_login(umea_officer)
    client.get(grid_url())
    for n in range(5):
        indicator_factory(city=umea, key=f"egen_{n}", name=f"Egen {n}", unit="st")
    with django_assert_num_queries(6):
        client.get(grid_url())
