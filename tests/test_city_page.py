"""The public city page: Umeå's goals and targets as cards with a status and its
explanation, each target's chart with its table and downloads, the emissions section
(sectors with honest gaps, shares, per inhabitant, consumption-based, removals), the
carbon budget as Klimatkollen's allocation, sources credited, a fixed number of queries."""

import csv
import io
import itertools
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cities.models import City
from dashboards.city.pages import render_city_page
from indicators.models import EmissionRow, Indicator, Target
from tests.city_data import synthetic_observations
from tests.conftest import load_emissions
from tests.factories import (
    CityFactory,
    GoalFactory,
    IndicatorFactory,
    ObservationFactory,
    TargetFactory,
)

NBSP = "\u00a0"


def page(client, slug: str) -> str:
    response = client.get(reverse("city:detail", kwargs={"slug": slug}))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page's words with tags dropped and spacing normalised."""
    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain).replace(NBSP, " ")
    return re.sub(r"\s+", " ", plain)


def figure(html: str, element_id: str) -> dict:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, f"no {element_id} on the page"
    return json.loads(match.group(1))


def traces(fig: dict) -> dict[str, dict]:
    return {trace["name"]: trace for trace in fig["data"]}


def target_chart_id(indicator_key: str) -> str:
    target = Target.objects.filter(indicator__key=indicator_key).order_by("order", "pk").first()
    return f"mal-{target.pk}"


def block(html: str, chart_id: str) -> str:
    """The HTML of one chart block (figure, summary, table, downloads)."""
    start = html.index(f'<div class="chart-block" id="{chart_id}">')
    end = (
        html.index('<div class="chart-block"', start + 1)
        if html.count('<div class="chart-block"', start + 1)
        else len(html)
    )
    return html[start:end]


def test_umea_shows_its_goals_exactly_as_the_contract_states_them(
    client, umea_emissions, umea_goals
):
    words = text(page(client, "umea"))
    assert "Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp av växthusgaser." in words
    assert "minska till 2 ton" not in words  # the contract's own wording, not a paraphrase
    assert (
        "minskar till 2 ton CO2-ekvivalent per person till år 2040 och 1 ton till år 2050" in words
    )
    assert "Umeå kommunkoncern ska vara klimatneutral 2025" in words
    assert "drivmedlen är fossilfria år 2030" in words
    assert "minst 65 procent av alla resor för boende inom Umeå tätort" in words
    # the targets, with their numbers
    assert "Högst 2,0 t CO2e/invånare till år 2040" in words
    assert "Högst 1,0 t CO2e/invånare till år 2050" in words
    assert "Minst 65 % till år 2025" in words
    assert "Minst 100 % till år 2030" in words
    assert "utsläppen minst 85 % lägre än 1990" in words
    # −85 % of the newest release's 1990 level (481 807 t) is 72 271 t
    assert "högst 72 271 t CO2e" in words
    assert "beslutat av kommunfullmäktige februari 2020" in words
    assert "Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.1" in words


def test_each_target_has_a_status_badge_with_its_explanation_and_rates(
    client, umea_emissions, umea_goals
):
    words = text(page(client, "umea"))
    # Net zero 2040 against the newest release: the trend 2020–2024 rises.
    assert (
        "Status: Inte i fas Utsläppen behöver minska med 9,6 % per år till 2040; de senaste "
        "fem åren (2020–2024) ökade de med 1,7 % per år."
    ) in words
    assert "Senaste värde 365 010 t CO2e (2024)" in words
    assert "Förändring som behövs −9,6 % per år (2024–2040)" in words
    assert "Förändring hittills (trend) +1,7 % per år (2020–2024)" in words
    assert "Med trenden år 2040 456 480 t CO2e 95 %-intervall: 172 464–1 208 217" in words
    assert "Målet nås med trenden inte före 2100" in words
    # No removals are recorded: said, not silently assumed to be zero.
    assert "Inga upptag (kolsänkor) är registrerade, så målet följs upp på utsläppen" in words
    # Targets without data (here also the consumption targets: no SEI values are loaded):
    # no_data with its explanation.
    assert words.count("Status: Data saknas Det finns inga värden att följa upp ännu.") == 5


