"""Estimates of the lag years, shown apart: the years after the latest published year up to
the last year that has ended are estimated (``indicators.progress.nowcast``), drawn
dashed, labelled "uppskattat", in a column of their own, and never judged.

As of 7 December 2026 the last year that has ended is 2025: Umeå's greenhouse gases are
published through 2024 (2025 is estimated), its fossil CO2 through 2022 (2023–2025).
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from cities.models import City
from indicators.assessments import city_progress
from tests.conftest import UMEA
from tests.test_city_page import figure, page, target_chart_id, text, traces

ESTIMATED = "Uppskattat, ej publicerat ännu"


def test_the_lag_year_of_a_target_is_drawn_dashed_and_listed_apart(
    client, umea_emissions, umea_goals, december_2026
):
    html = page(client, "umea")
    chart_id = target_chart_id("territorial_ghg")
    names = traces(figure(html, chart_id + "-figure"))
    estimated = names[ESTIMATED]
    assert estimated["line"]["dash"] == "dash"
    # Drawn on from the last published value (2024, no marker of its own) into 2025.
    assert estimated["x"] == [2024, 2025]
    assert estimated["marker"]["size"] == [0, 9]
    assert estimated["y"][0] == names["Utfall"]["y"][names["Utfall"]["x"].index(2024)]
    assert 2025 not in [
        x for x, y in zip(names["Utfall"]["x"], names["Utfall"]["y"], strict=True) if y
    ]
    # The trend is fitted on published years only.
    assert "Trend 2020–2024" in names
    words = text(html)
    assert (
        "Streckat, 2025: uppskattat, ännu inte publicerat. Trenden 2015–2024 (en medianlinje, "
        "Theil–Sen) förlängd från det senast publicerade värdet (2024)."
    ) in words

    url = reverse("city:chart-data", kwargs={"slug": "umea", "chart": chart_id, "fmt": "csv"})
    rows = {int(r["År"]): r for r in csv.DictReader(io.StringIO(client.get(url).content.decode()))}
    assert rows[2025]["Utfall (t CO2e)"] == "" and rows[2025]["Status"] == ""
    assert float(rows[2025][f"{ESTIMATED} (t CO2e)"]) == estimated["y"][1]
    assert rows[2024][f"{ESTIMATED} (t CO2e)"] == ""


def test_estimates_never_change_a_status_or_the_latest_value(
    umea_emissions, umea_goals, december_2026
):
    progress = city_progress(City.objects.get(code=UMEA))
    (main,) = [t for t in progress.targets() if t.indicator.key == "territorial_ghg"]
    assert main.estimates is not None and main.estimates.years == (2025,)
    assert main.assessment.latest.year == 2024
    assert main.judged.years[-1] == 2024
    assert main.assessment.window_years[-1] == 2024


def test_the_goals_api_carries_each_targets_estimates_apart(
    client, umea_emissions, umea_goals, december_2026
):
    body = client.get(f"/api/v1/cities/{UMEA}/goals/").json()
    net_zero = body["goals"][1]["targets"][0]
    estimates = net_zero["estimates"]
    assert estimates["method"] == "theil_sen_anchored"
    assert estimates["anchor_year"] == 2024 and estimates["estimated_through"] == 2025
    assert [p["year"] for p in estimates["points"]] == [2025]
    assert net_zero["observations"][-1]["year"] == 2024  # never among the published values


def test_the_budget_chart_draws_the_unpublished_co2_years_dashed(
    client, umea_emissions, umea_goals, umea_co2, umea_budget, december_2026
):
    html = page(client, "umea")
    names = traces(figure(html, "koldioxidbudget-figure"))
    estimated = names[ESTIMATED]
    assert estimated["x"] == [2022, 2023, 2024, 2025]
    progress = city_progress(City.objects.get(code=UMEA))
    nowcast = progress.budget.estimates
    assert nowcast is not None
    # The budget counts exactly the drawn estimates of its own years (2024–2025).
    counted = sum(v for y, v in nowcast.points if y >= 2024)
    assert progress.budget.assessment.used_estimated == pytest.approx(counted)
    # The pathway within the budget starts at the estimate the budget counts for 2024.
    path = names["Bana inom budgeten"]
    pathway = dict(zip(path["x"], path["y"], strict=True))
    assert pathway[2024] == pytest.approx(nowcast.value(2024), abs=0.5)
    assert "Banans startvärde 2024 är uppskattat" in text(html)


def test_the_report_draws_the_estimated_years_apart_and_only_those_that_passed(
    client, umea_emissions, umea_goals, december_2026
):
    from tests.report.conftest import words

    content = client.get("/kommuner/umea/lagesrapport/2026/").content.decode()
    assert 'stroke-dasharray="6 4"' in content  # the estimate's dashed line in the SVG
    said = words(content)
    assert "Uppskattat, ej publicerat ännu" in said  # legend and table column
    assert "Streckat, 2025: uppskattat, ännu inte publicerat." in said
    # A report for 2024 judges the values through 2024: nothing is estimated in it.
    older = words(client.get("/kommuner/umea/lagesrapport/2024/").content)
    assert "Uppskattat, ej publicerat ännu" not in older


def test_the_emissions_api_carries_the_estimated_total_apart(client, umea_emissions, december_2026):
    body = client.get(f"/api/v1/cities/{UMEA}/emissions/").json()
    assert body["years"][-1]["year"] == 2024
    estimates = body["estimates"]
    assert estimates["anchor_year"] == 2024 and estimates["base_years"][0] == 2015
    assert [p["year"] for p in estimates["points"]] == [2025]
