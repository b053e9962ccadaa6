"""Comparison of municipalities for Viable Cities' programme staff (issue 7).

``/programkontoret/jamfor/``: a table of the contract cities (or any chosen set of the
290 municipalities) with per-person emissions, change since 1990 and 2015, the pace of
each city's headline target, consumption-based emissions, actions and planned
investments; charts of emissions indexed to 1990 and a per-person ranking; and a map of
the municipalities drawn server-side as SVG. Staff only.

Modules: ``selection`` (what the form asks for), ``selectors`` (the fixed set of
aggregate queries), ``dataset`` (one row per municipality, plain data), ``figures``
(Plotly charts with their tables), ``geo`` and ``svgmap`` (the map), ``table``
(the table as HTML, CSV and Excel), ``pages`` (assembly and caching), ``views``.
"""
