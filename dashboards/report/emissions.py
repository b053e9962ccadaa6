"""The report's emissions: territorial greenhouse-gas emissions by main sector, years up to
the report's, and the sectors' shares in the latest year."""

from __future__ import annotations

from dataclasses import dataclass

from core.formatting import num
from core.i18n import gettext as _
from dashboards.charts.chart import Table, head
from dashboards.city.words import BASE_YEAR, EMISSIONS_UNIT, SUBSTANCE, credit_lines
from dashboards.portfolio.figures import short
from dashboards.report.data import ChartData, TableData, table_data
from indicators.assessments import CityProgress
from indicators.parsers.sectors import MAIN_SECTORS, sector_label
from indicators.selectors import Credit, YearEmissions


@dataclass
class EmissionsPart:
    """Territorial greenhouse-gas emissions by main sector, years up to the report's."""

    credit: str = ""
    latest_year: int | None = None
    latest_total: float | None = None
    base_total: float | None = None
    change_pct: float | None = None
    total_stated: bool = True
    chart: ChartData | None = None
    shares: TableData | None = None


def emissions_part(progress: CityProgress, year: int) -> EmissionsPart:
    """The emissions up to ``year``: the latest total against the base year, and the
    sectors over the years and in the latest year."""
    release = progress.releases.get(SUBSTANCE)
    years = [e for e in progress.emissions.get(SUBSTANCE, []) if e.year <= year]
    if release is None or not years:
        return EmissionsPart()
    credit = credit_lines([Credit(release.publisher, release.name)])[0]
    latest = years[-1]
    base = next((e for e in years if e.year == BASE_YEAR), None)
    part = EmissionsPart(
        credit=credit,
        latest_year=latest.year,
        latest_total=latest.total,
        base_total=base.total if base else None,
        change_pct=(latest.total / base.total - 1) * 100 if base and base.total else None,
        total_stated=latest.total_stated,
    )
    with_sectors = [e for e in years if e.sectors]
    if with_sectors:
        sectors = _sector_order(with_sectors)
        part.chart = _sector_chart(with_sectors, sectors, credit)
        part.shares = _shares(with_sectors[-1], sectors)
    return part


def _sector_order(with_sectors: list[YearEmissions]) -> list[str]:
    """The biggest sector of the latest year at the bottom of each bar; the rest in
    SMHI's order."""
    present = {name for e in with_sectors for name in e.sectors}
    last = with_sectors[-1]
    sectors = [s for s in MAIN_SECTORS if s in present] + sorted(present - set(MAIN_SECTORS))
    sectors.sort(key=lambda s: -last.sectors.get(s, 0.0))
    return sectors


def _sector_chart(with_sectors: list[YearEmissions], sectors: list[str], credit: str) -> ChartData:
    """Emissions per year stacked by sector, on a true year axis."""
    last = with_sectors[-1]
    columns = [
        head(_("År"), "year"),
        *[head(short(sector_label(s)), "num") for s in sectors],
        head(_("Totalt"), "num"),
    ]
    rows = [[e.year, *[e.sectors.get(s) for s in sectors], e.total] for e in with_sectors]
    biggest = sectors[0]
    return ChartData(
        id="diagram-sektorer",
        kind="bars",
        title=_("Utsläpp per sektor och år"),
        desc=_(
            "Territoriella utsläpp av växthusgaser per huvudsektor %(first)s–%(last)s, "
            "staplade. Störst %(last)s var %(sector)s med %(value)s t CO2e av totalt "
            "%(total)s t CO2e."
        )
        % {
            "first": with_sectors[0].year,
            "last": last.year,
            "sector": sector_label(biggest),
            "value": num(last.sectors[biggest]),
            "total": num(last.total),
        },
        unit=EMISSIONS_UNIT,
        table=table_data(
            Table.from_rows(_("Utsläpp per huvudsektor och år (t CO2e)"), columns, rows)
        ),
        notes=[
            _(
                "Staplarna står på en tidsaxel: år utan publicerade kommunvärden saknar "
                "stapel, och inget är interpolerat. Största sektorn ligger underst."
            ),
            _("Mönstren skiljer sektorerna åt även i gråskala."),
        ],
        sources=[credit],
        years=[e.year for e in with_sectors],
        series=[[sector_label(s), [e.sectors.get(s) for e in with_sectors]] for s in sectors],
    )


def _shares(last: YearEmissions, sectors: list[str]) -> TableData:
    """The latest year's emissions per sector and their shares of the total."""
    total = sum(last.sectors.values())
    shares = Table.from_rows(
        _("Sektorernas andelar %(year)s") % {"year": last.year},
        [
            head(_("Sektor")),
            head(_("Utsläpp (t CO2e)"), "num"),
            head(_("Andel av utsläppen"), "pct"),
        ],
        [
            [
                sector_label(s),
                last.sectors.get(s),
                (last.sectors.get(s, 0.0) / total * 100) if total else None,
            ]
            for s in sectors
            if s in last.sectors
        ],
    )
    return table_data(shares)
