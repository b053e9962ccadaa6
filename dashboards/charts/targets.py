"""A target's chart: the published values, each target's pathway and point, the recent
trend and its uncertainty band (Plotly figure and its table, see ``dashboards.charts.chart``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboards.charts.chart import (
    Chart,
    Column,
    Observed,
    Point,
    Table,
    column,
    decimals_for,
    plotly_chart,
    rounded,
    with_gaps,
)
from dashboards.charts.style import (
    COLOR_BAND,
    COLOR_PATHWAY,
    COLOR_TARGET,
    COLOR_TREND,
    COLOR_VALUES,
    DASH_PATHWAY,
    DASH_TREND,
    PALETTE,
    STATUS_SYMBOLS,
    TEXT,
    chart_layout,
    estimate_trace,
    hover_text,
    line_trace,
    marked_line,
)

#: The other source's values (the one a target is not judged on), drawn for comparison.
COLOR_COMPARISON = PALETTE[1]


@dataclass(frozen=True)
class Comparison:
    """Values of the same indicator from the source the target is not judged on (the
    city's own figures beside an official release, or the other way round)."""

    label: str  # "Jämförelse: Kolada (RKA)"
    values: Mapping[int, float]


@dataclass(frozen=True)
class TargetLine:
    """One target drawn in a chart: its pathway points and its end point."""

    label: str  # "Mål 2040", "Nettonoll 2040"
    pathway_label: str  # "Målbana mot 2040 (rak linje)"
    pathway: tuple[tuple[int, float], ...]
    point: tuple[int, float] | None


def target_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    observed: Sequence[Observed],
    targets: Sequence[TargetLine],
    trend: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float]],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
    comparison: Comparison | None = None,
    estimated: Sequence[tuple[int, float]] = (),
) -> Chart:
    """A target's chart: published values (line with gaps; marker by status; uncertainty
    bars), the estimated years after them (dashed, a column of their own), each target's
    pathway and point, the recent trend and its ~95 % band.

    ``labels`` holds the translated words: values, final, preliminary, estimate,
    estimated, trend, band, band_low, band_high, status, low, high, year, caption.
    ``comparison``: the other source's values, a thin dash-dotted line and a column of the
    table.
    """
    values = {o.year: rounded(o.value) for o in observed}
    hover = hover_text(unit, decimals_for(list(values.values())))
    data = _value_traces(observed, labels, hover) + _band_traces(band, labels, hover)
    if comparison is not None and comparison.values:
        data.append(
            marked_line(
                comparison.label,
                comparison.values,
                line={"color": COLOR_COMPARISON, "width": 1.5, "dash": "dashdot"},
                marker={"symbol": "diamond-open", "size": 7, "color": COLOR_COMPARISON},
                hover=hover,
            )
        )
    if estimated:
        last = max(observed, key=lambda o: o.year) if observed else None
        anchor = (last.year, last.value) if last is not None else None
        data.append(estimate_trace(anchor, estimated, labels["estimated"], COLOR_VALUES, hover))
    if trend:
        data.append(line_trace(trend, labels["trend"], COLOR_TREND, DASH_TREND, hover))
    data += _target_traces(targets, hover)
    table = _table(observed, values, targets, trend, band, labels, unit, comparison, estimated)
    layout = chart_layout(unit)
    notes = list(notes)
    if _clip_band(layout, observed, targets, trend, band):
        notes.append(labels["band_clipped"])
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources)


def _value_traces(observed: Sequence[Observed], labels: Mapping[str, str], hover: str) -> list:
    """The published values: a line that breaks at unpublished years (no hover of its
    own), and a marker per value, its shape by status, with its uncertainty as bars."""
    data: list[dict] = []
    if observed:
        years, line = with_gaps([Point(o.year, o.value) for o in observed])
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["values"],
                "x": years,
                "y": [rounded(v) for v in line],
                "connectgaps": False,
                "line": {"color": COLOR_VALUES, "width": 2.5},
                "hoverinfo": "skip",
            }
        )
    for status, symbol in STATUS_SYMBOLS.items():
        group = [o for o in observed if o.status == status]
        if not group:
            continue
        trace: dict = {
            "type": "scatter",
            "mode": "markers",
            "name": labels[status],
            "x": [o.year for o in group],
            "y": [rounded(o.value) for o in group],
            "marker": {
                "symbol": symbol,
                "size": 9,
                "color": COLOR_VALUES,
                "line": {"width": 2, "color": COLOR_VALUES},
            },
            "hovertemplate": hover,
        }
        if any(o.low is not None or o.high is not None for o in group):
            trace["error_y"] = {
                "type": "data",
                "symmetric": False,
                "array": [rounded(o.high - o.value) if o.high is not None else None for o in group],
                "arrayminus": [
                    rounded(o.value - o.low) if o.low is not None else None for o in group
                ],
                "color": COLOR_VALUES,
                "thickness": 1.5,
                "width": 5,
            }
        data.append(trace)
    return data


