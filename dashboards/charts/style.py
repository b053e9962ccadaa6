"""The look shared by the Plotly charts: colours, dashes, markers, hatching and the base
layout. No ORM and no Django here: the figures are plain dicts that follow plotly.js's
figure schema (``{"data": [...], "layout": {...}}``); the tests validate them with the
Plotly Python package, and plotly.js, served from our own static files, draws them.

Grey scale: lines differ by dash (solid values, dashed pathway, dotted trend), markers
by shape (filled circle final, open circle preliminary, open diamond estimate, star
target), areas and bars by hatching pattern, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dashboards.charts.chart import Point, rounded, with_gaps

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

DASH_PATHWAY = "dash"
DASH_TREND = "dot"
COLOR_VALUES = PALETTE[0]  # blue
COLOR_PATHWAY = PALETTE[5]  # vermillion
COLOR_TREND = "#6A3D9A"  # purple
COLOR_TARGET = PALETTE[2]  # bluish green
COLOR_BAND = "rgba(120, 120, 120, 0.22)"
STATUS_SYMBOLS = {"final": "circle", "preliminary": "circle-open", "estimate": "diamond-open"}
PATTERNS = ["", "/", "x", ".", "\\", "-", "|", "+"]
# Sector fills: mid and light tones only, so the dark hatching stays visible on each (the
# palette without its black and dark purple, and a light purple).
SECTOR_COLORS = [*PALETTE[:7], PALETTE[8], "#B39DDB"]


def chart_layout(unit: str, **extra: object) -> dict:
    """The base layout with the y axis titled by ``unit``, the legend below, and ``extra``."""
    layout = {
        **BASE_LAYOUT,
        "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": unit}, "automargin": True},
        "legend": {"orientation": "h", "y": -0.18, "font": {"size": 12}, "traceorder": "normal"},
        "margin": {"l": 16, "r": 16, "t": 16, "b": 40},
    }
    layout.update(extra)
    return layout


def hover_text(unit: str, decimals: int) -> str:
    """The hover label of a trace's values: the number with its unit, the trace's name."""
    return "%{y:,." + str(decimals) + "f} " + unit + "<extra>%{fullData.name}</extra>"


def line_trace(
    points: Sequence[tuple[int, float]], name: str, color: str, dash: str, hover: str
) -> dict:
    """A thin dashed or dotted line through ``points`` (a trend, a pathway)."""
    return {
        "type": "scatter",
        "mode": "lines",
        "name": name,
        "x": [pt[0] for pt in points],
        "y": [rounded(pt[1]) for pt in points],
        "line": {"color": color, "width": 2, "dash": dash},
        "hovertemplate": hover,
    }


DASH_ESTIMATE = "dash"


def estimate_trace(
    anchor: tuple[int, float] | None,
    points: Sequence[tuple[int, float]],
    name: str,
    color: str,
    hover: str,
) -> dict:
    """The estimated years (not yet published): a dashed line with open markers, drawn on
    from the last published value (``anchor``) so that it reads as its continuation,
    never as a published value (the anchor has no marker of its own here)."""
    line = ([anchor] if anchor is not None else []) + list(points)
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": [pt[0] for pt in line],
        "y": [rounded(pt[1]) for pt in line],
        "line": {"color": color, "width": 2, "dash": DASH_ESTIMATE},
        "marker": {
            "symbol": "circle-open",
            "size": [0] * (len(line) - len(points)) + [9] * len(points),
            "color": color,
        },
        "hovertemplate": hover,
    }


def marked_line(
    name: str, by_year: Mapping[int, float], *, line: dict, marker: dict, hover: str
) -> dict:
    """A series as a line with a marker per value, broken where a year is unpublished."""
    years, values = with_gaps([Point(year, value) for year, value in sorted(by_year.items())])
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": years,
        "y": [rounded(v) for v in values],
        "connectgaps": False,
        "line": line,
        "marker": marker,
        "hovertemplate": hover,
    }
