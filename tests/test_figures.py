"""The chart builders: valid Plotly figures, a table of exactly what they plot, gaps kept
as gaps, and styles that stay apart in grey scale. Plain data, no database; the values
here are synthetic unless a test says otherwise."""

from __future__ import annotations

import csv
import io
import itertools
import json

import plotly.graph_objects as go
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.formatting import num as format_number
from dashboards.charts.chart import Chart, Column, Observed, Table, runs_of_years
from dashboards.charts.sectors import sector_area_chart, sector_share_chart
from dashboards.charts.series import budget_chart, lines_chart, net_chart
from dashboards.charts.tables import figure_json, table_csv, table_html, table_xlsx
from dashboards.charts.targets import TargetLine, target_chart
from dashboards.city.words import trend_model_note
from indicators import progress as p

LABELS = {
    "values": "Utfall",
    "final": "Slutligt värde",
    "preliminary": "Preliminärt värde",
    "estimate": "Uppskattat värde",
    "final_short": "slutligt",
    "preliminary_short": "preliminärt",
    "estimate_short": "uppskattat",
    "trend": "Trend",
    "band": "Trendens osäkerhet (95 %)",
    "band_low": "Trendens osäkerhet, lägsta",
    "band_high": "Trendens osäkerhet, högsta",
    "band_clipped": "Bandet är beskuret.",
    "status": "Status",
    "low": "Osäkerhet, lägsta",
    "high": "Osäkerhet, högsta",
    "year": "År",
    "total": "Totalt",
    "sector": "Sektor",
    "share": "Andel",
    "share_axis": "Andel (%)",
    "share_column": "Andel (%)",
    "emissions": "Utsläpp",
    "removals": "Upptag",
    "removals_column": "Upptag (negativt)",
    "net": "Nettoutsläpp",
    "pathway": "Bana inom budgeten",
    "decimal": ",",
    "caption": "Tabell",
}


def valid(chart: Chart) -> Chart:
    go.Figure(chart.figure)  # raises on anything plotly.js would not accept
    json.loads(figure_json(chart.figure))
    return chart


def target(**overrides) -> Chart:
    args = {
        "chart_id": "mal-1",
        "title": "Synthetic",
        "unit": "t",
        "observed": [
            Observed(1990, 100.0),
            Observed(2020, 80.0),
            Observed(2021, 78.0, "preliminary", 70.0, 85.0),
            Observed(2022, 75.0, "estimate"),
        ],
        "targets": [
            TargetLine(
                "Mål 2030", "Målbana", ((1990, 100.0), (2010, 70.0), (2030, 40.0)), (2030, 40.0)
            )
        ],
        "trend": [(2020, 80.1), (2025, 70.0), (2030, 62.0)],
        "band": [(2022, 70.0, 80.0), (2030, 50.0, 75.0)],
        "labels": LABELS,
        "summary": "Sammanfattning",
    }
    return valid(target_chart(**{**args, **overrides}))


def by_name(chart: Chart) -> dict[str, dict]:
    return {t["name"]: t for t in chart.figure["data"]}


def test_a_target_chart_is_a_valid_figure_with_every_part():
    chart = target()
    names = by_name(chart)
    assert set(names) >= {
        "Utfall",
        "Slutligt värde",
        "Preliminärt värde",
        "Uppskattat värde",
        "Målbana",
        "Trend",
        "Trendens osäkerhet (95 %)",
        "Mål 2030",
    }
    line = names["Utfall"]
    assert line["x"] == list(range(1990, 2023))
    assert line["y"][1] is None and line["connectgaps"] is False  # 1991: a gap
    prelim = names["Preliminärt värde"]
    assert prelim["error_y"]["array"] == [7.0] and prelim["error_y"]["arrayminus"] == [8.0]


def test_statuses_lines_and_the_target_differ_by_shape_and_dash_not_only_colour():
    names = by_name(target())
    symbols = {
        names[n]["marker"]["symbol"]
        for n in ("Slutligt värde", "Preliminärt värde", "Uppskattat värde", "Mål 2030")
    }
    assert len(symbols) == 4
    dashes = {
        names["Målbana"]["line"]["dash"],
        names["Trend"]["line"]["dash"],
        names["Utfall"]["line"].get("dash", "solid"),
    }
    assert len(dashes) == 3


