"""The comparison's charts: emissions indexed to 1990 with gaps where nothing was
published, and the per-person ranking; each with the table of exactly what it plots."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboards.compare.figures import (
    MAX_STYLED,
    Series,
    index_chart,
    indexed,
    ranking_chart,
    with_breaks,
)

LABELS = {"municipality": "Kommun", "caption": "c", "index": "Index", "all": "Alla"}
YEARS = (1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022)


def test_an_index_needs_a_positive_1990_value():
    assert indexed({1990: 200.0, 2020: 150.0}) == {1990: 100.0, 2020: 75.0}
    assert indexed({2000: 1.0}) == {}
    assert indexed({1990: 0.0, 2000: 1.0}) == {}


def test_unpublished_years_break_the_line_and_nothing_is_interpolated():
    xs, ys = with_breaks({1990: 100.0, 2000: 90.0, 2020: 50.0, 2021: 51.0, 2022: 49.0})
    assert xs == [1990, 1991, 2000, 2001, 2020, 2021, 2022]
    assert ys == [100.0, None, 90.0, None, 50.0, 51.0, 49.0]


def _series(n: int) -> list[Series]:
    return [
        Series(f"Kommun {i:03d}", {1990: 100.0 + i, 2000: 90.0, 2020: 60.0 + i, 2021: 61.0})
        for i in range(n)
    ]


def test_few_municipalities_get_a_line_each_and_the_table_holds_what_is_drawn():
    chart = index_chart(
        chart_id="index", title="t", series=_series(3), years=YEARS, labels=LABELS, summary="s"
    )
    traces = chart.figure["data"]
    assert [t["name"] for t in traces] == ["Kommun 000", "Kommun 001", "Kommun 002"]
    assert traces[1]["x"] == [1990, 1991, 2000, 2001, 2020, 2021]
    assert traces[1]["y"][:3] == [100.0, None, pytest.approx(89.109, abs=1e-3)]
    assert chart.table.index == ("Kommun 000", "Kommun 001", "Kommun 002")
    assert [c.label for c in chart.table.columns] == [str(y) for y in YEARS]
    row = {c.label: c.values[1] for c in chart.table.columns}
    assert row["1990"] == 100.0 and row["2005"] is None  # never published: empty, not 0
    assert row["2020"] == pytest.approx(61 / 101 * 100, abs=1e-3)
    assert chart.figure["layout"]["shapes"][0]["y0"] == 100  # the 1990 level


def test_many_municipalities_share_one_light_trace_with_names_on_hover():
    chart = index_chart(
        chart_id="index",
        title="t",
        series=_series(MAX_STYLED + 1),
        years=YEARS,
        labels=LABELS,
        summary="s",
    )
    (trace,) = chart.figure["data"]
    assert trace["x"].count(None) == MAX_STYLED + 1  # a break between municipalities
    assert trace["text"][0] == "Kommun 000" and len(trace["text"]) == len(trace["x"])
    assert chart.figure["layout"]["showlegend"] is False
    assert len(chart.table.index) == MAX_STYLED + 1


def test_a_municipality_without_1990_is_left_out_of_the_index():
    series = [Series("A", {1990: 10.0, 2020: 5.0}), Series("B", {2020: 5.0})]
    chart = index_chart(
        chart_id="i", title="t", series=series, years=YEARS, labels=LABELS, summary="s"
    )
    assert chart.table.index == ("A",)


RANK_LABELS = {
    "municipality": "Kommun",
    "rank": "Plats",
    "value": "t CO2e per invånare",
    "caption": "c",
    "contract": "Klimatkontraktsstäder",
    "other": "Övriga kommuner",
    "axis": "t",
}


def test_the_ranking_puts_the_highest_on_top_and_tells_contract_cities_apart():
    values = [("Umeå", 2.72, True), ("Åsele", 10.36, False), ("Malmö", 2.22, True)]
    chart = ranking_chart(
        chart_id="r", title="t", values=values, unit="t", labels=RANK_LABELS, summary="s"
    )
    assert chart.table.index == (1, 2, 3)
    assert chart.table.columns[0].values == ("Åsele", "Umeå", "Malmö")
    assert chart.table.columns[1].values == (10.36, 2.72, 2.22)
    contract, other = chart.figure["data"]
    assert contract["name"] == "Klimatkontraktsstäder" and contract["y"] == ["Malmö", "Umeå"]
    assert other["marker"]["pattern"]["shape"] == "/"  # hatched: apart in grey scale too
    layout = chart.figure["layout"]
    assert layout["yaxis"]["categoryarray"] == ["Malmö", "Umeå", "Åsele"]  # drawn bottom-up


def test_one_kind_of_municipality_needs_no_legend():
    values = [("Umeå", 2.72, True), ("Malmö", 2.22, True)]
    chart = ranking_chart(
        chart_id="r", title="t", values=values, unit="t", labels=RANK_LABELS, summary="s"
    )
    assert len(chart.figure["data"]) == 1 and chart.figure["layout"]["showlegend"] is False


@pytest.mark.parametrize("n", [3, MAX_STYLED + 5])
def test_the_figures_follow_plotlys_schema(n):
    go.Figure(
        index_chart(
            chart_id="i", title="t", series=_series(n), years=YEARS, labels=LABELS, summary="s"
        ).figure
    )
    values = [(f"K{i}", float(i), i % 2 == 0) for i in range(n)]
    go.Figure(
        ranking_chart(
            chart_id="r", title="t", values=values, unit="t", labels=RANK_LABELS, summary="s"
        ).figure
    )
