"""The report's SVG chart builders: plain data in, well-formed, accessible SVG out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.charts import svg as s
from dashboards.charts import waterfall as w

NS = "{http://www.w3.org/2000/svg}"

UMEA = [  # SMHI's newest release via Klimatkollen: Umeå's totals (t CO2e)
    (1990, 481_807.23),
    (2000, 460_700.0),
    (2005, 508_015.0),
    (2010, 450_675.0),
    (2015, 415_090.0),
    (2020, 329_726.0),
    (2021, 340_975.0),
    (2022, 316_773.0),
    (2023, 329_825.0),
    (2024, 365_009.52),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, in a test)


def _line(**overrides) -> str:
    values = {
        "chart_id": "mal-1",
        "title": "Territoriella utsläpp av växthusgaser",
        "desc": "Utsläppen 1990–2024; senaste värde 365 010 t CO2e år 2024.",
        "unit": "t CO2e",
        "observed": [s.Observed(y, v) for y, v in UMEA],
        "pathways": [
            s.Pathway(
                "Målbana mot 2040 (rak linje)",
                ((1990, 481_807.0), (2040, 72_271.0)),
                (2040, 72_271.0),
                "Nettonoll 2040",
            ),
        ],
        "trend": [(2020, 330_000.0), (2040, 456_480.0)],
        "band": [(2024, 365_009.0, 365_009.0), (2040, 172_464.0, 1_208_217.0)],
    }
    return s.line_chart(**{**values, **overrides})


def test_a_chart_is_an_image_named_by_its_title_and_described():
    root = _parse(_line())
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "mal-1-title mal-1-desc"
    assert root.find(f"{NS}title").text == "Territoriella utsläpp av växthusgaser"
    assert root.find(f"{NS}desc").get("id") == "mal-1-desc"
    assert "365 010 t CO2e" in root.find(f"{NS}desc").text


def test_the_line_breaks_where_a_year_has_no_published_value():
    # 1990, 2000, 2005, 2010, 2015 stand alone; 2020–2024 are consecutive: one line.
    assert [[p.year for p in run] for run in s.runs([s.Observed(y, v) for y, v in UMEA])] == [
        [1990],
        [2000],
        [2005],
        [2010],
        [2015],
        [2020, 2021, 2022, 2023, 2024],
    ]
    root = _parse(_line(pathways=[], trend=[], band=[]))
    solid = [p for p in root.iter(f"{NS}polyline") if not p.get("stroke-dasharray")]
    solid = [p for p in solid if p.get("stroke") == s.COLOR_VALUES]
    assert len(solid) == 1 + 1  # the 2020–2024 run, and the legend's sample line
    assert len(solid[0].get("points").split()) == 5


def test_markers_differ_by_status_and_the_legend_names_them():
    observed = [
        s.Observed(2021, 10.0),
        s.Observed(2022, 11.0, "preliminary"),
        s.Observed(2023, 12.0, "estimate"),
    ]
    svg = _line(observed=observed, pathways=[], trend=[], band=[], unit="%")
    root = _parse(svg)
    circles = list(root.iter(f"{NS}circle"))
    assert any(c.get("fill") == s.COLOR_VALUES for c in circles)  # filled: final
    assert any(c.get("fill") == "#ffffff" for c in circles)  # open circle: preliminary
    assert any(p.get("fill") == "#ffffff" for p in root.iter(f"{NS}path"))  # open diamond
    legend = [t.text for t in root.iter(f"{NS}text")]
    assert "Preliminärt värde" in legend and "Uppskattat värde" in legend


def test_pathway_is_dashed_trend_dotted_and_the_target_is_labelled():
    root = _parse(_line())
    dashes = {p.get("stroke-dasharray") for p in root.iter(f"{NS}polyline")}
    assert s.DASH_PATHWAYS[0] in dashes and s.DASH_TREND in dashes
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "Nettonoll 2040" in texts
    assert "Målbana mot 2040 (rak linje)" in texts
    # Swedish numbers on the axis: a no-break space between thousands.
    assert "400\u00a0000" in texts


def test_the_band_is_clipped_to_the_plot():
    root = _parse(_line())
    band = root.find(f"{NS}polygon")
    assert band.get("clip-path") == "url(#mal-1-clip)"


def test_stacked_bars_leave_unpublished_years_empty_and_hatch_the_series():
    svg = s.stacked_bars(
        chart_id="sektorer",
        title="Utsläpp per sektor",
        desc="Staplade.",
        unit="t CO2e",
        years=[1990, 2000, 2024],
        series=[("Transporter", [100.0, 90.0, 80.0]), ("Jordbruk", [50.0, None, 40.0])],
    )
    root = _parse(svg)
    bars = [g for g in root.iter(f"{NS}g") if g.get("class") == "bar"]
    assert [g.find(f"{NS}title").text for g in bars] == ["1990", "2000", "2024"]
    assert [len(g.findall(f"{NS}rect")) for g in bars] == [2, 1, 2]
    fills = {r.get("fill") for g in bars for r in g.findall(f"{NS}rect")}
    assert "url(#sektorer-p1)" in fills  # the second series is hatched
    assert root.find(f".//{NS}pattern").get("id") == "sektorer-p1"


def test_the_waterfall_writes_each_value_and_the_reductions_as_negative():
    svg = w.gap_waterfall(
        chart_id="glapp",
        title="Glappet",
        desc="Från 365 010 till 72 271.",
        unit="t CO2e per år",
        bars=[
            w.Bar("Utsläpp 2024", 365_009.52),
            w.Bar("Trend 2040", 456_480.0, "trend"),
            w.Bar("Åtgärder: Transporter", 50_000.0, "step", start=406_480.0),
            w.Bar("Efter åtgärder 2040", 406_480.0, "after", low=390_000.0, high=420_000.0),
            w.Bar("Målbana 2040", 72_271.08, "target"),
        ],
    )
    texts = [t.text for t in _parse(svg).iter(f"{NS}text")]
    for value in ("365\u00a0010", "456\u00a0480", "\u221250\u00a0000", "72\u00a0271"):
        assert value in texts


def test_nine_sectors_differ_by_hatching_alone_so_grey_scale_keeps_them_apart():
    assert len(set(s.HATCHES[:9])) == 9
    hatches = {w._BAR_STYLES[k][0] for k in ("step", "after", "target")}
    assert len(hatches) == 3 and "" not in hatches


def test_text_is_escaped():
    svg = _line(title='<script>"x"</script> & co', desc="a < b")
    assert "<script>" not in svg
    assert _parse(svg).find(f"{NS}title").text == '<script>"x"</script> & co'


def test_the_same_data_gives_the_same_bytes():
    assert _line() == _line()


@settings(max_examples=60, deadline=None)
@given(
    values=st.dictionaries(
        st.integers(1990, 2050),
        st.floats(0, 1e7, allow_nan=False, allow_infinity=False),
        max_size=40,
    ),
    statuses=st.lists(st.sampled_from(["final", "preliminary", "estimate"]), max_size=40),
)
def test_any_series_gives_well_formed_svg(values, statuses):
    observed = [
        s.Observed(year, value, statuses[i] if i < len(statuses) else "final")
        for i, (year, value) in enumerate(sorted(values.items()))
    ]
    root = _parse(_line(observed=observed, pathways=[], trend=[], band=[]))
    markers = list(root.iter(f"{NS}circle")) + [
        p for p in root.iter(f"{NS}path") if p.get("fill") == "#ffffff"
    ]
    legend_markers = sum(1 for st_ in {o.status for o in observed} if st_ != "final")
    assert len(markers) == len(observed) + legend_markers + 1  # +1: the legend's line
    bars = s.stacked_bars(
        chart_id="b",
        title="t",
        desc="d",
        unit="t",
        years=sorted(values),
        series=[("A", [values[y] for y in sorted(values)])],
    )
    _parse(bars)


def test_nice_ticks_cover_the_range_with_round_steps():
    assert s.nice_ticks(0, 481_807) == [0, 100_000, 200_000, 300_000, 400_000, 500_000]
    assert s.nice_ticks(0, 5.5) == [0, 2, 4, 6]
    assert s.swedish_number(-1234.5, 1) == "\u22121\u00a0234,5"
    assert s.swedish_number(-0.0001, 0) == "0"
