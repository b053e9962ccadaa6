"""Plotly figure builders: plain data in, a Plotly figure as a plain dict out.

No ORM and no Django here, so figures are cheap to build and easy to test. The dicts
follow plotly.js's figure schema (``{"data": [...], "layout": {...}}``); the tests
validate them with the Plotly Python package. plotly.js is served from our own static
files and draws them in the browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.formatting import pct

# Colour-blind-safe palette (Okabe–Ito) plus greys; lines also differ by dash style so
# they stay distinguishable in grey scale.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#6A3D9A",
]
TEXT = "#1f2328"

BASE_LAYOUT: dict = {
    "separators": ", ",  # decimal comma, space as thousands separator (Swedish)
    "font": {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "color": TEXT},
    "margin": {"l": 64, "r": 16, "t": 16, "b": 48},
    "hovermode": "x unified",
    "legend": {"orientation": "h", "y": -0.2},
    "paper_bgcolor": "#ffffff",
    "plot_bgcolor": "#ffffff",
    "xaxis": {"gridcolor": "#e5e5e5", "tickformat": "d"},
    "yaxis": {"gridcolor": "#e5e5e5", "rangemode": "tozero", "tickformat": ",.0f"},
}


@dataclass(frozen=True)
class Point:
    year: int
    value: float


def with_gaps(points: Sequence[Point]) -> tuple[list[int], list[float | None]]:
    """Years and values with ``None`` inserted for every unpublished year in between, so a
    line breaks where the source has no value instead of drawing a silent interpolation."""
    if not points:
        return [], []
    by_year = {p.year: p.value for p in points}
    years = list(range(min(by_year), max(by_year) + 1))
    return years, [by_year.get(year) for year in years]


def emissions_chart(
    *,
    totals: Sequence[Point],
    unit: str,
    pathway: Sequence[Point] = (),
    pathway_label: str = "",
    target: Point | None = None,
    target_label: str = "",
) -> dict:
    """Territorial emissions per year, with an optional pathway to a target and its point."""
    years, values = with_gaps(totals)
    data: list[dict] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Utsläpp",
            "x": years,
            "y": values,
            "connectgaps": False,
            "line": {"color": PALETTE[0], "width": 3},
            "marker": {"size": 7, "symbol": "circle"},
            "hovertemplate": "%{y:,.0f} " + unit + "<extra></extra>",
        }
    ]
    if pathway:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": pathway_label,
                "x": [p.year for p in pathway],
                "y": [p.value for p in pathway],
                "line": {"color": PALETTE[5], "width": 2, "dash": "dash"},
                "hovertemplate": "%{y:,.0f} " + unit + "<extra></extra>",
            }
        )
    if target is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers+text",
                "name": target_label,
                "x": [target.year],
                "y": [target.value],
                "text": [target_label],
                "textposition": "top left",
                "marker": {"size": 14, "symbol": "star", "color": PALETTE[2]},
                "hovertemplate": "%{y:,.0f} " + unit + "<extra></extra>",
            }
        )
    layout = {**BASE_LAYOUT, "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": unit}}}
    return {"data": data, "layout": layout}


def sector_chart(*, sectors_by_year: Mapping[int, Mapping[str, float]], unit: str) -> dict:
    """Emissions per year stacked by main sector (bars, so unpublished years stay empty)."""
    years = sorted(sectors_by_year)
    sectors = sorted({name for year in years for name in sectors_by_year[year]})
    data = [
        {
            "type": "bar",
            "name": sector,
            "x": years,
            "y": [sectors_by_year[year].get(sector) for year in years],
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": sector + ": %{y:,.0f} " + unit + "<extra></extra>",
        }
        for i, sector in enumerate(sectors)
    ]
    layout = {
        **BASE_LAYOUT,
        "barmode": "stack",
        "hovermode": "closest",
        "legend": {"orientation": "h", "y": -0.25, "font": {"size": 11}},
        "margin": {**BASE_LAYOUT["margin"], "b": 120},
        "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": unit}},
    }
    return {"data": data, "layout": layout}


# --- Progress dashboard: charts that come with the table of exactly what they plot --------
#
# Every builder below returns a ``Chart``: the Plotly figure and a ``Table`` made from the
# same numbers, so the table beside a chart and its CSV/XLSX download hold exactly what
# is drawn. Values are rounded once, here, to at most three decimals (a tonne to the
# kilogram, a share to a thousandth of a percentage point) for both.
#
# Grey scale: lines differ by dash (solid values, dashed pathway, dotted trend), markers
# by shape (filled circle final, open circle preliminary, open diamond estimate, star
# target), areas and bars by hatching pattern, so nothing depends on colour alone.

DASH_PATHWAY = "dash"
DASH_TREND = "dot"
COLOR_VALUES = PALETTE[0]  # blue
COLOR_PATHWAY = PALETTE[5]  # vermillion
COLOR_TREND = "#6A3D9A"  # purple
COLOR_TARGET = PALETTE[2]  # bluish green
COLOR_BAND = "rgba(120, 120, 120, 0.22)"
STATUS_SYMBOLS = {"final": "circle", "preliminary": "circle-open", "estimate": "diamond-open"}
PATTERNS = ["", "/", "x", ".", "\\", "-", "|", "+"]
# Sector fills: mid and light tones only, so the dark hatching stays visible on each.
SECTOR_COLORS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#999999",
    "#B39DDB",
]
ROUND = 3


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, ROUND)


#: Column kinds whose values are words (left aligned, no number formatting).
TEXT_KINDS = ("text", "date")


@dataclass(frozen=True)
class Column:
    """One column of a table: its header (with unit), a value per row, and how the values
    read: ``kind`` "num" (a number with ``decimals``), "int" or "sek" (whole numbers,
    kronor), "pct" (a share in per cent, one decimal), "year", "date" or "text"."""

    label: str
    values: tuple[Any, ...]
    decimals: int = 0
    kind: str = "num"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


def head(label: str, kind: str = "text", decimals: int = 0) -> Column:
    """A column's header and kind, for :meth:`Table.from_rows` (which fills its values)."""
    return Column(label, (), decimals, kind)