def test_goals_without_data_get_no_chart(client, umea_emissions, umea_goals):
    html = page(client, "umea")
    for key in ("organisation_ghg", "fossil_free_fuel_share", "sustainable_trips_share"):
        assert f'id="{target_chart_id(key)}-figure"' not in html
        assert f'id="{target_chart_id(key)}"' not in html


def test_the_consumption_target_with_two_sei_years_is_too_little_data(
    client, umea_emissions, umea_goals, umea_consumption
):
    html = page(client, "umea")
    words = text(html)
    assert (
        "Status: För lite data Utsläppen per person behöver minska med 5,6 % per år till 2040; "
        "mellan 2022 och 2023 minskade de med 4,7 % per år, men minst tre värden behövs för "
        "att bedöma trenden."
    ) in words
    assert "Senaste värde 5,28 t CO2e/invånare (2023)" in words
    # Both targets on one chart, the two published values, no trend drawn from two points.
    fig = figure(html, target_chart_id("consumption_emissions_per_person") + "-figure")
    names = traces(fig)
    assert names["Slutligt värde"]["x"] == [2022, 2023]
    assert names["Slutligt värde"]["y"] == [5.541, 5.282]
    assert names["Mål 2040"]["y"] == [2.0] and names["Mål 2050"]["y"] == [1.0]
    assert not any(name.startswith("Trend") for name in names)
    assert "Ingen trend visas: minst tre värden behövs." in words
    assert "Källa: SEI Konsumtionskompassen" in words


def test_the_target_chart_has_gaps_the_pathway_the_trend_band_and_the_net_zero_marker(
    client, umea_emissions, umea_goals
):
    html = page(client, "umea")
    fig = figure(html, target_chart_id("territorial_ghg") + "-figure")
    names = traces(fig)
    observed = names["Utfall"]
    by_year = dict(zip(observed["x"], observed["y"], strict=True))
    assert by_year[1990] == pytest.approx(481807, abs=1)
    assert by_year[1995] is None  # SMHI published no 1995 value: a gap, not a guess
    assert by_year[2016] is None
    assert by_year[2024] == pytest.approx(365010, abs=1)
    assert observed["connectgaps"] is False
    pathway = names["Målbana mot 2040 (rak linje)"]
    path = dict(zip(pathway["x"], pathway["y"], strict=True))
    assert path[1990] == pytest.approx(481807, abs=1)
    assert path[2040] == pytest.approx(481807 * 0.15, abs=1)
    assert path[2015] == pytest.approx((481807 + 481807 * 0.15) / 2, abs=1)
    assert pathway["line"]["dash"] == "dash"
    target = names["Nettonoll 2040"]
    assert target["x"] == [2040] and target["text"] == ["Nettonoll 2040"]
    assert target["marker"]["symbol"] == "star"
    trend = names["Trend 2020–2024"]
    assert trend["line"]["dash"] == "dot"
    assert dict(zip(trend["x"], trend["y"], strict=True))[2040] == pytest.approx(456480, abs=1)
    band = names["Trendens osäkerhet (95 %)"]
    assert band["fill"] == "tonexty" and band["x"][0] == 2024 and band["x"][-1] == 2040
    # The band is far wider than the values; the axis stops and the page says so.
    assert "Osäkerhetsbandet fortsätter ovanför diagrammets kant" in text(html)


