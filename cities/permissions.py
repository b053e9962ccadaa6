"""Who may do what, in one place.

Roles are held per city (``Membership``):

- **officer** (handläggare): edits the city's indicator values, actions and follow-ups,
  uploads the city's data files, sees the city's drafts.
- **city administrator** (kommunadministratör): everything an officer may, plus the
  city's goals, targets and city-specific indicators, who is an officer, and what is
  published.

Not tied to a city:

- **programme staff** (Viable Cities; ``user.is_staff``): read everything of every city,
  drafts included; manage shared indicator definitions; run national imports. They do
  not edit a city's content.
- **superuser**: everything.
- **the public** (anonymous): published content only.

Views, forms, the API and QuerySet methods (``visible_to``, ``editable_by``) all ask
these functions; no view carries its own rule.

The models ask these rules too (``cities.models``: the QuerySet methods), so this module
names no model: a city is passed as the object or its id, and a person's memberships
are read through ``user.memberships``.
"""

from __future__ import annotations

from enum import Enum
from typing import Final, Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.translation import gettext_lazy as _

Person = User | AnonymousUser
Need = Literal["officer", "admin"]
#: A city (``cities.models.City``) or its id.
CityRef = models.Model | int

_CACHE_ATTR = "_klimat_roles"


class Role(models.TextChoices):
    """A person's role in one city (``cities.models.Membership``), see the module."""

    OFFICER = "officer", _("Handläggare")
    ADMIN = "admin", _("Kommunadministratör")


class _AllCities(Enum):
    """Marker: a permission that covers every city (superusers, programme staff). An
    enum's one member, so that ``ids is ALL_CITIES`` tells the type checker the rest."""

    ALL_CITIES = "ALL_CITIES"

    def __repr__(self) -> str:
        return "ALL_CITIES"


ALL_CITIES: Final = _AllCities.ALL_CITIES


def roles(user: Person) -> dict[int, str]:
    """The user's role per city id, read once per request (cached on the user object)."""
    if not isinstance(user, User):  # anonymous
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = dict(user.memberships.values_list("city_id", "role"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Person) -> None:
    """Drop the cached roles (after a membership of this user changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_superuser(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_programme_staff(user: Person) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser))


def role_in(user: Person, city: CityRef) -> str | None:
    city_id = city if isinstance(city, int) else city.pk
    return roles(user).get(city_id)


def _meets(role: str | None, needs: Need) -> bool:
    if role is None:
        return False
    return role == Role.ADMIN if needs == "admin" else role in (Role.OFFICER, Role.ADMIN)


def can_view_drafts(user: Person, city: CityRef) -> bool:
    return is_programme_staff(user) or role_in(user, city) is not None


def can_edit(user: Person, city: CityRef, *, needs: Need = "officer") -> bool:
    """May ``user`` change this city's content that needs role ``needs``?

    ``needs="officer"``: indicator values, actions, follow-ups, the city's uploads.
    ``needs="admin"``: goals, targets, city-specific indicators, officers, publishing.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return is_superuser(user) or _meets(role_in(user, city), needs)


def can_publish(user: Person, city: CityRef) -> bool:
    return can_edit(user, city, needs="admin")


def can_invite(user: Person, city: CityRef, role: str) -> bool:
    """May ``user`` give a person ``role`` in ``city``? The city's administrators invite
    anyone; programme staff invite a city's administrators (a city's first one included,
    so that a city can get in at all)."""
    if can_edit(user, city, needs="admin"):
        return True
    return role == Role.ADMIN and is_programme_staff(user)


def can_manage_shared_indicators(user: Person) -> bool:
    return is_programme_staff(user)


def can_run_national_imports(user: Person) -> bool:
    return is_programme_staff(user)


def draft_city_ids(user: Person) -> set[int] | _AllCities:
    """Cities whose drafts ``user`` may read."""
    if is_programme_staff(user):
        return ALL_CITIES
    return set(roles(user))


def editable_city_ids(user: Person, *, needs: Need = "officer") -> set[int] | _AllCities:
    """Cities whose content needing role ``needs`` the user may change."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if is_superuser(user):
        return ALL_CITIES
    return {city_id for city_id, role in roles(user).items() if _meets(role, needs)}


# --- Klimatkontrakt: who follows up which commitments ------------------------------------
#
# - A city's own commitments (party "Kommunen") and the city's follow-up texts: the city's
#   officers and administrators enter them; an officer's entry is a draft until one of the
#   city's administrators publishes it.
# - Viable Cities', the agencies' and the joint commitments (sections 4–7 of a contract) and
#   their follow-up texts: programme staff, who may publish at once. Viable Cities
#   coordinates the joint yearly follow-up ("Viable Cities tar fram underlag för en årlig
#   uppföljning", section 7 of Umeå's contract), so the joint ones are theirs to enter.
# - Contract versions themselves (their sections and commitments) and staff notes:
#   programme staff only. Superusers: everything.


def can_follow_up(user: Person, city: CityRef, party: str) -> bool:
    """May ``user`` enter the follow-up of ``party``'s commitments in ``city``'s contract?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_superuser(user):
        return True
    if party == "city":
        return can_edit(user, city, needs="officer")
    return is_programme_staff(user)


def can_publish_follow_up(user: Person, city: CityRef, party: str) -> bool:
    """May ``user`` publish a follow-up of ``party``'s commitments in ``city``'s contract?"""
    if party == "city":
        return can_publish(user, city)
    return can_follow_up(user, city, party)


def can_manage_contracts(user: Person) -> bool:
    """Create contract versions, their sections and commitments; publish a version."""
    return is_programme_staff(user)


def can_read_staff_notes(user: Person) -> bool:
    return is_programme_staff(user)


def can_write_staff_notes(user: Person) -> bool:
    return is_programme_staff(user)


# --- Data imports (issue 3) ----------------------------------------------------------------


def can_upload_data(user: Person) -> bool:
    """May ``user`` open the import pages at all: programme staff (national imports) and
    anyone who may change some city's indicator values."""
    if is_programme_staff(user):
        return True
    ids = editable_city_ids(user, needs="officer")
    return ids is ALL_CITIES or bool(ids)


def can_import_for(user: Person, city: CityRef | None) -> bool:
    """May ``user`` import a file for ``city`` (only that municipality's rows), or, with
    ``city=None``, a national file covering many municipalities?

    Officers and city administrators import for their own cities; programme staff run
    national imports (and may import for any one city too)."""
    if city is None:
        return can_run_national_imports(user)
    return is_programme_staff(user) or can_edit(user, city, needs="officer")
