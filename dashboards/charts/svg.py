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
shares one HTML document. The drawing parts are ``dashboards.charts.svgdraw``; the
portfolio's waterfall is ``dashboards.charts.waterfall``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboards.charts.chart import runs_of_years
from dashboards.charts.svgdraw import (
    COLOR_BAND,
    COLOR_PATHWAY,
    COLOR_TREND,
    COLOR_VALUES,
    DASH_PATHWAYS,
    DASH_TREND,
    DEFAULT_WORDS,
    FILLS,
    HATCHES,
    INK,
    SMALL,
    WIDTH,
    Frame,
    LegendItem,
    Number,
    coord,
    esc,
    fill_of,
    legend_height,
    legend_svg,
    nice_ticks,
    pattern_defs,
    polyline,
    svg_open,
    swedish_number,
    target_square,
    text_width,
    tick_decimals,
    value_marker,
    x_axis_years,
    y_axis,
    year_ticks,
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
    by_year = {point.year: point for point in points}
    return [[by_year[year] for year in run] for run in runs_of_years(by_year)]


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
    estimated: Sequence[tuple[int, float]] = (),
) -> str:
    """An indicator's published values per year (markers by status, a line only between
    consecutive years), the estimated years after them (dashed from the last value, open
    markers), each target's pathway (dashed) ending in the target (square), and the
    recent trend (dotted) with its 95 % band (grey, clipped to the chart)."""
    words = {**DEFAULT_WORDS, **(words or {})}
    years = [p.year for p in observed] + [y for y, _ in estimated]
    years += [y for path in pathways for y, _ in path.points]
    years += [path.target[0] for path in pathways if path.target]
    years += [y for y, _ in trend]
    values = [p.value for p in observed] + [v for _, v in estimated]
    values += [v for path in pathways for _, v in path.points]
    values += [path.target[1] for path in pathways if path.target]
    values += [v for _, v in trend]
    if not years:
        years, values = [0, 1], [0.0, 1.0]
    y_ticks = nice_ticks(min(0.0, min(values)), max(values) * 1.04 or 1.0)
    tick_width = max(text_width(number(t, tick_decimals(y_ticks)), SMALL) for t in y_ticks)
    items = _line_legend(words, observed, pathways, trend, band)
    if estimated:
        items.insert(1, LegendItem(words["estimated"], _line_glyph(COLOR_VALUES, "6 4", "")))
    plot_height = 230.0
    top = 30.0
    legend_top = top + plot_height + 34
    height = legend_top + legend_height(items, WIDTH) + 6
    frame = Frame(
        left=max(44.0, tick_width + 14),
        right=WIDTH - 16,
        top=top,
        bottom=top + plot_height,
        x_low=min(years) - 0.5,
        x_high=max(years) + 0.5,
        y_low=y_ticks[0],
        y_high=y_ticks[-1],
    )
    cid = esc(chart_id)
    parts = svg_open(chart_id, title, desc, height)
    parts.append(
        f'<defs><clipPath id="{cid}-clip"><rect x="{coord(frame.left)}" y="{coord(frame.top)}" '
        f'width="{coord(frame.right - frame.left)}" height="{coord(frame.bottom - frame.top)}"/>'
        "</clipPath></defs>"
    )
    parts += y_axis(frame, y_ticks, number, unit)
    parts += x_axis_years(frame, year_ticks(min(years), max(years)))
    parts += _line_marks(frame, cid, observed, pathways, trend, band, words)
    parts += _estimate_marks(frame, observed, estimated)
    parts.append(legend_svg(items, legend_top, WIDTH)[0])
    parts.append("</svg>")
    return "".join(parts)


def _line_legend(
    words: Mapping[str, str],
    observed: Sequence[Observed],
    pathways: Sequence[Pathway],
    trend: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float]],
) -> list[LegendItem]:
    """The line chart's legend: an entry for each kind of mark the chart draws."""
    items = [LegendItem(words["values"], _line_glyph(COLOR_VALUES, "", "final"))]
    statuses = {p.status for p in observed}
    if "preliminary" in statuses:
        items.append(LegendItem(words["preliminary"], value_marker("preliminary", 11, 6)))
    if "estimate" in statuses:
        items.append(LegendItem(words["estimate"], value_marker("estimate", 11, 6)))
    for i, path in enumerate(pathways):
        dash = DASH_PATHWAYS[i % len(DASH_PATHWAYS)]
        items.append(LegendItem(path.label, _line_glyph(COLOR_PATHWAY, dash, "")))
        if path.target is not None:
            items.append(LegendItem(path.target_label or words["target"], target_square(11, 6)))
    if trend:
        items.append(LegendItem(words["trend"], _line_glyph(COLOR_TREND, DASH_TREND, "")))
    if band:
        items.append(
            LegendItem(
                words["band"], f'<rect x="0" y="0" width="22" height="12" fill="{COLOR_BAND}"/>'
            )
        )
    return items


