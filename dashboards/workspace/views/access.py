"""The one place each workspace view gets its city and the person's right to act there,
and the small answers every page shares (where to go next, what the person may do)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from cities.models import City
from cities.permissions import can_edit, can_publish, can_view_drafts, role_in
from cities.selectors import city_get
from core.i18n import gettext as _
from dashboards.workspace.kinds import Kind


def city_for(request: HttpRequest, slug: str, *, needs: str | None = None) -> City:
    """The city, if ``request.user`` may read its workspace (``needs=None``) or change
    content needing role ``needs`` ("officer", "admin", or "publish"); else 403."""
    city = city_get(slug=slug)
    user = request.user
    if needs is None:
        allowed = can_view_drafts(user, city)
    elif needs == "publish":
        allowed = can_publish(user, city)
    else:
        allowed = can_edit(user, city, needs=needs)  # type: ignore[arg-type]
    if not allowed:
        raise PermissionDenied(
            _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
        )
    return city


def posted_version(request: HttpRequest) -> int:
    """The version of the item the person saw (every form that changes an item sends it)."""
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise BadRequest(_("Formuläret saknar version; ladda om sidan."))
    return int(raw)


def next_url(request: HttpRequest, default: str) -> str:
    """Where to go after a change: the page the form came from when it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def rights(request: HttpRequest, city: City) -> dict[str, Any]:
    """What the person may do in the city, for every page's buttons and menu."""
    user = request.user
    return {
        "role": role_in(user, city),
        "can_edit_values": can_edit(user, city, needs="officer"),
        "can_admin": can_edit(user, city, needs="admin"),
        "can_publish": can_publish(user, city),
    }


def saved_message(request: HttpRequest, city: City) -> str:
    """What a saved draft's author is told: who publishes it, and when the public sees it."""
    if can_publish(request.user, city):
        return _("Sparat som utkast. Publicera det under Utkast när det är klart.")
    return _(
        "Sparat som utkast. Det syns för allmänheten när en kommunadministratör har publicerat det."
    )


def item_for(
    request: HttpRequest, slug: str, kind: Kind, pk: int, *, may: Any, deleted: bool = False
) -> tuple[City, Any]:
    """The city and one item of it, if the person may read the city's workspace and
    ``may(user, city, item)`` (the kind's rule: ``may_change`` or ``may_publish``, which
    for the contract's follow-up depends on the item's party); 403 otherwise."""
    city = city_for(request, slug)
    item = kind.get(city, pk, deleted=deleted)
    if not may(request.user, city, item):
        raise PermissionDenied(
            _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
        )
    return city, item


def item_action(request: HttpRequest, slug: str, kind: Kind, pk: int, *, needs: str) -> Any:
    may = kind.may_publish if needs == "publish" else kind.may_change
    return item_for(request, slug, kind, pk, may=may)[1]