@dataclass(frozen=True)
class Link:
    """A table cell that links to a page (an action's title, say)."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Table:
    """A table beside a chart (exactly the numbers it plots) or on a page: one row per
    ``index`` value (a year, a category, an action), named by the first column
    (``index_label``, read as ``index_kind``), and a value per row in each column.

    The pages show it as HTML and offer it as CSV and Excel (``dashboards.charts.tables``);
    ``slug`` names a table's download on a page with many, ``highlight`` marks rows that
    stand out and ``note`` is said under it.
    """

    caption: str
    index_label: str
    index: tuple[Any, ...]
    columns: tuple[Column, ...]
    index_kind: str = "text"
    note: str = ""
    slug: str = ""
    highlight: tuple[bool, ...] = ()

    @classmethod
    def from_rows(
        cls,
        caption: str,
        heads: Sequence[Column],
        rows: Sequence[Sequence[Any]],
        *,
        slug: str = "",
        note: str = "",
        highlight: Sequence[bool] = (),
    ) -> Table:
        """The table of ``rows`` (the first value of each is its index) under ``heads``
        (see :func:`head`)."""
        first, *rest = heads
        return cls(
            caption,
            first.label,
            tuple(row[0] for row in rows),
            tuple(
                Column(h.label, tuple(row[i] for row in rows), h.decimals, h.kind)
                for i, h in enumerate(rest, start=1)
            ),
            index_kind=first.kind,
            note=note,
            slug=slug,
            highlight=tuple(highlight),
        )

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Every column, the index first."""
        return (Column(self.index_label, self.index, 0, self.index_kind), *self.columns)

    def rows(self) -> list[tuple[Any, list[Any]]]:
        """(index value, the row's values) for each row."""
        return [
            (key, [column.values[i] for column in self.columns]) for i, key in enumerate(self.index)
        ]


