"""Plotly figures of the portfolio analysis page: plain data in, a figure dict out.

Only the bar and scatter traces are in the vendored plotly.js bundle (it has no waterfall
trace: tools/plotly_bundle), so the waterfall is drawn with bars that start at a ``base``.
Bars run horizontally: their labels stay readable on a 360 px screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import ngettext

from core.formatting import num, pct_sign
from core.i18n import gettext as _
from dashboards.charts.style import BASE_LAYOUT, PALETTE

OBSERVED = "#6e7781"
TREND = PALETTE[0]  # blue
REDUCTION = PALETTE[2]  # green
AFTER = "#004f80"  # dark blue
TARGET = PALETTE[5]  # vermillion
UNCOVERED = PALETTE[5]
COVERED = PALETTE[0]


@dataclass(frozen=True)
class Step:
    """One reduction step of the waterfall (one sector's planned actions)."""

    label: str
    central: float
    low: float
    high: float


def _layout(*, unit: str, categories: int, legend: bool = True) -> dict:
    return {
        **BASE_LAYOUT,
        "hovermode": "closest",
        "barmode": "overlay",
        "showlegend": legend,
        "height": max(320, 110 + 44 * categories),
        "margin": {"l": 8, "r": 16, "t": 8, "b": 8},
        "xaxis": {
            **BASE_LAYOUT["yaxis"],
            "title": {"text": unit, "standoff": 6},
            "automargin": True,
            "nticks": 4,
            "tickfont": {"size": 11},
            "tickangle": 0,
        },
        "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -0.12,
            "yanchor": "top",
            "font": {"size": 12},
        },
    }


def gap_waterfall(
    *,
    latest_label: str,
    latest_value: float,
    trend_label: str,
    trend_value: float,
    steps: Sequence[Step],
    after_label: str,
    after_value: float | None,
    after_low: float | None,
    after_high: float | None,
    target_label: str,
    target_value: float,
    unit: str,
) -> dict:
    """From today's emissions to the trend in the target year, down by each sector's
    planned reductions, to what is left, beside the pathway's value: the gap that remains
    is the distance between the last two bars. Without planned reductions (``after_value``
    None) the chart goes from the trend straight to the pathway."""
    data: list[dict] = [
        _level_bar(latest_label, latest_value, OBSERVED, unit),
        _level_bar(trend_label, trend_value, TREND, unit),
    ]
    if steps:
        data.append(_step_bars(steps, trend_value, unit))
    if after_value is not None:
        data.append(_after_bar(after_label, after_value, after_low, after_high, unit))
    data.append(_level_bar(target_label, target_value, TARGET, unit))
    # The pathway's level as a dashed line through every bar, so the remaining gap
    # reads as the distance from each bar's end to the line.
    categories = [latest_label, trend_label, *[s.label for s in steps]]
    categories += [after_label] if after_value is not None else []
    categories.append(target_label)
    data.append(
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"{target_label}: {num(target_value)} {unit}",
            "x": [target_value] * len(categories),
            "y": categories,
            "line": {"color": TARGET, "width": 2, "dash": "dash"},
            "hoverinfo": "skip",
        }
    )
    layout = _layout(unit=unit, categories=len(categories))
    # The gap written where it is: between the pathway's line and the end of the bar
    # it is measured from (what is left after the actions, or the trend).
    if after_value is not None:
        gap = _gap_label(after_label, after_value, target_value, _("Kvar"))
    else:
        gap = _gap_label(trend_label, trend_value, target_value, _("Glapp"))
    if gap is not None:
        layout["annotations"] = [gap]
    return {"data": data, "layout": layout}


def _gap_label(label: str, value: float, target_value: float, word: str) -> dict | None:
    """The gap in words, between the end of bar ``label`` and the pathway's line (None
    when the bar ends at or below the line)."""
    if value <= target_value:
        return None
    return {
        "x": (value + target_value) / 2,
        "y": label,
        # Bold by the font's weight, not <b> (which plotly.js draws as a style attribute,
        # refused by the Content-Security-Policy).
        "text": f"{word}: {num(value - target_value)} t",
        "showarrow": False,
        "font": {"color": "#ffffff", "size": 13, "weight": "bold"},
    }


def _level_bar(
    label: str,
    value: float,
    color: str,
    unit: str,
    *,
    text: str = "",
    error_x: dict | None = None,
) -> dict:
    """A bar from zero: the latest emissions, the trend, what is left after the actions
    (with ``error_x``, its range) or the pathway's value; ``text`` is its hover."""
    bar: dict = {
        "type": "bar",
        "orientation": "h",
        "name": label,
        "y": [label],
        "x": [value],
        "marker": {"color": color},
    }
    if error_x is not None:
        bar["error_x"] = error_x
    return bar | {
        "customdata": [text or f"{label}: {num(value)} {unit}"],
        "hovertemplate": "%{customdata}<extra></extra>",
        "showlegend": False,
    }


