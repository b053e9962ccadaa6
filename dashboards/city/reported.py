"""The city page's parts from sources beside the official statistics: the city's own
inventory as it reported it to CDP-ICLEI (set beside SMHI's territorial series, with the
difference explained) and its climate plan as Klimatkollen lists it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.i18n import gettext as _
from dashboards.charts.chart import Chart, Observed, Table, head
from dashboards.charts.series import lines_chart
from dashboards.city.words import EMISSIONS_UNIT, chart_labels, level
from indicators.selectors import PlanListing, ReportedYear, YearEmissions

CDP_CREDIT = "CDP-ICLEI Track, stadens egen rapportering"


@dataclass(frozen=True)
class ClimatePlanCard:
    """A municipality's climate plan: its name, year and link, and who lists it."""

    title: str
    year: str  # "2021", or the source's word when it gives no year ("Saknas")
    link: str
    source: str


def climate_plan_card(plan: PlanListing | None) -> ClimatePlanCard | None:
    if plan is None:
        return None
    return ClimatePlanCard(
        title=plan.title,
        year=str(plan.year) if plan.year else plan.year_text,
        link=plan.link,
        source=_("Källa: %(publisher)s (%(release)s)")
        % {"publisher": plan.publisher, "release": plan.release},
    )


def reported_chart(
    inventories: list[ReportedYear], territorial: list[YearEmissions], smhi_credit: list[str]
) -> Chart | None:
    """The city's own reported totals beside SMHI's territorial series (same years)."""
    reported = [(i, i.headline) for i in inventories if i.headline is not None]
    if not reported:
        return None
    first = min(i.accounting_year for i, _v in reported)
    smhi = [Observed(e.year, e.total) for e in territorial if e.year >= first - 5]
    own = [Observed(i.accounting_year, value) for i, value in reported if value is not None]
    smhi_label = _("SMHI, territoriella utsläpp")
    own_label = _("Stadens egen inventering (CDP-ICLEI)")
    by_year = {e.year: e.total for e in territorial}
    last_inv, last_value = reported[-1]
    smhi_same = by_year.get(last_inv.accounting_year)
    summary = _("Staden rapporterade %(value)s för %(year)s till CDP-ICLEI.") % {
        "value": level(last_value or 0, EMISSIONS_UNIT),
        "year": last_inv.accounting_year,
    }
    if smhi_same:
        summary += " " + _("SMHI:s territoriella utsläpp samma år: %(value)s.") % {
            "value": level(smhi_same, EMISSIONS_UNIT)
        }
    chart = lines_chart(
        chart_id="rapporterat",
        title=_("Stadens egen inventering och SMHI:s statistik"),
        unit=EMISSIONS_UNIT,
        lines=[(smhi_label, smhi), (own_label, own)],
        labels={**chart_labels(), "caption": _("Rapporterade och territoriella utsläpp")},
        summary=summary,
        notes=[explanation()],
        sources=[*smhi_credit, _("Källa: %(credit)s") % {"credit": CDP_CREDIT}],
    )
    return replace(chart, table=_table(inventories, by_year))


def explanation() -> str:
    return _(
        "Siffrorna mäter olika saker. SMHI:s territoriella utsläpp är alla utsläpp inom "
        "kommunens gräns enligt Nationella emissionsdatabasen, samma metod för alla 290 "
        "kommuner. Stadens egen inventering följer GHG-protokollet för städer (GPC): scope 1 "
        "är direkta utsläpp inom gränsen, scope 2 utsläpp från el och fjärrvärme som "
        "används i staden (även om den produceras utanför), scope 3 utsläpp utanför gränsen "
        "som staden orsakar (t.ex. avfall, flyg). BASIC är scope 1 och 2 utan el- och "
        "värmeproduktion som redan räknas i scope 2. Staden väljer själv källor och "
        "avgränsning, och uppgifterna är inte granskade."
    )


def _table(inventories: list[ReportedYear], smhi: dict[int, float]) -> Table:
    rows = []
    for i in inventories:
        same = smhi.get(i.accounting_year)
        own = i.headline
        diff = (own / same - 1) * 100 if own is not None and same else None
        rows.append(
            (i.accounting_year, same, own, i.scope1, i.scope2, i.scope3, diff, i.protocol or "")
        )
    heads = [
        head(_("Redovisningsår"), "year"),
        head(_("SMHI, territoriella (t CO2e)"), "num"),
        head(_("Stadens inventering, BASIC eller totalt (t CO2e)"), "num"),
        head(_("Scope 1 (t CO2e)"), "num"),
        head(_("Scope 2 (t CO2e)"), "num"),
        head(_("Scope 3 (t CO2e)"), "num"),
        head(_("Skillnad mot SMHI (%)"), "pct"),
        head(_("Metod"), "text"),
    ]
    return Table.from_rows(
        _("Stadens egen inventering (CDP-ICLEI) och SMHI:s territoriella utsläpp"), heads, rows
    )
