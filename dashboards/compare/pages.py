"""The comparison page: a selection cut from the dataset, its table, charts and map.

Caching (``klimat.cache``, so every data change invalidates it through the generation):

- the dataset (all 290 municipalities) once per generation, language and day;
- the rendered page body once per selection (its canonical key), generation, language
  and day; a warm request renders only the site's frame and the form around it.

The map's outlines are built once per process (``geo.municipality_geometry``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.cache import cached
from core.formatting import num
from dashboards.charts.chart import Chart
from dashboards.charts.tables import chart_html
from dashboards.compare import figures as cf
from dashboards.compare.dataset import Dataset, Municipality, build_dataset
from dashboards.compare.geo import municipality_geometry
from dashboards.compare.selection import (
    ALL,
    CONTRACT,
    COUNTY,
    MEASURES,
    NO_TARGET,
    PICKED,
    Selection,
)
from dashboards.compare.svgmap import MapLegend, map_svg
from dashboards.compare.table import SLUG, Context, name_key, sort_rows, table_html
from indicators.selectors import Credit

INDEX_CHART = "index-1990"
RANKING_CHART = "per-invanare"


def dataset() -> Dataset:
    """All municipalities' facts, cached per data generation, language and day."""
    today = timezone.localdate()
    return cached(f"compare-dataset:{today.isoformat()}", lambda: build_dataset(today=today))


def selected(ds: Dataset, sel: Selection) -> list[Municipality]:
    """The selection's municipalities, filtered and sorted."""
    rows: Sequence[Municipality] = ds.rows
    if sel.scope == CONTRACT:
        rows = [r for r in rows if r.is_contract_city]
    elif sel.scope == COUNTY:
        rows = [r for r in rows if r.county_code == sel.county]
    elif sel.scope == PICKED:
        picked = set(sel.picked)
        rows = [r for r in rows if r.code in picked]
    if sel.status == NO_TARGET:
        rows = [r for r in rows if r.headline is None]
    elif sel.status:
        rows = [r for r in rows if r.headline is not None and r.headline.status == sel.status]
    if sel.search:
        needle = sel.search.casefold()
        rows = [r for r in rows if needle in r.name.casefold()]
    return sort_rows(rows, sel)


def _credit_lines(credits: Sequence[Credit | None]) -> list[str]:
    return [
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": c.publisher, "release": c.release}
        for c in credits
        if c is not None
    ]


def _most_common(values: Sequence[int | None]) -> int | None:
    found = Counter(v for v in values if v is not None).most_common(1)
    return found[0][0] if found else None


def _language() -> str:
    return get_language() or "sv"


def context(ds: Dataset, rows: Sequence[Municipality], sel: Selection) -> Context:
    return Context(
        selection=sel,
        latest_year=_most_common([r.latest_year for r in rows]),
        consumption_year=_most_common([r.consumption_year for r in rows]),
        city_url=reverse("city:detail", kwargs={"slug": SLUG}),
        notes_url=reverse("contracts:staff-notes", kwargs={"slug": SLUG}),
    )


# --- Charts ---------------------------------------------------------------------------------