def test_the_table_holds_exactly_the_plotted_values():
    chart = target()
    table = chart.table
    columns = {c.label: dict(zip(table.index, c.values, strict=True)) for c in table.columns}
    names = by_name(chart)
    for name, label in (("Målbana", "Målbana (t)"), ("Trend", "Trend (t)")):
        plotted = dict(zip(names[name]["x"], names[name]["y"], strict=True))
        assert {y: v for y, v in columns[label].items() if v is not None} == plotted
    assert columns["Status"][2021] == "preliminärt" and columns["Status"][1990] == "slutligt"
    assert columns["Osäkerhet, högsta"][2021] == 85.0
    assert columns["Mål 2030 (t)"] == {**dict.fromkeys(table.index), 2030: 40.0}
    assert 1991 not in table.index  # nothing is plotted for 1991


def test_a_band_far_above_everything_else_is_cut_and_said():
    chart = target(band=[(2022, 70.0, 80.0), (2030, 10.0, 900.0)])
    assert chart.figure["layout"]["yaxis"]["range"][1] == pytest.approx(100.0 * 1.25)
    assert "Bandet är beskuret." in chart.notes
    assert "range" not in target().figure["layout"]["yaxis"]


def test_consecutive_years_form_runs():
    assert runs_of_years([2024, 1990, 2020, 2000, 2021, 2022]) == [
        [1990],
        [2000],
        [2020, 2021, 2022],
        [2024],
    ]


@given(st.sets(st.integers(1990, 2030), min_size=1))
def test_runs_cover_every_year_once_and_never_bridge_a_gap(years):
    runs = runs_of_years(sorted(years))
    assert sorted(y for run in runs for y in run) == sorted(years)
    for run in runs:
        assert run == list(range(run[0], run[-1] + 1))
    for before, after in itertools.pairwise(runs):
        assert after[0] - before[-1] > 1


def sectors() -> dict[int, dict[str, float]]:
    years = [1990, 2000, 2020, 2021, 2022]
    return {y: {"A": 10.0 + i, "B": 5.0, "C": 1.0 + i / 10} for i, y in enumerate(years)}


def test_the_sector_chart_draws_areas_only_over_runs_and_columns_for_lone_years():
    chart = valid(
        sector_area_chart(
            chart_id="s",
            title="s",
            unit="t",
            sectors_by_year=sectors(),
            labels=LABELS,
            summary="s",
        )
    )
    a = [(t["type"], t["x"]) for t in chart.figure["data"] if t["name"] == "A"]
    assert a == [("bar", [1990]), ("bar", [2000]), ("scatter", [2020, 2021, 2022])]
    shown = [t["name"] for t in chart.figure["data"] if t["showlegend"]]
    assert shown == ["A", "B", "C"]  # largest first, one legend entry per sector
    patterns = [t["marker"]["pattern"]["shape"] for t in chart.figure["data"][:3]]
    assert len(set(patterns)) == 3
    assert chart.table.index == (1990, 2000, 2020, 2021, 2022)
    total = chart.table.columns[-1]
    assert total.label == "Totalt" and total.values[0] == 16.0


def test_shares_sum_to_a_hundred_and_the_table_has_the_tonnes():
    chart = valid(
        sector_share_chart(
            chart_id="a",
            title="a",
            unit="t",
            year=2022,
            sectors={"A": 30.0, "B": 10.0},
            labels=LABELS,
            summary="a",
        )
    )
    bar = chart.figure["data"][0]
    assert dict(zip(bar["y"], bar["x"], strict=True)) == {"B": 25.0, "A": 75.0}
    assert chart.table.index == ("A", "B")
    assert chart.table.columns[0].values == (30.0, 10.0)


def test_the_sectors_names_are_written_above_their_bars_not_beside_them():
    # Beside the bars a long name squeezes the bars off a phone's screen (issue 11).
    name = "Egen uppvärmning av bostäder och lokaler"
    chart = valid(
        sector_share_chart(
            chart_id="a",
            title="a",
            unit="t",
            year=2022,
            sectors={name: 30.0, "B": 10.0},
            labels=LABELS,
            summary="a",
        )
    )
    layout = chart.figure["layout"]
    assert layout["yaxis"]["showticklabels"] is False
    assert [a["text"] for a in layout["annotations"]] == ["B", name]
    assert layout["xaxis"]["range"][1] > 75.0  # room for "75,0 %" after the longest bar
    assert chart.figure["data"][0]["textposition"] == "outside"


