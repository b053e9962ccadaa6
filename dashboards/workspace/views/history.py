"""The history of the city's content: one item's changes (and restoring a version of it)
and every change in the city."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cities import drafts
from cities.history import history_for, snapshot
from cities.models import City
from cities.services import content_restore_version
from core.i18n import gettext as _
from dashboards.editing import button_press
from dashboards.workspace import selectors
from dashboards.workspace.history import HistoryRow, content_state, history_rows
from dashboards.workspace.kinds import BY_MODEL, Kind, describe
from dashboards.workspace.views.access import city_for, item_for, posted_version, rights
from dashboards.workspace.views.attachments import AttachmentForm, attachments_of

HISTORY_PAGE = 50


@login_required
@require_GET
def item_history(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    city = city_for(request, slug)
    query = kind.queryset(city)
    if kind.related:
        query = query.select_related(*kind.related)
    item = get_object_or_404(query, pk=pk)
    rows = history_rows(list(history_for(item).select_related("content_type")))
    may_restore = item.deleted_at is None and kind.may_change(request.user, city, item)
    if may_restore:
        now = content_state(snapshot(item), kind.model)
        for row in rows:
            row.restorable = row.record.action in ("create", "update", "restore", "publish") and (
                content_state(row.record.snapshot, kind.model) != now
            )
    return render(
        request,
        "workspace/item_history.html",
        {
            "city": city,
            "kind": kind,
            "item": item,
            "what": describe(drafts.working_list([item])[0]),
            "rows": rows,
            "attachments": attachments_of(item) if kind.publishable else None,
            "attachment_form": AttachmentForm() if may_restore and kind.publishable else None,
            **rights(request, city),
        },
    )


@login_required
@require_POST
def item_restore_version(
    request: HttpRequest, slug: str, kind: Kind, pk: int, record_pk: int
) -> HttpResponse:
    item = item_for(request, slug, kind, pk, may=kind.may_change)[1]
    record = get_object_or_404(history_for(item).select_related("content_type"), pk=record_pk)
    version = posted_version(request)
    back = reverse("workspace:item-history", args=[slug, kind.segment, pk])
    saving = button_press(
        request,
        lambda: content_restore_version(
            item=item, record=record, by=request.user, expected_version=version
        ),
    )
    if saving.done:
        if saving.result and drafts.uses_drafts(item) and item.is_published:
            messages.success(
                request,
                _("Versionen är återställd som en ändring som väntar på publicering."),
            )
        elif saving.result:
            messages.success(request, _("Versionen är återställd."))
        else:
            messages.info(request, _("Den versionen är redan den aktuella."))
    return redirect(back)


def _history_item_urls(city: City, rows: list[HistoryRow]) -> None:
    for row in rows:
        model = row.record.content_type.model_class()
        kind = BY_MODEL.get(model)  # type: ignore[arg-type]
        if kind is not None:
            row.item_url = reverse(
                "workspace:item-history", args=[city.slug, kind.segment, row.record.object_id]
            )


@login_required
@require_GET
def city_history(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    page = Paginator(selectors.city_changes(city), HISTORY_PAGE).get_page(request.GET.get("sida"))
    rows = history_rows(list(page.object_list))
    _history_item_urls(city, rows)
    return render(
        request,
        "workspace/city_history.html",
        {"city": city, "rows": rows, "page": page, **rights(request, city)},
    )