def charts(ds: Dataset, rows: Sequence[Municipality], sel: Selection) -> dict[str, Chart]:
    """The index chart and the per-person ranking for the selection, by chart id; a
    chart is left out when no municipality has anything to draw in it."""
    found: dict[str, Chart] = {}
    language = _language()
    by_name = sorted(rows, key=lambda r: (name_key(r.name), r.code))
    emission_credit = _credit_lines([ds.release])
    series = [cf.Series(r.name, r.totals, r.is_contract_city) for r in by_name]
    indices = {s.name: cf.indexed(s.values) for s in series}
    with_base = [s for s in series if indices[s.name]]
    if with_base:
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
        notes = [
            _(
                "Linjerna binder bara ihop år i följd som har publicerats; för åren mellan "
                "har SMHI inga kommunvärden, och inget är interpolerat. Den prickade linjen "
                "är 1990 års nivå."
            )
        ]
        missing = [s.name for s in series if not indices[s.name]]
        if missing:
            notes.append(
                _("Saknar värde för 1990 och visas inte: %(names)s.")
                % {"names": ", ".join(missing)}
            )
        if len(with_base) > cf.MAX_STYLED:
            notes.append(
                _(
                    "Med fler än %(n)s kommuner ritas alla linjer i samma färg; håll pekaren "
                    "över en linje för kommunens namn, eller läs tabellen."
                )
                % {"n": cf.MAX_STYLED}
            )
        found[INDEX_CHART] = cf.index_chart(
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
            sources=emission_credit,
        )
    ranked = [(r.name, r.per_person, r.is_contract_city) for r in rows if r.per_person is not None]
    if ranked:
        year = _most_common([r.latest_year for r in rows if r.per_person is not None])
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
            notes.append(
                _("Klimatkontraktsstäderna är mörkblå, övriga kommuner grå och streckade.")
            )
        found[RANKING_CHART] = cf.ranking_chart(
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
            sources=emission_credit + _credit_lines(ds.population_credits),
        )
    return found


def chart_for(sel: Selection, chart_id: str) -> Chart:
    """One chart of the page (for its downloads); 404 when the page has no such chart."""
    ds = dataset()
    found = charts(ds, selected(ds, sel), sel).get(chart_id)
    if found is None:
        raise Http404(_("Diagrammet finns inte."))
    return found


# --- Map ------------------------------------------------------------------------------------


def measure_value(row: Municipality, measure: str) -> float | None:
    if measure == "per_inv":
        return row.per_person
    if measure == "sedan_1990":
        return row.change_pct.get(1990)
    if measure == "sedan_2015":
        return row.change_pct.get(2015)
    if measure == "konsumtion":
        return row.consumption
    raise KeyError(measure)


@dataclass(frozen=True)
class MapView:
    svg: str
    legend: MapLegend
    legend_items: list[tuple[str, str]]  # (colour, text)


def map_view(rows: Sequence[Municipality], sel: Selection) -> MapView | None:
    """The map for the selection; None when the outline file is missing."""
    try:
        geometry = municipality_geometry(settings.KLIMAT_DATA_DIR)
    except FileNotFoundError:
        return None
    label, unit = MEASURES[sel.measure]
    language = _language()
    decimals = 1 if unit == "%" else 2

    def fmt(value: float) -> str:
        return num(value, decimals, language)

    values = {r.code: measure_value(r, sel.measure) for r in rows}
    measure = str(label)
    svg, legend = map_svg(
        geometry=geometry,
        values=values,
        measure=measure,
        unit=unit,
        fmt=fmt,
        title=_("Karta: %(measure)s") % {"measure": measure},
        description=_(
            "Sveriges 290 kommuner. De %(n)s valda är färgade efter %(measure)s; mörkare "
            "färg betyder högre värde. Tabellen på sidan har samma värden."
        )
        % {"n": len(rows), "measure": measure.lower()},
        labels={"no_value": _("inget värde"), "not_chosen": _("inte vald")},
    )
    items = [
        (
            c.colour,
            _("%(low)s till %(high)s %(unit)s (%(n)s kommuner)")
            % {"low": fmt(c.low), "high": fmt(c.high), "unit": unit, "n": c.count}
            if c.low != c.high
            else _("%(value)s %(unit)s (%(n)s kommuner)")
            % {"value": fmt(c.low), "unit": unit, "n": c.count},
        )
        for c in legend.classes
    ]
    return MapView(svg=svg, legend=legend, legend_items=items)


# --- The whole page ---------------------------------------------------------------------------


