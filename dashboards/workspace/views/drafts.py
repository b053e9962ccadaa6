"""Drafts and publishing: what waits for publishing, publishing many at once, and
publishing, withdrawing or discarding the change of one item of any kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cities import drafts
from cities.forms import NamedErrorsMixin
from cities.permissions import can_publish
from cities.services import (
    content_discard,
    content_publish,
    content_publish_many,
    content_send_back,
    content_unpublish,
)
from core.i18n import gettext as _
from dashboards.editing import button_press, put_errors
from dashboards.workspace import selectors
from dashboards.workspace.history import change_entries, related_names
from dashboards.workspace.kinds import KINDS, Kind, describe
from dashboards.workspace.views.access import (
    city_for,
    item_action,
    item_for,
    next_url,
    posted_version,
    rights,
)


@login_required
@require_GET
def drafts_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    rows = selectors.pending_rows(city)
    names = related_names([(type(row.item), row.pending) for row in rows])
    for row in rows:
        row.changes = change_entries(type(row.item), row.pending, names)
        row.may_publish = row.kind.may_publish(request.user, city, row.item)
        row.edit_url = row.kind.edit_link(city, row.current)
    return render(
        request,
        "workspace/drafts.html",
        {
            "city": city,
            "rows": rows,
            **rights(request, city),
            # The bulk form is the city administrator's (rows say who may publish what).
            "can_publish": can_publish(request.user, city) and any(row.may_publish for row in rows),
        },
    )


@login_required
@require_POST
def publish_many(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the ticked items (``segment:id:version`` each) in one transaction."""
    city = city_for(request, slug, needs="publish")
    wanted: dict[Kind, dict[int, int]] = {}
    for value in request.POST.getlist("items"):
        parts = value.split(":")
        if len(parts) != 3 or parts[0] not in KINDS or not (parts[1] + parts[2]).isdigit():
            return HttpResponseBadRequest(_("Okänt val i listan."))
        wanted.setdefault(KINDS[parts[0]], {})[int(parts[1])] = int(parts[2])
    back = reverse("workspace:drafts", args=[slug])
    if not wanted:
        messages.error(request, _("Välj minst ett utkast att publicera."))
        return redirect(back)
    items: list[tuple[Any, int]] = []
    for kind, versions in wanted.items():
        if not kind.publishable:
            return HttpResponseBadRequest(_("Okänt val i listan."))
        query = kind.queryset(city).alive()
        if kind.related:
            query = query.select_related(*kind.related)
        found = query.in_bulk(list(versions))
        if len(found) != len(versions):
            messages.error(request, _("Något av det du valde finns inte längre; ladda om sidan."))
            return redirect(back)
        if not all(kind.may_publish(request.user, city, item) for item in found.values()):
            raise PermissionDenied(_("Du får inte publicera allt du valde."))
        items.extend((found[pk], versions[pk]) for pk in sorted(versions))
    saving = button_press(
        request,
        lambda: content_publish_many(items=items, by=request.user),
        stale=_("%(error)s Inget publicerades; kontrollera listan och försök igen."),
        invalid=_("Inget publicerades: %(why)s"),
    )
    if saving.done:
        messages.success(request, _("%(count)s publicerade.") % {"count": saving.result})
    return redirect(back)


#: The buttons on one item: who may press it ("publish" or "change"), the service it
#: calls with the version the person saw, what is said when it was done (from the
#: service's answer; "" for nothing), and how a rule's refusal is worded.
BUTTONS: dict[str, tuple[str, Callable[..., Any], Callable[[Any], str], str]] = {
    "publish": (
        "publish",
        content_publish,
        lambda done: _("Publicerat.") if done else _("Inget väntade på publicering."),
        gettext_noop("Kunde inte publiceras: %(why)s"),
    ),
    "unpublish": (
        "publish",
        content_unpublish,
        lambda _result: _("Avpublicerat; det är nu ett utkast igen."),
        "%(why)s",
    ),
    "discard": (
        "change",
        content_discard,
        lambda done: _("Ändringen är borttagen; det publicerade gäller.") if done else "",
        "%(why)s",
    ),
}


@login_required
@require_POST
def item_button(request: HttpRequest, slug: str, kind: Kind, pk: int, button: str) -> HttpResponse:
    """A button on one item of any kind (``BUTTONS``): the person's right to it first,
    then the service with the version they saw; back to where the button was."""
    needs, service, said, invalid = BUTTONS[button]
    if button == "discard" and not kind.publishable:  # content without drafts has none
        raise PermissionDenied
    item = item_action(request, slug, kind, pk, needs=needs)
    version = posted_version(request)
    saving = button_press(
        request,
        lambda: service(item=item, by=request.user, expected_version=version),
        invalid=_(invalid),
    )
    if saving.done and (message := said(saving.result)):
        messages.success(request, message)
    return redirect(next_url(request, reverse(kind.list_url, args=[slug])))


class SendBackForm(NamedErrorsMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Kommentar"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Vad behöver ändras? Den som skrev utkastet ser kommentaren."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_send_back(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    """Send a draft back to its author with a comment (those who may publish it)."""
    if not kind.publishable:
        raise PermissionDenied
    city, item = item_for(request, slug, kind, pk, may=kind.may_publish)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content_send_back(item=item, comment=form.cleaned_data["comment"], by=request.user)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Utkastet skickades tillbaka med din kommentar; den syns i historiken och på "
                    "kommunens startsida."
                ),
            )
            return redirect("workspace:drafts", slug)
    current = drafts.working(item)
    author = item.draft_by or item.updated_by
    return render(
        request,
        "workspace/send_back.html",
        {
            "city": city,
            "kind": kind,
            "item": item,
            "what": describe(current),
            "author": author,
            "form": form,
            **rights(request, city),
        },
    )
