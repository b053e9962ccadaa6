"""The comparison page: a selection cut from the dataset, its table, charts and map.

Caching (``klimat.cache``, so every data change invalidates it through the generation):

- the dataset (all 290 municipalities) once per generation, language and day;
- the rendered page body once per selection (its canonical key), generation, language
  and day; a warm request renders only the site's frame and the form around it.

The map's outlines are built once per process (``geo.municipality_geometry``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.cache import cached
from dashboards.charts.chart import Chart
from dashboards.charts.tables import chart_html
from dashboards.compare.charts import charts, credit_lines, most_common
from dashboards.compare.dataset import Dataset, Municipality, build_dataset
from dashboards.compare.mapview import map_view
from dashboards.compare.selection import (
    ALL,
    CONTRACT,
    COUNTY,
    MEASURES,
    NO_TARGET,
    PICKED,
    Selection,
)
from dashboards.compare.table import SLUG, Context, sort_rows, table_html


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


def context(ds: Dataset, rows: Sequence[Municipality], sel: Selection) -> Context:
    return Context(
        selection=sel,
        latest_year=most_common([r.latest_year for r in rows]),
        consumption_year=most_common([r.consumption_year for r in rows]),
        city_url=reverse("city:detail", kwargs={"slug": SLUG}),
        notes_url=reverse("contracts:staff-notes", kwargs={"slug": SLUG}),
    )


def chart_for(sel: Selection, chart_id: str) -> Chart:
    """One chart of the page (for its downloads); 404 when the page has no such chart."""
    ds = dataset()
    found = charts(ds, selected(ds, sel), sel).get(chart_id)
    if found is None:
        raise Http404(_("Diagrammet finns inte."))
    return found


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
    return credit_lines([ds.release, *ds.population_credits, *ds.consumption_credits])


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