def test_the_table_beside_a_chart_holds_exactly_what_it_plots(client, umea_emissions, umea_goals):
    html = page(client, "umea")
    chart_id = target_chart_id("territorial_ghg")
    fig = figure(html, chart_id + "-figure")
    table = block(html, chart_id)
    rows = re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', table)
    cells = {int(year): re.findall(r"<td[^>]*>(.*?)</td>", row) for year, row in rows}
    header = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    assert header[:3] == ["År", "Utfall (t CO2e)", "Status"]
    assert cells[2024][0] == f"365{NBSP}010" and cells[2024][1] == "slutligt"
    observed_years = [
        x for x, y in zip(*(traces(fig)["Utfall"][k] for k in "xy"), strict=True) if y
    ]
    assert [y for y, c in cells.items() if c[0] != "–"] == observed_years
    pathway = traces(fig)["Målbana mot 2040 (rak linje)"]
    column = header.index("Målbana mot 2040 (rak linje) (t CO2e)") - 1
    assert [y for y, c in cells.items() if c[column] != "–"] == pathway["x"]


def test_a_chart_downloads_as_csv_and_xlsx_with_exactly_its_values(
    client, umea_emissions, umea_goals
):
    html = page(client, "umea")
    chart_id = target_chart_id("territorial_ghg")
    names = traces(figure(html, chart_id + "-figure"))
    url = reverse("city:chart-data", kwargs={"slug": "umea", "chart": chart_id, "fmt": "csv"})
    assert f'href="{url}"' in html
    response = client.get(url)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="umea-{chart_id}.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_year = {int(r["År"]): r for r in rows}
    assert float(by_year[2024]["Utfall (t CO2e)"]) == 365009.52
    assert by_year[2024]["Status"] == "slutligt"
    trend = dict(zip(names["Trend 2020–2024"]["x"], names["Trend 2020–2024"]["y"], strict=True))
    assert {
        y: float(r["Trend 2020–2024 (t CO2e)"])
        for y, r in by_year.items()
        if r["Trend 2020–2024 (t CO2e)"]
    } == trend
    assert float(by_year[2040]["Nettonoll 2040 (t CO2e)"]) == names["Nettonoll 2040"]["y"][0]

    xlsx = client.get(url.replace(".csv", ".xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["År", "Utfall (t CO2e)"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[2024] == 365009.52 and values[1995] is None
    about = [row[0] for row in book["Om data"].iter_rows(values_only=True)]
    assert any("SMHI" in line for line in about)


def test_an_unknown_chart_or_format_is_404(client, umea_emissions, umea_goals):
    assert client.get("/kommuner/umea/diagram/inget.csv").status_code == 404
    assert client.get("/kommuner/umea/diagram/sektorer.pdf").status_code == 404
    assert client.get("/kommuner/atlantis/diagram/sektorer.csv").status_code == 404


def test_umea_shows_its_latest_emissions_in_swedish_number_format(client, umea_emissions):
    words = text(page(client, "umea"))
    latest = EmissionRow.objects.filter(city__code="2480", year=2024).values_list(
        "tonnes", flat=True
    )
    assert round(sum(latest)) == 365010
    assert "Utsläpp 2024 365 010 t CO2e" in words
    # 365 010 / 481 807 − 1 = −24,2 %
    assert "Förändring 1990–2024 −24,2 %" in words
    assert "Källa: SMHI, Nationella emissionsdatabasen" in words


def test_the_sector_chart_stacks_areas_only_over_consecutive_published_years(
    client, umea_emissions
):
    html = page(client, "umea")
    fig = figure(html, "sektorer-figure")
    transport = [t for t in fig["data"] if t["name"] == "Transporter"]
    # Bars for the years that stand alone, one area over 2020–2024; nothing in between.
    assert [(t["type"], t["x"]) for t in transport] == [
        ("bar", [1990]),
        ("bar", [2000]),
        ("bar", [2005]),
        ("bar", [2010]),
        ("bar", [2015]),
        ("scatter", [2020, 2021, 2022, 2023, 2024]),
    ]
    assert transport[-1]["stackgroup"] == "run-2020"
    assert fig["layout"]["barmode"] == "stack"
    # Every sector is told apart by a pattern as well as by colour (grey scale).
    patterns = {
        (t.get("fillpattern") or t.get("marker", {}).get("pattern", {})).get("shape")
        for t in fig["data"]
        if t["type"] == "bar"
    }
    assert len(patterns) >= 8
    words = text(html)
    assert "År som står ensamma (1990, 2000, 2005, 2010, 2015) visas som staplar" in words
    assert "inget är interpolerat" in words
    table = block(html, "sektorer")
    assert re.findall(r'<th scope="row">(\d{4})</th>', table) == [
        "1990",
        "2000",
        "2005",
        "2010",
        "2015",
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]


def test_the_latest_years_sector_shares(client, umea_emissions):
    html = page(client, "umea")
    fig = figure(html, "sektorandelar-figure")
    bars = fig["data"][0]
    shares = dict(zip(bars["y"], bars["x"], strict=True))
    assert sum(shares.values()) == pytest.approx(100, abs=0.01)
    assert max(shares, key=shares.get) == "Transporter"
    assert "Transporter stod för 45,0 % av utsläppen 2024." in text(html)


def test_per_person_needs_the_population_and_says_so_when_it_is_missing(
    client, umea_emissions, umea_goals
):
    words = text(page(client, "umea"))
    assert (
        "Folkmängden för Umeå finns inte inläst, så de territoriella utsläppen kan inte "
        "räknas om per invånare."
    ) in words
    assert "Konsumtionsbaserade utsläpp för Umeå finns inte inlästa." in words
    assert "per-invanare-figure" not in page(client, "umea")


def test_territorial_and_consumption_based_per_person_side_by_side(
    client, umea_emissions, umea_goals, umea_population, umea_consumption
):
    html = page(client, "umea")
    names = traces(figure(html, "per-invanare-figure"))
    territorial = names["Territoriella utsläpp per invånare"]
    consumption = names["Konsumtionsbaserade utsläpp per invånare"]
    per_person = dict(zip(territorial["x"], territorial["y"], strict=True))
    # 2022: 316 772.63 t / 132 235 inhabitants (Kolada N01951) = 2.395 t
    assert per_person[2022] == pytest.approx(316772.63 / 132235, abs=0.001)
    assert consumption["x"] == [2022, 2023]
    assert territorial["line"]["dash"] != consumption["line"]["dash"]
    words = text(html)
    assert "Per invånare 2024" not in words  # Kolada's population ends before 2024
    assert "Per invånare 2022 2,40 t CO2e" in words
    assert "Konsumtionsbaserat per invånare 2023 5,28 t CO2e" in words
    assert "Källa: Kolada (RKA)" in words


def test_emissions_removals_and_net_when_removals_are_recorded(client, umea_emissions, umea_goals):
    # Synthetic removals (no real file has them): labelled as test data.
    synthetic_observations(
        "removals",
        {2022: 50000.0, 2023: 52000.0, 2024: 51000.0},
        name="Upptag (syntetiska testdata)",
        unit="t CO2e",
    )
    html = page(client, "umea")
    names = traces(figure(html, "netto-figure"))
    assert names["Upptag"]["y"] == [-50000.0, -52000.0, -51000.0]
    net = dict(zip(names["Nettoutsläpp"]["x"], names["Nettoutsläpp"]["y"], strict=True))
    assert net[2024] == pytest.approx(365009.52 - 51000.0)
    words = text(html)
    assert "Nettoutsläppen 2024 var 314 010 t CO2e." in words
    # The net-zero goal is now judged on net emissions.
    assert "Nettoutsläppen behöver minska" in words
    assert "Källa: Syntetiska testdata" in words


def test_the_carbon_budget_is_klimatkollens_allocation_followed_on_fossil_co2(
    client, umea_emissions, umea_goals, umea_co2, umea_budget, december_2026
):
    html = page(client, "umea")
    words = text(html)
    assert "Koldioxidbudget – Klimatkollens fördelning" in words
    assert "Utsläppsutrymme från 2024 till och med 2050 534 038 t CO2" in words
    assert "Tar slut med nuvarande trend 2026" in words
    assert "Härledd siffra från Klimatkollen, inte officiell statistik." in words
    assert "Uppsala universitets koldioxidbudget" in words
    assert "Budgeten gäller bara fossil koldioxid (CO2)" in words
    # As of December 2026: CO2 is published through 2022, 2023–2025 are estimated, and
    # the budget (from 2024) counts 2024 and 2025 as estimates, each with its years.
    assert "Använt 2024–2025 472 011 t CO2" in words
    assert "varav uppskattat 2024–2025 472 011 t CO2" in words
    assert "Återstår efter 2025 62 027 t CO2" in words
    assert "SMHI:s statistik finns till och med 2022. 2023–2025 är ännu inte publicerade" in words
    assert "inga utsläpp från 2024 är publicerade ännu" not in words
    names = traces(figure(html, "koldioxidbudget-figure"))
    path = dict(
        zip(names["Bana inom budgeten"]["x"], names["Bana inom budgeten"]["y"], strict=True)
    )
    assert min(path) == 2024 and max(path) == 2050
    assert sum(path.values()) == pytest.approx(534037.912, rel=1e-3)


def test_no_budget_section_without_a_budget(client, umea_emissions, umea_goals):
    assert "Koldioxidbudget" not in text(page(client, "umea"))


def test_a_municipality_without_goals_says_so(client, municipalities):
    words = text(page(client, "malmo"))
    assert "Inga klimatmål har registrerats för Malmö ännu." in words
    assert "Det finns inga utsläppsdata för kommunen ännu." in words


def test_an_unknown_municipality_is_404(client, municipalities):
    response = client.get("/kommuner/atlantis/")
    assert response.status_code == 404


def test_unpublished_goals_are_not_on_the_public_page(client, umea_emissions, umea_goals):
    City.objects.get(code="2480").goals.filter(order=5).update(is_published=False)
    words = text(page(client, "umea"))
    assert "minst 65 procent av alla resor" not in words


def test_the_page_costs_the_same_queries_for_1_or_290_cities_with_data(
    client, municipalities, ggt_newest, umea_goals, django_assert_num_queries
):
    # Building the page from the database (what its stored page holds; dashboards.stored).
    load_emissions(ggt_newest, {"2480"})
    # 9: the city, its progress (five: goals with their targets, releases, emission rows,
    # observations, carbon budget; its releases also name the one before the newest, for
    # a note on revisions that changed a status), the city's reported inventories and
    # climate plan, its published climate partnerships (dashboards.city.reads).
    with django_assert_num_queries(9) as one:
        render_city_page("umea")
    load_emissions(ggt_newest)  # every municipality
    assert EmissionRow.objects.values("city").distinct().count() == 290
    with django_assert_num_queries(len(one.captured_queries)):
        render_city_page("umea")


def test_the_query_count_does_not_grow_with_goals_targets_indicators_or_years(
    client,
    umea_emissions,
    umea_goals,
    umea_co2,
    umea_budget,
    umea_population,
    umea_consumption,
    django_assert_num_queries,
):
    from cities.services import goal_create
    from indicators.services.targets import target_create

    with django_assert_num_queries(9):
        render_city_page("umea")
    umea = City.objects.get(code="2480")
    for i in range(6):  # more goals, targets and indicators, with more years of values
        indicator = synthetic_observations(
            f"synthetic_{i}",
            {2015 + y: 10.0 + y + i for y in range(10)},
            name=f"Syntetisk indikator {i}",
            unit="%",
            direction="higher",
        )
        goal = goal_create(city=umea, title=f"Syntetiskt mål {i}", scope="area", is_published=True)
        target_create(
            goal=goal,
            indicator=indicator,
            kind="share",
            target_year=2030,
            target_value=50.0,
            is_published=True,
        )
    with django_assert_num_queries(9):
        assert b"Syntetiskt m\xc3\xa5l 5" in render_city_page("umea").body


def test_a_stored_page_is_served_from_memory_without_queries(
    client, umea_emissions, django_assert_num_queries
):
    page(client, "umea")
    with django_assert_num_queries(0):
        page(client, "umea")


def test_a_data_change_shows_on_the_next_request(
    client, umea_emissions, umea_goals, django_capture_on_commit_callbacks
):
    assert "Slutmål" not in text(page(client, "umea"))
    from cities.services import goal_create

    with django_capture_on_commit_callbacks(execute=True):  # rebuilt once committed
        goal_create(
            city=City.objects.get(code="2480"), title="Slutmål", scope="area", is_published=True
        )
    assert "Slutmål" in text(page(client, "umea"))


def test_publishing_a_goal_shows_it_on_the_next_request(
    client, umea_emissions, umea_goals, django_capture_on_commit_callbacks
):
    from cities.history import mark_published
    from cities.services import goal_create

    goal = goal_create(city=City.objects.get(code="2480"), title="Utkastmål", scope="area")
    assert "Utkastmål" not in text(page(client, "umea"))
    with django_capture_on_commit_callbacks(execute=True):  # rebuilt once committed
        mark_published(goal, by=None)
    assert "Utkastmål" in text(page(client, "umea"))


def test_plotly_is_served_from_our_own_static_files(client, umea_emissions):
    html = page(client, "umea")
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert "/static/vendor/plotly/plotly-basic.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)


def test_a_page_without_charts_loads_no_plotly(client, municipalities):
    assert "plotly" not in page(client, "malmo")


@pytest.mark.parametrize("slug", ["umea", "malmo", "ostra-goinge"])
@pytest.mark.parametrize("chart_id", ["sektorer", "mal-12", "per_invanare", "år-ö"])
def test_a_charts_download_addresses_are_the_routes_own(slug, chart_id):
    from dashboards.templatetags.charts import chart_data_url

    for fmt in ("csv", "xlsx"):
        expected = reverse("city:chart-data", kwargs={"slug": slug, "chart": chart_id, "fmt": fmt})
        assert chart_data_url(slug, chart_id, fmt) == expected


def test_a_goals_own_words_are_escaped_and_marked_swedish_in_both_languages(
    client, umea_emissions, umea_goals
):
    from datetime import date

    from django.utils import translation

    from cities.services import goal_create

    goal_create(
        city=City.objects.get(code="2480"),
        title="Mål <script>alert(1)</script> & mer",
        scope="area",
        description='Beskrivning med "citat" & <b>fetstil</b>',
        decided_by="Kommunfullmäktige",
        decided_on=date(2021, 3, 1),
        source_reference="Protokoll <§ 12>",
        is_published=True,
    )
    for language, month, source in (("sv", "mars 2021", "Källa:"), ("en", "March 2021", "Source:")):
        with translation.override(language):
            body = render_city_page("umea").body.decode()
        assert "<script>alert(1)</script>" not in body
        assert ">Mål &lt;script&gt;alert(1)&lt;/script&gt; &amp; mer</h3>" in body
        assert (
            '<p lang="sv">Beskrivning med &quot;citat&quot; &amp; &lt;b&gt;fetstil&lt;/b&gt;</p>'
            in body
        )
        assert f'<span lang="sv">kommunfullmäktige</span> {month}</p>' in body
        assert f'{source} <span lang="sv">Protokoll &lt;§ 12&gt;</span></p>' in body


def test_each_target_chart_says_which_trend_line_it_draws(
    client, umea, umea_emissions, umea_goals, goal_factory, target_factory
):
    """The contract's −85 % target is followed by a constant percentage a year; a target
    of zero by a straight line (a percentage decline never gets there), and each chart's
    note says which, as its trend's values are."""
    territorial = Indicator.objects.get(key="territorial_ghg")
    goal = goal_factory(city=umea, title="Inga utsläpp 2045", published=True)
    zero = target_factory(
        goal=goal, indicator=territorial, target_year=2045, target_value=0.0, published=True
    )
    html = page(client, "umea")
    percentage, straight = (
        block(html, target_chart_id("territorial_ghg")),
        block(html, f"mal-{zero.pk}"),
    )
    assert "Trenden följer en konstant procentuell förändring per år." in percentage
    assert "Trenden är en rak linje" not in percentage
    assert (
        "Trenden är en rak linje (samma förändring varje år): målet är noll eller lägre, "
        "och en konstant procentuell minskning når aldrig dit." in straight
    )
    assert "konstant procentuell förändring per år" not in straight

    def steps(chart_id: str) -> set[float]:
        trend = traces(figure(html, f"{chart_id}-figure"))["Trend 2020–2024"]["y"]
        return {round(b - a) for a, b in itertools.pairwise(trend)}

    assert len(steps(f"mal-{zero.pk}")) == 1  # the same change every year
    assert len(steps(target_chart_id("territorial_ghg"))) > 1  # the same percentage

    # Its card tells the change so far in tonnes, as the change needed: like with like.
    card = re.search(
        rf'<section class="target" aria-labelledby="target-{zero.pk}">(.*?)</section>', html, re.S
    )
    facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card.group(1)))
    needed, so_far = facts["Förändring som behövs"], facts["Förändring hittills (trend)"]
    assert needed.endswith("t CO2e per år (2024–2045)") and needed.startswith("−")
    assert so_far.endswith("t CO2e per år (2020–2024)") and "%" not in so_far


