"""The site's main menu: which links a person gets, and which one is the current page.

The rules are ``cities.permissions``'; this only asks them, once per page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest

from cities.permissions import can_upload_data, is_programme_staff

register = template.Library()


@dataclass(frozen=True)
class Menu:
    may_upload: bool  # officers, city administrators, programme staff
    staff: bool  # Viable Cities' programme staff: their own pages
    current: str  # the section the page belongs to, for aria-current


# URL namespaces and names → the menu entry they belong to.
_SECTIONS = {
    "uploads": "import",
    "compare": "compare",
    "workspace": "workspace",
    "portfolio:lessons": "lessons",
    "contracts:agencies": "staff",
    "contracts:agency": "staff",
    "contracts:staff-notes": "staff",
    "contracts:follow-up-grid": "staff",
    "api-docs": "api",
    "city:home": "cities",
}


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> Menu:
    request: HttpRequest | None = context.get("request")
    user: User | AnonymousUser = getattr(request, "user", None) or AnonymousUser()
    signed_in = user.is_authenticated
    match = getattr(request, "resolver_match", None)
    current = ""
    if match is not None:
        current = _SECTIONS.get(match.view_name) or _SECTIONS.get(match.namespace, "")
    return Menu(
        may_upload=signed_in and can_upload_data(user),
        staff=signed_in and is_programme_staff(user),
        current=current,
    )
