"""Charts as plain SVG for the printable progress report (lägesrapport) and its PDF.

WeasyPrint, which turns the report into a PDF, runs no JavaScript, so the report cannot
use the Plotly charts of the city page. These builders take plain data and return an
SVG string: no Django, no ORM, no randomness (the same data gives the same bytes, which
keeps a saved report reproducible and its tests exact).

Every chart is

- accessible: ``role="img"`` named by its ``<title>`` and described by its ``<desc>``
  (the caller writes a sentence that says what the chart shows; a table beside it holds
  every number);
- legible in grey scale: lines differ by dash (solid values, dashed pathway, dotted
  trend), value markers by shape (filled circle final, open circle preliminary, open
  diamond estimate, square target), bars by hatching, and the words are on the chart;
- honest about gaps: a year without a published value is never drawn; a line breaks
  there and a bar is simply missing.

Ids inside an SVG are prefixed with the chart's id, since every chart of the report
shares one HTML document.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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
    "trend": "Trend",
    "band": "Trendens osäkerhet (95 %)",
    "target": "Mål",
}


def swedish_number(value: float, decimals: int = 0) -> str:
    """``value`` the Swedish way ("−1 234,5", ``core.numbers``): the default of the chart
    builders. Callers in Django pass ``core.formatting.num`` instead, which follows the
    active language."""
    return format_number(value, decimals, "sv")


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _f(value: float) -> str:
    """A coordinate, short and stable: two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text_width(text: str, size: int = FONT) -> float:
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


def _decimals_for(ticks: Sequence[float]) -> int:
    return 0 if all(float(t).is_integer() for t in ticks) else (1 if len(ticks) > 1 else 2)


def _year_ticks(first: int, last: int) -> list[int]:
    span = last - first
    step = 1 if span <= 8 else 2 if span <= 16 else 5 if span <= 45 else 10
    ticks = [y for y in range(first, last + 1) if y % step == 0]
    return ticks or [first, last]


@dataclass(frozen=True)
class _Frame:
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


def _open(chart_id: str, title: str, desc: str, height: float) -> list[str]:
    cid = _e(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" id="{cid}" '
        f'viewBox="0 0 {WIDTH} {_f(height)}" width="{WIDTH}" height="{_f(height)}" '
        f'role="img" aria-labelledby="{cid}-title {cid}-desc" '
        f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif" font-size="{FONT}">',
        f'<title id="{cid}-title">{_e(title)}</title>',
        f'<desc id="{cid}-desc">{_e(desc)}</desc>',
    ]


def _patterns(chart_id: str, hatches: Sequence[tuple[str, str]]) -> str:
    """``<pattern>`` definitions: (hatch name, fill colour) → id ``{chart}-p{i}``."""
    parts = ["<defs>"]
    for i, (hatch, fill) in enumerate(hatches):
        if not hatch:
            continue  # drawn with its plain colour (``_fill``)
        pid = f"{_e(chart_id)}-p{i}"
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


def _fill(chart_id: str, index: int, styles: Sequence[tuple[str, str]]) -> str:
    """The fill of style ``index``: its colour when it has no hatching (a pattern tile
    for a plain colour would show faint seams in some PDF viewers), else its pattern."""
    hatch, colour = styles[index]
    return colour if not hatch else f"url(#{_e(chart_id)}-p{index})"


def _y_axis(frame: _Frame, ticks: Sequence[float], number: Number, unit: str) -> list[str]:
    decimals = _decimals_for(ticks)
    parts = [f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">']
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line x1="{_f(frame.left)}" x2="{_f(frame.right)}" y1="{_f(y)}" y2="{_f(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_f(frame.left - 6)}" y="{_f(y + 4)}" text-anchor="end">'
            f"{_e(number(tick, decimals))}</text>"
        )
    parts.append(f'<text x="{_f(frame.left - 6)}" y="{_f(frame.top - 10)}">{_e(unit)}</text>')
    parts.append("</g>")
    return parts


