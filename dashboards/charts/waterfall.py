"""The action portfolio's gap as a waterfall, in plain SVG for the printable progress
report: the latest emissions, the trend in the target year, each sector's planned
reduction, what is left after the actions and the pathway's value (see
``dashboards.charts.svg`` for what every SVG chart of the report is: accessible,
legible in grey scale, honest about gaps)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dashboards.charts.svgdraw import (
    FONT,
    GRID,
    INK,
    MUTED,
    SMALL,
    WIDTH,
    Frame,
    Number,
    coord,
    esc,
    fill_of,
    nice_ticks,
    pattern_defs,
    svg_open,
    swedish_number,
    text_width,
    tick_decimals,
)


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
    label_width = max([text_width(_short(b.label), FONT) for b in bars] + [60.0]) + 12
    ends = [max(b.start + b.value, b.start, b.high or 0.0) for b in bars] or [1.0]
    x_ticks = nice_ticks(0.0, max(ends) * 1.02 or 1.0, 4)
    row = 34.0
    top = 12.0
    plot_bottom = top + row * max(len(bars), 1)
    height = plot_bottom + 44
    value_room = 92.0
    frame = Frame(
        left=min(label_width, WIDTH * 0.45),
        right=WIDTH - value_room,
        top=top,
        bottom=plot_bottom,
        x_low=0.0,
        x_high=x_ticks[-1],
        y_low=0.0,
        y_high=1.0,
    )
    parts = svg_open(chart_id, title, desc, height)
    parts.append(pattern_defs(chart_id, styles))
    parts += _value_axis(frame, x_ticks, number, unit)
    for i, item in enumerate(bars):
        pattern = kinds.index(item.kind) if item.kind in kinds else 0
        fill = fill_of(chart_id, pattern, styles)
        parts += _waterfall_bar(frame, item, top + row * i + 7, row - 14, fill, number, unit)
    parts.append("</svg>")
    return "".join(parts)


def _value_axis(frame: Frame, ticks: Sequence[float], number: Number, unit: str) -> list[str]:
    """The waterfall's value axis: a grid line and label per tick, the unit at the end."""
    decimals = tick_decimals(ticks)
    parts = [f'<g class="axis" fill="{MUTED}" font-size="{SMALL}">']
    for tick in ticks:
        x = frame.x(tick)
        parts.append(
            f'<line x1="{coord(x)}" x2="{coord(x)}" y1="{coord(frame.top)}" '
            f'y2="{coord(frame.bottom)}" '
            f'stroke="{GRID}"/><text x="{coord(x)}" y="{coord(frame.bottom + 16)}" '
            f'text-anchor="middle">{esc(number(tick, decimals))}</text>'
        )
    parts.append(
        f'<text x="{coord(frame.right)}" y="{coord(frame.bottom + 34)}" text-anchor="end">'
        f"{esc(unit)}</text></g>"
    )
    return parts


def _waterfall_bar(
    frame: Frame, item: Bar, y: float, thickness: float, fill: str, number: Number, unit: str
) -> list[str]:
    """One row of the waterfall: its label, its bar (floating for a step), the whisker
    of its range, and its value at the end (a step's as a reduction, negative)."""
    low_end, high_end = sorted((item.start, item.start + item.value))
    x0, x1 = frame.x(max(low_end, 0.0)), frame.x(max(high_end, 0.0))
    shown = -item.value if item.kind == "step" else item.value
    parts = [
        f'<g class="bar"><title>{esc(item.label)}: {esc(number(shown, 0))} {esc(unit)}</title>'
        f'<text x="{coord(frame.left - 8)}" y="{coord(y + thickness / 2 + 4)}" '
        f'text-anchor="end" fill="{INK}">{esc(_short(item.label))}</text>'
        f'<rect x="{coord(x0)}" y="{coord(y)}" width="{coord(max(x1 - x0, 1.0))}" '
        f'height="{coord(thickness)}" fill="{fill}" '
        f'stroke="{INK}" stroke-width=".8"/>'
    ]
    if item.low is not None and item.high is not None:
        wl, wh = frame.x(max(item.low, 0.0)), frame.x(max(item.high, 0.0))
        mid = y + thickness / 2
        parts.append(
            f'<path d="M{coord(wl)} {coord(mid)}H{coord(wh)}'
            f"M{coord(wl)} {coord(mid - 5)}V{coord(mid + 5)}"
            f'M{coord(wh)} {coord(mid - 5)}V{coord(mid + 5)}" '
            f'stroke="{INK}" stroke-width="1.5" '
            'fill="none"/>'
        )
    label_x = max(x1, frame.x(item.high) if item.high is not None else x1) + 6
    parts.append(
        f'<text x="{coord(label_x)}" y="{coord(y + thickness / 2 + 4)}" fill="{INK}" '
        f'font-weight="bold">{esc(number(shown, 0))}</text></g>'
    )
    return parts