@dataclass(frozen=True)
class Chart:
    """A figure, its table, and the words that go with it.

    ``id`` is a slug used for DOM ids and download addresses; ``summary`` is the text
    alternative (what the chart shows, in a sentence or two); ``notes`` explain how to
    read it (gaps, derived figures); ``sources`` credit the publishers.
    """

    id: str
    title: str
    figure: dict
    table: Table
    summary: str
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tall: bool = False


def decimals_for(values: Sequence[float | None]) -> int:
    """Display decimals for a column: none for tonnes, two for t per person or small %."""
    magnitudes = [abs(v) for v in values if v is not None]
    if not magnitudes:
        return 0
    largest = max(magnitudes)
    if largest >= 1000:
        return 0
    if largest >= 100:
        return 1
    return 2


def _column(label: str, by_year: Mapping[Any, float | None], index: Sequence) -> Column:
    values = tuple(_r(by_year.get(key)) for key in index)
    return Column(label, values, decimals_for(values))


def _layout(unit: str, **extra: object) -> dict:
    layout = {
        **BASE_LAYOUT,
        "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": unit}, "automargin": True},
        "legend": {"orientation": "h", "y": -0.18, "font": {"size": 12}, "traceorder": "normal"},
        "margin": {"l": 16, "r": 16, "t": 16, "b": 40},
    }
    layout.update(extra)
    return layout


def _hover(unit: str, decimals: int) -> str:
    return "%{y:,." + str(decimals) + "f} " + unit + "<extra>%{fullData.name}</extra>"


