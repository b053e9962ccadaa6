"""The comparison's charts for a selection: emissions as an index (1990 = 100) over the
years, the municipalities ranked by emissions per inhabitant, and the change since 2015
by main sector (``dashboards.compare.sectors``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from core.formatting import num
from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.charts.chart import Chart
from dashboards.compare import figures as cf
from dashboards.compare.dataset import Dataset, Municipality
from dashboards.compare.sectors import SECTOR_CHART, sector_chart
from dashboards.compare.selection import Selection
from dashboards.compare.table import name_key
from indicators.selectors import Credit

#: The charts' ids (their DOM ids and download addresses).
INDEX_CHART = "index-1990"
RANKING_CHART = "per-invanare"


def credit_lines(credits: Sequence[Credit | None]) -> list[str]:
    """ "Källa: publisher (release)" for each source there is."""
    return [
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": c.publisher, "release": c.release}
        for c in credits
        if c is not None
    ]


def most_common(values: Sequence[int | None]) -> int | None:
    """The year most of the selection has (its latest year, say); None when none has one."""
    found = Counter(v for v in values if v is not None).most_common(1)
    return found[0][0] if found else None


def active_language() -> str:
    """The language numbers are written in (Swedish when none is active)."""
    return get_language() or "sv"


def charts(ds: Dataset, rows: Sequence[Municipality], sel: Selection) -> dict[str, Chart]:
    """The index chart and the per-person ranking for the selection, by chart id; a
    chart is left out when no municipality has anything to draw in it."""
    found: dict[str, Chart] = {}
    by_name = sorted(rows, key=lambda r: (name_key(r.name), r.code))
    series = [cf.Series(r.name, r.totals, r.is_contract_city) for r in by_name]
    index = _index_chart(ds, series)
    if index is not None:
        found[INDEX_CHART] = index
    ranked = [(r.name, r.per_person, r.is_contract_city) for r in rows if r.per_person is not None]
    if ranked:
        found[RANKING_CHART] = _ranking_chart(ds, rows, ranked)
    # Which sector drives each one's change since 2015 (its table is the block's table).
    sectors = sector_chart(rows)
    if sectors is not None:
        found[SECTOR_CHART] = sectors
    return found


def _index_chart(ds: Dataset, series: list[cf.Series]) -> Chart | None:
    """Each municipality's emissions as an index (1990 = 100) over the years; None when
    none has a value for 1990."""
    language = active_language()
    indices = {s.name: cf.indexed(s.values) for s in series}
    with_base = [s for s in series if indices[s.name]]
    if not with_base:
        return None
    last_year = ds.years[-1] if ds.years else None
    latest = [
        (s.name, indices[s.name][last_year]) for s in with_base if last_year in indices[s.name]
    ]
    summary = _(
        "Territoriella utsläpp av växthusgaser som index, 1990 = 100, för %(n)s kommuner."
    ) % {"n": len(with_base)}
    if latest:
        low = min(latest, key=lambda v: v[1])
        high = max(latest, key=lambda v: v[1])
        summary += " " + _(
            "År %(year)s har %(low)s lägst index (%(low_value)s) och %(high)s högst "
            "(%(high_value)s)."
        ) % {
            "year": last_year,
            "low": low[0],
            "low_value": num(low[1], 1, language),
            "high": high[0],
            "high_value": num(high[1], 1, language),
        }
    notes = _index_notes([s.name for s in series if not indices[s.name]], len(with_base))
    return cf.index_chart(
        chart_id=INDEX_CHART,
        title=_("Utsläpp jämfört med 1990 (index, 1990 = 100)"),
        series=with_base,
        years=ds.years,
        labels={
            "municipality": _("Kommun"),
            "caption": _("Utsläppen som index, 1990 = 100, per kommun och år"),
            "index": _("Index (1990 = 100)"),
            "all": _("Valda kommuner"),
        },
        summary=summary,
        notes=notes,
        sources=credit_lines([ds.release]),
        draw=False,  # the pages show it as small multiples (``multiples``)
        indices=[indices[s.name] for s in with_base],
    )


def _index_notes(missing: list[str], drawn: int) -> list[str]:
    """How to read the index chart: the gaps, who is missing, one colour for many."""
    notes = [
        _(
            "Linjerna binder bara ihop år i följd som har publicerats; för åren mellan "
            "har SMHI inga kommunvärden, och inget är interpolerat. Den prickade linjen "
            "är 1990 års nivå."
        )
    ]
    if missing:
        notes.append(
            _("Saknar värde för 1990 och visas inte: %(names)s.") % {"names": ", ".join(missing)}
        )
    if drawn > cf.MAX_STYLED:
        notes.append(
            _(
                "Med fler än %(n)s kommuner ritas alla linjer i samma färg; håll pekaren "
                "över en linje för kommunens namn, eller läs tabellen."
            )
            % {"n": cf.MAX_STYLED}
        )
    return notes


def _ranking_chart(
    ds: Dataset, rows: Sequence[Municipality], ranked: list[tuple[str, float, bool]]
) -> Chart:
    """The municipalities with a value ranked by emissions per inhabitant, highest first."""
    language = active_language()
    year = most_common([r.latest_year for r in rows if r.per_person is not None])
    ordered = sorted(ranked, key=lambda v: -v[1])
    summary = _(
        "Territoriella utsläpp per invånare %(year)s för %(n)s kommuner: högst %(high)s "
        "med %(high_value)s t CO2e, lägst %(low)s med %(low_value)s t CO2e."
    ) % {
        "year": year,
        "n": len(ranked),
        "high": ordered[0][0],
        "high_value": num(ordered[0][1], 2, language),
        "low": ordered[-1][0],
        "low_value": num(ordered[-1][1], 2, language),
    }
    notes = [
        _(
            "Årets utsläpp inom kommunen delat med folkmängden samma år. Kommuner utan "
            "folkmängd för året saknas i diagrammet."
        )
    ]
    if any(r.is_contract_city for r in rows) and not all(r.is_contract_city for r in rows):
        notes.append(_("Klimatkontraktsstäderna är mörkblå, övriga kommuner grå och streckade."))
    return cf.ranking_chart(
        chart_id=RANKING_CHART,
        title=_("Utsläpp per invånare %(year)s, rangordnade") % {"year": year},
        values=ranked,
        unit="t CO2e",
        labels={
            "municipality": _("Kommun"),
            "rank": _("Plats"),
            "value": _("t CO2e per invånare"),
            "caption": _("Utsläpp per invånare %(year)s, högst först") % {"year": year},
            "contract": _("Klimatkontraktsstäder"),
            "other": _("Övriga kommuner"),
            "axis": _("t CO2e per invånare"),
        },
        summary=summary,
        notes=notes,
        sources=credit_lines([ds.release]) + credit_lines(ds.population_credits),
    )
