"""The comparison's map: the selection's municipalities coloured by the chosen measure, and
the legend in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from core.formatting import num
from core.i18n import gettext as _
from dashboards.compare.charts import active_language
from dashboards.compare.dataset import Municipality
from dashboards.compare.geo import municipality_geometry
from dashboards.compare.selection import MEASURES, Selection
from dashboards.compare.svgmap import MapLegend, map_svg
from dashboards.compare.table import measure_value


@dataclass(frozen=True)
class MapView:
    """The map's SVG and its legend, in classes and in words."""

    svg: str
    legend: MapLegend
    legend_items: list[tuple[str, str]]  # (colour, text)


def map_view(rows: Sequence[Municipality], sel: Selection) -> MapView | None:
    """The map for the selection; None when the outline file is missing."""
    try:
        geometry = municipality_geometry(settings.KLIMAT_DATA_DIR)
    except FileNotFoundError:
        return None
    label, unit = MEASURES[sel.measure]
    language = active_language()
    decimals = 1 if unit == "%" else 2

    def fmt(value: float) -> str:
        return num(value, decimals, language)

    values = {r.code: measure_value(r, sel.measure) for r in rows}
    measure = str(label)
    svg, legend = map_svg(
        geometry=geometry,
        values=values,
        measure=measure,
        unit=unit,
        fmt=fmt,
        title=_("Karta: %(measure)s") % {"measure": measure},
        description=_(
            "Sveriges 290 kommuner. De %(n)s valda är färgade efter %(measure)s; mörkare "
            "färg betyder högre värde. Tabellen på sidan har samma värden."
        )
        % {"n": len(rows), "measure": measure.lower()},
        labels={"no_value": _("inget värde"), "not_chosen": _("inte vald")},
    )
    items = [
        (
            c.colour,
            _("%(low)s till %(high)s %(unit)s (%(n)s kommuner)")
            % {"low": fmt(c.low), "high": fmt(c.high), "unit": unit, "n": c.count}
            if c.low != c.high
            else _("%(value)s %(unit)s (%(n)s kommuner)")
            % {"value": fmt(c.low), "unit": unit, "n": c.count},
        )
        for c in legend.classes
    ]
    return MapView(svg=svg, legend=legend, legend_items=items)
