"""The public comparison, ``/jamfor/?kommuner=2480,1280``: any 2–4 municipalities side by
side for everyone, published data only, with the staff comparison's table, charts and
downloads (the same dataset: the comparison reads published content only).

Chosen with a search field (names or codes, comma-separated; a list of every
municipality's name helps the browser suggest). Linked from every city page.
"""

from __future__ import annotations

from dataclasses import replace

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.i18n import gettext as _
from dashboards.charts.tables import chart_about, table_csv, table_xlsx
from dashboards.compare import pages
from dashboards.compare.charts import charts
from dashboards.compare.dataset import Dataset, Municipality
from dashboards.compare.export import export_table
from dashboards.compare.selection import PICKED, CompareForm, Selection
from dashboards.compare.table import name_key, table_html
from dashboards.compare.views import _download

MIN_PICKED, MAX_PICKED = 2, 4
#: The public table leaves out the programme's own follow-up figures it has no use for.
PUBLIC_COLUMNS = (
    "per_inv",
    "sedan_1990",
    "sedan_2015",
    "arsforandring",
    "utslapp",
    "status",
    "paris",
    "konsumtion",
    "atgarder",
    "uppfoljda",
)


def _choice(request: HttpRequest, ds: Dataset) -> tuple[Selection | None, list[str], str]:
    """The selection (None until 2–4 valid municipalities are named), the problems to
    show, and the text of the search field."""
    text = request.GET.get("kommuner", "")
    form = CompareForm(
        {"urval": PICKED, "kommuner": text, "sort": request.GET.get("sort", "")},
        municipalities=[(r.code, r.name) for r in ds.rows],
        counties=ds.counties,
    )
    if not text.strip():
        return None, [], ""
    if not form.is_valid():
        return None, [str(m) for errors in form.errors.values() for m in errors], text
    sel = replace(form.selection(), columns=PUBLIC_COLUMNS)
    names = {r.code: r.name for r in ds.rows}
    shown = ", ".join(sorted((names[c] for c in sel.picked), key=name_key))
    if len(sel.picked) < MIN_PICKED:
        return None, [], shown  # the page asks for one more (the city page's link)
    if len(sel.picked) > MAX_PICKED:
        return None, [_("Jämför högst %(n)s kommuner åt gången.") % {"n": MAX_PICKED}], shown
    return sel, [], shown


def _query(sel: Selection) -> str:
    return "?kommuner=" + ",".join(sel.picked)


@require_GET
def compare_public(request: HttpRequest) -> HttpResponse:
    """The page: the search field, then (for 2–4 municipalities) the table and charts."""
    ds = pages.dataset()
    sel, problems, text = _choice(request, ds)
    context: dict[str, object] = {
        "problems": problems,
        "one_more": sel is None and not problems and bool(text),
        "text": text,
        "names": [r.name for r in ds.rows],
        "min": MIN_PICKED,
        "max": MAX_PICKED,
    }
    if sel is not None:
        rows = pages.selected(ds, sel)
        ctx = replace(pages.context(ds, rows, sel, staff=False), averages=())
        query = _query(sel)
        found = charts(ds, rows, sel)
        labels = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
        context.update(
            {
                "rows": rows,
                "table": table_html(rows, ctx, caption=_caption(rows)),
                "charts": pages.chart_blocks_html(
                    rows, found, "compare-public:chart-data", query, labels
                ),
                "csv_url": reverse("compare-public:table", args=["csv"]) + query,
                "xlsx_url": reverse("compare-public:table", args=["xlsx"]) + query,
                "methods": pages.method_notes(),
                "sources": pages.source_lines(ds),
                "scripts": (
                    static("vendor/plotly/plotly-basic.min.js"),
                    static("js/charts.js"),
                )
                if found
                else (),
            }
        )
    return render(request, "compare/public.html", context, status=400 if problems else 200)


def _caption(rows: list[Municipality]) -> str:
    return _("Jämförelse: %(names)s") % {"names": ", ".join(r.name for r in rows)}


def _selection_or_400(request: HttpRequest) -> tuple[Dataset, Selection] | HttpResponse:
    ds = pages.dataset()
    sel, problems, _text = _choice(request, ds)
    if sel is None:
        message = " ".join(problems) or _("Ange 2–4 kommuner i ?kommuner=.")
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return ds, sel


@require_GET
def table_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public table as CSV or Excel."""
    found = _selection_or_400(request)
    if isinstance(found, HttpResponse):
        return found
    ds, sel = found
    rows = pages.selected(ds, sel)
    stamp = timezone.localdate().isoformat()
    table = export_table(
        rows, pages.context(ds, rows, sel, staff=False), caption=_caption(list(rows))
    )
    if fmt == "csv":
        return _download(table_csv(table), fmt, f"jamforelse-{stamp}")
    about = [*pages.method_notes(), *pages.source_lines(ds)]
    return _download(table_xlsx(table, about=about, freeze="C2"), fmt, f"jamforelse-{stamp}")


@require_GET
def chart_download(request: HttpRequest, chart: str, fmt: str) -> HttpResponse:
    """What one chart plots, as CSV or Excel."""
    found = _selection_or_400(request)
    if isinstance(found, HttpResponse):
        return found
    ds, sel = found
    drawn = charts(ds, pages.selected(ds, sel), sel).get(chart)
    if drawn is None:
        raise Http404(_("Diagrammet finns inte."))
    name = f"jamforelse-{drawn.id}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return _download(table_csv(drawn.table), fmt, name)
    return _download(
        table_xlsx(drawn.table, about=chart_about(drawn), with_caption=False), fmt, name
    )