@dataclass(frozen=True)
class Observed:
    """A published value as the chart shows it."""

    year: int
    value: float
    status: str = "final"  # final | preliminary | estimate
    low: float | None = None
    high: float | None = None


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
) -> Chart:
    """A target's chart: published values (line with gaps; marker by status; uncertainty
    bars), each target's pathway and point, the recent trend and its ~95 % band.

    ``labels`` holds the translated words: values, final, preliminary, estimate, trend,
    band, band_low, band_high, status, low, high, year, caption.
    """
    values = {o.year: _r(o.value) for o in observed}
    years, line = with_gaps([Point(o.year, o.value) for o in observed])
    decimals = decimals_for(list(values.values()))
    hover = _hover(unit, decimals)
    data: list[dict] = []
    if observed:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["values"],
                "x": years,
                "y": [_r(v) for v in line],
                "connectgaps": False,
                "line": {"color": COLOR_VALUES, "width": 2.5},
                "hoverinfo": "skip",
            }
        )
    has_range = any(o.low is not None or o.high is not None for o in observed)
    for status, symbol in STATUS_SYMBOLS.items():
        group = [o for o in observed if o.status == status]
        if not group:
            continue
        trace: dict = {
            "type": "scatter",
            "mode": "markers",
            "name": labels[status],
            "x": [o.year for o in group],
            "y": [_r(o.value) for o in group],
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
                "array": [_r(o.high - o.value) if o.high is not None else None for o in group],
                "arrayminus": [_r(o.value - o.low) if o.low is not None else None for o in group],
                "color": COLOR_VALUES,
                "thickness": 1.5,
                "width": 5,
            }
        data.append(trace)
    if band:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["band_low"],
                "x": [b[0] for b in band],
                "y": [_r(b[1]) for b in band],
                "line": {"width": 0, "color": COLOR_BAND},
                "showlegend": False,
                "hovertemplate": hover,
            }
        )
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["band"],
                "x": [b[0] for b in band],
                "y": [_r(b[2]) for b in band],
                "fill": "tonexty",
                "fillcolor": COLOR_BAND,
                "line": {"width": 0, "color": COLOR_BAND},
                "hovertemplate": hover,
            }
        )
    if trend:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["trend"],
                "x": [t[0] for t in trend],
                "y": [_r(t[1]) for t in trend],
                "line": {"color": COLOR_TREND, "width": 2, "dash": DASH_TREND},
                "hovertemplate": hover,
            }
        )
    for target in targets:
        if target.pathway:
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": target.pathway_label,
                    "x": [pt[0] for pt in target.pathway],
                    "y": [_r(pt[1]) for pt in target.pathway],
                    "line": {"color": COLOR_PATHWAY, "width": 2, "dash": DASH_PATHWAY},
                    "hovertemplate": hover,
                }
            )
        if target.point is not None:
            data.append(
                {
                    "type": "scatter",
                    "mode": "markers+text",
                    "name": target.label,
                    "x": [target.point[0]],
                    "y": [_r(target.point[1])],
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

    # The table: one row per year anything is drawn for.
    index_set: set[int] = set(values)
    index_set |= {t[0] for t in trend} | {b[0] for b in band}
    for target in targets:
        index_set |= {pt[0] for pt in target.pathway}
        if target.point is not None:
            index_set.add(target.point[0])
    index = tuple(sorted(index_set))
    by_year = {o.year: o for o in observed}
    columns = [_column(f"{labels['values']} ({unit})", values, index)]
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
    if has_range:
        columns.append(_column(labels["low"], {o.year: o.low for o in observed}, index))
        columns.append(_column(labels["high"], {o.year: o.high for o in observed}, index))
    for target in targets:
        if target.pathway:
            columns.append(_column(f"{target.pathway_label} ({unit})", dict(target.pathway), index))
    if trend:
        columns.append(_column(f"{labels['trend']} ({unit})", dict(trend), index))
    if band:
        columns.append(_column(labels["band_low"], {b[0]: b[1] for b in band}, index))
        columns.append(_column(labels["band_high"], {b[0]: b[2] for b in band}, index))
    for target in targets:
        if target.point is not None:
            columns.append(
                _column(f"{target.label} ({unit})", {target.point[0]: target.point[1]}, index)
            )
    table = Table(labels["caption"], labels["year"], index, tuple(columns))
    layout = _layout(unit)
    notes = list(notes)
    # A wide uncertainty band far in the future can dwarf everything else; the axis then
    # stops a little above the values, pathway and trend, and the note says so (the table
    # holds the band's numbers).
    core = [o.high if o.high is not None else o.value for o in observed]
    core += [v for _, v in trend] + [v for t in targets for _, v in t.pathway]
    core += [t.point[1] for t in targets if t.point is not None]
    if band and core:
        ceiling = max(core) * 1.25
        if max(b[2] for b in band) > ceiling > 0:
            low = min(0.0, *core, *(b[1] for b in band))
            layout["yaxis"] = {**layout["yaxis"], "range": [low, ceiling], "rangemode": "normal"}
            notes.append(labels["band_clipped"])
    figure = {"data": data, "layout": layout}
    return Chart(chart_id, title, figure, table, summary, tuple(notes), tuple(sources))


def runs_of_years(years: Sequence[int]) -> list[list[int]]:
    """Published years split into runs of consecutive years: [1990], [2000], [2020..2024]."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


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
    style = {
        name: (SECTOR_COLORS[i % len(SECTOR_COLORS)], PATTERNS[i % len(PATTERNS)])
        for i, name in enumerate(sectors)
    }
    data: list[dict] = []
    shown: set[str] = set()
    for run in runs_of_years(years):
        for name in sectors:
            color, pattern = style[name]
            hover = name + ": %{y:,.0f} " + unit + "<extra>%{x}</extra>"
            ys = [_r(sectors_by_year[y].get(name)) for y in run]
            common = {
                "name": name,
                "legendgroup": name,
                "showlegend": name not in shown,
                "x": run,
                "y": ys,
                "hovertemplate": hover,
            }
            shown.add(name)
            if len(run) == 1:
                data.append(
                    {
                        "type": "bar",
                        **common,
                        "width": 0.8,
                        "marker": {
                            "color": color,
                            "line": {"color": TEXT, "width": 0.5},
                            "pattern": {
                                "shape": pattern,
                                "fgcolor": TEXT,
                                "solidity": 0.25,
                                "fillmode": "overlay",
                            },
                        },
                    }
                )
            else:
                data.append(
                    {
                        "type": "scatter",
                        "mode": "lines",
                        **common,
                        "stackgroup": f"run-{run[0]}",
                        "line": {"color": TEXT, "width": 0.5},
                        "fillcolor": color,
                        "fillpattern": (
                            {
                                "shape": pattern,
                                "fgcolor": TEXT,
                                "solidity": 0.25,
                                "fillmode": "overlay",
                            }
                            if pattern
                            else {"shape": ""}
                        ),
                    }
                )
    index = tuple(years)
    columns = [
        _column(name, {y: sectors_by_year[y].get(name) for y in years}, index) for name in sectors
    ]
    columns.append(
        _column(labels["total"], {y: sum(sectors_by_year[y].values()) for y in years}, index)
    )
    table = Table(labels["caption"], labels["year"], index, tuple(columns))
    figure = {
        "data": data,
        "layout": _layout(
            unit,
            barmode="stack",
            bargap=0.2,
            hovermode="closest",
            legend={"orientation": "h", "y": -0.2, "font": {"size": 11}, "traceorder": "normal"},
            margin={"l": 16, "r": 16, "t": 16, "b": 40},
            xaxis={**BASE_LAYOUT["xaxis"], "range": [years[0] - 1, years[-1] + 1]}
            if years
            else BASE_LAYOUT["xaxis"],
        ),
    }
    return Chart(chart_id, title, figure, table, summary, tuple(notes), tuple(sources), tall=True)


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
            "x": [_r(shares[name]) for name in ordered],
            "y": ordered,
            "customdata": [_r(sectors[name]) for name in ordered],
            "text": [pct(shares[name], 1, signed=False) for name in ordered],
            "textposition": "auto",
            "marker": {"color": COLOR_VALUES, "line": {"color": TEXT, "width": 0.5}},
            "hovertemplate": "%{y}: %{x:.1f} % (%{customdata:,.0f} " + unit + ")<extra></extra>",
        }
    ]
    layout = _layout(
        "%",
        hovermode="closest",
        showlegend=False,
        margin={"l": 16, "r": 16, "t": 8, "b": 40},
        xaxis={
            "gridcolor": "#e5e5e5",
            "title": {"text": labels["share_axis"]},
            "rangemode": "tozero",
        },
        yaxis={"automargin": True, "tickfont": {"size": 11}},
    )
    index = tuple(reversed(ordered))
    table = Table(
        labels["caption"],
        labels["sector"],
        index,
        (
            _column(f"{year} ({unit})", dict(sectors), index),
            Column(labels["share_column"], tuple(_r(shares[n]) for n in index), 1),
        ),
    )
    return Chart(
        chart_id,
        title,
        {"data": data, "layout": layout},
        table,
        summary,
        tuple(notes),
        tuple(sources),
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
        years, values = with_gaps([Point(o.year, o.value) for o in points])
        index_set |= {o.year for o in points}
        decimals = decimals_for([o.value for o in points])
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": name,
                "x": years,
                "y": [_r(v) for v in values],
                "connectgaps": False,
                "line": {
                    "color": PALETTE[i * 5 % len(PALETTE)],
                    "width": 2.5,
                    "dash": dashes[i % 4],
                },
                "marker": {"symbol": symbols[i % 4], "size": 9},
                "hovertemplate": _hover(unit, decimals),
            }
        )
    index = tuple(sorted(index_set))
    columns = tuple(
        _column(f"{name} ({unit})", {o.year: o.value for o in points}, index)
        for name, points in lines
    )
    table = Table(labels["caption"], labels["year"], index, columns)
    return Chart(
        chart_id,
        title,
        {"data": data, "layout": _layout(unit)},
        table,
        summary,
        tuple(notes),
        tuple(sources),
    )


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
    e_years = sorted(emissions)
    r_years = sorted(removals)
    net_years, net_values = with_gaps([Point(y, v) for y, v in sorted(net.items())])
    data = [
        {
            "type": "bar",
            "name": labels["emissions"],
            "x": e_years,
            "y": [_r(emissions[y]) for y in e_years],
            "marker": {
                "color": PALETTE[5],
                "pattern": {"shape": "/", "fgcolor": TEXT, "solidity": 0.2, "fillmode": "overlay"},
            },
            "hovertemplate": _hover(unit, 0),
        },
        {
            "type": "bar",
            "name": labels["removals"],
            "x": r_years,
            "y": [_r(-removals[y]) for y in r_years],
            "marker": {
                "color": PALETTE[2],
                "pattern": {"shape": ".", "fgcolor": TEXT, "solidity": 0.2, "fillmode": "overlay"},
            },
            "hovertemplate": _hover(unit, 0),
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": labels["net"],
            "x": net_years,
            "y": [_r(v) for v in net_values],
            "connectgaps": False,
            "line": {"color": TEXT, "width": 2.5},
            "marker": {"symbol": "diamond", "size": 9, "color": TEXT},
            "hovertemplate": _hover(unit, 0),
        },
    ]
    index = tuple(sorted(set(e_years) | set(r_years)))
    table = Table(
        labels["caption"],
        labels["year"],
        index,
        (
            _column(f"{labels['emissions']} ({unit})", emissions, index),
            _column(
                f"{labels['removals_column']} ({unit})", {y: -v for y, v in removals.items()}, index
            ),
            _column(f"{labels['net']} ({unit})", net, index),
        ),
    )
    layout = _layout(unit, barmode="relative", hovermode="x unified")
    layout["yaxis"] = {
        **layout["yaxis"],
        "rangemode": "normal",
        "zeroline": True,
        "zerolinecolor": TEXT,
    }
    return Chart(
        chart_id,
        title,
        {"data": data, "layout": layout},
        table,
        summary,
        tuple(notes),
        tuple(sources),
    )


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
) -> Chart:
    """Annual emissions of the budget's substance: published values, the recent trend
    projected to the budget's end year, and the constant-rate path that spends exactly
    the budget."""
    years, values = with_gaps([Point(o.year, o.value) for o in observed])
    hover = _hover(unit, 0)
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": labels["values"],
            "x": years,
            "y": [_r(v) for v in values],
            "connectgaps": False,
            "line": {"color": COLOR_VALUES, "width": 2.5},
            "marker": {"symbol": "circle", "size": 8},
            "hovertemplate": hover,
        }
    ]
    if trend:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["trend"],
                "x": [t[0] for t in trend],
                "y": [_r(t[1]) for t in trend],
                "line": {"color": COLOR_TREND, "width": 2, "dash": DASH_TREND},
                "hovertemplate": hover,
            }
        )
    if pathway:
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": labels["pathway"],
                "x": [pt[0] for pt in pathway],
                "y": [_r(pt[1]) for pt in pathway],
                "line": {"color": COLOR_PATHWAY, "width": 2, "dash": DASH_PATHWAY},
                "hovertemplate": hover,
            }
        )
    index = tuple(
        sorted({o.year for o in observed} | {t[0] for t in trend} | {pt[0] for pt in pathway})
    )
    columns = [_column(f"{labels['values']} ({unit})", {o.year: o.value for o in observed}, index)]
    if trend:
        columns.append(_column(f"{labels['trend']} ({unit})", dict(trend), index))
    if pathway:
        columns.append(_column(f"{labels['pathway']} ({unit})", dict(pathway), index))
    table = Table(labels["caption"], labels["year"], index, tuple(columns))
    return Chart(
        chart_id,
        title,
        {"data": data, "layout": _layout(unit)},
        table,
        summary,
        tuple(notes),
        tuple(sources),
    )
