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
from django.utils.safestring import SafeString

from core.cache import cached, kept
from core.i18n import gettext as _
from core.i18n import override
from dashboards.charts.chart import Chart
from dashboards.charts.tables import chart_html, figure_json
from dashboards.compare.charts import INDEX_CHART, charts, credit_lines, most_common
from dashboards.compare.dataset import Dataset, Municipality, build_dataset
from dashboards.compare.mapview import map_view
from dashboards.compare.multiples import small_multiples_html
from dashboards.compare.sectors import SECTOR_CHART, sector_block_html, sector_chart
from dashboards.compare.selection import (
    ALL,
    COLUMNS,
    CONTRACT,
    COUNTY,
    KEY_FIGURE_PREFIX,
    MEASURES,
    NO_TARGET,
    PICKED,
    CompareForm,
    Selection,
)
from dashboards.compare.table import SLUG, Context, sort_rows, table_html


def dataset() -> Dataset:
    """All municipalities' facts, cached per data generation, language and day, and kept
    in the process's memory for the generation (``core.cache.kept``): the public
    comparison and every selection start from it."""
    today = timezone.localdate()
    key = f"compare-dataset:{today.isoformat()}"
    return kept("compare-dataset", key, lambda: build_dataset(today=today))


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
        # No target of its own (the national reference stands in for it).
        rows = [r for r in rows if r.headline is None or r.headline.origin == "reference"]
    elif sel.status:
        rows = [r for r in rows if r.headline is not None and r.headline.status == sel.status]
    if sel.search:
        needle = sel.search.casefold()
        rows = [r for r in rows if needle in r.name.casefold()]
    return sort_rows(rows, sel)


def context(
    ds: Dataset, rows: Sequence[Municipality], sel: Selection, *, staff: bool = True
) -> Context:
    contract = [r for r in ds.rows if r.is_contract_city]
    return Context(
        selection=sel,
        latest_year=most_common([r.latest_year for r in rows]),
        consumption_year=most_common([r.consumption_year for r in rows]),
        city_url=reverse("city:detail", kwargs={"slug": SLUG}),
        notes_url=reverse("contracts:staff-notes", kwargs={"slug": SLUG}) if staff else "",
        key_figures=ds.key_figures,
        follow_up_year=ds.today.year,
        averages=(
            (_("Medel, de %(n)s klimatkontraktsstäderna") % {"n": len(contract)}, contract),
            (_("Medel, alla %(n)s kommuner") % {"n": len(ds.rows)}, ds.rows),
        ),
    )


def column_choices(ds: Dataset, sel: Selection) -> list[tuple[str, str, bool]]:
    """(key, label, chosen) of every column the person may show, in table order."""
    choices = [(key, str(label), sel.shows(key)) for key, label in COLUMNS]
    at = next(i for i, (key, _l, _c) in enumerate(choices) if key == "konsumtion") + 1
    figures = [
        (KEY_FIGURE_PREFIX + f.kolada_id, f"{f.name} (Kolada {f.kolada_id})", False)
        for f in ds.key_figures
    ]
    figures = [(key, label, sel.shows(key)) for key, label, _c in figures]
    return choices[:at] + figures + choices[at:]


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
        _(
            "Huvudmålets status: kommunens eget mål i första hand, annars ett mål staden "
            "rapporterat till CDP-ICLEI, annars den nationella referensen (Sveriges mål "
            "tillämpat på kommunen: −85 % mot 1990 till 2045), märkt som referens."
        ),
        _(
            "Parislinjen: Klimatkollens kontroll. Trenden de senaste fem redovisade åren "
            "förlängs till 2050; dess sammanlagda utsläpp 2025–2050 jämförs med en bana som "
            "minskar 11,72 % per år från trendens värde 2025 (Koldioxidlagen)."
        ),
        _(
            "Förändring senaste året: från föregående publicerade år till det senaste, bara "
            "när åren följer på varandra."
        ),
        _(
            "Kontraktets åtaganden uppföljda: av åtagandena i den publicerade "
            "kontraktsversion som gäller i år (den senaste som undertecknats senast i år), "
            "hur många som har en publicerad uppföljning för året. Alla parters åtaganden "
            "räknas, som i uppföljningen av klimatkontrakten."
        ),
        _(
            "Sektorerna: varje huvudsektors utsläpp det senaste året minus dess utsläpp "
            "2015, i samma leverans som tabellen, i kiloton. Drivande sektor är den som "
            "förändrats mest åt något håll, med sin andel av kommunens totala förändring."
        ),
        _(
            "Medelvärdena längst ner är medel av kommunernas egna värden (varje kommun "
            "räknas en gång), med antalet kommuner som har ett värde (n)."
        ),
        _("Jämförelsen bygger på publicerade uppgifter; utkast räknas inte."),
    ]


