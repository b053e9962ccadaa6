"""Drawing parts shared by the report's SVG charts (``dashboards.charts.svg``): the
colours and hatchings, numbers and coordinates as text, the plot frame, axes, legend,
value markers and lines. Plain strings in, plain strings out: no Django, no ORM."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from core.numbers import format_number

Number = Callable[[float, int], str]

WIDTH = 600
FONT = 13
SMALL = 11
INK = "#1f2328"
MUTED = "#57606a"
GRID = "#d8dee4"
COLOR_VALUES = "#0b4f8a"  # dark blue
COLOR_PATHWAY = "#b3400a"  # dark vermillion
COLOR_TREND = "#6a3d9a"  # purple
COLOR_TARGET = "#006d4f"  # dark bluish green
COLOR_BAND = "#d9d9d9"
DASH_PATHWAYS = ("7 4", "12 3 3 3", "3 3 9 3")
DASH_TREND = "2 3"

#: Sector fills (Okabe–Ito and light tones, so the dark hatching stays visible on each)
#: and hatchings: together they tell nine sectors apart in grey scale.
FILLS = (
    "#56B4E9",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#F0E442",
    "#D55E00",
    "#999999",
    "#B39DDB",
    "#0072B2",
    "#FFFFFF",
)
HATCHES = ("", "diag", "dots", "cross", "horiz", "back", "vert", "grid", "diag-wide", "dots")

DEFAULT_WORDS = {
    "values": "Utfall",
    "preliminary": "Preliminärt värde",
    "estimate": "Uppskattat värde",
    "estimated": "Uppskattat, ej publicerat ännu",
    "trend": "Trend",
    "band": "Trendens osäkerhet (95 %)",
    "target": "Mål",
}


def swedish_number(value: float, decimals: int = 0) -> str:
    """``value`` the Swedish way ("−1 234,5", ``core.numbers``): the default of the chart
    builders. Callers in Django pass ``core.formatting.num`` instead, which follows the
    active language."""
    return format_number(value, decimals, "sv")


def esc(text: object) -> str:
    """``text`` safe inside an SVG element or attribute."""
    return escape(str(text), quote=True)


def coord(value: float) -> str:
    """A coordinate, short and stable: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def text_width(text: str, size: int = FONT) -> float:
    """A rough width of ``text`` in the chart's units (no font metrics in pure Python):
    wide enough for the system sans-serif fonts the report is set in."""
    return len(text) * size * 0.56


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``–``high``: steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    if not high - low > 1e-9 * max(abs(low), abs(high), 1.0):
        high = low + 1  # nothing to spread (all zero, or one value): a unit range
    raw = (high - low) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks


def tick_decimals(ticks: Sequence[float]) -> int:
    """Decimals for the axis labels: none for whole ticks, else one (two for a single tick)."""
    return 0 if all(float(t).is_integer() for t in ticks) else (1 if len(ticks) > 1 else 2)


def year_ticks(first: int, last: int) -> list[int]:
    """The years labelled on a year axis: every year, or every 2nd, 5th or 10th."""
    span = last - first
    step = 1 if span <= 8 else 2 if span <= 16 else 5 if span <= 45 else 10
    ticks = [y for y in range(first, last + 1) if y % step == 0]
    return ticks or [first, last]


@dataclass(frozen=True)
class Frame:
    """The plot area and the mapping from data to chart coordinates."""

    left: float
    right: float
    top: float
    bottom: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def x(self, value: float) -> float:
        span = self.x_high - self.x_low or 1
        return self.left + (value - self.x_low) / span * (self.right - self.left)

    def y(self, value: float) -> float:
        span = self.y_high - self.y_low or 1
        return self.bottom - (value - self.y_low) / span * (self.bottom - self.top)


def svg_open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    """The ``<svg>`` element with its accessible name (``<title>``) and description."""
    cid = esc(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{cid}" '
        f'viewBox="0 0 {WIDTH} {coord(height)}" width="{WIDTH}" height="{coord(height)}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" font-size="{FONT}">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
    ]


def pattern_defs(chart_id: str, hatches: Sequence[tuple[str, str]]) -> str:
    """``<pattern>`` definitions: (hatch name, fill colour) → id ``{chart}-p{i}``."""
    parts = ["<defs>"]
    for i, (hatch, fill) in enumerate(hatches):
        if not hatch:
            continue  # drawn with its plain colour (``fill_of``)
        pid = f"{esc(chart_id)}-p{i}"
        size = 8 if hatch != "diag-wide" else 12
        body = f'<rect width="{size}" height="{size}" fill="{fill}"/>'
        line = f'stroke="{INK}" stroke-width="1.2"'
        transform = ""
        if hatch in ("diag", "diag-wide"):
            body += f'<line x1="0" y1="0" x2="0" y2="{size}" {line}/>'
            transform = ' patternTransform="rotate(45)"'
        elif hatch == "back":
            body += f'<line x1="0" y1="0" x2="0" y2="{size}" {line}/>'
            transform = ' patternTransform="rotate(-45)"'
        elif hatch == "cross":
            body += f'<line x1="0" y1="0" x2="0" y2="{size}" {line}/>'
            body += f'<line x1="0" y1="0" x2="{size}" y2="0" {line}/>'
            transform = ' patternTransform="rotate(45)"'
        elif hatch == "horiz":
            body += f'<line x1="0" y1="4" x2="{size}" y2="4" {line}/>'
        elif hatch == "vert":
            body += f'<line x1="4" y1="0" x2="4" y2="{size}" {line}/>'
        elif hatch == "grid":
            body += f'<line x1="4" y1="0" x2="4" y2="{size}" {line}/>'
            body += f'<line x1="0" y1="4" x2="{size}" y2="4" {line}/>'
        elif hatch == "dots":
            body += f'<circle cx="4" cy="4" r="1.4" fill="{INK}"/>'
        parts.append(
            f'<pattern id="{pid}" width="{size}" height="{size}" '
            f'patternUnits="userSpaceOnUse"{transform}>{body}</pattern>'
        )
    parts.append("</defs>")
    return "".join(parts)


