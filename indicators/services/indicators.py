"""Indicator definitions: the shared ones (programme staff, imports) and a city's own,
whose values its officers record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from cities.models import City
from cities.services import check_fields, content_create, content_delete, content_update
from core.cache import bump_generation
from core.i18n import gettext as _
from indicators.models import Indicator, Observation, Target

Person = User | AnonymousUser


@transaction.atomic
def indicator_upsert(*, key: str, **fields: object) -> Indicator:
    """Create or update a shared indicator definition by its key."""
    indicator, _ = Indicator.objects.update_or_create(key=key, defaults=fields)
    bump_generation()
    return indicator


def indicator_for_city(indicator: Indicator | int, city_id: int, field: str) -> Indicator:
    """``indicator`` (or the one with that id) when the city may use it (a shared one or
    its own, not deleted), else ``ValidationError`` on ``field``."""
    if not isinstance(indicator, Indicator):
        indicator = Indicator.objects.get(pk=indicator)
    if indicator.deleted_at is not None or indicator.city_id not in (None, city_id):
        raise ValidationError({field: _("Indikatorn finns inte för den här kommunen.")})
    return indicator


INDICATOR_FIELDS = ("name", "unit", "direction", "scope", "source", "description", "kolada_id")


def _check_kolada_id(kolada_id: str, city_id: int, exclude_pk: int | None = None) -> str:
    """A Kolada KPI id for a city's own indicator, in capitals; refused when a shared
    indicator or another of the city's own already reads that KPI."""
    kpi = kolada_id.strip().upper()
    if not kpi:
        return ""
    clash = (
        Indicator.objects.alive()
        .filter(kolada_id__iexact=kpi)
        .filter(Q(city__isnull=True) | Q(city_id=city_id))
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    found = clash.first()
    if found is not None:
        raise ValidationError(
            {
                "kolada_id": _("Kolada-nyckeltalet %(kpi)s finns redan som indikatorn %(name)s.")
                % {"kpi": kpi, "name": found.name}
            }
        )
    return kpi


def _indicator_key(city: City, name: str) -> str:
    base = f"{city.code}-{slugify(name)}"[:56] or city.code
    key, n = base, 2
    while Indicator.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def indicator_create(
    *,
    city: City,
    name: str,
    unit: str,
    direction: str,
    scope: str,
    source: str = "",
    description: str = "",
    kolada_id: str = "",
    by: Person | None,
) -> Indicator:
    """Define an indicator of the city's own (a city-specific indicator), whose values the
    city's officers record (by hand, or from a Kolada file when it names ``kolada_id``)."""
    kolada_id = _check_kolada_id(kolada_id, city.pk)
    indicator = Indicator(
        key=_indicator_key(city, name),
        city=city,
        name=name,
        unit=unit,
        direction=direction,
        scope=scope,
        source=source,
        description=description,
        kolada_id=kolada_id,
    )
    return content_create(item=indicator, by=by)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: Person | None, expected_version: int, **fields: Any
) -> bool:
    """Change a city-specific indicator's definition (in place; it has no draft)."""
    check_fields(fields, INDICATOR_FIELDS, "indicator_update")
    if indicator.city_id is None:
        raise ValidationError(_("Gemensamma indikatorer ändras av programkontoret."))
    if "kolada_id" in fields:
        fields["kolada_id"] = _check_kolada_id(
            fields["kolada_id"], indicator.city_id, exclude_pk=indicator.pk
        )
    return content_update(item=indicator, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: Person | None, expected_version: int) -> bool:
    """Delete a city-specific indicator (softly). Refused while values or targets use it,
    so that nothing published ever points at a deleted indicator."""
    if indicator.city_id is None:
        raise ValidationError(_("Gemensamma indikatorer ändras av programkontoret."))
    values = Observation.objects.alive().filter(indicator=indicator).count()
    targets = Target.objects.alive().filter(indicator=indicator, goal__deleted_at=None).count()
    if values or targets:
        raise ValidationError(
            _(
                "Indikatorn används av %(values)s värden och %(targets)s målvärden; "
                "ta bort dem först."
            )
            % {"values": values, "targets": targets}
        )
    return content_delete(item=indicator, by=by, expected_version=expected_version)
