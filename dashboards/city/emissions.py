"""The city page's emissions charts: by main sector (over the years and one year's shares),
per inhabitant (territorial and consumption-based) and net of removals."""

from __future__ import annotations

from dataclasses import dataclass, replace

from core.formatting import pct
from core.i18n import gettext as _
from dashboards.charts.chart import Chart, Observed, runs_of_years
from dashboards.charts.sectors import sector_area_chart, sector_share_chart
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
    """The emissions by main sector over the years, and the latest year's shares."""
    # The sectors by their names in the active language (SMHI's Swedish names stored),
    # each name translated once rather than once a year.
    labels = {name: sector_label(name) for name in {n for e in emissions for n in e.sectors}}
    with_sectors = [
        replace(e, sectors={labels[k]: v for k, v in e.sectors.items()})
        for e in emissions
        if e.sectors
    ]
    if not with_sectors:
        return None, None
    last = with_sectors[-1]
    biggest = max(last.sectors, key=lambda name: last.sectors[name])
    return _area_chart(with_sectors, biggest, credit), _share_chart(last, biggest, credit)


def _area_chart(with_sectors: list[YearEmissions], biggest: str, credit: list[str]) -> Chart:
    runs = runs_of_years([e.year for e in with_sectors])
    alone = [str(r[0]) for r in runs if len(r) == 1]
    first, last = with_sectors[0], with_sectors[-1]
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
    return sector_area_chart(
        chart_id="sektorer",
        title=_("Utsläpp per sektor och år"),
        unit=EMISSIONS_UNIT,
        sectors_by_year={e.year: e.sectors for e in with_sectors},
        labels={**chart_labels(), "caption": _("Utsläpp per huvudsektor och år (t CO2e)")},
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


def _share_chart(last: YearEmissions, biggest: str, credit: list[str]) -> Chart:
    total = sum(last.sectors.values())
    share = last.sectors[biggest] / total * 100 if total else 0.0
    return sector_share_chart(
        chart_id="sektorandelar",
        title=_("Sektorernas andelar %(year)s") % {"year": last.year},
        unit=EMISSIONS_UNIT,
        year=last.year,
        sectors=last.sectors,
        labels={
            **chart_labels(),
            "caption": _("Andel av utsläppen per huvudsektor %(year)s") % {"year": last.year},
        },
        summary=_("%(sector)s stod för %(share)s av utsläppen %(year)s.")
        % {"sector": biggest, "share": pct(share, 1, signed=False), "year": last.year},
        sources=credit,
    )


@dataclass(frozen=True)
class _PerPerson:
    """One per-inhabitant series for the chart (its name and points), its sources and
    latest value; or, when it cannot be drawn, why."""

    line: tuple[str, list[Observed]] | None = None
    sources: tuple[str, ...] = ()
    latest: tuple[int, float] | None = None
    missing: str = ""


def per_inhabitant(
    progress: CityProgress, totals: p.Series, credit: list[str]
) -> tuple[Chart | None, list[str], tuple[int, float] | None, tuple[int, float] | None]:
    """The emissions per inhabitant (territorial and consumption-based): the chart, what
    is missing from it, and each measure's latest (year, value)."""
    territorial = _territorial(progress, totals, credit)
    consumption = _consumption(progress)
    both = (territorial, consumption)
    missing = [part.missing for part in both if part.missing]
    lines = [part.line for part in both if part.line is not None]
    if not lines:
        return None, missing, None, None
    sources = [source for part in both for source in part.sources]
    return _per_person_chart(lines, sources), missing, territorial.latest, consumption.latest


def _territorial(progress: CityProgress, totals: p.Series, credit: list[str]) -> _PerPerson:
    population = progress.observed(POPULATION)
    if population is None:
        return _PerPerson(
            missing=_(
                "Folkmängden för %(name)s finns inte inläst, så de territoriella utsläppen kan "
                "inte räknas om per invånare."
            )
            % {"name": progress.city.name}
        )
    per_person = p.per_person_series(totals, population.series)
    if not len(per_person):
        return _PerPerson(missing=_("Det finns inga år med både utsläpp och folkmängd."))
    latest = per_person.latest
    assert latest is not None
    return _PerPerson(
        line=(_("Territoriella utsläpp per invånare"), observed_points(per_person)),
        sources=(*credit, *credit_lines(population.credits)),
        latest=(latest.year, latest.value),
    )


def _consumption(progress: CityProgress) -> _PerPerson:
    consumption = progress.observed(CONSUMPTION_PER_PERSON)
    if consumption is None:
        return _PerPerson(
            missing=_("Konsumtionsbaserade utsläpp för %(name)s finns inte inlästa.")
            % {"name": progress.city.name}
        )
    latest = consumption.series.latest
    assert latest is not None
    return _PerPerson(
        line=(_("Konsumtionsbaserade utsläpp per invånare"), observed_points(consumption.series)),
        sources=tuple(credit_lines(consumption.credits)),
        latest=(latest.year, latest.value),
    )


def _per_person_chart(lines: list[tuple[str, list[Observed]]], sources: list[str]) -> Chart:
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
    return lines_chart(
        chart_id="per-invanare",
        title=_("Utsläpp per invånare"),
        unit=unit_label(PER_PERSON_UNIT),
        lines=lines,
        labels={**chart_labels(), "caption": _("Utsläpp per invånare (t CO2e)")},
        summary="; ".join(parts) + ".",
        notes=notes,
        sources=sources,
    )


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
