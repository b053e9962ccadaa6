"""The portfolio page's gap: does the portfolio close the gap between the emissions' trend
and the target's pathway in the target year? Its tables (the gap, each action's effect and
whether it counts, the gap per sector) and its waterfall chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from actions.models import OTHER_SECTOR, Action, sector_name
from actions.portfolio import ActionEffect, Exclusion, GapAnalysis, Span
from core.formatting import localized_figure
from core.i18n import gettext as _
from dashboards.charts.chart import Link, Table, head
from dashboards.portfolio import figures
from dashboards.portfolio.parts import table
from dashboards.portfolio.target import GapBasis
from indicators.parsers.sectors import MAIN_SECTORS
from indicators.progress import DEFAULT_WINDOW, DataPoint, TrendModel, fit_trend
from indicators.selectors import YearEmissions


@dataclass(frozen=True)
class GapPart:
    """The gap's tables (by slug) and its chart; ``steps`` says whether the chart shows
    planned reductions."""

    tables: dict[str, Table]
    figure: dict | None
    steps: bool


def gap_part(
    *,
    gap: GapAnalysis,
    basis: GapBasis,
    actions: list[Action],
    effects: list[ActionEffect],
    emissions: Sequence[YearEmissions],
    urls: dict[int, str],
) -> GapPart:
    """The gap's part of the page for the shown actions and their effects."""
    tables = {
        "glapp": _gap_table(gap, basis),
        "effekt": _effect_table(gap, actions, effects, urls),
        "glapp-sektor": _sector_table(gap, basis.target_year, emissions),
    }
    if gap.gap is None or basis.latest_value is None or basis.target_year is None:
        return GapPart(tables, None, False)
    steps = _steps(gap)
    return GapPart(tables, _waterfall(gap, basis, steps), bool(steps))


def _gap_table(gap: GapAnalysis, basis: GapBasis) -> Table:
    """From the latest emissions to the trend and the pathway in the target year, the
    gap, and what the actions are expected to take off it."""
    ty = basis.target_year
    rows: list[list[Any]] = []
    if basis.latest_value is not None:
        rows.append([_("Utsläpp %(year)s") % {"year": basis.latest_year}, basis.latest_value])
    if gap.trend_value is not None and ty is not None:
        rows.append(
            [_("Utsläpp %(year)s på nuvarande trend") % {"year": ty}, gap.trend_value],
        )
        if basis.trend_low is not None:
            rows.append([_("Trendens osäkerhet, lägsta (95 %)"), basis.trend_low])
            rows.append([_("Trendens osäkerhet, högsta (95 %)"), basis.trend_high])
    if gap.pathway_value is not None and ty is not None:
        rows.append([_("Målbanans värde %(year)s") % {"year": ty}, gap.pathway_value])
    if gap.gap is not None and not gap.counted_keys:
        rows.append([_("Glapp (trend minus målbana)"), gap.gap])
        rows.append([_("Åtgärdernas förväntade minskning (ingen uppskattad)"), None])
    elif gap.gap is not None:
        rows.append([_("Glapp (trend minus målbana)"), gap.gap])
        rows.append([_("Åtgärdernas förväntade minskning"), gap.counted.central])
        rows.append([_("  lägsta"), gap.counted.low])
        rows.append([_("  högsta"), gap.counted.high])
        remaining = gap.remaining
        assert remaining is not None
        rows.append([_("Kvar av glappet efter åtgärderna"), remaining.central])
        rows.append([_("  lägsta"), remaining.low])
        rows.append([_("  högsta"), remaining.high])
    return table(
        "glapp",
        _("Glappet till målet (t CO2e per år)"),
        [head(_("Post")), head(_("t CO2e/år"), "num")],
        rows,
    )


