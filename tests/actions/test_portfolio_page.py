"""The portfolio analysis page: does Umeå's portfolio close the gap to its 2040 target,
checked by hand against the real emission data; sector coverage, investment plan,
follow-ups, filters, downloads; a fixed number of queries however many actions."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from datetime import date, datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

import core.cache
from actions.models import Action
from actions.services import follow_up_create
from indicators.models import EmissionRow
from tests.actions.conftest import words

URL = "/kommuner/umea/atgarder/"


def page(client, url=URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, f"no {element_id} on the page"
    return json.loads(match.group(1))


def umea_trend_2040() -> float:
    """By hand: a least-squares line through ln(emissions) of the five latest published
    years, read at 2040 (the progress engine's log-linear trend)."""
    totals: dict[int, float] = {}
    for year, tonnes in EmissionRow.objects.filter(city__code="2480", subsector="Alla").values_list(
        "year", "tonnes"
    ):
        totals[year] = totals.get(year, 0) + tonnes
    years = sorted(totals)[-5:]
    assert years == [2020, 2021, 2022, 2023, 2024]
    xs, ys = years, [math.log(totals[y]) for y in years]
    mx, my = sum(xs) / 5, sum(ys) / 5
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return math.exp(my + slope * (2040 - mx))


def test_the_gap_is_the_trend_in_2040_minus_the_pathway(client, umea_emissions, umea_goals):
    trend = umea_trend_2040()
    target = 481_807.23 * 0.15  # "minst 85 procent lägre år 2040 än utsläppen år 1990"
    assert round(trend) == 456_480
    assert round(target) == 72_271
    text = words(page(client))
    assert "På nuvarande trend blir utsläppen 456 480 t CO2e år 2040." in text
    assert "Målet (−85 % mot 1990) kräver att de då är högst 72 271 t." in text
    assert f"Glappet är {round(trend - target):,} t CO2e per år.".replace(",", " ") in text
    assert "Glappet är 384 209 t CO2e per år." in text
    assert "Umeå har inga publicerade åtgärder ännu" in text


def test_an_action_with_an_effect_closes_part_of_the_gap(
    client, umea_emissions, umea_goals, action_factory
):
    action_factory(
        city=umea_goals[0].city,
        title="Elektrifierad kollektivtrafik",
        published=True,
        sector="Transporter",
        status="planned",
        expected_reduction=100_000,
        expected_reduction_low=80_000,
        expected_reduction_high=120_000,
        effect_from_year=2026,
    )
    action_factory(city=umea_goals[0].city, title="Klimatfärdplan", published=True, sector="other")
    html = page(client)
    text = words(html)
    # 100 000 / 384 209 = 26 %; 384 209 − 100 000 = 284 209
    assert (
        "Åtgärdernas förväntade minskning är 100 000 t per år (80 000–120 000), 26 % av "
        "glappet. Kvar efter åtgärderna: 284 209 t per år." in text
    )
    assert "Portföljen räcker inte: även den högsta förväntade minskningen är mindre" in text
    assert "Förväntad effekt saknas för 1 av 2 åtgärder." in text
    fig = figure(html, "gap-figure")
    bars = {}
    for trace in fig["data"]:
        if trace["type"] == "bar":
            bases = trace.get("base") or [None] * len(trace["y"])
            for y, x, b in zip(trace["y"], trace["x"], bases, strict=True):
                bars[y] = (b, x)
    assert bars["Trend 2040"][1] == pytest.approx(456_480, abs=1)
    # the reduction bar floats from 356 480 up to the trend's 456 480
    base, width = bars["Åtgärder: Transporter"]
    assert (base, width) == (pytest.approx(356_480, abs=1), 100_000)
    assert bars["Efter åtgärder 2040"][1] == pytest.approx(356_480, abs=1)
    assert bars["Målbana 2040"][1] == pytest.approx(72_271, abs=1)


def test_effects_already_in_the_data_or_too_late_are_not_counted(
    client, umea_emissions, umea_goals, action_factory
):
    umea = umea_goals[0].city
    action_factory(
        city=umea,
        title="Gammal åtgärd",
        published=True,
        expected_reduction=5000,
        effect_from_year=2022,
    )
    action_factory(
        city=umea,
        title="Sen åtgärd",
        published=True,
        expected_reduction=5000,
        effect_from_year=2045,
    )
    text = words(page(client))
    assert "Ingen åtgärd har en förväntad effekt som kan räknas mot glappet" in text
    assert "1 åtgärd räknas inte eftersom effekten började senast 2024" in text
    assert "1 åtgärd räknas inte eftersom effekten börjar efter målåret." in text
    assert "Nej: effekten syns redan i utsläppsdata" in text


def test_without_a_target_the_page_says_the_gap_cannot_be_computed(client, municipalities):
    text = words(page(client, "/kommuner/malmo/atgarder/"))
    assert "Malmö har inget publicerat mål för de territoriella utsläppen" in text
    assert "Malmö har inga publicerade åtgärder ännu" in text


def test_too_little_data_for_a_trend_is_said(client, umea_emissions, umea_goals):
    EmissionRow.objects.filter(city__code="2480", year__gt=2000).delete()
    cache.clear()
    text = words(page(client))
    assert "Det finns för lite utsläppsdata för en trend fram till 2040" in text


def test_the_demo_portfolio_says_no_effect_is_known(client, umea_emissions, umea_goals):
    from actions.demo import umea_actions_load

    umea_actions_load()
    text = words(page(client))
    assert "Förväntad effekt saknas för 14 av 14 åtgärder." in text
    assert "Ingen åtgärd har en förväntad effekt som kan räknas mot glappet" in text
    assert "Ingen åtgärd har kostnader inlagda ännu." in text


def test_a_large_sector_without_actions_stands_out(
    client, umea_emissions, umea_goals, action_factory
):
    action_factory(city=umea_goals[0].city, title="Bussar", published=True, sector="Transporter")
    html = page(client)
    text = words(html)
    # Umeå 2024: El och fjärrvärme 82 603 of 365 010 t = 22,6 %, no action
    # 10 % of the emissions or more and no action: Industri 10,6 %, El och fjärrvärme
    # 22,6 %, Arbetsmaskiner 10,1 % (2024)
    assert (
        "Stora sektorer utan åtgärd: Industri (energi + processer), El och fjärrvärme, "
        "Arbetsmaskiner." in text
    )
    assert "1 av 9 huvudsektorer har minst en åtgärd; de står för 45 % av utsläppen 2024." in text
    assert "El och fjärrvärme 82 603 22,6 % 0 0 – Ja" in text
    assert "Transporter 164 349 45,0 % 1 0 –" in text
    fig = figure(html, "sector-figure")
    uncovered = next(t for t in fig["data"] if t["name"] == "Ingen åtgärd")
    assert "El och fjärrvärme" in uncovered["y"]


def test_in_english_the_sectors_and_charts_read_in_english(
    client, umea_emissions, umea_goals, action_factory
):
    action_factory(city=umea_goals[0].city, title="Bussar", published=True, sector="Transporter")
    client.cookies["django_language"] = "en"
    html = page(client)
    text = words(html)
    assert "Domestic transport 164,349 45.0% 1 0 –" in text
    assert "Electricity and district heating 82,603 22.6% 0 0 – Yes" in text
    fig = figure(html, "sector-figure")
    assert {t["name"] for t in fig["data"]} == {"Has actions", "No action"}
    covered = next(t for t in fig["data"] if t["name"] == "Has actions")
    assert covered["y"] == ["Domestic transport"] and covered["text"] == ["1 action"]
    assert "% of emissions" in covered["hovertemplate"]
    assert fig["layout"]["separators"] == ".,"
    gap = figure(html, "gap-figure")
    assert {t.get("name") for t in gap["data"]} >= {"Emissions 2024", "Trend 2040"}
    assert "Target pathway 2040: 72,271 t CO2e/year" in {t.get("name") for t in gap["data"]}


def test_the_investment_plan_sums_by_year_and_funding_and_gives_cost_per_tonne(
    client, umea_emissions, umea_goals, action_factory
):
    umea = umea_goals[0].city
    action_factory(
        city=umea,
        title="Biogasbussar",
        published=True,
        sector="Transporter",
        expected_reduction=1000,
        effect_from_year=2031,
        funding_status="granted",
        costs=[
            {"year": 2030, "investment_sek": 10_000_000},
            {
                "year": 2031,
                "operating_sek": 2_000_000,
                "funding_source": "Egen budget",
                "funding_status": "own_budget",
            },
        ],
    )
    action_factory(
        city=umea,
        title="Solceller",
        published=True,
        sector="El och fjärrvärme",
        costs=[{"year": 2030, "investment_sek": 3_000_000, "funding_status": "applied"}],
    )
    text = words(page(client))
    assert (
        "Planerade kostnader 2030–2031: 15 000 000 kr, varav investeringar 13 000 000 kr och "
        "drift 2 000 000 kr. Finansierat (egen budget eller beviljat): 12 000 000 kr." in text
    )
    # per year: own budget | applied | granted | investment | operating | total
    assert "2030 0 3 000 000 10 000 000 13 000 000 0 13 000 000" in text.replace("– ", "0 ")
    # 12 000 000 kr over 1 000 t a year × 10 years (2031–2040) = 1 200 kr per tonne
    assert "Biogasbussar 12 000 000 1 000 10 1 200" in text


def test_overdue_follow_ups_are_listed_by_the_citys_cycle(
    client, umea_emissions, umea_goals, action_factory, monkeypatch
):
    umea = umea_goals[0].city
    late = action_factory(city=umea, title="Försenad åtgärd", published=True, status="ongoing")
    done = action_factory(city=umea, title="Uppföljd åtgärd", published=True, status="ongoing")
    action_factory(city=umea, title="Avslutad åtgärd", published=True, status="completed")
    Action.objects.update(created_at=timezone.make_aware(datetime(2024, 1, 10)))
    follow_up_create(
        action=done, by=None, values={"period_year": 2024, "period_number": 2}, publish=True
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 6, 1))
    text = words(page(client))
    assert (
        "Umeå följer upp sina åtgärder tre gånger per år (tertial). 1 åtgärd har en "
        "försenad uppföljning. 0 ska följas upp under innevarande period." in text
    )
    assert "Försenad åtgärd Pågående Ingen ännu T1 2024 30 april 2024 Försenad 1" in text
    assert "Avslutad åtgärd Genomförd Ingen" not in text
    assert late.title in text