def _band_traces(
    band: Sequence[tuple[int, float, float]], labels: Mapping[str, str], hover: str
) -> list:
    """The trend's uncertainty band: its lower edge (no legend) and the upper edge filled
    down to it."""
    if not band:
        return []
    return [
        {
            "type": "scatter",
            "mode": "lines",
            "name": labels["band_low"],
            "x": [b[0] for b in band],
            "y": [rounded(b[1]) for b in band],
            "line": {"width": 0, "color": COLOR_BAND},
            "showlegend": False,
            "hovertemplate": hover,
        },
        {
            "type": "scatter",
            "mode": "lines",
            "name": labels["band"],
            "x": [b[0] for b in band],
            "y": [rounded(b[2]) for b in band],
            "fill": "tonexty",
            "fillcolor": COLOR_BAND,
            "line": {"width": 0, "color": COLOR_BAND},
            "hovertemplate": hover,
        },
    ]


def _target_traces(targets: Sequence[TargetLine], hover: str) -> list:
    """Each target's pathway (dashed) and its point (a star with its label)."""
    data: list[dict] = []
    for target in targets:
        if target.pathway:
            data.append(
                line_trace(target.pathway, target.pathway_label, COLOR_PATHWAY, DASH_PATHWAY, hover)
            )
        if target.point is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers+text",
                    "name": target.label,
                    "x": [target.point[0]],
                    "y": [rounded(target.point[1])],
                    "text": [target.label],
                    "textposition": "top left",
                    "marker": {
                        "symbol": "star",
                        "size": 16,
                        "color": COLOR_TARGET,
                        "line": {"width": 1, "color": TEXT},
                    },
                    "hovertemplate": hover,
                }
            )
    return data


def _table(
    observed: Sequence[Observed],
    values: Mapping[int, float | None],
    targets: Sequence[TargetLine],
    trend: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float]],
    labels: Mapping[str, str],
    unit: str,
    comparison: Comparison | None = None,
    estimated: Sequence[tuple[int, float]] = (),
) -> Table:
    """The chart's table: one row per year anything is drawn for; the estimated years
    in a column of their own, never among the published values."""
    index_set: set[int] = set(values) | {pt[0] for pt in estimated}
    if comparison is not None:
        index_set |= set(comparison.values)
    index_set |= {t[0] for t in trend} | {b[0] for b in band}
    for target in targets:
        index_set |= {pt[0] for pt in target.pathway}
        if target.point is not None:
            index_set.add(target.point[0])
    index = tuple(sorted(index_set))
    by_year = {o.year: o for o in observed}
    columns = [column(f"{labels['values']} ({unit})", values, index)]
    if observed:
        columns.append(
            Column(
                labels["status"],
                tuple(
                    labels[by_year[y].status + "_short"] if y in by_year else None for y in index
                ),
                kind="text",
            )
        )
    if any(o.low is not None or o.high is not None for o in observed):
        columns.append(column(labels["low"], {o.year: o.low for o in observed}, index))
        columns.append(column(labels["high"], {o.year: o.high for o in observed}, index))
    if comparison is not None and comparison.values:
        columns.append(column(f"{comparison.label} ({unit})", dict(comparison.values), index))
    if estimated:
        columns.append(column(f"{labels['estimated']} ({unit})", dict(estimated), index))
    for target in targets:
        if target.pathway:
            columns.append(column(f"{target.pathway_label} ({unit})", dict(target.pathway), index))
    if trend:
        columns.append(column(f"{labels['trend']} ({unit})", dict(trend), index))
    if band:
        columns.append(column(labels["band_low"], {b[0]: b[1] for b in band}, index))
        columns.append(column(labels["band_high"], {b[0]: b[2] for b in band}, index))
    for target in targets:
        if target.point is not None:
            columns.append(
                column(f"{target.label} ({unit})", {target.point[0]: target.point[1]}, index)
            )
    return Table(labels["caption"], labels["year"], index, tuple(columns))


def _clip_band(
    layout: dict,
    observed: Sequence[Observed],
    targets: Sequence[TargetLine],
    trend: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float]],
) -> bool:
    """Stop the y axis a little above the values, pathways and trend when the uncertainty
    band would dwarf them (a wide band far in the future can); True when it did, so the
    chart's note says so (the table holds the band's numbers)."""
    core = [o.high if o.high is not None else o.value for o in observed]
    core += [v for _, v in trend] + [v for t in targets for _, v in t.pathway]
    core += [t.point[1] for t in targets if t.point is not None]
    if not (band and core):
        return False
    ceiling = max(core) * 1.25
    if not max(b[2] for b in band) > ceiling > 0:
        return False
    low = min(0.0, *core, *(b[1] for b in band))
    layout["yaxis"] = {**layout["yaxis"], "range": [low, ceiling], "rangemode": "normal"}
    return True