def _x_axis_years(frame: _Frame, ticks: Sequence[int]) -> list[str]:
    parts = [
        f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">',
        f'<line x1="{_f(frame.left)}" x2="{_f(frame.right)}" y1="{_f(frame.bottom)}" '
        f'y2="{_f(frame.bottom)}" stroke="{INK}" stroke-width="1"/>',
    ]
    for year in ticks:
        x = frame.x(year)
        parts.append(
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_f(frame.bottom)}" '
            f'y2="{_f(frame.bottom + 4)}" stroke="{INK}"/>'
        )
        parts.append(
            f'<text x="{_f(x)}" y="{_f(frame.bottom + 17)}" text-anchor="middle">{year}</text>'
        )
    parts.append("</g>")
    return parts


@dataclass(frozen=True)
class _LegendItem:
    label: str
    glyph: str  # SVG drawn in a 22 × 12 box at (0, 0)


def _legend_height(items: Sequence[_LegendItem], width: float) -> float:
    return _legend(items, 0, width)[1]


def _legend(items: Sequence[_LegendItem], top: float, width: float) -> tuple[str, float]:
    """The legend as rows of glyph + label, wrapped to ``width``; returns (svg, height)."""
    parts = ['<g class="legend" font-size="12">']
    x, y, row = 8.0, top, 18.0
    for item in items:
        item_width = 28 + _text_width(item.label, 12) + 16
        if x > 8 and x + item_width > width:
            x, y = 8.0, y + row
        parts.append(
            f'<g transform="translate({_f(x)},{_f(y)})">{item.glyph}'
            f'<text x="28" y="10" fill="{INK}">{_e(item.label)}</text></g>'
        )
        x += item_width
    parts.append("</g>")
    height = (y - top + row) if items else 0.0
    return "".join(parts), height


def _marker(status: str, x: float, y: float, color: str = COLOR_VALUES) -> str:
    if status == "preliminary":
        return (
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="#ffffff" stroke="{color}" '
            'stroke-width="2"/>'
        )
    if status == "estimate":
        d = 5.5
        return (
            f'<path d="M{_f(x)} {_f(y - d)}L{_f(x + d)} {_f(y)}L{_f(x)} {_f(y + d)}'
            f'L{_f(x - d)} {_f(y)}Z" fill="#ffffff" stroke="{color}" stroke-width="2"/>'
        )
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="4.5" fill="{color}"/>'


def _square(x: float, y: float, size: float = 9) -> str:
    h = size / 2
    return (
        f'<rect x="{_f(x - h)}" y="{_f(y - h)}" width="{_f(size)}" height="{_f(size)}" '
        f'fill="{COLOR_TARGET}" stroke="{INK}" stroke-width="1"/>'
    )


def _polyline(points: Sequence[tuple[float, float]], color: str, width: float, dash: str) -> str:
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="{width}" '
        f'stroke-linejoin="round"{dash_attr}/>'
    )


# --- Line chart: an indicator's values, the pathway to its target, the trend ------------


@dataclass(frozen=True)
class Observed:
    """One published value: its year, value and status (final, preliminary, estimate)."""

    year: int
    value: float
    status: str = "final"


@dataclass(frozen=True)
class Pathway:
    """A target's pathway (målbana) as (year, value) points, and the target itself."""

    label: str
    points: tuple[tuple[int, float], ...]
    target: tuple[int, float] | None = None
    target_label: str = ""