def _effect_table(
    gap: GapAnalysis, actions: list[Action], effects: list[ActionEffect], urls: dict[int, str]
) -> Table:
    """Which actions count against the gap, and why the others do not."""
    reasons = dict(gap.excluded)
    reason_text = {
        Exclusion.NO_EFFECT: _("Nej: förväntad effekt saknas"),
        Exclusion.CANCELLED: _("Nej: avbruten"),
        Exclusion.NO_FIRST_YEAR: _("Nej: första effektår saknas"),
        Exclusion.AFTER_TARGET_YEAR: _("Nej: effekt först efter målåret"),
        Exclusion.ALREADY_IN_DATA: _("Nej: effekten syns redan i utsläppsdata"),
    }
    return table(
        "effekt",
        _("Åtgärdernas förväntade effekt och om den räknas mot glappet"),
        [
            head(_("Åtgärd")),
            head(_("Sektor")),
            head(_("Status")),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Lägsta"), "num"),
            head(_("Högsta"), "num"),
            head(_("Första effektår"), "year"),
            head(_("Räknas mot glappet")),
        ],
        [
            [
                Link(a.title, urls[a.pk]),
                sector_name(a.sector),
                a.get_status_display(),
                e.expected,
                e.span.low if e.has_effect else None,
                e.span.high if e.has_effect else None,
                e.first_year,
                reason_text[reasons[a.pk]] if a.pk in reasons else _("Ja"),
            ]
            for a, e in zip(actions, effects, strict=True)
        ],
    )


def _sector_table(gap: GapAnalysis, ty: int | None, emissions: Sequence[YearEmissions]) -> Table:
    """By sector: the latest emissions, the trend in the target year, planned reductions."""
    latest = emissions[-1] if emissions else None
    rows = []
    if latest is not None and ty is not None:
        names = [s for s in MAIN_SECTORS if s in latest.sectors]
        if OTHER_SECTOR in gap.by_sector:
            names.append(OTHER_SECTOR)
        for sector in names:
            trend = (
                _sector_trend(emissions, sector, ty)
                if sector != OTHER_SECTOR and latest.year < ty
                else None
            )
            span = gap.by_sector.get(sector, Span())
            rows.append(
                [
                    sector_name(sector),
                    latest.sectors.get(sector),
                    trend,
                    span.central,
                    span.low,
                    span.high,
                    None if trend is None else trend - span.central,
                ]
            )
    return table(
        "glapp-sektor",
        _("Glappet per sektor (t CO2e per år)"),
        [
            head(_("Sektor")),
            head(_("Utsläpp %(year)s") % {"year": latest.year if latest else ""}, "num"),
            head(_("Trend %(year)s") % {"year": ty or ""}, "num"),
            head(_("Förväntad minskning"), "num"),
            head(_("Lägsta"), "num"),
            head(_("Högsta"), "num"),
            head(_("Kvar på trenden efter åtgärder"), "num"),
        ],
        rows,
        note=_(
            "Varje sektors trend är anpassad för sig (samma metod som för totalen), så "
            "sektorernas trender summerar inte exakt till totalens trend."
        ),
    )


def _sector_trend(emissions: Sequence[YearEmissions], sector: str, year: int) -> float | None:
    points = [DataPoint(e.year, e.sectors[sector]) for e in emissions if sector in e.sectors]
    fit = fit_trend(points[-DEFAULT_WINDOW:], TrendModel.LOG_LINEAR)
    return None if fit is None else fit.predict(year)


def _steps(gap: GapAnalysis) -> list[figures.Step]:
    """The waterfall's reduction steps: each sector's planned actions, largest first."""
    return [
        figures.Step(
            label=_("Åtgärder: %(sector)s") % {"sector": figures.short(sector_name(sector))},
            central=span.central,
            low=span.low,
            high=span.high,
        )
        for sector, span in sorted(gap.by_sector.items(), key=lambda kv: -kv[1].central)
        if span.central > 0
    ]


def _waterfall(gap: GapAnalysis, basis: GapBasis, steps: list[figures.Step]) -> dict:
    """From the latest emissions to the trend, the actions and the pathway's value."""
    ty = basis.target_year
    after = gap.after_actions if steps else None
    assert basis.latest_value is not None
    return localized_figure(
        figures.gap_waterfall(
            latest_label=_("Utsläpp %(year)s") % {"year": basis.latest_year},
            latest_value=basis.latest_value,
            trend_label=_("Trend %(year)s") % {"year": ty},
            trend_value=gap.trend_value or 0.0,
            steps=steps,
            after_label=_("Efter åtgärder %(year)s") % {"year": ty},
            after_value=after.central if after else None,
            after_low=after.low if after else None,
            after_high=after.high if after else None,
            target_label=_("Målbana %(year)s") % {"year": ty},
            target_value=gap.pathway_value or 0.0,
            unit=_("t CO2e/år"),
        )
    )
