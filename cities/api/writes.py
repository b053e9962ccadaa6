"""Writing content through the API: who may change what (``cities.permissions``, the
same rules as the forms), and how a service's refusal becomes an HTTP answer.

Writing goes through the services, never around them: they stage drafts, lock
optimistically (the request carries the ``version`` it read; a newer one gives 409
Conflict with what changed), record the history and bump the cache. A service's
``ValidationError`` becomes 400 with the messages on the API's field names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from cities.history import StaleEdit, versioned
from cities.models import City
from cities.permissions import can_edit, can_publish

T = TypeVar("T")


def require_edit(request: Request, city: City, *, needs: str = "officer") -> None:
    """403 unless the person may change this city's content needing role ``needs``
    ("officer": values, actions, follow-ups; "admin": goals and targets)."""
    if not can_edit(request.user, city, needs=needs):  # type: ignore[arg-type]
        raise PermissionDenied(
            _("Du har inte behörighet att ändra det här i %(city)s.") % {"city": city.name}
        )


def require_publish(request: Request, city: City) -> None:
    if not can_publish(request.user, city):
        raise PermissionDenied(
            _("Bara kommunadministratörer i %(city)s kan publicera.") % {"city": city.name}
        )


def unknown_city(code: str) -> serializers.ValidationError:
    return serializers.ValidationError({"city": [_("Okänd kommunkod %(code)s.") % {"code": code}]})


def city_from_body(data: Any, field: str = "city") -> City | None:
    """The city a request body names by its code, if it names one that exists (so that
    the permission is checked before anything else is read)."""
    code = data.get(field) if isinstance(data, Mapping) else None
    if not isinstance(code, str) or not code.isdigit() or len(code) != 4:
        return None
    return City.objects.select_related("county").filter(code=code).first()


# --- Writing: services' answers as HTTP -----------------------------------------------------

#: Fields of the history that say how a row is kept, never shown as "what changed".
_BOOKKEEPING = {"pending", "updated_by_id", "published_at", "updated_at", "draft_by_id", "draft_at"}


class StaleChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Fältet som ändrats")
    yours = serializers.JSONField(help_text="Värdet när du läste (din version)")
    current = serializers.JSONField(help_text="Värdet som sparades under tiden")


class ConflictSerializer(serializers.Serializer):
    """409: someone saved a newer version after you read the item; nothing was written."""

    detail = serializers.CharField()
    code = serializers.CharField(help_text="stale")
    version = serializers.IntegerField(help_text="Den nya versionen; läs om och försök igen")
    changed_by = serializers.CharField(help_text="Vem som sparade, om det är känt")
    changes = StaleChangeSerializer(many=True)


def api_name(attname: str, names: Mapping[str, str]) -> str:
    """The API's name of a model field: from ``names``, else without ``_id``."""
    if attname in names:
        return names[attname]
    return attname[:-3] if attname.endswith("_id") else attname


def conflict(exc: StaleEdit, names: Mapping[str, str]) -> Response:
    """409 Conflict: who saved meanwhile, the new version, and each field that changed
    (as the person read it and as it is now)."""
    changes = [
        {"field": api_name(attname, names), "yours": pair[0], "current": pair[1]}
        for attname, pair in exc.changes.items()
        if attname not in _BOOKKEEPING and not attname.startswith("draft")
    ]
    body = {
        "detail": str(exc),
        "code": "stale",
        "version": versioned(exc.current).version,
        "changed_by": exc.by_whom,
        "changes": changes,
    }
    return Response(body, status=status.HTTP_409_CONFLICT)


def invalid(exc: DjangoValidationError, names: Mapping[str, str]) -> serializers.ValidationError:
    """A service's refusal as 400, with the messages on the API's field names."""
    if not hasattr(exc, "error_dict"):
        return serializers.ValidationError({"non_field_errors": exc.messages})
    errors: dict[str, list[str]] = {}
    for attname, messages in exc.message_dict.items():
        name = "non_field_errors" if attname == "__all__" else api_name(attname, names)
        errors.setdefault(name, []).extend(messages)
    return serializers.ValidationError(errors)


def run(service: Callable[..., T], names: Mapping[str, str], **kwargs: Any) -> T | Response:
    """Call a service; its ``StaleEdit`` becomes a 409 answer (returned) and its
    ``ValidationError`` a 400 (raised). Nothing is written in either case: each service
    is one transaction."""
    try:
        return service(**kwargs)
    except StaleEdit as exc:
        return conflict(exc, names)
    except DjangoValidationError as exc:
        raise invalid(exc, names) from None


def check_version(item: Model, version: int, names: Mapping[str, str]) -> Response | None:
    """For services that take no version (publishing actions): refuse with 409 when the
    item changed after the person read it."""
    row = versioned(item)
    if row.version == version:
        return None
    exc = StaleEdit(current=item, changes={}, by_whom=str(row.updated_by or ""))
    return conflict(exc, names)


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Versionen du läste"
    )


def version_from_query(request: Request) -> int:
    """The version a DELETE names (``?version=3``), or 400."""
    raw = request.query_params.get("version", "")
    if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) < 2**31:
        raise serializers.ValidationError(
            {"version": [_("Ange versionen du läste, t.ex. ?version=3.")]}
        )
    return int(raw)


def require_version(data: dict[str, Any]) -> int:
    """The ``version`` of a change (taken out of ``data``), or 400."""
    if "version" not in data:
        raise serializers.ValidationError({"version": [_("Ange versionen du läste.")]})
    return data.pop("version")


VERSION_PARAM = OpenApiParameter(
    "version",
    {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    required=True,
    description="Versionen du läste (optimistisk låsning)",
)

WRITE_ERRORS = {
    400: OpenApiResponse(description="Felaktiga uppgifter; meddelanden per fält (på svenska)"),
    403: OpenApiResponse(description="Inte inloggad, eller saknar behörighet i kommunen"),
    409: OpenApiResponse(
        response=ConflictSerializer,
        description="Någon sparade en nyare version efter att du läste; inget sparades",
    ),
}
DELETE_RESPONSES = {
    204: OpenApiResponse(description="Borttaget"),
    202: OpenApiResponse(description="Borttagningen väntar på publicering; till dess syns det"),
    **WRITE_ERRORS,
}