def test_filters_narrow_the_actions_but_not_the_gap(
    client, umea_emissions, umea_goals, action_factory
):
    umea = umea_goals[0].city
    action_factory(
        city=umea,
        title="Bussar",
        published=True,
        sector="Transporter",
        expected_reduction=10_000,
        effect_from_year=2030,
    )
    action_factory(
        city=umea,
        title="Fjärrvärme",
        published=True,
        sector="El och fjärrvärme",
        expected_reduction=20_000,
        effect_from_year=2030,
    )
    text = words(page(client, URL + "?sektor=Transporter&status=okänd"))
    assert "Filtrerat: visar 1 av 2 åtgärder." in text
    assert "Åtgärdernas förväntade minskning är 10 000 t per år" in text
    assert "Glappet är 384 209 t CO2e per år." in text


def test_drafts_count_for_the_citys_people_but_not_for_the_public(
    client, umea_emissions, umea_goals, action_factory, umea_officer
):
    action_factory(
        city=umea_goals[0].city, title="Utkastet", expected_reduction=1, effect_from_year=2030
    )
    assert "Utkastet" not in page(client)
    client.force_login(umea_officer)
    text = words(page(client))
    assert "Utkastet" in text
    assert "Du ser även utkast: 1 åtgärd är inte publicerad" in text
    assert "Lägg till åtgärd" in text


