"""The comparison's charts: plain data in, ``dashboards.charts.chart.Chart`` out (a Plotly
figure and the table of exactly what it plots). No ORM, no Django.

- ``index_chart``: each municipality's territorial emissions indexed to its 1990 value
  (= 100). Years the source never published stay gaps: lines join only consecutive
  published years, every published year has a marker, nothing is interpolated
  (``with_breaks``).
- ``ranking_chart``: emissions per inhabitant as horizontal bars, highest at the top.

Up to ``MAX_STYLED`` municipalities (the 23 contract cities fit) each get their own
colour, dash and marker (in a legend, where a click hides or shows a line);
more are drawn as one thin line each in a single colour (hover names them; the table
beside the chart has every value), since thirty colours cannot be told apart anyway.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboards.charts.chart import ROUND, Chart, Column, Table, plotly_chart, rounded
from dashboards.charts.style import BASE_LAYOUT, PALETTE, TEXT

MAX_STYLED = 25
DASHES = ("solid", "dash", "dot")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star")
BASE_YEAR = 1990
# Colours for the styled lines: the site's Okabe–Ito palette without yellow and the light
# grey, which are too pale as thin lines on white.
LINE_COLOURS = tuple(c for c in PALETTE if c not in ("#F0E442", "#999999"))
BAR_CONTRACT = PALETTE[0]
BAR_OTHER = "#8c96a0"


@dataclass(frozen=True)
class Series:
    """One municipality's values by year, and whether it is a contract city."""

    name: str
    values: Mapping[int, float]
    is_contract_city: bool = False


def _layout(y_title: str, **extra: object) -> dict:
    layout = {
        **BASE_LAYOUT,
        "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": y_title}, "automargin": True},
        "legend": {"orientation": "h", "y": -0.18, "font": {"size": 12}},
        "margin": {"l": 16, "r": 16, "t": 16, "b": 40},
    }
    layout.update(extra)
    return layout


def with_breaks(values: Mapping[int, float | None]) -> tuple[list[int], list[float | None]]:
    """Years and values with one ``None`` (at the first missing year) wherever published
    years are not consecutive, so the line breaks there. Plotly needs only one break
    point per gap, not one per unpublished year; that keeps a 290-line chart light."""
    xs: list[int] = []
    ys: list[float | None] = []
    previous: int | None = None
    for year, value in sorted(values.items()):
        if previous is not None and year > previous + 1:
            xs.append(previous + 1)
            ys.append(None)
        xs.append(year)
        ys.append(rounded(value))
        previous = year
    return xs, ys


def indexed(values: Mapping[int, float], base_year: int = BASE_YEAR) -> dict[int, float]:
    """``values`` as an index, the base year's value = 100; empty without a positive base."""
    base = values.get(base_year)
    if not base or base <= 0:
        return {}
    return {year: value / base * 100 for year, value in sorted(values.items())}


def index_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[Series],
    years: Sequence[int],
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
    draw: bool = True,
    indices: Sequence[dict[int, float]] | None = None,
) -> Chart:
    """Emissions indexed to 1990 = 100, one line per municipality with a 1990 value.

    ``years`` are the years the release publishes (the table's columns). ``labels``:
    ``municipality`` (the table's first column), ``caption``, ``index`` (axis title).
    ``draw=False``: the figure has no lines, for a page that shows the same numbers as
    small multiples and uses only the table and the words (up to 290 lines cost time).
    ``indices``: each series' ``indexed`` values, when the caller has them already.
    """
    found = indices if indices is not None else [indexed(s.values) for s in series]
    drawn = [(s, idx) for s, idx in zip(series, found, strict=True) if idx]
    styled = len(drawn) <= MAX_STYLED
    if not draw:
        data: list[dict] = []
    elif styled:
        data = _styled_lines(drawn)
    else:
        data = [_one_line(drawn, labels["all"])]
    index = tuple(s.name for s, _idx in drawn)
    # As ``rounded`` does, without a call per cell (290 municipalities, every year).
    columns = tuple(
        Column(
            str(year),
            tuple(None if (v := idx.get(year)) is None else round(v, ROUND) for _s, idx in drawn),
            1,
        )
        for year in years
    )
    table = Table(labels["caption"], labels["municipality"], index, columns)
    layout = _layout(
        labels["index"],
        hovermode="closest",
        showlegend=styled,
        shapes=[
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": 100,
                "y1": 100,
                "line": {"color": TEXT, "width": 1, "dash": "dot"},
            }
        ],
    )
    if styled and len(drawn) > 6:
        layout["legend"] = {"orientation": "h", "y": -0.22, "font": {"size": 11}}
    tall = styled and len(drawn) > 8
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources, tall=tall)


