"""Pages of the action portfolios: a city's portfolio analysis, one action, the lessons
library across cities, and downloads of every table as CSV or XLSX."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.dates import describe_partial_date
from actions.models import sector_name
from actions.selectors import action_get
from cities.models import City
from cities.permissions import can_edit, can_publish, can_view_drafts
from cities.selectors import city_get
from core.downloads import CSV_TYPE, XLSX_TYPE, Sheet, xlsx_bytes
from core.stored_pages import stored_response
from dashboards.charts.chart import Table
from dashboards.charts.tables import plain_rows, table_csv
from dashboards.portfolio.filters import FILTERS, Filters
from dashboards.portfolio.lessons import LessonFilters, lessons_page
from dashboards.portfolio.pages import action_effect, portfolio_page


@require_GET
def portfolio(request: HttpRequest, slug: str) -> HttpResponse:
    # A visitor with no cookie (and no filters) gets the public page as stored
    # (``dashboards.stored``), rebuilt when the city's actions or follow-ups change; the
    # city's own people, who see their drafts, get it rendered for them.
    if (stored := stored_response(request, "portfolio", slug)) is not None:
        return stored
    return portfolio_rendered(request, city_get(slug=slug))


def portfolio_rendered(request: HttpRequest, city: City) -> HttpResponse:
    """The portfolio page of ``city`` as ``request``'s visitor may see it, with the filters
    of its query."""
    drafts = can_view_drafts(request.user, city)
    filters = Filters.from_query(request.GET)
    page = portfolio_page(city, drafts=drafts, filters=filters)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "city": city,
            "page": page,
            "filter_options": FILTERS,
            "may_edit": can_edit(request.user, city),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_get(slug=slug)
    item = action_get(city=city, pk=pk, user=request.user)
    own_city = can_view_drafts(request.user, city)
    return render(
        request,
        "portfolio/action.html",
        {
            "city": city,
            "action": item,
            "sector_label": sector_name(item.sector),
            "effect": action_effect(item).span if item.expected_reduction is not None else None,
            "start": describe_partial_date(item.start_date, item.start_precision),
            "end": describe_partial_date(item.end_date, item.end_precision),
            "follow_ups": (follow_ups := list(item.follow_ups.all())),
            "attachments": public_attachments(item, follow_ups),
            "costs": list(item.costs.all()),
            "may_edit": can_edit(request.user, city),
            "may_publish": can_publish(request.user, city),
            "show_editor": own_city,
        },
    )


def public_attachments(action, follow_ups) -> list:
    """The evidence attached to the action and to its follow-ups shown on the page (they
    are already the ones the visitor may see), in one query."""
    from django.db.models import Q

    from cities.models import Attachment

    # Through the content type's natural key: one query, no content type lookup first.
    shown = Q(
        content_type__app_label="actions", content_type__model="action", object_id=action.pk
    ) | Q(
        content_type__app_label="actions",
        content_type__model="followup",
        object_id__in=[f.pk for f in follow_ups],
    )
    return list(Attachment.objects.filter(shown, deleted_at__isnull=True).order_by("uploaded_at"))


@require_GET
def lessons(request: HttpRequest) -> HttpResponse:
    filters = LessonFilters.from_query(request.GET)
    return render(
        request,
        "portfolio/lessons.html",
        {"page": lessons_page(request.user, filters), "filters": filters},
    )


def _xlsx(table: Table, title: str) -> bytes:
    """The table on one sheet named by its slug, under a title, its note at the end."""
    rows = [[title], *plain_rows(table)]
    if table.note:
        rows += [[], [table.note]]
    return xlsx_bytes([Sheet(table.slug[:31], rows, heading_rows=(1, 2))])


@require_GET
def portfolio_table(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    """One table of the portfolio page, with the page's filters, as CSV or XLSX."""
    city = city_get(slug=slug)
    drafts = can_view_drafts(request.user, city)
    page = portfolio_page(city, drafts=drafts, filters=Filters.from_query(request.GET))
    if table not in page.tables:
        raise Http404("Tabellen finns inte.")
    data = page.tables[table]
    stamp = timezone.localdate().isoformat()
    name = f"{city.slug}-{data.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        # For programs: UTF-8, commas between fields, a point before decimals. People who
        # open tables in a spreadsheet get the XLSX download.
        response = HttpResponse(table_csv(data), content_type=CSV_TYPE)
    else:
        title = f"{city.name}: {data.caption}"
        response = HttpResponse(_xlsx(data, title), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
