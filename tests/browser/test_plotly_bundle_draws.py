"""The partial plotly.js bundle draws every figure our builders make, in real Chromium.

Lives with the browser tests so that it shares their one Chromium per worker (a second
Playwright in the same process would refuse to start).
"""

from __future__ import annotations

import pytest

from tests.test_plotly_bundle import (
    BUNDLE,
    DRAW,
    PLOTLY_TRACE_TYPES,
    builders_source,
    gallery,
)


@pytest.mark.browser
def test_the_bundle_draws_every_builders_figure_without_a_console_error(browser):
    figures_by_name = gallery()
    page = browser.new_page(viewport={"width": 1000, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.set_content('<!doctype html><html lang="sv"><title>plotly.js</title><body></body>')
        page.add_script_tag(path=str(BUNDLE))
        registered = set(page.evaluate("Object.keys(Plotly.PlotSchema.get().traces)"))
        drawn = page.evaluate(DRAW, figures_by_name)
    finally:
        page.close()
    assert registered >= builders_source()[1] & PLOTLY_TRACE_TYPES
    assert errors == []
    for name, figure in figures_by_name.items():
        layout = figure["layout"]
        expected = {
            "traces": len(figure["data"]),
            "shapes": len(layout.get("shapes", [])),
            "annotations": len(layout.get("annotations", [])),
        }
        assert {k: drawn[name][k] for k in expected} == expected, name
        with_errors = [t for t in figure["data"] if "error_x" in t or "error_y" in t]
        assert (drawn[name]["errorbars"] > 0) == bool(with_errors), name