def test_a_target_of_zero_and_a_line_that_reaches_it_read_as_zero(db):
    """A level of 0 is "0 st", not "0,00 st"; a straight line falling through zero stops
    there, and its 95 % interval's ends share their decimals ("0–…", not "0,00–…")."""
    city = CityFactory(name="Nollby")
    indicator = IndicatorFactory(name="Fossildrivna bilar i kommunens flotta", unit="st")
    goal = GoalFactory(city=city, published=True, title="Inga fossila bilar")
    TargetFactory(goal=goal, indicator=indicator, published=True, target_year=2030)
    for year, value in ((2019, 400), (2020, 300), (2021, 220), (2022, 150), (2023, 90)):
        ObservationFactory(city=city, indicator=indicator, year=year, value=value, published=True)

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", render_city_page(city.slug).body.decode()))
    assert "Högst 0 st till år 2030" in text
    assert "Målet för 2030 är 0 st" in text
    assert "Med trenden år 2030 0 st 95 %-intervall: 0–" in text.replace("\xa0", " ")
    # (a chart's table keeps each column's decimals: "0,00" in a column of hundredths)


def test_the_estimates_of_a_series_below_zero_are_not_cut_at_zero(db):
    """A net series recorded as such (no removals beside it) may go below zero: its
    estimates of the years not yet published follow its trend there, as the line drawn
    towards its target does (``level_floor``, one rule for both)."""
    from indicators.assessments import city_progress

    city = CityFactory(name="Nettoby")
    indicator = IndicatorFactory(name="Nettoutsläpp enligt kommunen", unit="t")
    goal = GoalFactory(city=city, published=True, title="Klimatpositiv")
    TargetFactory(goal=goal, indicator=indicator, published=True, target_value=-50.0)
    for year, value in ((2019, 10.0), (2020, 5.0), (2021, 0.0), (2022, -5.0), (2023, -10.0)):
        ObservationFactory(city=city, indicator=indicator, year=year, value=value, published=True)

    (target,) = city_progress(city, today_year=2025).goals[0].targets
    assert target.estimates.points == ((2024, -15.0), (2025, -20.0))
    assert min(value for _year, value in target.assessment.trend) < 0