def _step_bars(steps: Sequence[Step], start: float, unit: str) -> dict:
    """The planned reductions, each a bar floating where the one before it ended."""
    level = start
    bases, widths, labels, texts = [], [], [], []
    for step in steps:
        level -= step.central
        bases.append(level)
        widths.append(step.central)
        labels.append(step.label)
        texts.append(
            f"{step.label}: −{num(step.central)} {unit} ({num(step.low)}–{num(step.high)})"
        )
    return {
        "type": "bar",
        "orientation": "h",
        "name": _("Planerade åtgärder"),
        "y": labels,
        "x": widths,
        "base": bases,
        "marker": {"color": REDUCTION},
        "customdata": texts,
        "hovertemplate": "%{customdata}<extra></extra>",
    }


def _after_bar(
    label: str,
    value: float,
    low: float | None,
    high: float | None,
    unit: str,
) -> dict:
    """What is left after the actions, with the range of their expected reductions."""
    low = value if low is None else low
    high = value if high is None else high
    error_x = {
        "type": "data",
        "symmetric": False,
        "array": [max(high - value, 0)],
        "arrayminus": [max(value - low, 0)],
        "color": "#1f2328",
        "thickness": 2,
        "width": 6,
    }
    text = f"{label}: {num(value)} {unit} ({num(low)}–{num(high)})"
    return _level_bar(label, value, AFTER, unit, text=text, error_x=error_x)


#: Main sectors as a chart labels them (the tables keep SMHI's full names).
SHORT_SECTORS = {
    "Industri (energi + processer)": "Industri",
    "Egen uppvärmning av bostäder och lokaler": "Egen uppvärmning",
    "Produktanvändning (inkl. lösningsmedel)": "Produktanvändning",
    "Avfall (inkl.avlopp)": "Avfall",
    "Övrigt eller flera sektorer": "Övrigt",
}


def short(sector: str) -> str:
    """A main sector's short name for a chart."""
    return SHORT_SECTORS.get(sector, sector)


def sector_coverage_chart(
    *,
    sectors: Sequence[str],
    shares: Sequence[float],
    actions: Sequence[int],
) -> dict:
    """Each main sector's share of emissions (%), blue when actions address it and
    vermillion when none does, with the number of actions written beside the bar."""
    # Plotly fills in the share; the per-cent sign follows the language's style.
    share = _("%(share)s av utsläppen") % {"share": "%{x:.1f}" + pct_sign()}
    covered = [i for i, n in enumerate(actions) if n > 0]
    uncovered = [i for i, n in enumerate(actions) if n == 0]

    def trace(indexes: list[int], name: str, color: str) -> dict:
        return {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": [short(sectors[i]) for i in indexes],
            "x": [shares[i] for i in indexes],
            "text": [_count(actions[i]) for i in indexes],
            "textposition": "outside",
            "cliponaxis": False,
            "marker": {"color": color},
            "customdata": [sectors[i] for i in indexes],
            "hovertemplate": ("%{customdata}: " + share + ", %{text}<extra></extra>"),
        }

    data = [
        trace(covered, _("Har åtgärder"), COVERED),
        trace(uncovered, _("Ingen åtgärd"), UNCOVERED),
    ]
    layout = _layout(unit=_("Andel av utsläppen (%)"), categories=len(sectors))
    layout["yaxis"] = {
        **layout["yaxis"],
        "categoryorder": "array",
        "categoryarray": [short(s) for s in sectors],
    }
    layout["xaxis"] = {
        **layout["xaxis"],
        "tickformat": ",.0f",
        # Room on the right for "12 åtgärder" beside the longest bar.
        "range": [0, max([*shares, 10]) * 1.6],
    }
    return {"data": data, "layout": layout}


def investment_chart(
    *, years: Sequence[int], series: Sequence[tuple[str, Sequence[float]]], unit: str
) -> dict:
    """Costs per year stacked by funding status (one trace per status)."""
    data = [
        {
            "type": "bar",
            "name": name,
            "x": [str(y) for y in years],
            "y": list(values),
            "marker": {"color": PALETTE[i % len(PALETTE)]},
            "hovertemplate": name + ": %{y:,.0f} " + unit + "<extra></extra>",
        }
        for i, (name, values) in enumerate(series)
    ]
    layout = {
        **BASE_LAYOUT,
        "barmode": "stack",
        "hovermode": "closest",
        "xaxis": {**BASE_LAYOUT["xaxis"], "type": "category"},
        "yaxis": {**BASE_LAYOUT["yaxis"], "title": {"text": unit}, "automargin": True},
        "legend": {"orientation": "h", "y": -0.2},
    }
    return {"data": data, "layout": layout}


def _count(n: int) -> str:
    return ngettext("%(n)s åtgärd", "%(n)s åtgärder", n) % {"n": num(n)}
