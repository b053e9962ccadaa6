"""The words the public pages put around numbers: a level with its unit, a rate of change,
a target and its pathway, a source's credit, and the charts' labels in the active language.

The city page and the progress report (``dashboards.report``) state a target the same way,
so both read these."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from core.formatting import is_swedish, num, pct
from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.charts.chart import Observed
from indicators import progress as p
from indicators.assessments import STATUS_LABELS, STATUS_LABELS_EN, TargetAssessment
from indicators.labels import target_summary, unit_label
from indicators.models import TargetKind
from indicators.progress.formatting import level_decimals
from indicators.selectors import Credit

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
        "estimated": _("Uppskattat, ej publicerat ännu"),
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


def size_decimals(value: float | None) -> int:
    """The decimals a value reads best with: none from 100, one from 10, else two (as the
    progress engine writes levels, ``level_decimals``)."""
    return 0 if value is None else level_decimals(value)


def level(value: float, unit: str) -> str:
    """A value with its unit, to the decimals its size reads best with."""
    return f"{num(value, size_decimals(value))} {unit}".strip()


def pathway_name(kind: p.PathwayKind | None) -> str:
    """A pathway's shape in words ("rak linje"), "" when there is none (only that shape's
    words translated: a page names many pathways)."""
    if kind == p.PathwayKind.LINEAR:
        return _("rak linje")
    if kind == p.PathwayKind.CONSTANT_RATE:
        return _("konstant takt")
    if kind == p.PathwayKind.BUDGET:
        return _("inom koldioxidbudgeten")
    return ""


def change_decimals(change: float) -> int:
    """The decimals of a change per year on the city page: none from 100, one from 1."""
    return 0 if abs(change) >= 100 else (1 if abs(change) >= 1 else 2)


def rate_text(
    rate_pct: float | None,
    change: float | None,
    unit: str,
    share: bool,
    *,
    decimals: Callable[[float], int] = change_decimals,
) -> str:
    """A rate of change per year: in per cent, or in the unit (percentage points for a
    share) when a percentage says nothing; "" when neither is known."""
    if rate_pct is not None and not share:
        return _("%(rate)s per år") % {"rate": pct(rate_pct, 1)}
    if change is not None:
        unit_text = _("procentenheter") if share else unit
        sign = "+" if change > 0 else ""
        return _("%(change)s %(unit)s per år") % {
            "change": sign + num(change, decimals(change)),
            "unit": unit_text,
        }
    return ""


def rate_texts(
    a: p.Assessment, unit: str, *, decimals: Callable[[float], int] = change_decimals
) -> tuple[str, str]:
    """The rate needed from the latest value to the target, and the rate so far (over the
    trend's years), each with its years; "" where there is none."""
    share = a.kind is p.TargetKind.SHARE
    needed = rate_text(a.needed_rate_pct, a.needed_change_per_year, unit, share, decimals=decimals)
    if needed and a.latest is not None:
        needed += f" ({a.latest.year}–{a.target_year})"
    actual = ""
    if len(a.window_years) >= 2:
        rate = a.actual_rate_pct if a.actual_in_percent else None  # as the needed one is
        actual = rate_text(rate, a.actual_change_per_year, unit, share, decimals=decimals)
        if actual:
            actual += f" ({a.window_years[0]}–{a.window_years[-1]})"
    return needed, actual


def stated_target(t: TargetAssessment) -> str:
    """What the target asks for, in its own terms ("−85 % till 2040 jämfört med 1990")."""
    target, indicator = t.target, t.indicator
    return target_summary(
        kind=target.kind,
        unit=unit_label(indicator.unit),
        direction=indicator.direction,
        target_year=target.target_year,
        target_value=target.target_value,
        base_year=target.base_year,
    )


def status_label(status: p.Status) -> str:
    """A target's status in the active language."""
    return (STATUS_LABELS if is_swedish() else STATUS_LABELS_EN)[status]


def explanation(a: p.Assessment | p.BudgetAssessment) -> str:
    """The progress engine's explanation in the active language."""
    return a.explanation if is_swedish() else a.explanation_en


def indicator_name(t: TargetAssessment) -> str:
    """The indicator's name, "per invånare" when the target is judged per inhabitant."""
    if t.population is None:
        return t.indicator.label
    return _("%(name)s per invånare") % {"name": t.indicator.label}


def target_label(t: TargetAssessment) -> str:
    """The target's point in a chart: "Mål 2040", "Nettonoll 2045"."""
    net_zero = t.target.kind == TargetKind.NET_ZERO
    return (_("Nettonoll %(year)s") if net_zero else _("Mål %(year)s")) % {
        "year": t.assessment.target_year
    }


def pathway_label(a: p.Assessment) -> str:
    """The target's pathway in a chart: "Målbana mot 2040 (rak linje)"."""
    return _("Målbana mot %(year)s (%(shape)s)") % {
        "year": a.target_year,
        "shape": pathway_name(a.pathway_kind),
    }


def sampled_pathway(a: p.Assessment, years: Iterable[int]) -> tuple[tuple[int, float], ...]:
    """The pathway points to draw and list. A straight pathway needs no yearly points:
    its ends, every fifth year and ``years`` (those with values, to compare them) draw
    the same line; other shapes keep every year."""
    if a.pathway_kind is not p.PathwayKind.LINEAR or not a.pathway:
        return a.pathway
    keep = set(years) | {a.pathway[0][0], a.pathway[-1][0]}
    return tuple(pt for pt in a.pathway if pt[0] in keep or pt[0] % 5 == 0)


def by_indicator(targets: Iterable[TargetAssessment]) -> dict[int, list[TargetAssessment]]:
    """A goal's targets by indicator: one chart each, every target of the indicator on it
    (Umeå's 2040 and 2050 consumption targets share one chart)."""
    groups: dict[int, list[TargetAssessment]] = {}
    for t in targets:
        groups.setdefault(t.indicator.pk, []).append(t)
    return groups


def line_notes(statuses: Iterable[str]) -> list[str]:
    """How to read a chart of published values: the gaps, and the markers when some
    values are not final."""
    notes = [_("Linjen bryts där inget värde har publicerats; inga värden är interpolerade.")]
    if any(status != "final" for status in statuses):
        notes.append(
            _("Fylld cirkel: slutligt värde; ofylld cirkel: preliminärt; ofylld romb: uppskattat.")
        )
    return notes


def trend_model_note(a: p.Assessment) -> str:
    """What kind of line a chart's trend is, and why when it is not the usual one: a
    constant percentage a year (log-linear), or a straight line (the same change every
    year), which the engine draws for a target at or below zero (a percentage decline
    never gets there) and for a series with a value at or below zero (no logarithm)."""
    if a.trend_model is p.TrendModel.LOG_LINEAR:
        return _("Trenden följer en konstant procentuell förändring per år.")
    if "linear_trend_for_non_positive_target" in a.notes:
        return _(
            "Trenden är en rak linje (samma förändring varje år): målet är noll eller lägre, "
            "och en konstant procentuell minskning når aldrig dit."
        )
    if "log_linear_fell_back_to_linear" in a.notes:
        return _(
            "Trenden är en rak linje (samma förändring varje år): något av åren har ett "
            "värde på noll eller lägre, så en procentuell förändring går inte att räkna."
        )
    return _("Trenden är en rak linje (samma förändring varje år).")


def credit_lines(credits: Iterable[Credit | None]) -> list[str]:
    """ "Källa: publisher (release)" for each source there is."""
    return [
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": c.publisher, "release": c.release}
        for c in credits
        if c is not None
    ]


def estimate_notes(estimates: p.Nowcast | None) -> list[str]:
    """The chart's note on its estimated years (none when nothing is estimated): which
    years, and the method, short (README: "Uppskattade år")."""
    if estimates is None or not estimates.points or estimates.anchor is None:
        return []
    first, last = estimates.points[0][0], estimates.points[-1][0]
    return [
        _(
            "Streckat, %(years)s: uppskattat, ännu inte publicerat. Trenden %(base)s (en "
            "medianlinje, Theil–Sen) förlängd från det senast publicerade värdet "
            "(%(anchor)s). Uppskattningar ingår inte i status, trend eller utfall."
        )
        % {
            "years": str(first) if first == last else f"{first}–{last}",
            "base": f"{estimates.base_years[0]}–{estimates.base_years[-1]}",
            "anchor": estimates.anchor[0],
        }
    ]


def observed_points(series: p.Series) -> list[Observed]:
    """A series' values as a chart draws them (with status and uncertainty)."""
    return [Observed(pt.year, pt.value, pt.status.value, pt.low, pt.high) for pt in series]
