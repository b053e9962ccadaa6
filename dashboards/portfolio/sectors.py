"""The portfolio page's sectors: which main sectors the actions cover, and the large ones
left without any action."""

from __future__ import annotations

from dataclasses import dataclass

from actions.models import sector_name
from actions.portfolio import ActionEffect, SectorCoverage, sector_coverage
from core.formatting import localized_figure, pct
from core.i18n import gettext as _
from dashboards.charts.chart import Table, head
from dashboards.portfolio import figures
from dashboards.portfolio.parts import table
from indicators.parsers.sectors import MAIN_SECTORS
from indicators.selectors import YearEmissions


@dataclass(frozen=True)
class SectorPart:
    """The sectors' table, chart and summary, and the large sectors without an action."""

    table: Table
    figure: dict | None
    summary: str
    uncovered_large: list[str]


def sector_part(effects: list[ActionEffect], latest: YearEmissions | None) -> SectorPart:
    """Each main sector's share of the latest emissions against the actions in it."""
    sectors = [s for s in MAIN_SECTORS if latest and s in latest.sectors] or list(MAIN_SECTORS)
    rows = sector_coverage(
        sectors=sectors, emissions=latest.sectors if latest else {}, actions=effects
    )
    shown = [r for r in rows if r.share_pct is not None]
    figure, summary = None, ""
    if latest and shown:
        figure = localized_figure(
            figures.sector_coverage_chart(
                sectors=[sector_name(r.sector) for r in shown],
                shares=[r.share_pct or 0.0 for r in shown],
                actions=[r.actions for r in shown],
            )
        )
        summary = _summary(shown, latest.year)
    return SectorPart(
        table=_table(rows, latest),
        figure=figure,
        summary=summary,
        uncovered_large=[sector_name(r.sector) for r in rows if r.stands_out],
    )


def _table(rows: list[SectorCoverage], latest: YearEmissions | None) -> Table:
    return table(
        "sektorer",
        _("Sektorer och åtgärder"),
        [
            head(_("Sektor")),
            head(_("Utsläpp %(year)s (t CO2e)") % {"year": latest.year if latest else ""}, "num"),
            head(_("Andel av utsläppen"), "pct"),
            head(_("Åtgärder"), "int"),
            head(_("med förväntad effekt"), "int"),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Stor sektor utan åtgärd")),
        ],
        [
            [
                sector_name(r.sector),
                r.emissions,
                r.share_pct,
                r.actions,
                r.with_effect,
                r.expected.central if r.with_effect else None,
                _("Ja") if r.stands_out else "",
            ]
            for r in rows
        ],
        highlight=[r.stands_out for r in rows],
    )


def _summary(shown: list[SectorCoverage], year: int) -> str:
    """How many main sectors have an action, and their share of the emissions."""
    covered = [r for r in shown if r.covered]
    share_covered = sum(r.share_pct or 0 for r in covered)
    return _(
        "%(covered)s av %(total)s huvudsektorer har minst en åtgärd; de står för "
        "%(share)s av utsläppen %(year)s."
    ) % {
        "covered": len(covered),
        "total": len(shown),
        "share": pct(share_covered, 0, signed=False),
        "year": year,
    }
