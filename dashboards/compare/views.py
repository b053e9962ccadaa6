"""Views of the comparison: the page, the table's downloads, the charts' downloads.

Programme staff only (``cities.permissions.is_programme_staff``): an anonymous visitor
is sent to the login page, anyone else signed in gets 403 and nothing of the page.
"""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from cities.permissions import is_programme_staff
from core.downloads import CSV_TYPE, XLSX_TYPE
from core.i18n import gettext as _
from core.stored_pages import accepts_gzip, framed, stored_content
from dashboards.charts.tables import chart_about, table_csv, table_xlsx
from dashboards.compare import pages
from dashboards.compare.dataset import Dataset
from dashboards.compare.export import export_table
from dashboards.compare.sectors import SECTOR_CHART
from dashboards.compare.selection import ALL, CONTRACT, PICKED, CompareForm, Selection
from dashboards.compare.table import name_key
from dashboards.stored import dated

# Where the cached content goes in the rendered frame (see compare/page.html).
BODY_MARKER = b"<!--compare-body-->"


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_programme_staff(request.user):
        raise PermissionDenied(_("Sidan är till för Viable Cities programkontor."))
    return None


#: Where a person's chosen columns are remembered between visits.
COLUMNS_SESSION_KEY = "compare_columns"


def _query(request: HttpRequest) -> QueryDict:
    """The query with the chosen columns: the form's ticked boxes (``kol`` may come once
    per box), remembered in the session; a visit without a choice gets the last one."""
    data = request.GET.copy()
    if "kol" in data:
        chosen = ",".join(v for v in data.getlist("kol") if v)
        data.setlist("kol", [chosen])
        if hasattr(request, "session"):
            request.session[COLUMNS_SESSION_KEY] = chosen
    elif hasattr(request, "session") and request.session.get(COLUMNS_SESSION_KEY):
        data["kol"] = request.session[COLUMNS_SESSION_KEY]
    return data


def _form(request: HttpRequest, ds: Dataset) -> CompareForm:
    return CompareForm(
        _query(request),
        municipalities=[(r.code, r.name) for r in ds.rows],
        counties=ds.counties,
    )


@functools.cache
def _chart_scripts() -> tuple[str, ...]:
    # Resolved once per process, as on the city page.
    return (static("vendor/plotly/plotly-basic.min.js"), static("js/charts.js"))


# The views stored as pages (``dashboards.stored``), by their query string.
STORED_VIEWS = {"": CONTRACT, f"urval={CONTRACT}": CONTRACT, f"urval={ALL}": ALL}


@require_GET
def compare(request: HttpRequest) -> HttpResponse:
    """The comparison page: the form, then the table, charts and map of the selection."""
    if (refused := _staff_only(request)) is not None:
        return refused
    scope = STORED_VIEWS.get(request.GET.urlencode())
    if scope is not None and not _query(request).get("kol"):
        # (a person who chose columns of their own gets them, built for the request)
        # A stored view: its content and the form's choices come with the stored page.
        content = stored_content("compare", dated(scope), gzipped=accepts_gzip(request))
        meta = content.meta
        rendered = pages.RenderedCompare(content.body, meta["count"], meta["has_charts"])
        # The form as the stored view shows it, rendered once when the page was built.
        return _page(request, rendered, mark_safe(meta["form_html"]))
    ds = pages.dataset()
    form = _form(request, ds)
    # An invalid choice shows the contract cities (and the form's messages) until put right.
    selection = form.selection() if form.is_valid() else Selection()
    rendered = pages.compare_page_html(selection, ds)
    names = {r.code: r.name for r in ds.rows}
    picked_text = (
        ", ".join(sorted((names[c] for c in selection.picked), key=name_key))
        if selection.scope == PICKED
        else form.data.get("kommuner", "")
    )
    return _page(request, rendered, pages.form_html(form, selection, ds, picked_text=picked_text))


