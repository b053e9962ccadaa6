"""Query parameters declared once: read with Swedish messages on bad input, described in
the OpenAPI schema and, by their ``lookup``, filtering a collection's list, all from the
same declaration; the parameters many collections share (municipality, years, the public
view)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.request import Request

_CODE = re.compile(r"^\d{4}$")
_INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class Param:
    """One query parameter of a collection: how it is read, how it is documented and
    what it filters.

    ``kind``: "code" (a 4-digit municipality code; with ``many`` a comma-separated list),
    "year", "int" (an id), "str", "bool" or "choice" (one of ``choices``).
    ``lookup``: how the parameter narrows a list: an ORM lookup the value is given to
    (``city__code__in``), or a function of the value giving a ``Q``; empty when the
    collection reads the parameter itself (e.g. ``published``).
    """

    name: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()
    many: bool = False
    lookup: str | Callable[[Any], Q] = ""

    @property
    def takes_empty(self) -> bool:
        """Is an empty value allowed (and ignored)? For text, not numbers or booleans."""
        return self.many or self.kind not in ("year", "int", "bool")

    def filtering(self, lookup: str | Callable[[Any], Q]) -> Param:
        """The same parameter narrowing a list by another lookup (a shared parameter,
        e.g. ``CITY``, in a collection whose rows reach the city another way)."""
        return replace(self, lookup=lookup)

    def condition(self, value: Any) -> Q:
        """The parameter's condition on a queryset, for ``value`` as read."""
        if callable(self.lookup):
            return self.lookup(value)
        return Q(**{self.lookup: value})

    def matches(self, row: Mapping[str, Any], value: Any) -> bool:
        """Does a computed row (plain data, not a queryset) meet the condition? The
        lookup's parts name nested keys (``indicator__key``); a final ``in``, a list."""
        if callable(self.lookup):
            raise TypeError(f"{self.name}: a Q cannot filter plain rows")
        *path, last = self.lookup.split("__")
        if last != "in":
            path.append(last)
        found: Any = row
        for key in path:
            found = found[key]
        return found in value if last == "in" else found == value

    def read(self, raw: str) -> Any:
        """The parameter's value; ``ValueError`` with a Swedish message when malformed."""
        values = raw.split(",") if self.many else [raw]
        if self.many and "" in values:  # "a,,b" or a trailing comma: as the schema says
            raise ValueError(_("Ange värden åtskilda med komma, utan tomma."))
        parsed = [self._one(value) for value in values]
        if not parsed:
            raise ValueError(_("Ange ett värde."))
        return parsed if self.many else parsed[0]

    def _one(self, value: str) -> Any:
        if "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise ValueError(_("Otillåtna tecken."))
        if self.kind == "code":
            if not _CODE.match(value):
                raise ValueError(_("Ange en kommunkod med fyra siffror, t.ex. 2480."))
            return value
        if self.kind in ("year", "int"):
            if not value.isascii() or not value.isdigit():
                message = _("Ange ett årtal, t.ex. 2022.") if self.kind == "year" else None
                raise ValueError(message or _("Ange ett heltal, t.ex. 12."))
            number = int(value)
            if self.kind == "year" and not 1900 <= number <= 2100:
                raise ValueError(_("Ange ett årtal mellan 1900 och 2100."))
            if number > _INT_MAX:
                raise ValueError(_("Talet är för stort."))
            return number
        if self.kind == "bool":
            if value not in ("true", "false"):
                raise ValueError(_("Ange true eller false."))
            return value == "true"
        if self.kind == "choice":
            if value not in self.choices:
                raise ValueError(
                    _("Okänt värde; välj bland: %(choices)s.")
                    % {"choices": ", ".join(self.choices)}
                )
            return value
        if len(value) > 200:
            raise ValueError(_("Värdet är för långt (högst 200 tecken)."))
        return value

    def openapi(self) -> OpenApiParameter:
        """The parameter in the OpenAPI schema, saying exactly what ``read`` accepts (an
        empty value is accepted too: it is ignored)."""
        return OpenApiParameter(self.name, self.json_schema(), description=self.description)

    def json_schema(self) -> dict[str, Any]:
        if self.many:
            one = r"\d{4}" if self.kind == "code" else r"[^,\x00]+"
            return {"type": "string", "pattern": rf"^({one}(,{one})*)?$"}
        if self.kind == "year":
            return {"type": "integer", "minimum": 1900, "maximum": 2100}
        if self.kind == "int":
            return {"type": "integer", "minimum": 0, "maximum": _INT_MAX}
        if self.kind == "bool":
            return {"type": "boolean"}
        if self.kind == "choice":
            return {"type": "string", "enum": [*self.choices, ""]}
        if self.kind == "code":
            return {"type": "string", "pattern": r"^(\d{4})?$"}
        return {"type": "string", "maxLength": 200, "pattern": r"^[^\x00]*$"}


def read_params(request: Request, params: Iterable[Param]) -> dict[str, Any]:
    """The request's query parameters read by ``params``: absent ones are left out, and
    so are empty text ones (``?city=``, as a form sends an unfilled field; the schema
    allows them); an empty number or boolean is malformed, as the schema says. Raises a
    400 naming every malformed parameter (Swedish messages)."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for param in params:
        raw = request.query_params.get(param.name)
        if raw is None or (raw == "" and param.takes_empty):
            continue
        try:
            values[param.name] = param.read(raw)
        except ValueError as exc:
            errors[param.name] = [str(exc)]
    if errors:
        raise serializers.ValidationError(errors)
    return values


CITY = Param(
    "city",
    "code",
    "Kommunkod (t.ex. 2480 för Umeå); flera med komma: 2480,1280",
    many=True,
    lookup="city__code__in",
)
YEAR = Param("year", "year", "Ett år", lookup="year")
YEAR_FROM = Param("year_from", "year", "Från och med år", lookup="year__gte")
YEAR_TO = Param("year_to", "year", "Till och med år", lookup="year__lte")
PUBLISHED_ONLY = Param(
    "published",
    "bool",
    "true: bara det publicerade, som allmänheten ser det (för den som annars också ser "
    "sin kommuns utkast)",
)
