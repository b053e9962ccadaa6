"""The report's action portfolio: the published actions as they stand today, their gap to
the emission target as the report assesses it (as of the report's year) as a waterfall,
and its tables as the report keeps them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from actions.portfolio import GapAnalysis
from cities.models import City
from core.formatting import num
from core.i18n import gettext as _
from dashboards.portfolio.figures import short
from dashboards.portfolio.filters import Filters
from dashboards.portfolio.pages import PortfolioPage, portfolio_page
from dashboards.portfolio.target import GapBasis
from dashboards.report.data import ChartData, TableData, table_data
from indicators.assessments import CityProgress


@dataclass
class PortfolioPart:
    """The action portfolio and its gap, as the portfolio analysis states it today."""

    as_of: str
    total_actions: int
    missing_effect: int
    gap_state: str
    summary: list[str]
    chart: ChartData | None
    sector_summary: str
    sectors: TableData
    statuses: TableData
    actions: TableData
    investment_summary: str
    follow_up_summary: str
    credit: str


def _waterfall(page: PortfolioPage) -> ChartData | None:
    """The gap as a waterfall: from the latest emissions to the trend, each sector's
    planned reduction, what is left after them, and the pathway's value."""
    gap, basis = page.gap, page.basis
    ty = basis.target_year
    if gap.gap is None or basis.latest_value is None or ty is None:
        return None
    bars = _bars(gap, basis)
    after = gap.after_actions if any(bar["kind"] == "step" for bar in bars) else None
    desc = _(
        "Från utsläppen %(latest_year)s (%(latest)s t) till trendens värde %(year)s "
        "(%(trend)s t per år) och målbanans värde %(year)s (%(path)s t per år): glappet "
        "är %(gap)s t CO2e per år."
    ) % {
        "latest_year": basis.latest_year,
        "latest": num(basis.latest_value),
        "year": ty,
        "trend": num(gap.trend_value or 0.0),
        "path": num(gap.pathway_value),
        "gap": num(gap.gap),
    }
    if after is not None:
        desc += " " + _("Efter åtgärderna återstår %(left)s t per år på trenden.") % {
            "left": num(after.central)
        }
    return ChartData(
        id="diagram-glapp",
        kind="waterfall",
        title=_("Glappet till målet %(year)s") % {"year": ty},
        desc=desc,
        unit=_("t CO2e per år"),
        table=table_data(page.tables["glapp"]),
        notes=list(page.basis.notes),
        sources=[_("Källa: %(credit)s") % {"credit": page.credit}] if page.credit else [],
        bars=bars,
    )


def _bars(gap: GapAnalysis, basis: GapBasis) -> list[dict[str, Any]]:
    """The waterfall's bars as data (see ``dashboards.charts.svg.Bar``)."""
    ty = basis.target_year
    trend = gap.trend_value or 0.0
    bars: list[dict[str, Any]] = [
        {
            "label": _("Utsläpp %(year)s") % {"year": basis.latest_year},
            "value": basis.latest_value,
            "kind": "level",
        },
        {"label": _("Trend %(year)s") % {"year": ty}, "value": trend, "kind": "trend"},
    ]
    level = trend
    steps = sorted(gap.by_sector.items(), key=lambda kv: -kv[1].central)
    for sector, span in steps:
        if span.central <= 0:
            continue
        level -= span.central
        bars.append(
            {
                "label": _("Åtgärder: %(sector)s") % {"sector": short(sector)},
                "value": span.central,
                "kind": "step",
                "start": level,
            }
        )
    after = gap.after_actions if len(bars) > 2 else None
    if after is not None:
        bars.append(
            {
                "label": _("Efter åtgärder %(year)s") % {"year": ty},
                "value": after.central,
                "kind": "after",
                "low": after.low,
                "high": after.high,
            }
        )
    bars.append(
        {
            "label": _("Målbana %(year)s") % {"year": ty},
            "value": gap.pathway_value or 0.0,
            "kind": "target",
        }
    )
    return bars


def portfolio_part(city: City, today: dt.date, progress: CityProgress) -> PortfolioPart:
    """The portfolio and its gap, measured against the report's own assessment of the
    emission target (``progress``, as of the report's year): the summary, section 2 and
    this section read one assessment."""
    page = portfolio_page(city, drafts=False, filters=Filters(), progress=progress)
    actions = page.tables["atgarder"]
    # Drafts never reach a report, so the "published" column says nothing here; the
    # start date is on each action's page (the link), and an A4 page has room for eight
    # columns.
    dropped = (_("Publicerad"), _("Start"))
    drop = [i for i, c in enumerate(actions.all_columns) if c.label in dropped]
    return PortfolioPart(
        as_of=today.isoformat(),
        total_actions=page.total_actions,
        missing_effect=page.missing_effect,
        gap_state=page.gap.state.value,
        summary=list(page.gap_summary),
        chart=_waterfall(page),
        sector_summary=page.sector_summary,
        sectors=table_data(page.tables["sektorer"]),
        statuses=table_data(page.tables["status"]),
        actions=table_data(actions, drop=drop),
        investment_summary=page.investment_summary,
        follow_up_summary=page.follow_up_summary,
        credit=page.credit,
    )