def form_html(
    form: CompareForm, selection: Selection, ds: Dataset, *, picked_text: str
) -> SafeString:
    """The selection form as the page shows it (its fields, the counties, the columns to
    choose from), for a request or, once, for a stored view."""
    return render_to_string(
        "compare/_form.html",
        {
            "form": form,
            "selection": selection,
            "picked_text": picked_text,
            "counties": ds.counties,
            "investment_years": ds.investment_years,
            "column_choices": column_choices(ds, selection),
        },
    )


def source_lines(ds: Dataset) -> list[str]:
    return credit_lines(
        [ds.release, *ds.population_credits, *ds.consumption_credits, *ds.key_figure_credits]
    )


#: A page of more municipalities than this links its sector chart's figure (some 60 kB
#: for all 290) rather than carrying it; the contract cities' page carries it.
LINKED_FIGURE_OVER = 25


def chart_blocks_html(
    rows: Sequence[Municipality],
    found: dict[str, Chart],
    route: str,
    query: str,
    labels: dict[str, str],
    figure_route: str = "",
) -> list[SafeString]:
    """Each chart's block; the index chart as small multiples in the rows' order.
    ``figure_route``: where a page of many municipalities links its sector figure."""
    blocks = []
    for chart in found.values():
        csv_url = reverse(route, args=[chart.id, "csv"]) + query
        xlsx_url = reverse(route, args=[chart.id, "xlsx"]) + query
        if chart.id == INDEX_CHART:
            blocks.append(small_multiples_html(rows, chart, csv_url=csv_url, xlsx_url=xlsx_url))
        elif chart.id == SECTOR_CHART:
            linked = figure_route and len(rows) > LINKED_FIGURE_OVER
            figure_url = reverse(figure_route, args=[chart.id]) + query if linked else ""
            blocks.append(
                sector_block_html(chart, csv_url=csv_url, xlsx_url=xlsx_url, figure_url=figure_url)
            )
        else:
            blocks.append(chart_html(chart, csv_url=csv_url, xlsx_url=xlsx_url, labels=labels))
    return blocks


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
    """The comparison's content for ``sel``, in the active language."""
    with override():
        return _render_body(sel, ds if ds is not None else dataset())


def _render_body(sel: Selection, ds: Dataset) -> RenderedCompare:
    rows = selected(ds, sel)
    ctx = context(ds, rows, sel)
    found = charts(ds, rows, sel)
    query = sel.query()
    labels = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
    chart_blocks = chart_blocks_html(
        rows, found, "compare:chart-data", query, labels, figure_route="compare:chart-figure"
    )
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


def _cache_key(what: str, sel: Selection) -> str:
    """A cache key of ``what`` for ``sel`` today (``cached`` adds the generation and the
    language)."""
    today = timezone.localdate().isoformat()
    # A hand-picked selection's key can be long; cache keys stay short and portable.
    digest = hashlib.sha256(sel.key.encode()).hexdigest()[:32]
    return f"{what}:{today}:{digest}"


def compare_page_html(sel: Selection, ds: Dataset | None = None) -> RenderedCompare:
    """The page body for ``sel``, cached per selection, generation, language and day
    (``ds``: the dataset when the caller has it already)."""
    return cached(_cache_key("compare-html", sel), lambda: render_body(sel, ds))


def build_figure_json(sel: Selection, chart_id: str, ds: Dataset | None = None) -> str:
    """The figure a page links instead of carrying (the sector chart's), as JSON; 404 for
    any other chart, or when there is nothing to draw."""
    if chart_id != SECTOR_CHART:
        raise Http404(_("Diagrammet finns inte."))
    ds = ds if ds is not None else dataset()
    chart = sector_chart(selected(ds, sel))
    if chart is None or not chart.figure["data"]:
        raise Http404(_("Diagrammet finns inte."))
    return figure_json(chart.figure)


def linked_figure_json(sel: Selection, chart_id: str) -> str:
    """``build_figure_json``, cached per selection, generation, language and day."""
    return cached(
        _cache_key(f"compare-figure:{chart_id}", sel), lambda: build_figure_json(sel, chart_id)
    )
