"""Deleting an item of any kind (softly) and restoring it from the trash."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cities import drafts
from cities.services import content_undelete
from core.i18n import gettext as _
from dashboards.editing import button_press
from dashboards.workspace import selectors
from dashboards.workspace.kinds import Kind, describe
from dashboards.workspace.views.access import city_for, item_for, next_url, posted_version, rights


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    city, item = item_for(request, slug, kind, pk, may=kind.may_change)
    current = drafts.working_list([item])[0]
    if request.method == "POST":
        version = posted_version(request)
        saving = button_press(
            request, lambda: kind.delete(item=item, by=request.user, expected_version=version)
        )
        if saving.done:
            if drafts.uses_drafts(item) and item.deleted_at is None:
                messages.success(
                    request,
                    _("Borttagningen väntar på publicering; till dess syns det publicerade."),
                )
            else:
                messages.success(request, _("Borttaget. Du kan återställa det från papperskorgen."))
        return redirect(next_url(request, reverse(kind.list_url, args=[slug])))
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "city": city,
            "kind": kind,
            "item": item,
            "what": describe(current),
            "published": drafts.uses_drafts(item) and item.is_published,
            **rights(request, city),
        },
    )


@login_required
@require_POST
def item_undelete(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    item = item_for(request, slug, kind, pk, may=kind.may_change, deleted=True)[1]
    try:
        content_undelete(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workspace:trash", slug)
    if drafts.uses_drafts(item):
        messages.success(request, _("Återställt som utkast; publicera det för att visa det igen."))
    else:
        messages.success(request, _("Återställt."))
    return redirect(next_url(request, reverse(kind.list_url, args=[slug])))


@login_required
@require_GET
def trash(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    rows = selectors.trash_rows(city)
    for row in rows:
        row.may_restore = row.kind.may_change(request.user, city, row.item)
    return render(
        request, "workspace/trash.html", {"city": city, "rows": rows, **rights(request, city)}
    )
