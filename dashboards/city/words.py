"""The words the public pages put around numbers: a level with its unit, a rate of change,
a pathway's shape, a source's credit, and the charts' labels in the active language."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.formatting import num, pct
from dashboards.charts.chart import Observed
from indicators import progress as p

#: The emissions the pages follow: territorial greenhouse gases, in tonnes CO2e.
SUBSTANCE = "GGT"
EMISSIONS_UNIT = "t CO2e"
PER_PERSON_UNIT = "t CO2e/invånare"
#: The base year the contract cities' emissions are compared with.
BASE_YEAR = 1990


_LABELS: dict[str, dict[str, str]] = {}


def chart_labels() -> dict[str, str]:
    """The chart words in the active language (a fresh copy: callers adjust it)."""
    language = get_language() or "sv"
    if language not in _LABELS:
        _LABELS[language] = _chart_words()
    return dict(_LABELS[language])


def _chart_words() -> dict[str, str]:
    return {
        "values": _("Utfall"),
        "final": _("Slutligt värde"),
        "preliminary": _("Preliminärt värde"),
        "estimate": _("Uppskattat värde"),
        "final_short": _("slutligt"),
        "preliminary_short": _("preliminärt"),
        "estimate_short": _("uppskattat"),
        "band_clipped": _(
            "Osäkerhetsbandet fortsätter ovanför diagrammets kant; tabellen har hela bandet."
        ),
        "trend": _("Trend"),
        "band": _("Trendens osäkerhet (95 %)"),
        "band_low": _("Trendens osäkerhet, lägsta"),
        "band_high": _("Trendens osäkerhet, högsta"),
        "status": _("Status"),
        "low": _("Osäkerhet, lägsta"),
        "high": _("Osäkerhet, högsta"),
        "year": _("År"),
        "total": _("Totalt"),
        "sector": _("Sektor"),
        "share": _("Andel"),
        "share_axis": _("Andel av utsläppen (%)"),
        "share_column": _("Andel (%)"),
        "emissions": _("Utsläpp"),
        "removals": _("Upptag"),
        "removals_column": _("Upptag (negativt)"),
        "net": _("Nettoutsläpp"),
        "pathway": _("Bana inom budgeten"),
    }


def level(value: float, unit: str) -> str:
    """A value with its unit, to the decimals its size reads best with."""
    decimals = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    return f"{num(value, decimals)} {unit}".strip()


def pathway_name(kind: p.PathwayKind | None) -> str:
    """A pathway's shape in words ("rak linje"), "" when there is none."""
    return (
        {
            p.PathwayKind.LINEAR: _("rak linje"),
            p.PathwayKind.CONSTANT_RATE: _("konstant takt"),
            p.PathwayKind.BUDGET: _("inom koldioxidbudgeten"),
        }.get(kind, "")
        if kind is not None
        else ""
    )


def rate_text(rate_pct: float | None, change: float | None, unit: str, share: bool) -> str:
    """A rate of change per year: in per cent, or in the unit (percentage points for a
    share) when a percentage says nothing; "" when neither is known."""
    if rate_pct is not None and not share:
        return _("%(rate)s per år") % {"rate": pct(rate_pct, 1)}
    if change is not None:
        unit_text = _("procentenheter") if share else unit
        sign = "+" if change > 0 else ""
        decimals = 0 if abs(change) >= 100 else (1 if abs(change) >= 1 else 2)
        return _("%(change)s %(unit)s per år") % {
            "change": sign + num(change, decimals),
            "unit": unit_text,
        }
    return ""


def credit_lines(credits) -> list[str]:
    """"Källa: publisher (release)" for each source."""
    return [
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": c.publisher, "release": c.release}
        for c in credits
    ]


def observed_points(series: p.Series) -> list[Observed]:
    """A series' values as a chart draws them (with status and uncertainty)."""
    return [Observed(pt.year, pt.value, pt.status.value, pt.low, pt.high) for pt in series]