def test_the_net_chart_draws_removals_below_zero():
    chart = valid(
        net_chart(
            chart_id="n",
            title="n",
            unit="t",
            emissions={2020: 100.0, 2021: 90.0},
            removals={2021: 30.0},
            net={2021: 60.0},
            labels=LABELS,
            summary="n",
        )
    )
    names = by_name(chart)
    assert names["Upptag"]["y"] == [-30.0]
    assert chart.figure["layout"]["barmode"] == "relative"
    assert chart.table.columns[2].values == (None, 60.0)


def test_side_by_side_lines_and_the_budget_chart_are_valid():
    lines = valid(
        lines_chart(
            chart_id="l",
            title="l",
            unit="t/inv",
            lines=[
                ("A", [Observed(2020, 2.0), Observed(2022, 2.1)]),
                ("B", [Observed(2022, 5.5)]),
            ],
            labels=LABELS,
            summary="l",
        )
    )
    assert by_name(lines)["A"]["y"] == [2.0, None, 2.1]
    assert by_name(lines)["A"]["line"]["dash"] != by_name(lines)["B"]["line"]["dash"]
    budget = valid(
        budget_chart(
            chart_id="b",
            title="b",
            unit="t CO2",
            observed=[Observed(2022, 10.0)],
            trend=[(2022, 10.0), (2023, 9.0)],
            pathway=[(2024, 8.0), (2025, 4.0)],
            labels=LABELS,
            summary="b",
        )
    )
    assert budget.table.index == (2022, 2023, 2024, 2025)


def test_numbers_in_tables_are_written_the_swedish_way():
    assert format_number(1234567.891, 1, "sv") == "1\u00a0234\u00a0567,9"
    assert format_number(-24.25, 1, "sv") == "\u221224,2"
    assert format_number(-0.001, 2, "sv") == "0,00"
    assert format_number(1234.5, 1, "en") == "1,234.5"
    assert format_number(None) == "–"


def test_the_html_table_escapes_text_and_labels_its_region():
    table = Table("Tabell <b>", "År", (2020,), (Column("<script>", (1.5,), 1),))
    html = table_html(table, region_label='Tabell "x"')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'aria-label="Tabell &quot;x&quot;"' in html
    assert '<td class="num">1,5</td>' in html


def test_a_table_is_written_column_by_column_exactly_as_cell_by_cell():
    """The HTML table and ``display_rows`` format a whole column at once; every cell reads
    as ``cell`` writes it, in Swedish and English, for every kind of column."""
    from django.utils import translation

    from dashboards.charts.chart import Link
    from dashboards.charts.tables import cell, display_rows

    table = Table(
        "Tabell",
        "År",
        (2020, 2021, 2022, 2023),
        (
            Column("t", (1234567.891, None, -0.001, -24.25), 1),
            Column("n", (3, "", 2500, -7), 0, "int"),
            Column("kr", (1e6, 0, None, 12.5), 0, "sek"),
            Column("%", (9.84, -24.25, None, 0.0), 1, "pct"),
            Column("år", (2030, None, 2045, 2050), 0, "year"),
            Column("dag", ("2024-05-01", None, "", "2025-01-31"), 0, "date"),
            Column("ord", ("a & b", None, "<i>", Link("x", "/x/")), 0, "text"),
            Column("länk", (Link("Åtgärd", "/a/"), {"text": "t", "url": "/u/"}, None, 1.0)),
        ),
        index_kind="year",
        highlight=(False, True, False, False),
    )
    for language in ("sv", "en"):
        with translation.override(language):
            expected = [
                [cell(c.values[i], c.kind, c.decimals) for c in table.all_columns] for i in range(4)
            ]
            assert [cells for _flag, cells in display_rows(table)] == expected
            html = table_html(table, region_label="Tabell")
            for row in expected:
                for one in row[1:]:
                    text = one.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                    assert (
                        f'<td class="num">{text}</td>' if one.numeric else f"<td>{text}</td>"
                    ) in html
            assert html.count("<tr>") == 5  # the head and four rows


