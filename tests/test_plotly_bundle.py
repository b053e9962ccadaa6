"""The plotly.js the site serves (static/vendor/plotly, a partial bundle built by
tools/plotly_bundle): it registers every trace type and layout component the figure
builders use, and draws a figure of every builder in Chromium without a console error.

The builders are read two ways: statically (every ``"type"`` and every figure key in their
source, so a trace type or component added later is caught even before a page shows it)
and by calling them with small synthetic data (the values mean nothing)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import plotly.graph_objects as go
from plotly.basedatatypes import BaseTraceType

from dashboards.charts import chart, sectors, series, style, targets
from dashboards.charts.tables import figure_json
from dashboards.compare import figures as compare_figures
from dashboards.portfolio import figures as portfolio_figures
from tests.conftest import ROOT

VENDOR = ROOT / "static" / "vendor" / "plotly"
BUNDLE = VENDOR / "plotly-basic.min.js"
# Every module that writes Plotly figure dicts.
BUILDERS = [
    Path(str(m.__file__))
    for m in (chart, style, targets, sectors, series, portfolio_figures, compare_figures)
]

# Every trace type plotly.js knows, from the Python package's classes (go.Bar().type ...).
PLOTLY_TRACE_TYPES = frozenset(
    cls().type
    for name in dir(go)
    if isinstance(cls := getattr(go, name), type)
    and issubclass(cls, BaseTraceType)
    and cls is not BaseTraceType
)

# Figure keys (trace or layout attributes) and the plotly.js component that draws them.
# The bundle leaves out the components no builder uses (range slider and selector,
# buttons, sliders, images, subplot grids): a builder starting to use one fails here.
COMPONENT_OF_KEY = {
    "annotations": "annotations",
    "shapes": "shapes",
    "error_x": "errorbars",
    "error_y": "errorbars",
    "showlegend": "legend",
    "legend": "legend",
    "hovertemplate": "fx",
    "hovermode": "fx",
    "colorbar": "colorbar",
    "colorscale": "colorscale",
    "images": "images",
    "updatemenus": "updatemenus",
    "sliders": "sliders",
    "rangeslider": "rangeslider",
    "rangeselector": "rangeselector",
    "grid": "grid",
}


def source_keys(path: Path) -> tuple[set[str], set[str], list[str]]:
    """From one builder module's source: every key it writes into a dict (literal keys,
    keyword arguments as in ``_layout(unit, shapes=[...])``, and ``layout["key"] = ...``
    assignments), the constant values of its ``"type"`` keys, and where each ``"type"``
    whose value is not a constant is (file:line)."""
    keys: set[str] = set()
    types: set[str] = set()
    computed: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        pairs: list[tuple[str, ast.expr]] = []
        if isinstance(node, ast.Dict):
            pairs = [
                (k.value, v)
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
        elif isinstance(node, ast.Call):
            pairs = [(kw.arg, kw.value) for kw in node.keywords if kw.arg]
        elif isinstance(node, ast.Assign):
            pairs = [
                (t.slice.value, node.value)
                for t in node.targets
                if isinstance(t, ast.Subscript)
                and isinstance(t.slice, ast.Constant)
                and isinstance(t.slice.value, str)
            ]
        for key, value in pairs:
            keys.add(key)
            if key == "type":
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    types.add(value.value)
                else:
                    computed.append(f"{path.name}:{value.lineno}")
    return keys, types, computed


def builders_source() -> tuple[set[str], set[str], list[str]]:
    keys: set[str] = set()
    types: set[str] = set()
    computed: list[str] = []
    for path in BUILDERS:
        k, t, c = source_keys(path)
        keys |= k
        types |= t
        computed += c
    return keys, types, computed


def bundle_modules(kind: str) -> set[str]:
    """The plotly.js modules of one kind ("trace", "component") the bundle registers, as
    its minified module definitions name them."""
    text = BUNDLE.read_text(encoding="utf-8")
    return set(re.findall(r'moduleType:"' + kind + r'",name:"(\w+)"', text))


def test_the_bundle_and_its_licence_and_version_note_are_there():
    assert BUNDLE.stat().st_size > 100_000
    assert "MIT License" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    version = re.search(r"plotly\.js (\d+\.\d+\.\d+)", (VENDOR / "VERSION").read_text())
    assert version, "VERSION names the plotly.js version"
    header = BUNDLE.read_text(encoding="utf-8")[:400]
    assert f"plotly.js {version[1]} " in header


def test_the_builders_name_every_trace_type_as_a_constant():
    # Otherwise the scan below could miss a trace type.
    assert builders_source()[2] == []


def test_every_trace_type_the_builders_emit_is_in_the_bundle():
    emitted = builders_source()[1] & PLOTLY_TRACE_TYPES
    assert emitted == {"scatter", "bar"}  # if this grows, add it to tools/plotly_bundle
    assert emitted <= bundle_modules("trace")


def test_every_component_the_builders_use_is_in_the_bundle():
    keys = builders_source()[0]
    needed = {COMPONENT_OF_KEY[k] for k in keys if k in COMPONENT_OF_KEY}
    assert {"annotations", "shapes", "errorbars", "legend", "fx"} <= needed
    assert needed <= bundle_modules("component")


# --- Drawn in Chromium --------------------------------------------------------------------


class Labels(dict):
    """The builders' translated words: here any key is its own label ("band_low" ->
    "Band low"), so the gallery need not list them."""

    def __missing__(self, key: str) -> str:
        return key.replace("_", " ").capitalize()


LABELS = Labels()
TEXT = {"labels": LABELS, "summary": "Syntetiskt exempel"}


def gallery() -> dict[str, dict]:
    """One figure of every builder (two of those that draw differently by their data),
    from synthetic data."""
    obs = chart.Observed
    observed = [
        obs(1990, 100.0),
        obs(2020, 80.0),
        obs(2021, 78.0, "preliminary", 70.0, 85.0),
        obs(2022, 75.0, "estimate"),
    ]
    by_sector = {
        1990: {"Transporter": 50.0, "Industri": 40.0},
        2020: {"Transporter": 40.0, "Industri": 30.0},
        2021: {"Transporter": 38.0, "Industri": 29.0},
        2023: {"Transporter": 35.0, "Industri": 27.0},
    }
    step = portfolio_figures.Step
    waterfall = {
        "latest_label": "2022",
        "latest_value": 75.0,
        "trend_label": "Trend 2030",
        "trend_value": 60.0,
        "after_label": "Efter åtgärder",
        "after_value": 45.0,
        "after_low": 40.0,
        "after_high": 52.0,
        "target_label": "Målbana 2030",
        "target_value": 40.0,
        "unit": "t",
    }
    places = [
        compare_figures.Series(f"Kommun {i}", {1990: 10.0 + i, 2020: 8.0 + i, 2022: 7.0}, i < 2)
        for i in range(30)
    ]
    charts = {
        "target": targets.target_chart(
            chart_id="a",
            title="Mål",
            unit="t",
            observed=observed,
            targets=[
                targets.TargetLine(
                    "Mål 2030", "Målbana", ((1990, 100.0), (2030, 40.0)), (2030, 40.0)
                )
            ],
            trend=[(2020, 80.0), (2030, 62.0)],
            band=[(2022, 70.0, 80.0), (2030, 50.0, 75.0)],
            **TEXT,
        ),
        "sector_area": sectors.sector_area_chart(
            chart_id="b", title="Sektorer", unit="t", sectors_by_year=by_sector, **TEXT
        ),
        "sector_share": sectors.sector_share_chart(
            chart_id="c", title="Andelar", unit="t", year=2023, sectors=by_sector[2023], **TEXT
        ),
        "lines": series.lines_chart(
            chart_id="d",
            title="Per invånare",
            unit="t/inv.",
            lines=[("A", observed), ("B", [obs(2022, 5.5)])],
            **TEXT,
        ),
        "net": series.net_chart(
            chart_id="e",
            title="Netto",
            unit="t",
            emissions={2020: 80.0, 2022: 75.0},
            removals={2020: -10.0, 2022: -12.0},
            net={2020: 70.0, 2022: 63.0},
            **TEXT,
        ),
        "budget": series.budget_chart(
            chart_id="f",
            title="Budget",
            unit="t",
            observed=observed,
            trend=[(2022, 75.0), (2030, 60.0)],
            pathway=[(2022, 75.0), (2030, 30.0)],
            **TEXT,
        ),
        "index_styled": compare_figures.index_chart(
            chart_id="g", title="Index", series=places[:7], years=[1990, 2020, 2022], **TEXT
        ),
        "index_many": compare_figures.index_chart(
            chart_id="h", title="Index", series=places, years=[1990, 2020, 2022], **TEXT
        ),
        "ranking": compare_figures.ranking_chart(
            chart_id="i",
            title="Rangordning",
            values=[(s.name, s.values[2020], s.is_contract_city) for s in places[:8]],
            unit="t/inv.",
            **TEXT,
        ),
    }
    plain = {
        "waterfall": portfolio_figures.gap_waterfall(
            steps=[step("Transporter", 8.0, 5.0, 11.0), step("Industri", 7.0, 4.0, 9.0)],
            **waterfall,
        ),
        "waterfall_without_actions": portfolio_figures.gap_waterfall(
            steps=[], **{**waterfall, "after_value": None, "after_low": None, "after_high": None}
        ),
        "coverage": portfolio_figures.sector_coverage_chart(
            sectors=["Transporter", "Industri", "Jordbruk"],
            shares=[50.0, 30.0, 20.0],
            actions=[3, 0, 1],
        ),
        "investment": portfolio_figures.investment_chart(
            years=[2024, 2025], series=[("Beviljad", [1.0, 2.0]), ("Sökt", [0.5, 0.0])], unit="mnkr"
        ),
    }
    built = {name: chart.figure for name, chart in charts.items()} | plain
    # As the pages embed them: JSON with the language's number separators.
    return {name: json.loads(figure_json(figure)) for name, figure in built.items()}


DRAW = """async figures => {
  const drawn = {};
  for (const [name, figure] of Object.entries(figures)) {
    const el = document.createElement('div');
    el.style.cssText = 'width: 800px; height: 450px';
    document.body.appendChild(el);
    await Plotly.newPlot(el, figure.data, figure.layout, {displaylogo: false});
    const count = selector => el.querySelectorAll(selector).length;
    drawn[name] = {
      traces: count('.scatterlayer > .trace') + count('.barlayer > .trace'),
      shapes: count('.shapelayer path'),
      annotations: count('.annotation'),
      errorbars: count('g.errorbar'),
    };
  }
  return drawn;
}"""
