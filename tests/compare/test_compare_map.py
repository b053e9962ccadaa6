"""The comparison map: outlines from the GeoJSON in the data folder, projected and
simplified once; an SVG with a colour class per chosen municipality, a neutral style for
the rest, a legend that says so, and a <title> per municipality."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboards.compare.geo import (
    CENTRAL_MERIDIAN,
    HEIGHT,
    build_geometry,
    municipality_geometry,
    path_data,
    project,
    ring_area,
    simplify,
)
from dashboards.compare.svgmap import CLASS_COLOURS, class_of, classify, map_svg
from tests.compare.conftest import URL
from tests.conftest import DATA_DIR, UMEA


@pytest.fixture(scope="module")
def geometry():
    return municipality_geometry(DATA_DIR)


def test_every_municipality_of_scbs_list_has_an_outline(geometry, municipality_list):
    codes = {m.code for m in municipality_list[1]}
    assert set(geometry.shapes) == codes and len(codes) == 290
    assert geometry.shapes[UMEA].name == "Umeå"


def test_outlines_stay_inside_the_viewbox_and_are_light(geometry):
    assert geometry.height == HEIGHT and 300 < geometry.width < 600  # Sweden is tall
    for shape in geometry.shapes.values():
        assert shape.path.startswith("M") and shape.path.endswith("z")
        x, y = (int(v) for v in re.match(r"M(\d+) (\d+)", shape.path).groups())
        assert 0 <= x <= geometry.width and 0 <= y <= geometry.height
    total = sum(len(s.path) for s in geometry.shapes.values())
    assert total < 60_000  # ~19 700 points in the file; a page carries a few thousand
    assert geometry.points < 10_000


def test_the_outlines_are_built_once_per_process(geometry):
    assert municipality_geometry(DATA_DIR) is geometry


def test_north_is_up_and_the_central_meridian_is_straight():
    x0, y_south = project(CENTRAL_MERIDIAN, 55.0)
    _, y_north = project(CENTRAL_MERIDIAN, 69.0)
    assert x0 == 0 and y_north > y_south
    east, _ = project(CENTRAL_MERIDIAN + 5, 60.0)
    west, _ = project(CENTRAL_MERIDIAN - 5, 60.0)
    assert east == pytest.approx(-west)


def test_simplify_drops_points_on_a_straight_line_and_keeps_corners():
    square = [(0, 0), (5, 0), (10, 0), (10, 5), (10, 10), (5, 10), (0, 10), (0, 5), (0, 0)]
    assert simplify(square, 0.5) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]
    assert ring_area(square) == 100


@given(
    st.lists(st.tuples(st.integers(-1000, 1000), st.integers(-1000, 1000)), min_size=3, max_size=60)
)
def test_simplify_keeps_the_ends_and_the_order(points):
    ring = [*points, points[0]]
    kept = simplify(ring, 0.8)
    assert kept[0] == ring[0] and kept[-1] == ring[-1]
    remaining = iter(ring)
    assert all(any(p == q for q in remaining) for p in kept)  # a subsequence of the ring


def test_path_data_uses_relative_steps():
    assert path_data([[(10, 20), (13, 18), (11, 25), (10, 20)]]) == "M10 20l3-2-2 7z"


def test_a_tiny_island_is_dropped_but_a_municipality_keeps_its_largest_ring():
    def feature(code, rings):
        return {
            "properties": {"id": code, "kom_namn": code},
            "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings]},
        }

    big = [[15.0, 60.0], [16.0, 60.0], [16.0, 61.0], [15.0, 61.0], [15.0, 60.0]]
    islet = [[17.0, 62.0], [17.0001, 62.0], [17.0001, 62.0001], [17.0, 62.0]]
    north = [[15.0, 64.0], [15.1, 64.0], [15.1, 64.1], [15.0, 64.0]]
    built = build_geometry([feature("0001", [big, islet]), feature("0002", [north])])
    assert built.shapes["0001"].path.count("M") == 1
    assert built.shapes["0002"].path.count("M") == 1


def test_classes_hold_about_equally_many_values():
    values = list(range(1, 101))
    bounds = classify([float(v) for v in values])
    assert bounds == [20, 40, 60, 80, 100]
    assert [class_of(v, bounds) for v in (1, 20, 21, 100)] == [0, 0, 1, 4]
    assert classify([3.0, 3.0, 5.0]) == [3.0, 5.0]  # fewer distinct values, fewer classes
    assert classify([]) == []


def test_the_svg_colours_the_chosen_and_states_the_rest(geometry):
    values = {code: float(i) for i, code in enumerate(sorted(geometry.shapes)[:100])}
    values[UMEA] = None
    svg, legend = map_svg(
        geometry=geometry,
        values=values,
        measure="Utsläpp",
        unit="t",
        fmt=lambda v: f"{v:.1f}".replace(".", ","),
        title="Karta <test>",
        description="Beskrivning",
        labels={"no_value": "inget värde", "not_chosen": "inte vald"},
    )
    assert svg.count("<path ") == 290 and svg.count("<title>") == 290  # + the map's own
    assert 'role="img"' in svg and '<title id="karta-titel">Karta &lt;test&gt;</title>' in svg
    assert '<path class="saknas" data-kod="2480"' in svg
    assert "<title>Umeå: inget värde</title>" in svg
    assert svg.count('class="ej"') == 290 - 101 == legend.not_chosen
    assert legend.no_data == 1
    assert [c.count for c in legend.classes] == [20, 20, 20, 20, 20]
    assert [c.colour for c in legend.classes] == list(CLASS_COLOURS)
    assert "url(#kartan-saknas)" in svg  # the hatch of chosen municipalities without data


def test_the_page_draws_all_290_with_a_legend(client, staff_user, two_cities):
    client.force_login(staff_user)
    html = client.get(URL + "?karta=sedan_1990").content.decode()
    svg = html[
        html.index('<svg class="compare-map"') : html.index("</svg>", html.index("compare-map"))
    ]
    assert len(re.findall(r'<path class="[^"]+" data-kod="\d{4}" d="M', svg)) == 290
    assert "<title>Umeå: −24,2 %</title>" in svg
    assert "<title>Göteborg: inget värde</title>" in svg  # chosen, no emissions loaded
    assert "<title>Ale: inte vald</title>" in svg
    assert "Vald, men värde saknas (21 kommuner)" in html
    assert "Inte vald (267 kommuner)" in html
    assert "Karta: Förändring sedan 1990" in html


def test_without_the_outline_file_the_page_says_so(
    client, staff_user, two_cities, settings, tmp_path
):
    settings.KLIMAT_DATA_DIR = tmp_path
    client.force_login(staff_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Kartan kan inte ritas" in response.content.decode()