def _line_marks(
    frame: Frame,
    cid: str,
    observed: Sequence[Observed],
    pathways: Sequence[Pathway],
    trend: Sequence[tuple[int, float]],
    band: Sequence[tuple[int, float, float]],
    words: Mapping[str, str],
) -> list[str]:
    """What the line chart draws in its frame, back to front: the band and the trend
    (clipped to the frame), the pathways, the values and the targets."""
    parts = []
    if band:
        upper = [(frame.x(y), frame.y(hi)) for y, _, hi in band]
        lower = [(frame.x(y), frame.y(lo)) for y, lo, _ in reversed(band)]
        coords = " ".join(f"{coord(x)},{coord(y)}" for x, y in upper + lower)
        parts.append(
            f'<polygon points="{coords}" fill="{COLOR_BAND}" clip-path="url(#{cid}-clip)"/>'
        )
    for i, path in enumerate(pathways):
        dash = DASH_PATHWAYS[i % len(DASH_PATHWAYS)]
        if len(path.points) > 1:
            points = [(frame.x(y), frame.y(v)) for y, v in path.points]
            parts.append(polyline(points, COLOR_PATHWAY, 2, dash))
    if len(trend) > 1:
        points = [(frame.x(y), frame.y(v)) for y, v in trend]
        parts.append(
            f'<g clip-path="url(#{cid}-clip)">{polyline(points, COLOR_TREND, 2.2, DASH_TREND)}</g>'
        )
    for run in runs(observed):
        if len(run) > 1:
            points = [(frame.x(p.year), frame.y(p.value)) for p in run]
            parts.append(polyline(points, COLOR_VALUES, 2.5, ""))
    for point in observed:
        parts.append(value_marker(point.status, frame.x(point.year), frame.y(point.value)))
    for path in pathways:
        if path.target is not None:
            x, y = frame.x(path.target[0]), frame.y(path.target[1])
            parts.append(target_square(x, y))
            label = path.target_label or words["target"]
            parts.append(
                f'<text x="{coord(x - 8)}" y="{coord(y - 9)}" text-anchor="end" '
                f'font-size="{SMALL}" fill="{INK}">{esc(label)}</text>'
            )
    return parts


def _estimate_marks(
    frame: Frame, observed: Sequence[Observed], estimated: Sequence[tuple[int, float]]
) -> list[str]:
    """The estimated years: a dashed line on from the last published value, and an open
    marker at each estimate (never the published values' marks)."""
    if not estimated:
        return []
    last = max(observed, key=lambda p: p.year) if observed else None
    line = ([(last.year, last.value)] if last is not None else []) + list(estimated)
    parts = []
    if len(line) > 1:
        points = [(frame.x(y), frame.y(v)) for y, v in line]
        parts.append(polyline(points, COLOR_VALUES, 2, "6 4"))
    for y, v in estimated:
        parts.append(
            f'<circle cx="{coord(frame.x(y))}" cy="{coord(frame.y(v))}" r="4" fill="#fff" '
            f'stroke="{COLOR_VALUES}" stroke-width="2"/>'
        )
    return parts


def _line_glyph(color: str, dash: str, marker: str) -> str:
    glyph = polyline([(0, 6), (22, 6)], color, 2.5 if not dash else 2, dash)
    if marker:
        glyph += value_marker(marker, 11, 6, color)
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
    tick_width = max(text_width(number(t, tick_decimals(y_ticks)), SMALL) for t in y_ticks)
    styles = [(HATCHES[i % len(HATCHES)], FILLS[i % len(FILLS)]) for i in range(len(series))]
    items = [
        LegendItem(
            name,
            f'<rect x="0" y="0" width="22" height="12" fill="{fill_of(chart_id, i, styles)}" '
            f'stroke="{INK}" stroke-width=".8"/>',
        )
        for i, (name, _) in enumerate(series)
    ]
    top, plot_height = 30.0, 230.0
    legend_top = top + plot_height + 34
    height = legend_top + legend_height(items, WIDTH) + 6
    first, last = (min(years), max(years)) if years else (0, 1)
    frame = Frame(
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
    parts = svg_open(chart_id, title, desc, height)
    parts.append(pattern_defs(chart_id, styles))
    parts += y_axis(frame, y_ticks, number, unit)
    parts += x_axis_years(frame, year_ticks(first, last))
    for i, year in enumerate(years):
        stack = [max(values[i] or 0.0, 0.0) for _, values in series]
        parts += _stacked_bar(frame, chart_id, styles, year, stack, bar)
    parts.append(legend_svg(items, legend_top, WIDTH)[0])
    parts.append("</svg>")
    return "".join(parts)


def _stacked_bar(
    frame: Frame,
    chart_id: str,
    styles: Sequence[tuple[str, str]],
    year: int,
    stack: Sequence[float],
    bar: float,
) -> list[str]:
    """One year's bar: a rectangle per series with a value, stacked from the bottom."""
    parts = [f'<g class="bar"><title>{year}</title>']
    level = 0.0
    x = frame.x(year) - bar / 2
    for j, value in enumerate(stack):
        if value <= 0:
            continue
        y_top, y_bottom = frame.y(level + value), frame.y(level)
        parts.append(
            f'<rect x="{coord(x)}" y="{coord(y_top)}" width="{coord(bar)}" '
            f'height="{coord(max(y_bottom - y_top, 0.0))}" '
            f'fill="{fill_of(chart_id, j, styles)}" '
            f'stroke="{INK}" stroke-width=".6"/>'
        )
        level += value
    parts.append("</g>")
    return parts