def test_every_table_downloads_as_csv_and_xlsx(client, umea_emissions, umea_goals, action_factory):
    action_factory(
        city=umea_goals[0].city,
        title='=HYPERLINK("x")',
        published=True,
        sector="Transporter",
        expected_reduction=500,
        effect_from_year=2030,
    )
    html = page(client)
    slugs = set(re.findall(r"/kommuner/umea/atgarder/tabeller/([-\w]+)\.csv", html))
    assert slugs == {
        "glapp",
        "glapp-sektor",
        "effekt",
        "sektorer",
        "investeringar",
        "investeringar-sektor",
        "kostnad-per-ton",
        "uppfoljning",
        "status",
        "typer",
        "sidonyttor",
        "atgarder",
        "inriktning",
        "klimatrisker",
        "synergier",
        "konflikter",
    }
    for slug in slugs:
        response = client.get(f"/kommuner/umea/atgarder/tabeller/{slug}.csv")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0]  # a header
        xlsx = client.get(f"/kommuner/umea/atgarder/tabeller/{slug}.xlsx")
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet["A1"].value.startswith("Umeå: ")
    rows = list(
        csv.reader(
            io.StringIO(client.get("/kommuner/umea/atgarder/tabeller/effekt.csv").content.decode())
        )
    )
    assert rows[1][0] == '\'=HYPERLINK("x")'  # a formula is written as text, never run
    assert rows[1][3] == "500.0"
    assert client.get("/kommuner/umea/atgarder/tabeller/nope.csv").status_code == 404


