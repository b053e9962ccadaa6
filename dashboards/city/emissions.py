"""The city page's emissions charts: by main sector (over the years and one year's shares),
per inhabitant (territorial and consumption-based) and net of removals."""

from __future__ import annotations

from dataclasses import replace

from django.utils.translation import gettext as _

from core.formatting import pct
from dashboards.charts.chart import Chart
from dashboards.charts.sectors import runs_of_years, sector_area_chart, sector_share_chart
from dashboards.charts.series import lines_chart, net_chart
from dashboards.city.words import (
    EMISSIONS_UNIT,
    PER_PERSON_UNIT,
    chart_labels,
    credit_lines,
    level,
    observed_points,
)
from indicators import progress as p
from indicators.assessments import CityProgress
from indicators.labels import unit_label
from indicators.parsers.sectors import sector_label
from indicators.selectors import CONSUMPTION_PER_PERSON, POPULATION, REMOVALS, YearEmissions


def sector_charts(
    emissions: list[YearEmissions], credit: list[str]
) -> tuple[Chart | None, Chart | None]:
    # The sectors by their names in the active language (SMHI's Swedish names stored).
    with_sectors = [
        replace(e, sectors={sector_label(k): v for k, v in e.sectors.items()})
        for e in emissions
        if e.sectors
    ]
    if not with_sectors:
        return None, None
    labels = chart_labels()
    runs = runs_of_years([e.year for e in with_sectors])
    alone = [str(r[0]) for r in runs if len(r) == 1]
    first, last = with_sectors[0], with_sectors[-1]
    biggest = max(last.sectors, key=lambda name: last.sectors[name])
    notes = [
        _(
            "Ytorna binder bara ihop år i följd som har publicerats. År som står ensamma "
            "(%(years)s) visas som staplar, och åren mellan dem lämnas tomma: för dem finns "
            "inga publicerade kommunvärden, och inget är interpolerat."
        )
        % {"years": ", ".join(alone)}
        if alone
        else _("Alla år i perioden har publicerade värden."),
        _("Mönstren skiljer sektorerna åt även i gråskala; största sektorn ligger underst."),
    ]
    area = sector_area_chart(
        chart_id="sektorer",
        title=_("Utsläpp per sektor och år"),
        unit=EMISSIONS_UNIT,
        sectors_by_year={e.year: e.sectors for e in with_sectors},
        labels={**labels, "caption": _("Utsläpp per huvudsektor och år (t CO2e)")},
        summary=_(
            "Utsläppen per huvudsektor %(first)s–%(last)s, staplade. Störst %(last)s var "
            "%(sector)s med %(value)s."
        )
        % {
            "first": first.year,
            "last": last.year,
            "sector": biggest,
            "value": level(last.sectors[biggest], EMISSIONS_UNIT),
        },
        notes=notes,
        sources=credit,
    )
    total = sum(last.sectors.values())
    share = last.sectors[biggest] / total * 100 if total else 0.0
    shares = sector_share_chart(
        chart_id="sektorandelar",
        title=_("Sektorernas andelar %(year)s") % {"year": last.year},
        unit=EMISSIONS_UNIT,
        year=last.year,
        sectors=last.sectors,
        labels={
            **labels,
            "caption": _("Andel av utsläppen per huvudsektor %(year)s") % {"year": last.year},
        },
        summary=_("%(sector)s stod för %(share)s av utsläppen %(year)s.")
        % {"sector": biggest, "share": pct(share, 1, signed=False), "year": last.year},
        sources=credit,
    )
    return area, shares


def per_inhabitant(
    progress: CityProgress, totals: p.Series, credit: list[str]
) -> tuple[Chart | None, list[str], tuple[int, float] | None, tuple[int, float] | None]:
    name = progress.city.name
    population = progress.observed(POPULATION)
    consumption = progress.observed(CONSUMPTION_PER_PERSON)
    missing: list[str] = []
    lines = []
    sources: list[str] = []
    per_person_latest = consumption_latest = None
    if population is None:
        missing.append(
            _(
                "Folkmängden för %(name)s finns inte inläst, så de territoriella utsläppen kan "
                "inte räknas om per invånare."
            )
            % {"name": name}
        )
    else:
        per_person = p.per_person_series(totals, population.series)
        if len(per_person):
            lines.append((_("Territoriella utsläpp per invånare"), observed_points(per_person)))
            sources += credit + credit_lines(population.credits)
            latest = per_person.latest
            assert latest is not None
            per_person_latest = (latest.year, latest.value)
        else:
            missing.append(_("Det finns inga år med både utsläpp och folkmängd."))
    if consumption is None:
        missing.append(
            _("Konsumtionsbaserade utsläpp för %(name)s finns inte inlästa.") % {"name": name}
        )
    else:
        lines.append(
            (_("Konsumtionsbaserade utsläpp per invånare"), observed_points(consumption.series))
        )
        sources += credit_lines(consumption.credits)
        latest = consumption.series.latest
        assert latest is not None
        consumption_latest = (latest.year, latest.value)
    if not lines:
        return None, missing, None, None
    labels = chart_labels()
    parts = []
    for line_name, points in lines:
        last = points[-1]
        parts.append(
            _("%(name)s: %(value)s år %(year)s")
            % {
                "name": line_name,
                "value": level(last.value, unit_label(PER_PERSON_UNIT)),
                "year": last.year,
            }
        )
    notes = [
        _(
            "Territoriella utsläpp per invånare är årets utsläpp inom kommunen delat med "
            "folkmängden samma år; år utan båda värdena saknas."
        ),
        _(
            "Konsumtionsbaserade utsläpp räknar det invånarnas konsumtion orsakar, var i "
            "världen utsläppen än sker. De två måtten överlappar och ska inte läggas ihop."
        ),
    ]
    chart = lines_chart(
        chart_id="per-invanare",
        title=_("Utsläpp per invånare"),
        unit=unit_label(PER_PERSON_UNIT),
        lines=lines,
        labels={**labels, "caption": _("Utsläpp per invånare (t CO2e)")},
        summary="; ".join(parts) + ".",
        notes=notes,
        sources=sources,
    )
    return chart, missing, per_person_latest, consumption_latest


def net_emissions(progress: CityProgress, totals: p.Series, credit: list[str]) -> Chart | None:
    removals = progress.observed(REMOVALS)
    if removals is None:
        return None
    net = p.net_series(totals, removals.series)
    labels = chart_labels()
    latest = net.latest
    summary = _("Upptag finns registrerade för %(years)s.") % {
        "years": ", ".join(str(y) for y in removals.series.years)
    }
    if latest is not None:
        summary += " " + _("Nettoutsläppen %(year)s var %(value)s.") % {
            "year": latest.year,
            "value": level(latest.value, EMISSIONS_UNIT),
        }
    return net_chart(
        chart_id="netto",
        title=_("Utsläpp, upptag och nettoutsläpp"),
        unit=EMISSIONS_UNIT,
        emissions={pt.year: pt.value for pt in totals},
        removals={pt.year: pt.value for pt in removals.series},
        net={pt.year: pt.value for pt in net},
        labels={**labels, "caption": _("Utsläpp, upptag och netto per år (t CO2e)")},
        summary=summary,
        notes=[
            _(
                "Upptagen visas som negativa staplar. Nettoutsläpp = utsläpp − upptag, bara "
                "för år där båda finns."
            )
        ],
        sources=credit + credit_lines(removals.credits),
    )