def _page(request: HttpRequest, rendered: pages.RenderedCompare, form: SafeString) -> HttpResponse:
    response = render(
        request,
        "compare/page.html",
        {
            "form_html": form,
            "rendered": rendered,
            "scripts": _chart_scripts() if rendered.has_charts else (),
        },
        status=200,
    )
    # The frame is rendered per request; the content is stored (or cached) bytes.
    return framed(request, response, BODY_MARKER, rendered.body)


class BadSelection(Exception):
    """The query string of a download names no valid selection."""

    def __init__(self, form: CompareForm) -> None:
        messages = [str(m) for errors in form.errors.values() for m in errors]
        super().__init__(
            _("Urvalet kunde inte användas: %(errors)s") % {"errors": " ".join(messages)}
        )


def _selection(request: HttpRequest) -> tuple[Dataset, Selection]:
    ds = pages.dataset()
    form = _form(request, ds)
    if not form.is_valid():
        raise BadSelection(form)
    return ds, form.selection()


def _staff_selection(request: HttpRequest) -> tuple[Dataset, Selection] | HttpResponse:
    """The dataset and the staff member's selection; or the answer instead: the login
    page for an anonymous visitor, 400 for a selection that cannot be used."""
    if (refused := _staff_only(request)) is not None:
        return refused
    try:
        return _selection(request)
    except BadSelection as error:
        return _refusal(error)


def _refusal(error: BadSelection) -> HttpResponse:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _download(body: bytes | str, fmt: str, name: str) -> HttpResponse:
    content_type = CSV_TYPE if fmt == "csv" else XLSX_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
def table_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the page's table (same selection, filter and order) as CSV or Excel."""
    found = _staff_selection(request)
    if isinstance(found, HttpResponse):
        return found
    ds, selection = found
    rows = pages.selected(ds, selection)
    stamp = timezone.localdate().isoformat()
    caption = _("Jämförelse av kommuner, Klimatkontrakt 2030 – uppföljning, %(date)s") % {
        "date": stamp
    }
    table = export_table(rows, pages.context(ds, rows, selection), caption=caption)
    if fmt == "csv":
        return _download(table_csv(table), fmt, f"jamforelse-{stamp}")
    about = [*pages.method_notes(), *pages.source_lines(ds)]
    # Code and name stay in view while scrolling sideways.
    return _download(table_xlsx(table, about=about, freeze="C2"), fmt, f"jamforelse-{stamp}")


@require_GET
def chart_download(request: HttpRequest, chart: str, fmt: str) -> HttpResponse:
    """Exactly what one chart of the page plots, as CSV or Excel."""
    answer = _staff_selection(request)
    if isinstance(answer, HttpResponse):
        return answer
    found = pages.chart_for(answer[1], chart)
    name = f"jamforelse-{found.id}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        return _download(table_csv(found.table), fmt, name)
    about = chart_about(found)
    return _download(table_xlsx(found.table, about=about, with_caption=False), fmt, name)


#: The stored views that link a figure (``dashboards.stored``), by their query string.
STORED_FIGURES = {f"urval={ALL}": ALL}
FIGURE_MARKER = b"<!--figure-->"


@require_GET
def chart_figure(request: HttpRequest, chart: str) -> HttpResponse:
    """The figure a page of many municipalities links (Plotly JSON), for its script to
    draw; the page itself carries the chart's table, summary and downloads. The stored
    view's figure is stored with it (read like the page, gzipped when it was built);
    another selection's is built for it (cached per data generation)."""
    if (refused := _staff_only(request)) is not None:
        return refused
    scope = STORED_FIGURES.get(request.GET.urlencode())
    if scope is not None and chart == SECTOR_CHART:
        content = stored_content("compare-figure", dated(scope), gzipped=accepts_gzip(request))
        frame = HttpResponse(FIGURE_MARKER, content_type="application/json")
        return framed(request, frame, FIGURE_MARKER, content.body)
    answer = _staff_selection(request)
    if isinstance(answer, HttpResponse):
        return answer
    return HttpResponse(pages.linked_figure_json(answer[1], chart), content_type="application/json")