def method_notes() -> list[str]:
    """How every column is made, as the page and the Excel download say it."""
    return [
        _(
            "Utsläpp per invånare: kommunens territoriella utsläpp av växthusgaser (den "
            "senaste leveransen) det senaste året, delat med folkmängden samma år. Saknas "
            "folkmängden för det året visas inget värde; ett annat års folkmängd används "
            "aldrig."
        ),
        _(
            "Förändring sedan 1990 och sedan 2015: det senaste årets utsläpp jämfört med "
            "basårets, i samma leverans."
        ),
        _(
            "Huvudmålet: kommunens första publicerade målvärde för de totala territoriella "
            "utsläppen (annars det första målvärdet med ett tal). Takt hittills är trenden "
            "under de fem senaste redovisade åren, takt som behövs är målbanans förändring "
            "per år från det senaste värdet; båda i procent per år. Statusen är densamma "
            "som på kommunens sida."
        ),
        _("Konsumtionsbaserade utsläpp: SEI:s senaste år, per invånare."),
        _(
            "Åtgärder: kommunens publicerade åtgärder. Uppföljda denna period: andelen av "
            "åtgärderna som fortfarande följs upp (planerade, pågående och pausade) som har "
            "en publicerad uppföljning för den pågående perioden i kommunens "
            "uppföljningscykel."
        ),
        _(
            "Planerade investeringar: summan av investeringarna i åtgärdernas kostnadsrader "
            "för de valda åren, i miljoner kronor, med åren som har investeringar inom "
            "parentes; avbrutna åtgärder och avslagen finansiering räknas inte."
        ),
        _("Jämförelsen bygger på publicerade uppgifter; utkast räknas inte."),
    ]


def source_lines(ds: Dataset) -> list[str]:
    return _credit_lines([ds.release, *ds.population_credits, *ds.consumption_credits])


@dataclass(frozen=True)
class RenderedCompare:
    """The page's content below the form, rendered once per selection and generation."""

    body: bytes
    count: int
    has_charts: bool


def _caption(sel: Selection, count: int, ds: Dataset) -> str:
    if sel.scope == CONTRACT:
        what = _("Klimatkontraktsstäderna")
    elif sel.scope == COUNTY:
        what = dict(ds.counties).get(sel.county, sel.county)
    elif sel.scope == ALL:
        what = _("Alla kommuner")
    else:
        what = _("Valda kommuner")
    return _("%(what)s: %(n)s kommuner") % {"what": what, "n": count}


def render_body(sel: Selection, ds: Dataset | None = None) -> RenderedCompare:
    ds = ds if ds is not None else dataset()
    rows = selected(ds, sel)
    ctx = context(ds, rows, sel)
    found = charts(ds, rows, sel)
    query = sel.query()
    labels = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
    chart_blocks = [
        chart_html(
            chart,
            csv_url=reverse("compare:chart-data", args=[chart.id, "csv"]) + query,
            xlsx_url=reverse("compare:chart-data", args=[chart.id, "xlsx"]) + query,
            labels=labels,
        )
        for chart in found.values()
    ]
    missing_population = [r.name for r in rows if r.latest_year and r.per_person is None]
    page = {
        "selection": sel,
        "count": len(rows),
        "mixed": len({r.is_contract_city for r in rows}) > 1,
        "caption": _caption(sel, len(rows), ds),
        "table": table_html(rows, ctx, caption=_caption(sel, len(rows), ds)),
        "charts": chart_blocks,
        "map": map_view(rows, sel) if rows else None,
        "measure_label": MEASURES[sel.measure][0],
        "latest_year": ctx.latest_year,
        "missing_population": missing_population,
        "sources": source_lines(ds),
        "methods": method_notes(),
        "today": ds.today,
        "csv_url": reverse("compare:table", args=["csv"]) + query,
        "xlsx_url": reverse("compare:table", args=["xlsx"]) + query,
    }
    body = render_to_string("compare/_body.html", {"page": page})
    return RenderedCompare(body=body.encode(), count=len(rows), has_charts=bool(found))


def compare_page_html(sel: Selection, ds: Dataset | None = None) -> RenderedCompare:
    """The page body for ``sel``, cached per selection, generation, language and day
    (``ds``: the dataset when the caller has it already)."""
    today = timezone.localdate().isoformat()
    # A hand-picked selection's key can be long; cache keys stay short and portable.
    digest = hashlib.sha256(sel.key.encode()).hexdigest()[:32]
    return cached(f"compare-html:{today}:{digest}", lambda: render_body(sel, ds))
