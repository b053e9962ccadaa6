"""The portfolio page's investments: what the actions cost per year, by funding status and
by sector, and what a tonne of reduced emissions costs."""

from __future__ import annotations

from dataclasses import dataclass

from actions.models import OTHER_SECTOR, Action, FundingStatus, sector_name
from actions.portfolio import (
    ActionEffect,
    CostLine,
    InvestmentPlan,
    cost_per_tonne,
    effect_years,
    investment_plan,
)
from core.formatting import localized_figure, num
from core.i18n import gettext as _
from dashboards.charts.chart import Link, Table, head
from dashboards.portfolio import figures
from dashboards.portfolio.parts import NOT_STATED, ZERO, label, table
from indicators.parsers.sectors import MAIN_SECTORS


@dataclass(frozen=True)
class InvestmentPart:
    """The investments' tables (by slug), chart and summary."""

    tables: dict[str, Table]
    figure: dict | None
    summary: str


def investment_part(
    actions: list[Action], effects: list[ActionEffect], urls: dict, *, horizon: int | None
) -> InvestmentPart:
    """The shown actions' costs; ``horizon`` (the target year) bounds the cost per tonne."""
    plan = investment_plan(
        [
            CostLine(
                action_key=a.pk,
                year=c.year,
                sector=a.sector,
                funding_status=c.funding_status or a.funding_status,
                investment=c.investment_sek,
                operating=c.operating_sek,
            )
            for a in actions
            for c in a.costs.all()
        ]
    )
    statuses = [s for s in [*FundingStatus.values, NOT_STATED] if s in plan.by_status]
    tables = {
        "investeringar": _by_status_table(plan, statuses),
        "investeringar-sektor": _by_sector_table(plan),
        "kostnad-per-ton": _per_tonne_table(plan, actions, effects, urls, horizon),
    }
    if not plan.years:
        return InvestmentPart(tables, None, _("Ingen åtgärd har kostnader inlagda ännu."))
    return InvestmentPart(tables, _chart(plan, statuses), _summary(plan))


def _by_status_table(plan: InvestmentPlan, statuses: list[str]) -> Table:
    status_labels = dict(FundingStatus.choices)
    return table(
        "investeringar",
        _("Investeringar och driftkostnader per år och finansieringsstatus (kr)"),
        [
            head(_("År"), "year"),
            *[head(label(status_labels, s), "sek") for s in statuses],
            head(_("Investering"), "sek"),
            head(_("Drift"), "sek"),
            head(_("Summa"), "sek"),
        ],
        [
            [
                year,
                *[plan.by_year_status.get((year, s), ZERO).total for s in statuses],
                plan.by_year[year].investment,
                plan.by_year[year].operating,
                plan.by_year[year].total,
            ]
            for year in plan.years
        ],
    )


def _by_sector_table(plan: InvestmentPlan) -> Table:
    return table(
        "investeringar-sektor",
        _("Investeringar och driftkostnader per år och sektor (kr)"),
        [
            head(_("År"), "year"),
            head(_("Sektor")),
            head(_("Investering"), "sek"),
            head(_("Drift"), "sek"),
            head(_("Summa"), "sek"),
        ],
        [
            [
                year,
                sector_name(sector),
                money.investment,
                money.operating,
                money.total,
            ]
            for (year, sector), money in sorted(
                plan.by_year_sector.items(),
                key=lambda kv: (kv[0][0], _sector_order(kv[0][1])),
            )
        ],
    )


def _sector_order(sector: str) -> int:
    order = [*MAIN_SECTORS, OTHER_SECTOR]
    return order.index(sector) if sector in order else len(order)


def _per_tonne_table(
    plan: InvestmentPlan,
    actions: list[Action],
    effects: list[ActionEffect],
    urls: dict,
    horizon: int | None,
) -> Table:
    """Each action with both a cost and an expected effect: kronor per tonne reduced."""
    rows = []
    for action, effect in zip(actions, effects, strict=True):
        money = plan.by_action.get(action.pk)
        if money is None or not effect.has_effect:
            continue
        span = cost_per_tonne(total_cost=money.total, action=effect, horizon_year=horizon)
        if span is None:
            continue
        rows.append(
            [
                Link(action.title, urls[action.pk]),
                money.total,
                effect.expected,
                effect_years(effect.first_year, horizon),
                span.central,
                span.low,
                span.high,
            ]
        )
    return table(
        "kostnad-per-ton",
        _("Kostnad per ton minskade utsläpp"),
        [
            head(_("Åtgärd")),
            head(_("Kostnad, alla år (kr)"), "sek"),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("År med effekt till %(year)s") % {"year": horizon or "målåret"}, "int"),
            head(_("Kr per ton"), "sek"),
            head(_("lägst"), "sek"),
            head(_("högst"), "sek"),
        ],
        rows,
        note=_(
            "Kostnad per ton = åtgärdens kostnader (investering och drift, alla år) delat med "
            "den förväntade minskningen summerad från första effektåret till och med "
            "målåret. Visas bara där både kostnad och effekt är kända."
        ),
    )


def _chart(plan: InvestmentPlan, statuses: list[str]) -> dict:
    status_labels = dict(FundingStatus.choices)
    return localized_figure(
        figures.investment_chart(
            years=plan.years,
            series=[
                (
                    label(status_labels, s),
                    [plan.by_year_status.get((y, s), ZERO).total for y in plan.years],
                )
                for s in statuses
            ],
            unit=_("kr"),
        )
    )


def _summary(plan: InvestmentPlan) -> str:
    granted = sum(
        plan.by_status.get(s, ZERO).total for s in (FundingStatus.OWN_BUDGET, FundingStatus.GRANTED)
    )
    return _(
        "Planerade kostnader %(first)s–%(last)s: %(total)s kr, varav investeringar "
        "%(inv)s kr och drift %(op)s kr. Finansierat (egen budget eller beviljat): "
        "%(secured)s kr."
    ) % {
        "first": plan.years[0],
        "last": plan.years[-1],
        "total": num(plan.total.total),
        "inv": num(plan.total.investment),
        "op": num(plan.total.operating),
        "secured": num(granted),
    }