def fill_of(chart_id: str, index: int, styles: Sequence[tuple[str, str]]) -> str:
    """The fill of style ``index``: its colour when it has no hatching (a pattern tile
    for a plain colour would show faint seams in some PDF viewers), else its pattern."""
    hatch, colour = styles[index]
    return colour if not hatch else f"url(#{esc(chart_id)}-p{index})"


def y_axis(frame: Frame, ticks: Sequence[float], number: Number, unit: str) -> list[str]:
    """The value axis: a grid line and label per tick, the unit above."""
    decimals = tick_decimals(ticks)
    parts = [f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">']
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{coord(frame.left)}" x2="{coord(frame.right)}" '
            f'y1="{coord(y)}" y2="{coord(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{coord(frame.left - 6)}" y="{coord(y + 4)}" text-anchor="end">'
            f"{esc(number(tick, decimals))}</text>"
        )
    parts.append(
        f'<text x="{coord(frame.left - 6)}" y="{coord(frame.top - 10)}">{esc(unit)}</text>'
    )
    parts.append("</g>")
    return parts


def x_axis_years(frame: Frame, ticks: Sequence[int]) -> list[str]:
    """The year axis along the bottom of the plot, a tick and label per year in ``ticks``."""
    parts = [
        f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">',
        f'<line x1="{coord(frame.left)}" x2="{coord(frame.right)}" y1="{coord(frame.bottom)}" '
        f'y2="{coord(frame.bottom)}" stroke="{INK}" stroke-width="1"/>',
    ]
    for year in ticks:
        x = frame.x(year)
        parts.append(
            f'<line x1="{coord(x)}" x2="{coord(x)}" y1="{coord(frame.bottom)}" '
            f'y2="{coord(frame.bottom + 4)}" stroke="{INK}"/>'
        )
        parts.append(
            f'<text x="{coord(x)}" y="{coord(frame.bottom + 17)}" '
            f'text-anchor="middle">{year}</text>'
        )
    parts.append("</g>")
    return parts


@dataclass(frozen=True)
class LegendItem:
    """One entry of a legend: its words and its glyph."""

    label: str
    glyph: str  # SVG drawn in a 22 × 12 box at (0, 0)


def legend_height(items: Sequence[LegendItem], width: float) -> float:
    """How tall the legend of ``items`` is when wrapped to ``width``."""
    return legend_svg(items, 0, width)[1]


def legend_svg(items: Sequence[LegendItem], top: float, width: float) -> tuple[str, float]:
    """The legend as rows of glyph + label, wrapped to ``width``; returns (svg, height)."""
    parts = ['<g class="legend" font-size="12">']
    x, y, row = 8.0, top, 18.0
    for item in items:
        item_width = 28 + text_width(item.label, 12) + 16
        if x > 8 and x + item_width > width:
            x, y = 8.0, y + row
        parts.append(
            f'<g transform="translate({coord(x)},{coord(y)})">{item.glyph}'
            f'<text x="28" y="10" fill="{INK}">{esc(item.label)}</text></g>'
        )
        x += item_width
    parts.append("</g>")
    height = (y - top + row) if items else 0.0
    return "".join(parts), height


def value_marker(status: str, x: float, y: float, color: str = COLOR_VALUES) -> str:
    """A published value's marker: filled circle final, open circle preliminary, open
    diamond estimate."""
    if status == "preliminary":
        return (
            f'<circle cx="{coord(x)}" cy="{coord(y)}" r="4.5" fill="#ffffff" stroke="{color}" '
            'stroke-width="2"/>'
        )
    if status == "estimate":
        d = 5.5
        return (
            f'<path d="M{coord(x)} {coord(y - d)}L{coord(x + d)} {coord(y)}'
            f"L{coord(x)} {coord(y + d)}"
            f'L{coord(x - d)} {coord(y)}Z" fill="#ffffff" stroke="{color}" stroke-width="2"/>'
        )
    return f'<circle cx="{coord(x)}" cy="{coord(y)}" r="4.5" fill="{color}"/>'


def target_square(x: float, y: float, size: float = 9) -> str:
    """A target's marker: a square."""
    h = size / 2
    return (
        f'<rect x="{coord(x - h)}" y="{coord(y - h)}" width="{coord(size)}" height="{coord(size)}" '
        f'fill="{COLOR_TARGET}" stroke="{INK}" stroke-width="1"/>'
    )


def polyline(points: Sequence[tuple[float, float]], color: str, width: float, dash: str) -> str:
    """A line through ``points`` (``dash`` an SVG dash array, "" for solid)."""
    coords = " ".join(f"{coord(x)},{coord(y)}" for x, y in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="{width}" '
        f'stroke-linejoin="round"{dash_attr}/>'
    )