def runs(points: Sequence[Observed]) -> list[list[Observed]]:
    """The values split where a year is missing: each run is drawn as one line, so a
    year without a published value is a gap, never an interpolation."""
    found: list[list[Observed]] = []
    for point in sorted(points, key=lambda p: p.year):
        if found and point.year == found[-1][-1].year + 1:
            found[-1].append(point)
        else:
            found.append([point])
    return found


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    unit: str,
    observed: Sequence[Observed],
    pathways: Sequence[Pathway] = (),
    trend: Sequence[tuple[int, float]] = (),
    band: Sequence[tuple[int, float, float]] = (),
    words: Mapping[str, str] | None = None,
    number: Number = swedish_number,
) -> str:
    """An indicator's published values per year (markers by status, a line only between
    consecutive years), each target's pathway (dashed) ending in the target (square),
    and the recent trend (dotted) with its 95 % band (grey, clipped to the chart)."""
    words = {**DEFAULT_WORDS, **(words or {})}
    years = [p.year for p in observed]
    years += [y for path in pathways for y, _ in path.points]
    years += [path.target[0] for path in pathways if path.target]
    years += [y for y, _ in trend]
    values = [p.value for p in observed]
    values += [v for path in pathways for _, v in path.points]
    values += [path.target[1] for path in pathways if path.target]
    values += [v for _, v in trend]
    if not years:
        years, values = [0, 1], [0.0, 1.0]
    y_ticks = nice_ticks(min(0.0, min(values)), max(values) * 1.04 or 1.0)
    tick_width = max(_text_width(number(t, _decimals_for(y_ticks)), SMALL) for t in y_ticks)

    items = [_LegendItem(words["values"], _line_glyph(COLOR_VALUES, "", "final"))]
    statuses = {p.status for p in observed}
    if "preliminary" in statuses:
        items.append(_LegendItem(words["preliminary"], _marker("preliminary", 11, 6)))
    if "estimate" in statuses:
        items.append(_LegendItem(words["estimate"], _marker("estimate", 11, 6)))
    for i, path in enumerate(pathways):
        dash = DASH_PATHWAYS[i % len(DASH_PATHWAYS)]
        items.append(_LegendItem(path.label, _line_glyph(COLOR_PATHWAY, dash, "")))
        if path.target is not None:
            items.append(_LegendItem(path.target_label or words["target"], _square(11, 6)))
    if trend:
        items.append(_LegendItem(words["trend"], _line_glyph(COLOR_TREND, DASH_TREND, "")))
    if band:
        items.append(
            _LegendItem(
                words["band"], f'<rect x="0" y="0" width="22" height="12" fill="{COLOR_BAND}"/>'
            )
        )
    plot_height = 230.0
    top = 30.0
    legend_top = top + plot_height + 34
    height = legend_top + _legend_height(items, WIDTH) + 6
    frame = _Frame(
        left=max(44.0, tick_width + 14),
        right=WIDTH - 16,
        top=top,
        bottom=top + plot_height,
        x_low=min(years) - 0.5,
        x_high=max(years) + 0.5,
        y_low=y_ticks[0],
        y_high=y_ticks[-1],
    )
    cid = _e(chart_id)
    parts = _open(chart_id, title, desc, height)
    parts.append(
        f'<defs><clipPath id="{cid}-clip"><rect x="{_f(frame.left)}" y="{_f(frame.top)}" '
        f'width="{_f(frame.right - frame.left)}" height="{_f(frame.bottom - frame.top)}"/>'
        "</clipPath></defs>"
    )
    parts += _y_axis(frame, y_ticks, number, unit)
    parts += _x_axis_years(frame, _year_ticks(min(years), max(years)))
    if band:
        upper = [(frame.x(y), frame.y(hi)) for y, _, hi in band]
        lower = [(frame.x(y), frame.y(lo)) for y, lo, _ in reversed(band)]
        outline = " ".join(f"{_f(x)},{_f(y)}" for x, y in upper + lower)
        parts.append(
            f'<polygon points="{outline}" fill="{COLOR_BAND}" clip-path="url(#{cid}-clip)"/>'
        )
    for i, path in enumerate(pathways):
        dash = DASH_PATHWAYS[i % len(DASH_PATHWAYS)]
        if len(path.points) > 1:
            coords = [(frame.x(y), frame.y(v)) for y, v in path.points]
            parts.append(_polyline(coords, COLOR_PATHWAY, 2, dash))
    if len(trend) > 1:
        coords = [(frame.x(y), frame.y(v)) for y, v in trend]
        parts.append(
            f'<g clip-path="url(#{cid}-clip)">{_polyline(coords, COLOR_TREND, 2.2, DASH_TREND)}</g>'
        )
    for run in runs(observed):
        if len(run) > 1:
            coords = [(frame.x(p.year), frame.y(p.value)) for p in run]
            parts.append(_polyline(coords, COLOR_VALUES, 2.5, ""))
    for point in observed:
        parts.append(_marker(point.status, frame.x(point.year), frame.y(point.value)))
    for path in pathways:
        if path.target is not None:
            x, y = frame.x(path.target[0]), frame.y(path.target[1])
            parts.append(_square(x, y))
            label = path.target_label or words["target"]
            anchor_x = x - 8
            parts.append(
                f'<text x="{_f(anchor_x)}" y="{_f(y - 9)}" text-anchor="end" '
                f'font-size="{SMALL}" fill="{INK}">{_e(label)}</text>'
            )
    parts.append(_legend(items, legend_top, WIDTH)[0])
    parts.append("</svg>")
    return "".join(parts)


