"""Municipality outlines for the comparison map: GeoJSON in, projected SVG paths out.

The outlines are okfse/sweden-geojson's 290 simplified municipality polygons (WGS84),
read from ``KLIMAT_DATA_DIR`` (never copied into this repository). They are projected
with a spherical transverse Mercator centred on 15° E, the central meridian of SWEREF 99
TM, Sweden's national projection: conformal, with little distortion over the country's
narrow east–west extent. Coordinates are scaled to a viewBox 1 000 units high and
rounded to whole units, then every ring is simplified (Douglas–Peucker, tolerance below
one unit, i.e. below a pixel at the size the page draws the map) and written as a
compact relative path ("M12 34l1-2 3 4…z").

Rings that shrink to nothing at this scale (small islands) are dropped, but every
municipality keeps at least its largest ring, so all 290 are drawn.

The result depends only on the file, so it is computed once per process and file
version (path, size, modification time) and kept; no page request pays for it again.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

GEOJSON = Path("geo") / "okfse_swedish_municipalities.geojson"

#: Height of the map's viewBox in SVG units; the width follows from the projection.
HEIGHT = 1000
#: Margin around the outlines, in SVG units.
MARGIN = 4
#: Douglas–Peucker tolerance in SVG units (the page draws the map about 600 px high).
TOLERANCE = 0.8
#: Rings with a smaller area (square units) are dropped, except a municipality's largest.
MIN_RING_AREA = 1.5
#: Central meridian of SWEREF 99 TM.
CENTRAL_MERIDIAN = 15.0

Ring = list[tuple[int, int]]


@dataclass(frozen=True)
class MapShape:
    """One municipality on the map: its SCB code, name and SVG path data."""

    code: str
    name: str
    path: str


@dataclass(frozen=True)
class MapGeometry:
    """Every municipality's outline in one coordinate system (a viewBox of
    ``width`` × ``height``), by 4-digit municipality code."""

    width: int
    height: int
    shapes: dict[str, MapShape]
    points: int  # points kept after simplification, for the benchmark's record


def project(lon: float, lat: float) -> tuple[float, float]:
    """Spherical transverse Mercator (radians of the unit sphere), x east, y north."""
    lam = math.radians(lon - CENTRAL_MERIDIAN)
    phi = math.radians(lat)
    b = math.cos(phi) * math.sin(lam)
    x = 0.5 * math.log((1 + b) / (1 - b))
    y = math.atan2(math.tan(phi), math.cos(lam))
    return x, y


def simplify(points: Sequence[tuple[int, int]], tolerance: float) -> Ring:
    """Douglas–Peucker simplification of a closed ring (first point == last point),
    iterative so that long rings cannot exhaust the stack."""
    n = len(points)
    if n <= 4:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    # A closed ring's chord from first to last point is empty: split it at the point
    # farthest from the start first.
    x0, y0 = points[0]
    far = max(range(1, n - 1), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
    keep[far] = True
    stack = [(0, far), (far, n - 1)]
    limit = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            dist: float
            if length == 0:
                dist = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                dist = cross * cross / length
            if dist > worst:
                worst, index = dist, i
        if worst > limit:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_area(ring: Sequence[tuple[int, int]]) -> float:
    """Absolute area of a closed ring (shoelace formula), in square units."""
    total = 0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def path_data(rings: Sequence[Ring]) -> str:
    """Rings as SVG path data with relative moves: "M x y l dx dy … z" per ring."""
    parts: list[str] = []
    for ring in rings:
        points = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
        x, y = points[0]
        steps = [f"M{x} {y}l"]
        coords: list[str] = []
        for px, py in points[1:]:
            coords.append(f"{px - x} {py - y}")
            x, y = px, py
        # "l1 2 -3 4": a minus sign separates numbers too, so drop the space before it.
        steps.append(" ".join(coords).replace(" -", "-"))
        steps.append("z")
        parts.append("".join(steps))
    return "".join(parts)


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise ValueError(f"unexpected geometry type {geometry['type']!r}")


def build_geometry(features: Sequence[dict]) -> MapGeometry:
    """Project, scale, round and simplify every municipality's outline."""
    projected: list[tuple[str, str, list[list[tuple[float, float]]]]] = []
    min_x = min_y = math.inf
    max_x = max_y = -math.inf
    for feature in features:
        props = feature["properties"]
        rings: list[list[tuple[float, float]]] = []
        for polygon in _polygons(feature["geometry"]):
            for ring in polygon:
                xy = [project(lon, lat) for lon, lat, *_ in ring]
                rings.append(xy)
                for x, y in xy:
                    min_x, max_x = min(min_x, x), max(max_x, x)
                    min_y, max_y = min(min_y, y), max(max_y, y)
        projected.append((str(props["id"]).zfill(4), str(props["kom_namn"]), rings))
    scale = (HEIGHT - 2 * MARGIN) / (max_y - min_y)
    width = math.ceil((max_x - min_x) * scale) + 2 * MARGIN
    shapes: dict[str, MapShape] = {}
    kept_points = 0
    for code, name, rings in projected:
        simplified: list[tuple[float, Ring]] = []
        for outline in rings:
            scaled: Ring = []
            for x, y in outline:
                point = (
                    round((x - min_x) * scale) + MARGIN,
                    round((max_y - y) * scale) + MARGIN,  # SVG's y grows downwards
                )
                if not scaled or scaled[-1] != point:
                    scaled.append(point)
            if len(scaled) < 4:
                continue
            if scaled[0] != scaled[-1]:
                scaled.append(scaled[0])
            ring_kept = simplify(scaled, TOLERANCE)
            if len(ring_kept) >= 4:
                simplified.append((ring_area(ring_kept), ring_kept))
        if not simplified:
            raise ValueError(f"municipality {code} has no outline left at this scale")
        largest = max(area for area, _ in simplified)
        rings_kept = [r for area, r in simplified if area >= MIN_RING_AREA or area == largest]
        kept_points += sum(len(r) - 1 for r in rings_kept)
        shapes[code] = MapShape(code=code, name=name, path=path_data(rings_kept))
    return MapGeometry(width=width, height=HEIGHT, shapes=shapes, points=kept_points)


@functools.lru_cache(maxsize=2)
def _geometry_of(path: str, size: int, mtime_ns: int) -> MapGeometry:
    with open(path, encoding="utf-8") as fileobj:
        data = json.load(fileobj)
    return build_geometry(data["features"])


def municipality_geometry(data_dir: Path) -> MapGeometry:
    """The map's outlines from ``data_dir``/geo (``KLIMAT_DATA_DIR``), built once per
    process and file version. Raises ``FileNotFoundError`` when the file is missing."""
    path = Path(data_dir) / GEOJSON
    stat = path.stat()
    return _geometry_of(str(path), stat.st_size, stat.st_mtime_ns)
