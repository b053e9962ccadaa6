"""Emissions by main sector: stacked over the years, and one year's shares (Plotly figures
and their tables, see ``dashboards.charts.chart``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core.formatting import pct
from dashboards.charts.chart import (
    Chart,
    Column,
    Table,
    column,
    plotly_chart,
    rounded,
    runs_of_years,
)
from dashboards.charts.style import (
    BASE_LAYOUT,
    COLOR_VALUES,
    PATTERNS,
    SECTOR_COLORS,
    TEXT,
    chart_layout,
)


def sector_area_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    sectors_by_year: Mapping[int, Mapping[str, float]],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Chart:
    """Emissions stacked by main sector, honest about unpublished years.

    A stacked area would draw straight slopes across years the source never published
    (1991–1999, ...). So an area joins only runs of consecutive published years; a year
    standing alone is drawn as a stacked column of the same colours and pattern; the
    years between stay empty. The largest sector is at the bottom of the stack.
    """
    years = sorted(sectors_by_year)
    totals: dict[str, float] = {}
    for year in years:
        for name, value in sectors_by_year[year].items():
            totals[name] = totals.get(name, 0.0) + value
    sectors = sorted(totals, key=lambda name: -totals[name])
    data: list[dict] = []
    for n, run in enumerate(runs_of_years(years)):
        for i, name in enumerate(sectors):
            data.append(
                _sector_trace(
                    run,
                    name,
                    [rounded(sectors_by_year[y].get(name)) for y in run],
                    (SECTOR_COLORS[i % len(SECTOR_COLORS)], PATTERNS[i % len(PATTERNS)]),
                    unit,
                    # One legend entry per sector, however many runs it is drawn in.
                    legend=n == 0,
                )
            )
    table = _area_table(sectors_by_year, sectors, labels)
    layout = chart_layout(
        unit,
        barmode="stack",
        bargap=0.2,
        hovermode="closest",
        legend={"orientation": "h", "y": -0.2, "font": {"size": 11}, "traceorder": "normal"},
        margin={"l": 16, "r": 16, "t": 16, "b": 40},
        xaxis={**BASE_LAYOUT["xaxis"], "range": [years[0] - 1, years[-1] + 1]}
        if years
        else BASE_LAYOUT["xaxis"],
    )
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources, tall=True)


def _area_table(
    sectors_by_year: Mapping[int, Mapping[str, float]],
    sectors: list[str],
    labels: Mapping[str, str],
) -> Table:
    """Each sector's emissions per year, and the total."""
    index = tuple(sorted(sectors_by_year))
    columns = [
        column(name, {y: sectors_by_year[y].get(name) for y in index}, index) for name in sectors
    ]
    columns.append(
        column(labels["total"], {y: sum(sectors_by_year[y].values()) for y in index}, index)
    )
    return Table(labels["caption"], labels["year"], index, tuple(columns))


def _sector_trace(
    run: list[int],
    name: str,
    ys: list[float | None],
    style: tuple[str, str],
    unit: str,
    *,
    legend: bool,
) -> dict:
    """One sector in one run of consecutive years: a stacked area over the run, or a
    stacked column when the year stands alone; its colour and hatching in both."""
    color, pattern = style
    common = {
        "name": name,
        "legendgroup": name,
        "showlegend": legend,
        "x": run,
        "y": ys,
        "hovertemplate": name + ": %{y:,.0f} " + unit + "<extra>%{x}</extra>",
    }
    hatching = {"shape": pattern, "fgcolor": TEXT, "solidity": 0.25, "fillmode": "overlay"}
    if len(run) == 1:
        return {
            "type": "bar",
            **common,
            "width": 0.8,
            "marker": {"color": color, "line": {"color": TEXT, "width": 0.5}, "pattern": hatching},
        }
    return {
        "type": "scatter",
        "mode": "lines",
        **common,
        "stackgroup": f"run-{run[0]}",
        "line": {"color": TEXT, "width": 0.5},
        "fillcolor": color,
        "fillpattern": hatching if pattern else {"shape": ""},
    }


def sector_share_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    year: int,
    sectors: Mapping[str, float],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Chart:
    """One year's emissions per main sector as shares of the total (horizontal bars,
    largest on top), the tonnes in the hover and the table."""
    total = sum(sectors.values())
    ordered = sorted(sectors, key=lambda name: sectors[name])  # Plotly draws bottom-up
    shares = {name: sectors[name] / total * 100 if total else 0.0 for name in ordered}
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "name": labels["share"],
            "x": [rounded(shares[name]) for name in ordered],
            "y": ordered,
            "customdata": [rounded(sectors[name]) for name in ordered],
            "text": [pct(shares[name], 1, signed=False) for name in ordered],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": COLOR_VALUES, "line": {"color": TEXT, "width": 0.5}},
            "hovertemplate": "%{y}: %{x:.1f} % (%{customdata:,.0f} " + unit + ")<extra></extra>",
        }
    ]
    layout = _share_layout(labels["share_axis"], ordered, max(shares.values(), default=0.0))
    index = tuple(reversed(ordered))
    table = Table(
        labels["caption"],
        labels["sector"],
        index,
        (
            column(f"{year} ({unit})", dict(sectors), index),
            Column(labels["share_column"], tuple(rounded(shares[n]) for n in index), 1),
        ),
    )
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources, tall=True)


def _share_layout(axis_title: str, names: Sequence[str], largest: float) -> dict:
    """Horizontal bars of per cent, each sector's name written above its bar, no legend.

    The names are not the axis's tick labels: beside the bars the longest name ("Egen
    uppvärmning av bostäder och lokaler") takes most of a phone's width and squeezes the
    bars and their values out of the picture. Above the bars they have the whole width.
    """
    return chart_layout(
        "%",
        hovermode="closest",
        showlegend=False,
        bargap=0.6,
        margin={"l": 8, "r": 16, "t": 8, "b": 40},
        # Room on the right for the share written after the longest bar.
        xaxis={
            "gridcolor": "#e5e5e5",
            "title": {"text": axis_title},
            "range": [0, max(largest, 1.0) * 1.3],
            "fixedrange": True,
        },
        yaxis={"showticklabels": False, "fixedrange": True},
        annotations=[
            {
                "x": 0,
                "y": name,
                "xref": "x",
                "yref": "y",
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 14,
                "showarrow": False,
                "text": name,
                "font": {"size": 12},
            }
            for name in names
        ],
    )