def _line_glyph(color: str, dash: str, marker: str) -> str:
    glyph = _polyline([(0, 6), (22, 6)], color, 2.5 if not dash else 2, dash)
    if marker:
        glyph += _marker(marker, 11, 6, color)
    return glyph


# --- Stacked bars: emissions per year by sector ------------------------------------------


def stacked_bars(
    *,
    chart_id: str,
    title: str,
    desc: str,
    unit: str,
    years: Sequence[int],
    series: Sequence[tuple[str, Sequence[float | None]]],
    number: Number = swedish_number,
) -> str:
    """One bar per year with a value, stacked by series (first series at the bottom), on
    a true year axis: a year without published values has no bar, so the spacing of the
    bars shows the gaps. Negative parts are not drawn (emissions by sector are not
    negative; removals are shown elsewhere)."""
    totals = [sum(max(values[i] or 0.0, 0.0) for _, values in series) for i in range(len(years))]
    y_ticks = nice_ticks(0.0, (max(totals) if totals else 1.0) * 1.02 or 1.0)
    tick_width = max(_text_width(number(t, _decimals_for(y_ticks)), SMALL) for t in y_ticks)
    styles = [(HATCHES[i % len(HATCHES)], FILLS[i % len(FILLS)]) for i in range(len(series))]
    items = [
        _LegendItem(
            name,
            f'<rect x="0" y="0" width="22" height="12" fill="{_fill(chart_id, i, styles)}" '
            f'stroke="{INK}" stroke-width=".8"/>',
        )
        for i, (name, _) in enumerate(series)
    ]
    top, plot_height = 30.0, 230.0
    legend_top = top + plot_height + 34
    height = legend_top + _legend_height(items, WIDTH) + 6
    first, last = (min(years), max(years)) if years else (0, 1)
    frame = _Frame(
        left=max(44.0, tick_width + 14),
        right=WIDTH - 16,
        top=top,
        bottom=top + plot_height,
        x_low=first - 0.5,
        x_high=last + 0.5,
        y_low=0.0,
        y_high=y_ticks[-1],
    )
    slot = (frame.right - frame.left) / max(last - first + 1, 1)
    bar = min(slot * 0.72, 34.0)
    parts = _open(chart_id, title, desc, height)
    parts.append(_patterns(chart_id, styles))
    parts += _y_axis(frame, y_ticks, number, unit)
    parts += _x_axis_years(frame, _year_ticks(first, last))
    for i, year in enumerate(years):
        level = 0.0
        x = frame.x(year) - bar / 2
        parts.append(f'<g class="bar"><title>{year}</title>')
        for j, (_, values) in enumerate(series):
            value = max(values[i] or 0.0, 0.0)
            if value <= 0:
                continue
            y_top, y_bottom = frame.y(level + value), frame.y(level)
            parts.append(
                f'<rect x="{_f(x)}" y="{_f(y_top)}" width="{_f(bar)}" '
                f'height="{_f(max(y_bottom - y_top, 0.0))}" fill="{_fill(chart_id, j, styles)}" '
                f'stroke="{INK}" stroke-width=".6"/>'
            )
            level += value
        parts.append("</g>")
    parts.append(_legend(items, legend_top, WIDTH)[0])
    parts.append("</svg>")
    return "".join(parts)


# --- Gap waterfall: from today's emissions to the trend, the actions and the target ------


@dataclass(frozen=True)
class Bar:
    """One bar of the waterfall. ``start`` is where a floating bar (an action step)
    begins; ``kind`` is one of level, trend, step, after, target; ``low``/``high`` an
    optional range drawn as a whisker around the bar's end."""

    label: str
    value: float
    kind: str = "level"
    start: float = 0.0
    low: float | None = None
    high: float | None = None