@pytest.mark.parametrize("n", [1, 30])
def test_the_page_costs_the_same_queries_whatever_the_number_of_actions(
    client, umea_emissions, umea_goals, action_factory, django_assert_num_queries, n
):
    umea = umea_goals[0].city
    for i in range(n):
        action = action_factory(
            city=umea,
            title=f"Åtgärd {i}",
            published=True,
            sector="Transporter",
            expected_reduction=100,
            effect_from_year=2030,
            co_benefits=["health"],
            costs=[{"year": 2030, "investment_sek": 1000}],
        )
        follow_up_create(
            action=action, by=None, values={"period_year": 2025, "period_number": 1}, publish=True
        )
    cache.clear()
    core.cache.forget_local()  # the generation as a restart reads it: the same from now on
    # The public page is a stored page: looked for, then built (the same queries as below)
    # and stored (an update, then an insert in a savepoint).
    with django_assert_num_queries(1 + 10 + 4):
        client.get(URL)
    with django_assert_num_queries(0):  # then from this process's memory
        client.get(URL)
    # A filtered view is rendered per request: city; the assessments the city page reads
    # too (goals, targets, releases, emissions, observations, carbon budget); actions,
    # costs, follow-ups.
    filtered = URL + "?sektor=Transporter"
    with django_assert_num_queries(10):
        client.get(filtered)
    with django_assert_num_queries(1):  # cached: only the city
        client.get(filtered)


def test_staff_read_drafts_without_edit_links_and_other_cities_see_only_published(
    client, umea_emissions, umea_goals, action_factory, staff_user, malmo_officer
):
    action_factory(city=umea_goals[0].city, title="Utkastet")
    client.force_login(staff_user)
    text = words(page(client))
    assert "Utkastet" in text and "Lägg till åtgärd" not in text
    client.force_login(malmo_officer)
    text = words(page(client))
    assert "Utkastet" not in text and "Lägg till åtgärd" not in text


@pytest.mark.parametrize(
    ("actor", "sees_draft"),
    [(None, False), ("malmo_officer", False), ("umea_officer", True), ("staff_user", True)],
)
def test_downloads_show_drafts_only_to_those_who_may_read_them(
    client, umea_emissions, umea_goals, action_factory, actor, sees_draft, request
):
    action_factory(city=umea_goals[0].city, title="Publicerad åtgärd", published=True)
    action_factory(city=umea_goals[0].city, title="Utkastet")
    if actor:
        client.force_login(request.getfixturevalue(actor))
    table = client.get("/kommuner/umea/atgarder/tabeller/atgarder.csv").content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get("/kommuner/umea/atgarder/atgarder.xlsx").content)
    )
    titles = [row[2].value for row in workbook["Åtgärder"].iter_rows(min_row=2)]
    assert "Publicerad åtgärd" in table and "Publicerad åtgärd" in titles
    assert ("Utkastet" in table) is sees_draft
    assert ("Utkastet" in titles) is sees_draft


@pytest.mark.parametrize("n", [1, 12])
def test_an_action_page_costs_the_same_queries_whatever_its_follow_ups(
    client, umea, action_factory, django_assert_num_queries, n
):
    action = action_factory(
        city=umea, title="Åtgärd", published=True, costs=[{"year": 2030, "investment_sek": 1}]
    )
    for i in range(n):
        follow_up_create(
            action=action,
            by=None,
            values={"period_year": 2020 + i, "period_number": 1, "text": f"Uppföljning {i}"},
            publish=True,
        )
    # city, action, goals, indicators, costs, follow-ups, their attachments (issue 14)
    with django_assert_num_queries(7):
        html = client.get(f"/kommuner/umea/atgarder/{action.pk}/").content.decode()
    assert html.count('class="card follow-up"') == n