def _styled_lines(drawn: list[tuple[Series, dict[int, float]]]) -> list[dict]:
    """A line per municipality, each with its own colour, dash and marker."""
    data = []
    for i, (s, idx) in enumerate(drawn):
        xs, ys = with_breaks(idx)
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": s.name,
                "x": xs,
                "y": ys,
                "connectgaps": False,
                "line": {
                    "color": LINE_COLOURS[i % len(LINE_COLOURS)],
                    "width": 2,
                    "dash": DASHES[(i // len(LINE_COLOURS)) % len(DASHES)],
                },
                "marker": {"size": 6, "symbol": SYMBOLS[i % len(SYMBOLS)]},
                "hovertemplate": "%{y:.1f}<extra>" + s.name + "</extra>",
            }
        )
    return data


def _one_line(drawn: list[tuple[Series, dict[int, float]]], name: str) -> dict:
    """Every municipality in one thin trace: a None between municipalities breaks the
    line, as a None between unpublished years does, and ``text`` names each point for
    the hover."""
    xs_all: list[int | None] = []
    ys_all: list[float | None] = []
    text: list[str] = []
    for s, idx in drawn:
        xs, ys = with_breaks(idx)
        xs_all += [*xs, None]
        ys_all += [*ys, None]
        text += [s.name] * (len(xs) + 1)
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": xs_all,
        "y": ys_all,
        "text": text,
        "connectgaps": False,
        "line": {"color": PALETTE[0], "width": 1},
        "marker": {"size": 3, "color": PALETTE[0]},
        "opacity": 0.45,
        "hovertemplate": "%{text}: %{y:.1f}<extra>%{x}</extra>",
        "showlegend": False,
    }


def ranking_chart(
    *,
    chart_id: str,
    title: str,
    values: Sequence[tuple[str, float, bool]],
    unit: str,
    labels: Mapping[str, str],
    summary: str,
    notes: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> Chart:
    """Horizontal bars, highest value at the top. ``values``: (name, value, is contract
    city). When the set mixes contract cities and other municipalities the contract
    cities are a separate, darker trace (and the others hatched, for grey scale).

    ``labels``: ``municipality``, ``rank``, ``value`` (column header), ``caption``,
    ``contract``, ``other``, ``axis``.
    """
    ordered = sorted(values, key=lambda v: (-v[1], v[0]))
    mixed = len({v[2] for v in ordered}) > 1
    data: list[dict] = []
    bottom_up = list(reversed(ordered))  # Plotly draws the first category at the bottom
    groups = [(True, labels["contract"]), (False, labels["other"])] if mixed else [(None, "")]
    for group, name in groups:
        members = [v for v in bottom_up if group is None or v[2] is group]
        data.append(_bars(name or labels["value"], members, mixed and group is False, unit))
    layout = _ranking_layout(labels["axis"], mixed, [v[0] for v in bottom_up])
    table = Table(
        labels["caption"],
        labels["rank"],
        tuple(range(1, len(ordered) + 1)),
        (
            Column(labels["municipality"], tuple(v[0] for v in ordered), kind="text"),
            Column(labels["value"], tuple(rounded(v[1]) for v in ordered), 2),
        ),
    )
    return plotly_chart(chart_id, title, data, layout, table, summary, notes, sources, tall=True)


def _bars(name: str, members: list[tuple[str, float, bool]], hatched: bool, unit: str) -> dict:
    """One trace of bars (contract cities, or the other municipalities hatched)."""
    pattern = {"shape": "/", "fgcolor": TEXT, "size": 6, "solidity": 0.3, "fillmode": "overlay"}
    return {
        "type": "bar",
        "orientation": "h",
        "name": name,
        "x": [rounded(v[1]) for v in members],
        "y": [v[0] for v in members],
        "marker": {
            "color": BAR_OTHER if hatched else BAR_CONTRACT,
            "line": {"color": TEXT, "width": 0.5},
            **({"pattern": pattern} if hatched else {}),
        },
        "hovertemplate": "%{y}: %{x:.2f} " + unit + "<extra></extra>",
    }


def _ranking_layout(axis_title: str, mixed: bool, names_bottom_up: list[str]) -> dict:
    """Bars as tall as a name, the legend (contract cities, others) only for a mix."""
    return _layout(
        "",
        hovermode="closest",
        showlegend=mixed,
        height=max(260, 16 * len(names_bottom_up) + 90),
        barmode="overlay",
        bargap=0.25,
        margin={"l": 16, "r": 16, "t": 8, "b": 40},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "font": {"size": 12}},
        xaxis={"gridcolor": "#e5e5e5", "title": {"text": axis_title}, "rangemode": "tozero"},
        yaxis={
            "automargin": True,
            "tickfont": {"size": 11},
            "categoryorder": "array",
            "categoryarray": names_bottom_up,
        },
    )
