"""The comparison map as inline SVG: municipalities coloured by a chosen measure.

Pure functions over plain data (no Django, no ORM), so the map is cheap to draw and to
test. No map tiles, no script, nothing fetched: the outlines come from
``dashboards.compare.geo`` and the page embeds the SVG.

The colour scale is viridis in five classes (light yellow → dark purple): designed to
be read by people with the common colour-vision deficiencies, and its lightness falls
steadily from class to class, so the order survives printing in grey scale. Darker
always means a higher value. Municipalities that are not in the chosen set are white;
chosen ones without a value are hatched grey. Both are stated in the legend.

Classes hold (about) equally many municipalities (quantiles of the chosen values), and
the legend gives each class's lowest and highest value and how many it holds, so a
reader never has to guess where a break lies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

from dashboards.compare.geo import MapGeometry

#: viridis at five even steps, light to dark (lightness 91, 73, 54, 36, 15).
CLASS_COLOURS = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
NOT_CHOSEN_FILL = "#ffffff"
NO_DATA_PATTERN = "kartan-saknas"
STROKE = "#6e7781"


@dataclass(frozen=True)
class MapClass:
    """One class of the colour scale: its colour and the values it holds."""

    colour: str
    low: float
    high: float
    count: int


@dataclass(frozen=True)
class MapLegend:
    """What the legend shows: the classes and the two neutral kinds of area."""

    measure: str
    unit: str
    classes: tuple[MapClass, ...]
    no_data: int  # chosen municipalities without a value
    not_chosen: int  # municipalities outside the chosen set


def classify(values: Sequence[float], n_classes: int = len(CLASS_COLOURS)) -> list[float]:
    """Upper bounds of up to ``n_classes`` quantile classes of ``values`` (the last is
    the maximum). Fewer classes when there are fewer distinct values."""
    ordered = sorted(values)
    if not ordered:
        return []
    distinct = sorted(set(ordered))
    if len(distinct) <= n_classes:
        return distinct
    bounds: list[float] = []
    for k in range(1, n_classes + 1):
        index = min(len(ordered) - 1, round(k * len(ordered) / n_classes) - 1)
        bound = ordered[index]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    if bounds[-1] != ordered[-1]:
        bounds.append(ordered[-1])
    return bounds


def class_of(value: float, bounds: Sequence[float]) -> int:
    """Index of the first class whose upper bound is at least ``value``."""
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds) - 1


def _colours(n: int) -> tuple[str, ...]:
    """``n`` colours spread over the scale, keeping both ends (light and dark)."""
    if n >= len(CLASS_COLOURS):
        return CLASS_COLOURS
    if n == 1:
        return (CLASS_COLOURS[2],)
    last = len(CLASS_COLOURS) - 1
    return tuple(CLASS_COLOURS[round(i * last / (n - 1))] for i in range(n))


def map_svg(
    *,
    geometry: MapGeometry,
    values: Mapping[str, float | None],
    measure: str,
    unit: str,
    fmt: Callable[[float], str],
    title: str,
    description: str,
    labels: Mapping[str, str],
) -> tuple[str, MapLegend]:
    """The map as an SVG string, and its legend.

    ``values`` maps the chosen municipalities' codes to their value (None: no value);
    municipalities not in it are drawn as not chosen. ``fmt`` writes a value for the
    tooltips and the legend. ``labels`` holds the translated words ``no_value`` and
    ``not_chosen`` (each municipality's ``<title>`` says its name and value, or why
    there is none).
    """
    known = [v for v in values.values() if v is not None]
    bounds = classify(known)
    colours = _colours(len(bounds))
    members: list[list[float]] = [[] for _ in bounds]
    for value in known:
        members[class_of(value, bounds)].append(value)
    classes = tuple(
        MapClass(colours[i], min(m), max(m), len(m)) for i, m in enumerate(members) if m
    )
    # Classes that ended up empty are dropped; map values onto the kept ones.
    kept = [i for i, m in enumerate(members) if m]
    css_of = {old: f"k{new}" for new, old in enumerate(kept)}
    # Fills as presentation attributes, not a <style> element (the CSP refuses inline CSS).
    fill_of = {"ej": NOT_CHOSEN_FILL, "saknas": f"url(#{NO_DATA_PATTERN})"}
    fill_of |= {f"k{i}": c.colour for i, c in enumerate(classes)}
    no_data = sum(1 for v in values.values() if v is None)
    not_chosen = len(geometry.shapes) - sum(1 for code in values if code in geometry.shapes)
    parts = _map_head(geometry, classes, title, description)
    no_value = escape(labels["no_value"])
    not_in = escape(labels["not_chosen"])
    for code, shape in geometry.shapes.items():
        name = escape(shape.name)
        if code not in values:
            css, text = "ej", f"{name}: {not_in}"
        else:
            found = values[code]
            if found is None:
                css, text = "saknas", f"{name}: {no_value}"
            else:
                css = css_of[class_of(found, bounds)]
                text = f"{name}: {escape(fmt(found))} {escape(unit)}".rstrip()
        parts.append(
            f'<path class="{css}" data-kod="{code}" d="{shape.path}" fill="{fill_of[css]}">'
            f"<title>{text}</title></path>"
        )
    parts.append("</g></svg>")
    legend = MapLegend(measure, unit, classes, no_data, not_chosen)
    return "".join(parts), legend


def _map_head(
    geometry: MapGeometry, classes: tuple[MapClass, ...], title: str, description: str
) -> list[str]:
    """The ``<svg>`` element with its accessible name and description, the hatching of
    "no value", and the group of the shapes with their outline."""
    return [
        f'<svg class="compare-map" viewBox="0 0 {geometry.width} {geometry.height}" '
        'role="img" aria-labelledby="karta-titel karta-beskrivning" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">',
        f'<title id="karta-titel">{escape(title)}</title>',
        f'<desc id="karta-beskrivning">{escape(description)}</desc>',
        "<defs>",
        f'<pattern id="{NO_DATA_PATTERN}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e1e4e8"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#57606a" stroke-width="2"/></pattern>',
        "</defs>",
        f'<g stroke="{STROKE}" stroke-width=".5" fill-rule="evenodd">',
    ]
