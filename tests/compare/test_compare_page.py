"""The comparison page for programme staff: its numbers (checked by hand against the
real files), sorting, filtering, downloads, who may see it and what it costs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from actions.services import CostValues, action_create, follow_up_create
from dashboards.compare.sectors import SECTOR_CHART
from dashboards.compare.table import name_key
from dashboards.contracts.grid import STATUS_ORDER
from tests.compare.conftest import URL, table_rows, words
from tests.conftest import MALMO, UMEA, _forget

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, staff_user):
    from dashboards.compare.selection import COLUMN_KEYS

    client.force_login(staff_user)
    # Every column (remembered in the session): these tests check each column's numbers.
    client.get(URL + "?kol=" + ",".join(COLUMN_KEYS))
    return client


def row_of(content: bytes, name: str) -> str:
    return next(r for r in table_rows(content) if r.startswith(name + " "))


# --- Numbers, by hand from the files --------------------------------------------------------
#
# Newest GGT release (klimatkollen_municipality-sector-emissions_GGT_1990-2024.json), sum
# of the main sectors:
#   Umeå  1990 481 807.23, 2015 415 089.51, 2024 365 009.52
#   Malmö 1990 1 233 101.27, 2015 1 129 270.35, 2024 812 994.97
# SCB BE0101, inhabitants 31 Dec 2024: Umeå 134 249, Malmö 365 644.
#   Umeå  per person 365 009.52 / 134 249 = 2.7189 → "2,72";
#         since 1990: 365 009.52 / 481 807.23 − 1 = −24.24 % → "−24,2";
#         since 2015: 365 009.52 / 415 089.51 − 1 = −12.06 % → "−12,1".
#   Malmö per person 812 994.97 / 365 644 = 2.2235 → "2,22";
#         since 1990: −34.07 % → "−34,1"; since 2015: −28.01 % → "−28,0".
# SEI 2023, kg CO2e per person: Umeå 5 282.19 → "5,28" t.


def test_it_shows_umea_and_malmo_as_computed_by_hand(staff, two_cities):
    response = staff.get(URL)
    assert response.status_code == 200
    umea = row_of(response.content, "Umeå")
    assert umea.startswith("Umeå Västerbottens län 2,72 −24,2 −12,1 ")
    malmo = row_of(response.content, "Malmö")
    assert malmo.startswith("Malmö Skåne län 2,22 −34,1 −28,0 ")
    assert "5,28" in umea
    page = words(response.content)
    assert "Utsläpp per invånare 2024 (t CO2e)" in page
    assert "Konsumtionsbaserade utsläpp per invånare 2023 (t CO2e)" in page
    assert "Källa: SCB (Folkmängd 31 december 2024 (BE0101))" in page


def test_each_row_links_to_the_city_page_and_its_staff_notes(staff, two_cities):
    html = staff.get(URL).content.decode()
    assert '<a href="/kommuner/umea/">Umeå</a>' in html
    assert (
        '<a class="notes-link" href="/programkontoret/kommuner/umea/anteckningar/">Anteckningar'
        '<span class="visually-hidden"> om Umeå</span></a>'
    ) in html


def test_umeas_headline_target_shows_its_status_and_both_rates(staff, two_cities):
    from indicators.assessments import main_target_assessments

    umea = two_cities[UMEA]
    a = main_target_assessments([umea])[umea.pk].assessment
    row = row_of(staff.get(URL).content, "Umeå")
    trend = f"+{a.actual_rate_pct:.1f}".replace(".", ",")
    needed = f"−{abs(a.needed_rate_pct):.1f}".replace(".", ",")
    assert f"{trend} (2020–2024) {needed}" in row
    assert "Status: Inte i fas Nettonoll till år 2040" in row
    # Malmö has no goal: the national reference stands in, labelled as such, never as
    # Malmö's own
    malmo = row_of(staff.get(URL).content, "Malmö")
    assert "nationell referens Referens: Sveriges mål, −85 % mot 1990 till 2045" in malmo
    assert "Nettonoll" not in malmo


def test_it_says_when_the_population_of_the_year_is_missing(staff, two_cities):
    # Stockholm has emissions in no fixture here; Göteborg neither: both say why.
    row = row_of(staff.get(URL).content, "Göteborg")
    assert row.startswith("Göteborg Västra Götalands län – utsläpp saknas")


def test_missing_population_is_stated_and_never_taken_from_another_year(
    staff, municipalities, ggt_newest
):
    from tests.conftest import load_emissions

    load_emissions(ggt_newest, {UMEA})
    response = staff.get(URL)
    assert row_of(response.content, "Umeå").startswith(
        "Umeå Västerbottens län – folkmängd 2024 saknas −24,2 −12,1"
    )
    assert "Folkmängden för 2024 saknas för en kommun" in words(response.content)


def test_actions_their_follow_up_this_period_and_planned_investments(
    staff, two_cities, staff_user, umea_admin
):
    umea = two_cities[UMEA]
    first = action_create(
        city=umea,
        by=umea_admin,
        values={"title": "Laddinfrastruktur", "status": "ongoing"},
        costs=[
            CostValues(year=2025, investment_sek=2_000_000),
            CostValues(year=2027, investment_sek=500_000, funding_status="granted"),
            CostValues(year=2026, investment_sek=9_000_000, funding_status="rejected"),
        ],
        publish=True,
    )
    action_create(
        city=umea,
        by=umea_admin,
        values={"title": "Cykelvägar", "status": "planned"},
        costs=[CostValues(year=2025, investment_sek=1_000_000)],
        publish=True,
    )
    action_create(  # a draft counts nowhere
        city=umea,
        by=umea_admin,
        values={"title": "Utkast", "status": "planned"},
        costs=[CostValues(year=2025, investment_sek=50_000_000)],
    )
    today = date.today()
    follow_up_create(
        action=first,
        by=umea_admin,
        values={"period_year": today.year, "period_number": (today.month - 1) // 4 + 1},
        publish=True,
    )
    response = staff.get(URL)
    row = row_of(response.content, "Umeå")
    # 2 published actions, 1 of the 2 followed up this tertial; 2 + 0.5 + 1 million SEK
    # (the rejected 9 million and the draft's 50 million do not count)
    assert " 2 50 % (1 av 2) – inget publicerat kontrakt 3,5 (2025–2027)" in row
    assert "planerade investeringar för åren 2025–2027" in words(response.content)
    narrowed = staff.get(URL + "?inv_fran=2026&inv_till=2030")
    assert row_of(narrowed.content, "Umeå").endswith(" 0,5 (2027–2027)")
    assert "Planerade investeringar 2026–2030 (mnkr)" in words(narrowed.content)
    assert row_of(narrowed.content, "Malmö").endswith("– inga investeringar angivna")


# --- Sorting and filtering ------------------------------------------------------------------


def test_it_sorts_server_side_with_aria_sort_and_missing_values_last(staff, two_cities):
    response = staff.get(URL + "?sort=per_inv")
    names = [r.split(" ")[0] for r in table_rows(response.content)]
    assert names[:2] == ["Malmö", "Umeå"]  # 2,22 then 2,72; the rest have no value
    assert names[2:] == sorted(names[2:], key=name_key)
    text = response.content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-per_inv' in text
    response = staff.get(URL + "?sort=-per_inv")
    names = [r.split(" ")[0] for r in table_rows(response.content)]
    assert names[:2] == ["Umeå", "Malmö"]
    assert 'aria-sort="descending"' in response.content.decode()
    assert len(names) == 23
    by_name = staff.get(URL + "?sort=-namn")
    assert table_rows(by_name.content)[0].startswith("Östersund")


def test_it_refuses_an_unknown_sort_column_with_a_message(staff, two_cities):
    response = staff.get(URL + "?sort=hemligt")
    assert "Urvalet kunde inte användas" in words(response.content)
    assert len(table_rows(response.content)) == 23  # the contract cities meanwhile


def test_it_compares_a_county_all_or_a_hand_picked_list(staff, two_cities):
    county = staff.get(URL + "?urval=lan&lan=24")
    rows = table_rows(county.content)
    assert len(rows) == 15 and all("Västerbottens län" in r for r in rows)
    assert len(table_rows(staff.get(URL + "?urval=alla").content)) == 290
    picked = staff.get(URL + "?urval=valda&kommuner=Umeå, malmö ,0180")
    assert [r.split(" ")[0] for r in table_rows(picked.content)] == ["Malmö", "Stockholm", "Umeå"]
    # the form shows the choice by name
    assert 'value="Malmö, Stockholm, Umeå"' in picked.content.decode()


def test_unknown_municipalities_are_named_in_the_message(staff, two_cities):
    response = staff.get(URL + "?urval=valda&kommuner=Umeå, Umeo, Gotham")
    page = words(response.content)
    assert "Valda kommuner: hittar ingen kommun som heter eller har koden ”Umeo”, ”Gotham”." in page
    assert "Sidan visar klimatkontraktsstäderna tills urvalet är rättat." in page


def test_it_filters_by_status_and_name(staff, two_cities):
    off_track = staff.get(URL + "?status=off_track")
    assert [r.split(" ")[0] for r in table_rows(off_track.content)] == ["Umeå"]
    no_goal = staff.get(URL + "?status=inget")
    assert len(table_rows(no_goal.content)) == 22
    named = staff.get(URL + "?urval=alla&sok=MAL")
    found = [r.split(" ")[0] for r in table_rows(named.content)]
    assert found == ["Malmö", "Malung-Sälen", "Malå", "Nordmaling"]


def test_a_county_needs_a_county_and_years_must_be_in_order(staff, two_cities):
    page = words(staff.get(URL + "?urval=lan").content)
    assert "Län: välj ett län." in page
    page = words(staff.get(URL + "?inv_fran=2030&inv_till=2025").content)
    assert "Investeringar till och med år: året kan inte vara före från-året." in page


def test_the_contracts_commitments_followed_up_this_year(
    staff, two_cities, umea_contracts, commitment_follow_up_factory
):
    """The share of the contract's commitments with a published follow-up this year: a
    draft does not count, a contract city without contract text and a city without a
    contract say so; the download has the same numbers."""
    from contracts.models import Commitment

    year = date.today().year
    commitments = Commitment.objects.filter(section__contract=umea_contracts[2024])
    total = commitments.count()
    for number, published in [("3.1", True), ("4.1", True), ("5.1", False)]:
        commitment_follow_up_factory(
            commitment=commitments.get(number=number),
            year=year,
            status="ongoing",
            published=published,
        )
    commitment_follow_up_factory(  # another year's follow-up does not count
        commitment=commitments.get(number="3.2"), year=year - 1, status="done", published=True
    )
    _forget()
    page = staff.get(URL + "?urval=kontrakt")
    assert f"Kontraktets åtaganden uppföljda {year}" in words(page.content)
    assert f"8 % (2 av {total})" in words(row_of(page.content, "Umeå"))
    assert "inget publicerat kontrakt" in words(row_of(page.content, "Malmö"))
    rows = list(csv.DictReader(io.StringIO(
        staff.get(URL + "tabell.csv?urval=valda&kommuner=Umeå,Malmö").content.decode()
    )))  # fmt: skip
    umea = next(r for r in rows if r["Kommun"] == "Umeå")
    assert umea["Kontraktsversion i kraft"] == "2024"
    assert umea["Kontraktets åtaganden"] == str(total)
    assert umea["Åtaganden uppföljda i år"] == "2"
    assert float(umea["Andel åtaganden uppföljda i år (%)"]) == pytest.approx(200 / total, abs=0.1)
    # The investments column is named as such whichever columns the page shows.
    assert "Planerade investeringar, alla år (mnkr)" in rows[0]
    # The contract follow-up grid counts the same: its published statuses for the year
    # (a draft is marked there, and counts only once published).
    grid = list(csv.reader(io.StringIO(
        staff.get(f"/programkontoret/kontrakt/uppfoljning/tabell.csv?ar={year}").content.decode()
    )))  # fmt: skip
    statuses = grid[[r[1] for r in grid].index("Umeå")][4 + len(STATUS_ORDER) :]  # code, name,…
    assessed = [s for s in statuses if s and s != "Ej bedömd"]
    assert (
        len([s for s in assessed if "(utkast)" not in s])
        == 2
        == int(umea["Åtaganden uppföljda i år"])
    )
    assert len(statuses) == total


def test_a_stored_views_form_is_the_form_a_request_would_render(staff_user, client, two_cities):
    """The two stored views carry their form rendered once; it is the form the same
    choice rendered per request shows (``sort=namn`` is the default, but not stored)."""
    import re

    client.force_login(staff_user)
    for scope in ("kontrakt", "alla"):
        stored = client.get(URL + f"?urval={scope}").content.decode()
        per_request = client.get(URL + f"?urval={scope}&sort=namn").content.decode()
        forms = [
            re.search(r"<form method=\"get\".*?</form>", html, re.S)
            for html in (stored, per_request)
        ]
        assert forms[0] and forms[1]
        assert forms[0].group(0) == forms[1].group(0)
        assert f'value="{scope}" id="id_urval_' in forms[0].group(0).split("checked")[0][-80:]


# --- Downloads ------------------------------------------------------------------------------


def test_the_csv_holds_exactly_the_tables_rows_in_its_order(staff, two_cities):
    response = staff.get(URL + "tabell.csv?urval=valda&kommuner=Umeå,Malmö&sort=-per_inv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="jamforelse-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["Kommun"] for r in rows] == ["Umeå", "Malmö"]
    umea, malmo = rows
    assert umea["Kommunkod"] == UMEA and malmo["Kommunkod"] == MALMO
    assert float(umea["Utsläpp per invånare (t CO2e)"]) == pytest.approx(2.719, abs=1e-3)
    assert float(umea["Förändring sedan 1990 (%)"]) == pytest.approx(-24.242, abs=1e-3)
    assert float(umea["Förändring sedan 2015 (%)"]) == pytest.approx(-12.065, abs=1e-3)
    assert float(malmo["Utsläpp per invånare (t CO2e)"]) == pytest.approx(2.223, abs=1e-3)
    assert umea["Huvudmålets status"] == "Inte i fas"
    assert umea["År"] == "2024" and umea["Konsumtionens år"] == "2023"
    assert malmo["Huvudmålets ursprung"] == "nationell referens"
    assert umea["Huvudmålets ursprung"] == "kommunens eget mål"
    assert "inget publicerat klimatmål" in malmo["Anmärkningar"]


def test_the_excel_file_holds_the_same_rows_as_numbers(staff, two_cities):
    response = staff.get(URL + "tabell.xlsx?urval=valda&kommuner=Umeå,Malmö")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Data"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert [r["Kommun"] for r in rows] == ["Malmö", "Umeå"]
    assert rows[1]["Utsläpp per invånare (t CO2e)"] == pytest.approx(2.719, abs=1e-3)
    about = " ".join(str(c.value) for c in workbook["Om data"]["A"])
    assert "ett annat års folkmängd används aldrig" in about


def test_downloads_never_hand_a_spreadsheet_a_formula(staff, two_cities):
    from cities.models import City

    City.objects.filter(code=MALMO).update(name='=HYPERLINK("http://x")')
    cache.clear()
    response = staff.get(URL + "tabell.csv?urval=valda&kommuner=" + MALMO)
    assert "'=HYPERLINK" in response.content.decode()
    workbook = load_workbook(io.BytesIO(staff.get(URL + "tabell.xlsx?urval=alla").content))
    names = [c.value for c in workbook["Data"]["B"]]
    assert '\'=HYPERLINK("http://x")' in names


def test_each_chart_downloads_exactly_what_it_plots(staff, two_cities):
    index = staff.get(URL + "diagram/index-1990.csv?urval=valda&kommuner=Umeå,Malmö")
    rows = list(csv.reader(io.StringIO(index.content.decode())))
    assert rows[0] == ["Kommun", "1990", "2000", "2005", "2010", "2015", "2020", "2021",
                       "2022", "2023", "2024"]  # fmt: skip
    umea = next(r for r in rows if r[0] == "Umeå")
    assert float(umea[1]) == 100.0
    assert float(umea[-1]) == pytest.approx(75.758, abs=1e-3)  # 365 009.52 / 481 807.23
    ranking = staff.get(URL + "diagram/per-invanare.xlsx?urval=valda&kommuner=Umeå,Malmö")
    sheet = load_workbook(io.BytesIO(ranking.content))["Data"]
    assert [[c.value for c in row] for row in sheet.iter_rows(2)] == [
        [1, "Umeå", pytest.approx(2.719, abs=1e-3)],
        [2, "Malmö", pytest.approx(2.223, abs=1e-3)],
    ]
    assert staff.get(URL + "diagram/okand.csv").status_code == 404


# --- Who may see it ---------------------------------------------------------------------------

PATHS = [URL, URL + "?urval=alla", URL + "tabell.csv", URL + "tabell.xlsx",
         URL + "diagram/index-1990.csv"]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_anonymous_visitors_are_sent_to_the_login_page(client, two_cities, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("actor", ["malmo_officer", "umea_officer", "umea_admin"])
@pytest.mark.parametrize("path", PATHS)
def test_a_citys_people_get_403_and_nothing_of_the_page(client, two_cities, request, actor, path):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(path)
    assert response.status_code == 403
    text = words(response.content)
    assert "programkontor" in text
    assert "Umeå" not in text and "2,72" not in text and "Jämför kommuner" not in text


def test_the_page_is_only_for_get(staff, two_cities):
    assert staff.post(URL).status_code == 405


def test_superusers_may_see_it(client, two_cities, superuser):
    client.force_login(superuser)
    assert client.get(URL).status_code == 200


# --- Speed: queries fixed, cache invalidated by data changes ---------------------------------


def test_the_query_count_is_the_same_for_23_and_290_municipalities(
    client, staff_user, all_cities, django_assert_num_queries
):
    client.force_login(staff_user)
    # session, user; municipalities, release, totals, population and consumption (one
    # query); the headline targets (goals, targets, releases, totals, observations);
    # actions, investments; the stored page looked for, then written (5)
    for path in (URL, URL + "?urval=alla"):
        # As after a restart: this process's copy of the generation goes with the cache
        # (else a read over a second later, mid-request, starts a new generation).
        _forget()
        # 21: + the Kolada key figures loaded and their values (issue 15)
        # 23: + the sector comparison's release and its rows for 2015 and the latest year
        # 25: + the contract follow-up grid's reads (the contract cities, the versions in
        # force; their commitments and follow-ups when there are versions: 4 then)
        # 24: population and consumption read in one query
        # 23: the published goals read once (they say which cities have goals)
        with django_assert_num_queries(23):
            response = client.get(path)
        assert response.status_code == 200
    with django_assert_num_queries(2):  # warm: the session and the user
        client.get(URL + "?urval=alla")
    assert len(table_rows(response.content)) == 290


def test_a_data_change_shows_at_once(
    staff, two_cities, umea_admin, django_capture_on_commit_callbacks
):
    assert row_of(staff.get(URL).content, "Umeå").split(" ").count("0") >= 1
    with django_capture_on_commit_callbacks(execute=True):  # rebuilt once committed
        action_create(
            city=two_cities[UMEA], by=umea_admin, values={"title": "Ny åtgärd"}, publish=True
        )
    row = row_of(staff.get(URL).content, "Umeå")
    assert " 1 0 % (0 av 1) " in row


def test_the_warm_task_stores_the_common_views(
    client, staff_user, two_cities, django_assert_num_queries
):
    from dashboards.compare.tasks import compare_page_warm

    cache.clear()
    # contract cities, all 290 and the figure that view links, in Swedish and English
    assert compare_page_warm() == 6
    assert compare_page_warm() == 0
    client.force_login(staff_user)
    with django_assert_num_queries(3):  # the session, the user and the stored page
        assert client.get(URL + "?urval=alla").status_code == 200
    with django_assert_num_queries(2):  # then only the session and the user
        assert client.get(URL + "?urval=alla").status_code == 200
    figure = f"{URL}diagram/{SECTOR_CHART}.json?urval=alla"
    with django_assert_num_queries(3):  # the figure likewise: stored, no dataset read
        assert client.get(figure).status_code == 200
    with django_assert_num_queries(2):
        assert client.get(figure).status_code == 200


def test_the_menu_offers_the_comparison_to_staff_only(client, two_cities, staff_user, umea_admin):
    client.force_login(staff_user)
    assert 'href="/programkontoret/jamfor/">Jämför kommuner</a>' in client.get("/").content.decode()
    client.force_login(umea_admin)
    assert "/programkontoret/jamfor/" not in client.get("/").content.decode()


def test_a_download_with_a_bad_selection_is_refused_with_the_reason(staff, two_cities):
    response = staff.get(URL + "tabell.csv?urval=valda&kommuner=Umeo")
    assert response.status_code == 400
    assert "Valda kommuner: hittar ingen kommun som heter eller har koden ”Umeo”." in (
        response.content.decode()
    )


def test_names_in_an_unused_list_are_not_checked(staff, two_cities):
    response = staff.get(URL + "?urval=alla&kommuner=Umeo")
    assert "Urvalet kunde inte användas" not in words(response.content)
    assert len(table_rows(response.content)) == 290
