"""The staff comparison reads in two minutes: columns the person chooses (remembered),
absolute and year-on-year figures, the Paris check, the national reference where a city
has no goal, Kolada key figures that are loaded, and the averages of the 23 and the 290."""

from __future__ import annotations

import re

import pytest

from indicators.imports import import_file
from tests.compare.conftest import URL, table_rows, words
from tests.factories import GoalFactory, IndicatorFactory, ObservationFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def header_texts(content: bytes) -> list[str]:
    text = content.decode()
    head = text[text.index("<thead>") : text.index("</thead>")]
    return [words(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)]


def footer_rows(content: bytes) -> list[str]:
    text = content.decode()
    foot = text[text.index("<tfoot>") : text.index("</tfoot>")]
    return [words(r).strip() for r in re.findall(r"<tr[^>]*>(.*?)</tr>", foot, flags=re.S)]


def test_the_chosen_columns_are_shown_and_remembered(staff, two_cities):
    chosen = staff.get(URL + "?kol=per_inv&kol=paris").content
    heads = header_texts(chosen)
    assert heads[0].startswith("Kommun")
    assert len(heads) == 3 and heads[1].startswith("Utsläpp per invånare")
    assert heads[2].startswith("Parislinjen")
    # The next visit, without a choice in the address, keeps it.
    again = header_texts(staff.get(URL).content)
    assert again == heads
    # Choosing nothing gives the default set back.
    assert len(header_texts(staff.get(URL + "?kol=").content)) == 11


def test_absolute_year_on_year_and_paris_check_for_umea(staff, two_cities):
    row = next(r for r in table_rows(staff.get(URL).content) if r.startswith("Umeå "))
    # Newest GGT release: Umeå 2023 = 329 620.98, 2024 = 365 009.52 → +10,7 %.
    assert "+10,7 (2023–2024) 365 010" in row
    assert "Över banan: 4,0 gånger" in row


def test_averages_of_the_23_and_of_all_290_close_the_table(staff, two_cities):
    rows = footer_rows(staff.get(URL).content)
    assert rows[0].startswith("Medel, de 23 klimatkontraktsstäderna")
    assert rows[1].startswith("Medel, alla 290 kommuner")
    # Only Umeå and Malmö have emissions here: both averages are over them (n = 2).
    assert "(n = 2)" in rows[0] and "(n = 2)" in rows[1]


def test_kolada_key_figures_that_are_loaded_can_be_chosen(staff, two_cities, data_dir):
    path = data_dir / "kolada" / "ddf_kolada_dump" / "ddf--datapoints--n00401--by--geo--year.csv"
    assert import_file(path).ok
    page = staff.get(URL).content
    assert 'value="k_N00401"' in page.decode()  # offered in the form, not shown unasked
    heads = header_texts(staff.get(URL + "?kol=k_N00401").content)
    assert "Kolada N00401" in heads[1]
    row = next(
        r for r in table_rows(staff.get(URL + "?kol=k_N00401").content) if r.startswith("Umeå ")
    )
    assert "2,41 (2022)" in row  # Umeå 2022: 2.41011925 t CO2e per inhabitant


def test_small_multiples_one_per_municipality_in_the_tables_order(staff, two_cities):
    content = staff.get(URL + "?urval=valda&kommuner=Umeå,Malmö&sort=-per_inv").content.decode()
    names = re.findall(r'<p class="multiple-name">(.*?)</p>', content)
    assert names == ["Umeå", "Malmö"]  # Umeå 2,72 before Malmö 2,22 t per inhabitant
    labels = re.findall(r'<svg class="multiple"[^>]*aria-label="([^"]+)"', content)
    assert labels[0].startswith("Umeå: index 76 år 2024")  # 365 010 / 481 807 = 0,758
    assert "samma skala" in words(content)
    again = staff.get(URL + "?urval=valda&kommuner=Umeå,Malmö&sort=per_inv").content.decode()
    assert re.findall(r'<p class="multiple-name">(.*?)</p>', again) == ["Malmö", "Umeå"]


def test_a_target_of_zero_tells_the_change_it_needs_as_the_citys_page_does(
    staff, two_cities, malmo
):
    """No rate in per cent reaches zero, so the pace column has no per cent for it; its
    note gives the change needed a year in the unit, the same words and number as the
    card on the city's page (not "cannot be calculated")."""
    from django.utils import timezone

    from dashboards.city.words import rate_texts
    from dashboards.compare.dataset import build_dataset
    from indicators.assessments import city_progress

    indicator = IndicatorFactory(name="Bilar i kommunens flotta", unit="st")
    goal = GoalFactory(city=malmo, published=True, title="Inga fossila bilar")
    TargetFactory(goal=goal, indicator=indicator, published=True, target_year=2030)
    for year, value in ((2019, 400), (2020, 380), (2021, 350), (2022, 330), (2023, 310)):
        ObservationFactory(city=malmo, indicator=indicator, year=year, value=value, published=True)

    (assessment,) = city_progress(malmo).goals[0].targets
    needed_on_page, _actual = rate_texts(assessment.assessment, "st")
    row = next(r for r in build_dataset(today=timezone.localdate()).rows if r.code == malmo.code)
    assert row.headline.needed_rate_pct is None
    change = needed_on_page.split(" (")[0]  # without its years
    assert row.headline.needed_note == f"{change}: en takt i procent når inte noll eller lägre"
    assert "−44,3 st per år" in row.headline.needed_note  # (0 − 310) / (2030 − 2023)
    assert "−44,3 st per år" in words(staff.get(URL + "?kol=behov").content)


def test_a_target_whose_base_year_has_no_value_says_so_in_the_pace_column(staff, two_cities, malmo):
    """A change against a base year no source published has no pace to reach: the note
    says why (the engine's reason), as the city's page does, not "cannot be calculated"."""
    from django.utils import timezone

    from dashboards.compare.dataset import build_dataset

    indicator = IndicatorFactory(name="Bilar i kommunens flotta", unit="st")
    goal = GoalFactory(city=malmo, published=True, title="Halvera bilarna")
    TargetFactory(
        goal=goal,
        indicator=indicator,
        published=True,
        kind="percent_change",
        target_value=-50,
        base_year=2018,
    )
    for year, value in ((2019, 400), (2020, 380), (2021, 350), (2022, 330), (2023, 310)):
        ObservationFactory(city=malmo, indicator=indicator, year=year, value=value, published=True)

    row = next(r for r in build_dataset(today=timezone.localdate()).rows if r.code == malmo.code)
    assert row.headline.status == "insufficient_data"
    assert row.headline.needed_note == "basårets värde saknas"


def test_a_target_whose_year_has_passed_says_so_in_the_pace_column(staff, two_cities, malmo):
    """No pace leads to a year that has passed: the note says so (the engine's reason)."""
    from django.utils import timezone

    from dashboards.compare.dataset import build_dataset

    indicator = IndicatorFactory(name="Bilar i kommunens flotta", unit="st")
    goal = GoalFactory(city=malmo, published=True, title="Färre bilar 2020")
    TargetFactory(
        goal=goal, indicator=indicator, published=True, target_value=100, target_year=2020
    )
    for year, value in ((2019, 400), (2020, 380), (2021, 350), (2022, 330), (2023, 310)):
        ObservationFactory(city=malmo, indicator=indicator, year=year, value=value, published=True)

    row = next(r for r in build_dataset(today=timezone.localdate()).rows if r.code == malmo.code)
    assert (row.headline.status, row.headline.needed_note) == ("off_track", "målåret har passerat")