def test_csv_and_xlsx_hold_the_plain_numbers():
    chart = target()
    rows = list(csv.reader(io.StringIO(table_csv(chart.table))))
    assert rows[0][:3] == ["År", "Utfall (t)", "Status"]
    assert rows[1][:3] == ["1990", "100.0", "slutligt"]
    book = load_workbook(io.BytesIO(table_xlsx(chart.table, about=["Källa: test"])))
    assert [c.value for c in book["Data"][2]][:2] == [1990, 100.0]
    assert book["Om data"]["A2"].value == "Källa: test"


def test_downloads_keep_formula_like_text_as_text_and_negative_numbers_as_numbers():
    table = Table(
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        ("=1+1", 2021),
        (Column("+mål", (-5.0, None), 1), Column("-notis", ("-2", "ok"), 0)),
    )
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows[0] == ["'@SUM(A1)", "'+mål", "'-notis"]
    assert rows[1] == ["'=1+1", "-5.0", "'-2"]
    assert rows[2] == ["2021", "", "ok"]
    book = load_workbook(io.BytesIO(table_xlsx(table, about=["=cmd|' /C calc'!A0"])))
    data = [[c.value for c in row] for row in book["Data"].iter_rows()]
    assert data[0] == ["'@SUM(A1)", "'+mål", "'-notis"]
    assert data[1] == ["'=1+1", -5.0, "'-2"]
    assert book["Om data"]["A1"].value == '\'=HYPERLINK("http://x")'
    assert book["Om data"]["A2"].value == "'=cmd|' /C calc'!A0"


def test_figure_json_cannot_close_its_script_element():
    text = figure_json({"data": [{"name": "</script><script>alert(1)</script>&"}]})
    assert "</script>" not in text and "<" not in text and "&" not in text
    assert json.loads(text)["data"][0]["name"].startswith("</script>")


# --- one tick per year (issue 14: "2024 2024 2025" on short spans) ------------------------


def test_a_short_year_axis_has_one_tick_per_whole_year():
    chart = target(
        observed=[Observed(2023, 80.0), Observed(2024, 78.0), Observed(2025, 75.0)],
        targets=[],
        trend=[],
        band=[],
    )
    axis = chart.figure["layout"]["xaxis"]
    assert (axis["tickmode"], axis["tick0"], axis["dtick"]) == ("linear", 0, 1)


def test_a_long_year_axis_steps_by_whole_years_with_at_most_twelve_ticks():
    axis = target().figure["layout"]["xaxis"]  # 1990–2030
    assert axis["dtick"] == 5 and axis["dtick"] == int(axis["dtick"])
    assert (2030 - 1990) / axis["dtick"] <= 12


FALLING, THROUGH_ZERO = [40, 30, 25, 20, 15], [40, 20, 0, 10, 30]


@pytest.mark.parametrize(
    ("level", "values", "model", "note"),
    [
        (5.0, FALLING, "log", "konstant procentuell förändring per år."),
        (0.0, FALLING, "linear", "målet är noll eller lägre"),
        (5.0, THROUGH_ZERO, "linear", "värde på noll eller lägre"),
        (5.0, FALLING, "chosen", "samma förändring varje år)."),
    ],
)
def test_the_trend_note_names_the_line_the_engine_drew(level, values, model, note):
    """A chart's note says what its trend is: a constant percentage (log-linear), or a
    straight line, and why when the engine chose one for a percentage target."""
    target = p.TargetSpec(p.TargetKind.ABSOLUTE, 2030, value=level)
    series = p.Series.from_mapping(dict(zip(range(2016, 2021), map(float, values), strict=True)))
    chosen = p.TrendModel.LINEAR if model == "chosen" else p.TrendModel.LOG_LINEAR
    a = p.assess(target, series, trend_model=chosen)
    assert a.trend_model is (p.TrendModel.LOG_LINEAR if model == "log" else p.TrendModel.LINEAR)
    assert note in trend_model_note(a)


@pytest.mark.parametrize(
    ("values", "decimals"),
    [
        ((365_010.4, 1_200.0), 0),  # tonnes
        ((512.3, None), 1),
        ((5.28, 0.4), 2),  # tonnes per inhabitant
        ((0.0, 0.0, None), 0),  # a column of zeros: "0", not "0,00"
        ((None, None), 0),
    ],
)
def test_a_tables_column_gets_the_decimals_its_largest_value_reads_with(values, decimals):
    from dashboards.charts.chart import decimals_for

    assert decimals_for(values) == decimals
