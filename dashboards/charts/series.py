"""Values over the years side by side: several series in one unit, emissions against
removals, and the carbon budget's path (Plotly figures and their tables, see
``dashboards.charts.chart``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboards.charts.chart import (
    Chart,
    Observed,
    Table,
    column,
    decimals_for,
    plotly_chart,
    rounded,
)
from dashboards.charts.style import (
    COLOR_PATHWAY,
    COLOR_TREND,
    COLOR_VALUES,
    DASH_PATHWAY,
    DASH_TREND,
    PALETTE,
    TEXT,
    chart_layout,
    estimate_trace,
    hover_text,
    line_trace,
    marked_line,
)


def lines_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    lines: Sequence[tuple[str, Sequence[Observed]]],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Chart:
    """Several series in one unit side by side (e.g. territorial and consumption-based
    emissions per inhabitant): each a line with gaps for unpublished years and its own
    marker shape and dash."""
    dashes = ["solid", "dash", "dot", "dashdot"]
    symbols = ["circle", "square", "diamond", "triangle-up"]
    data: list[dict] = []
    index_set: set[int] = set()
    for i, (name, points) in enumerate(lines):
        index_set |= {o.year for o in points}
        data.append(
            marked_line(
                name,
                {o.year: o.value for o in points},
                line={"color": PALETTE[i * 5 % len(PALETTE)], "width": 2.5, "dash": dashes[i % 4]},
                marker={"symbol": symbols[i % 4], "size": 9},
                hover=hover_text(unit, decimals_for([o.value for o in points])),
            )
        )
    index = tuple(sorted(index_set))
    columns = tuple(
        column(f"{name} ({unit})", {o.year: o.value for o in points}, index)
        for name, points in lines
    )
    table = Table(labels["caption"], labels["year"], index, columns)
    layout = chart_layout(unit)
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources)


def net_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    emissions: Mapping[int, float],
    removals: Mapping[int, float],
    net: Mapping[int, float],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Chart:
    """Emissions (bars up), removals (bars down, as negative numbers) and net emissions
    (a line with markers) per year. Net only for years with both."""
    hover = hover_text(unit, 0)
    data = [
        _hatched_bars(labels["emissions"], emissions, PALETTE[5], "/", hover),
        _hatched_bars(
            labels["removals"], {y: -v for y, v in removals.items()}, PALETTE[2], ".", hover
        ),
        marked_line(
            labels["net"],
            net,
            line={"color": TEXT, "width": 2.5},
            marker={"symbol": "diamond", "size": 9, "color": TEXT},
            hover=hover,
        ),
    ]
    table = _net_table(emissions, removals, net, labels, unit)
    layout = chart_layout(unit, barmode="relative", hovermode="x unified")
    layout["yaxis"] = {
        **layout["yaxis"],
        "rangemode": "normal",
        "zeroline": True,
        "zerolinecolor": TEXT,
    }
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources)


def _net_table(
    emissions: Mapping[int, float],
    removals: Mapping[int, float],
    net: Mapping[int, float],
    labels: Mapping[str, str],
    unit: str,
) -> Table:
    """Emissions, removals (negative) and net per year with emissions or removals."""
    index = tuple(sorted(set(emissions) | set(removals)))
    return Table(
        labels["caption"],
        labels["year"],
        index,
        (
            column(f"{labels['emissions']} ({unit})", emissions, index),
            column(
                f"{labels['removals_column']} ({unit})", {y: -v for y, v in removals.items()}, index
            ),
            column(f"{labels['net']} ({unit})", net, index),
        ),
    )


def _hatched_bars(
    name: str, by_year: Mapping[int, float], color: str, shape: str, hover: str
) -> dict:
    """A bar per year, hatched so it reads in grey scale too."""
    years = sorted(by_year)
    return {
        "type": "bar",
        "name": name,
        "x": years,
        "y": [rounded(by_year[y]) for y in years],
        "marker": {
            "color": color,
            "pattern": {"shape": shape, "fgcolor": TEXT, "solidity": 0.2, "fillmode": "overlay"},
        },
        "hovertemplate": hover,
    }


def budget_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    observed: Sequence[Observed],
    trend: Sequence[tuple[int, float]],
    pathway: Sequence[tuple[int, float]],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
    estimated: Sequence[tuple[int, float]] = (),
) -> Chart:
    """Annual emissions of the budget's substance: published values, the estimated years
    after them (dashed, a column of their own), the recent trend projected to the
    budget's end year, and the constant-rate path that spends exactly the budget."""
    hover = hover_text(unit, 0)
    data = [
        marked_line(
            labels["values"],
            {o.year: o.value for o in observed},
            line={"color": COLOR_VALUES, "width": 2.5},
            marker={"symbol": "circle", "size": 8},
            hover=hover,
        )
    ]
    if estimated:
        last = max(observed, key=lambda o: o.year) if observed else None
        anchor = (last.year, last.value) if last is not None else None
        data.append(estimate_trace(anchor, estimated, labels["estimated"], COLOR_VALUES, hover))
    if trend:
        data.append(line_trace(trend, labels["trend"], COLOR_TREND, DASH_TREND, hover))
    if pathway:
        data.append(line_trace(pathway, labels["pathway"], COLOR_PATHWAY, DASH_PATHWAY, hover))
    index = tuple(
        sorted(
            {o.year for o in observed}
            | {t[0] for t in trend}
            | {pt[0] for pt in pathway}
            | {pt[0] for pt in estimated}
        )
    )
    columns = [column(f"{labels['values']} ({unit})", {o.year: o.value for o in observed}, index)]
    if estimated:
        columns.append(column(f"{labels['estimated']} ({unit})", dict(estimated), index))
    if trend:
        columns.append(column(f"{labels['trend']} ({unit})", dict(trend), index))
    if pathway:
        columns.append(column(f"{labels['pathway']} ({unit})", dict(pathway), index))
    table = Table(labels["caption"], labels["year"], index, tuple(columns))
    layout = chart_layout(unit)
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources)