_BAR_STYLES = {
    "level": ("", "#8c959f"),
    "trend": ("", "#4f7fb0"),
    "step": ("diag", "#7fd1b9"),
    "after": ("dots", "#9ecae1"),
    "target": ("back", "#f4a582"),
}


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def gap_waterfall(
    *,
    chart_id: str,
    title: str,
    desc: str,
    unit: str,
    bars: Sequence[Bar],
    number: Number = swedish_number,
) -> str:
    """Horizontal bars, one per row: the latest emissions, the trend in the target
    year, each sector's planned reduction (a floating bar going left), what is left
    after the actions, and the pathway's value in the target year. Each bar has its
    value written at its end, so the chart reads without colour."""
    kinds = list(_BAR_STYLES)
    styles = [_BAR_STYLES[k] for k in kinds]
    label_width = max([_text_width(_short(b.label), FONT) for b in bars] + [60.0]) + 12
    ends = [max(b.start + b.value, b.start, b.high or 0.0) for b in bars] or [1.0]
    x_ticks = nice_ticks(0.0, max(ends) * 1.02 or 1.0, 4)
    row = 34.0
    top = 12.0
    plot_bottom = top + row * max(len(bars), 1)
    height = plot_bottom + 44
    value_room = 92.0
    frame = _Frame(
        left=min(label_width, WIDTH * 0.45),
        right=WIDTH - value_room,
        top=top,
        bottom=plot_bottom,
        x_low=0.0,
        x_high=x_ticks[-1],
        y_low=0.0,
        y_high=1.0,
    )
    parts = _open(chart_id, title, desc, height)
    parts.append(_patterns(chart_id, styles))
    decimals = _decimals_for(x_ticks)
    parts.append(f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">')
    for tick in x_ticks:
        x = frame.x(tick)
        parts.append(
            f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_f(top)}" y2="{_f(plot_bottom)}" '
            f'stroke="{GRID}"/><text x="{_f(x)}" y="{_f(plot_bottom + 16)}" '
            f'text-anchor="middle">{_e(number(tick, decimals))}</text>'
        )
    parts.append(
        f'<text x="{_f(frame.right)}" y="{_f(plot_bottom + 34)}" text-anchor="end">'
        f"{_e(unit)}</text></g>"
    )
    for i, item in enumerate(bars):
        y = top + row * i + 7
        thickness = row - 14
        low_end, high_end = sorted((item.start, item.start + item.value))
        x0, x1 = frame.x(max(low_end, 0.0)), frame.x(max(high_end, 0.0))
        pattern = kinds.index(item.kind) if item.kind in kinds else 0
        shown = -item.value if item.kind == "step" else item.value
        parts.append(
            f'<g class="bar"><title>{_e(item.label)}: {_e(number(shown, 0))} {_e(unit)}</title>'
            f'<text x="{_f(frame.left - 8)}" y="{_f(y + thickness / 2 + 4)}" '
            f'text-anchor="end" fill="{INK}">{_e(_short(item.label))}</text>'
            f'<rect x="{_f(x0)}" y="{_f(y)}" width="{_f(max(x1 - x0, 1.0))}" '
            f'height="{_f(thickness)}" fill="{_fill(chart_id, pattern, styles)}" '
            f'stroke="{INK}" stroke-width=".8"/>'
        )
        if item.low is not None and item.high is not None:
            wl, wh = frame.x(max(item.low, 0.0)), frame.x(max(item.high, 0.0))
            mid = y + thickness / 2
            parts.append(
                f'<path d="M{_f(wl)} {_f(mid)}H{_f(wh)}M{_f(wl)} {_f(mid - 5)}V{_f(mid + 5)}'
                f'M{_f(wh)} {_f(mid - 5)}V{_f(mid + 5)}" stroke="{INK}" stroke-width="1.5" '
                'fill="none"/>'
            )
        label_x = max(x1, frame.x(item.high) if item.high is not None else x1) + 6
        parts.append(
            f'<text x="{_f(label_x)}" y="{_f(y + thickness / 2 + 4)}" fill="{INK}" '
            f'font-weight="bold">{_e(number(shown, 0))}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
