"""The JSON API's plumbing, shared by every app's API modules (no domain code here):

- ``CSVRenderer``: every collection also as CSV (``?format=csv`` or ``Accept: text/csv``),
  nested data flattened to dotted columns, cells that a spreadsheet would run as a
  formula made inert;
- ``Pagination``: ``limit``/``offset`` with the total count and the sources of the page's
  data in the body, and the same count and links in ``X-Total-Count``/``Link`` headers;
  ``HeaderPagination`` keeps a list's body a plain array (counts in the headers only);
- ``Param``: query parameters declared once, read with Swedish messages on bad input
  and described in the OpenAPI schema from the same declaration;
- rate limits read from the settings on every request (so they can be changed per
  test and per environment), and the schema post-processing that documents CSV, the
  error bodies and the rate limit.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.exceptions import Throttled
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.cache import cached
from core.downloads import csv_text, safe_cell

# --- CSV --------------------------------------------------------------------------------

LIST_SEPARATOR = "; "


def csv_columns(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The CSV columns of a serializer's rows: its fields, nested objects as dotted
    columns (``release.publisher``), lists and free-form objects as one column each."""
    if isinstance(serializer, serializers.ListSerializer):
        serializer = serializer.child
    columns = []
    for name, field in serializer.fields.items():
        path = f"{prefix}{name}"
        if isinstance(field, serializers.Serializer):
            columns += csv_columns(field, f"{path}.")
        else:
            columns.append(path)
    return columns


def _lookup(row: Mapping[str, Any], path: str) -> Any:
    value: Any = row
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def csv_cell(value: Any) -> Any:
    """One value as a CSV cell: numbers as they are (decimal point), booleans as
    true/false, empty for null, lists of plain values joined with "; ", anything nested
    deeper as compact JSON, text guarded against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        if all(not isinstance(item, Mapping | list | tuple) for item in value):
            return safe_cell(LIST_SEPARATOR.join("" if i is None else str(i) for i in value))
        return safe_cell(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    if isinstance(value, Mapping):
        return safe_cell(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    return safe_cell(str(value))


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A row's columns when no serializer says which: nested objects as dotted columns."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping) and value:
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str] | None) -> str:
    """RFC 4180 CSV (comma, CRLF, decimal point): a header row, then one row each."""
    rows = list(rows)
    if columns is None:
        columns = list(flatten(rows[0])) if rows else []
    body = ([csv_cell(_lookup(row, column)) for column in columns] for row in rows)
    return csv_text([columns, *body])


class CSVRenderer(BaseRenderer):
    """Collections as CSV: the rows of the page (``results``) or of the plain list.

    The columns come from the view's serializer (``csv_columns``), so a CSV has its
    header even when no row matches. Error answers are CSV too: one row per message.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type=None, renderer_context=None) -> bytes:
        context = renderer_context or {}
        response, view = context.get("response"), context.get("view")
        if response is not None and response.status_code >= 400:
            return write_csv(_error_rows(data), ["field", "message"]).encode()
        if isinstance(data, Mapping) and "results" in data:
            rows = data["results"]
        elif isinstance(data, list):
            rows = data
        else:
            rows = [data]
        columns = None
        if view is not None and hasattr(view, "get_serializer"):
            columns = csv_columns(view.get_serializer())
        if response is not None:
            name = getattr(view, "csv_name", "data")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return write_csv(rows, columns).encode()


def _error_rows(data: Any, field: str = "") -> list[dict[str, str]]:
    if isinstance(data, Mapping):
        return [row for key, value in data.items() for row in _error_rows(value, key)]
    if isinstance(data, list):
        return [row for item in data for row in _error_rows(item, field)]
    return [{"field": field, "message": str(data)}]


# --- Pagination ---------------------------------------------------------------------------


def credit(publisher: str, release: str = "") -> dict[str, str]:
    """A source as the API credits it: ``{"publisher", "release", "credit"}``."""
    text = (
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": publisher, "release": release}
        if release
        else _("Källa: %(publisher)s") % {"publisher": publisher}
    )
    return {"publisher": publisher, "release": release, "credit": text}


def _link_header(links: Mapping[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=``: ``{"count", "next", "previous", "results", "sources"}``.

    JSON pages hold 100 rows unless ``limit`` says otherwise (at most 1 000); a CSV
    holds up to 10 000 rows, so most downloads are one file. ``X-Total-Count`` and
    ``Link`` (rel="next"/"prev") headers say the same for clients that read headers.
    """

    default_limit = 100
    max_limit = 1000
    csv_limit = 10_000

    def _is_csv(self, request: Request) -> bool:
        renderer = getattr(request, "accepted_renderer", None)
        return getattr(renderer, "format", "") == "csv"

    def get_limit(self, request: Request) -> int | None:
        if self._is_csv(request):
            self.max_limit = self.default_limit = self.csv_limit
        return super().get_limit(request)

    def get_paginated_response(self, data: Any, sources: list[dict] | None = None) -> Response:
        body = {
            "count": self.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
            "sources": sources or [],
        }
        return Response(body, headers=self._headers())

    def _headers(self) -> dict[str, str]:
        headers = {"X-Total-Count": str(self.count)}
        link = _link_header({"next": self.get_next_link(), "prev": self.get_previous_link()})
        if link:
            headers["Link"] = link
        return headers

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["count", "next", "previous", "results", "sources"]
        paged["properties"]["sources"] = {
            "type": "array",
            "description": "Källorna till sidans data: utgivare och dataleverans.",
            "items": {"$ref": "#/components/schemas/Source"},
        }
        return paged


class HeaderPagination(Pagination):
    """For a list whose body has always been a plain array (``/cities/``): without
    ``limit``/``offset`` the whole list; with them one page, the body still an array and
    the counts in ``X-Total-Count`` and ``Link``."""

    default_limit = None

    def get_paginated_response(self, data: Any, sources: list[dict] | None = None) -> Response:
        return Response(data, headers=self._headers())

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return schema


# --- Query parameters ---------------------------------------------------------------------

_CODE = re.compile(r"^\d{4}$")
_INT_MAX = 2**31 - 1


@dataclass(frozen=True)
class Param:
    """One query parameter of a collection: how it is read and how it is documented.

    ``kind``: "code" (a 4-digit municipality code; with ``many`` a comma-separated list),
    "year", "int" (an id), "str", "bool" or "choice" (one of ``choices``).
    """

    name: str
    kind: str
    description: str
    choices: tuple[str, ...] = ()
    many: bool = False

    def read(self, raw: str) -> Any:
        """The parameter's value; ``ValueError`` with a Swedish message when malformed."""
        values = [part.strip() for part in raw.split(",")] if self.many else [raw.strip()]
        parsed = [self._one(value) for value in values if value != ""]
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
            lowered = value.lower()
            if lowered not in ("true", "false", "1", "0"):
                raise ValueError(_("Ange true eller false."))
            return lowered in ("true", "1")
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
        types = {"year": OpenApiTypes.INT, "int": OpenApiTypes.INT, "bool": OpenApiTypes.BOOL}
        kind = OpenApiTypes.STR if self.many else types.get(self.kind, OpenApiTypes.STR)
        extra: dict[str, Any] = {}
        if self.kind == "choice" and not self.many:
            extra["enum"] = list(self.choices)
        if self.kind == "code" and not self.many:
            extra["pattern"] = r"^\d{4}$"
        return OpenApiParameter(self.name, kind, description=self.description, **extra)


def read_params(request: Request, params: Iterable[Param]) -> dict[str, Any]:
    """The request's query parameters read by ``params``: absent ones are left out.
    Raises a 400 naming every malformed parameter (Swedish messages)."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for param in params:
        raw = request.query_params.get(param.name)
        if raw is None:
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
)
YEAR = Param("year", "year", "Ett år")
YEAR_FROM = Param("year_from", "year", "Från och med år")
YEAR_TO = Param("year_to", "year", "Till och med år")
FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv ger CSV (samma som Accept: text/csv); standard är json",
)
PUBLISHED_ONLY = Param(
    "published",
    "bool",
    "true: bara det publicerade, som allmänheten ser det (för den som annars också ser "
    "sin kommuns utkast)",
)


def year_filter(values: Mapping[str, Any], field: str = "year") -> dict[str, int]:
    """ORM lookups for ``year``, ``year_from`` and ``year_to``."""
    lookups = {}
    if "year" in values:
        lookups[field] = values["year"]
    if "year_from" in values:
        lookups[f"{field}__gte"] = values["year_from"]
    if "year_to" in values:
        lookups[f"{field}__lte"] = values["year_to"]
    return lookups


# --- OpenAPI post-processing ----------------------------------------------------------------

ERROR_SCHEMA = {
    "type": "object",
    "description": "Ett fel: `detail` säger vad (på svenska), eller fältnamn → meddelanden.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def postprocess_schema(result: dict, generator, request, public) -> dict:
    """Document what every API operation shares: CSV bodies are text, 429 answers (with
    ``Retry-After``) when the rate limit is reached, 400 for malformed parameters and 404
    for unknown items; and the ``Source`` and ``Error`` components they refer to."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    components.setdefault(
        "Source",
        {
            "type": "object",
            "properties": {
                "publisher": {"type": "string"},
                "release": {"type": "string"},
                "credit": {"type": "string"},
            },
            "required": ["publisher", "release", "credit"],
        },
    )
    csv_body = {"schema": {"type": "string", "description": "CSV (RFC 4180, UTF-8)"}}
    errors = {
        "400": "Felaktiga uppgifter; meddelanden per fält (på svenska)",
        "403": "Inloggning eller behörighet saknas",
        "404": "Finns inte",
        "429": "För många förfrågningar; försök igen om Retry-After sekunder.",
    }
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            has_csv = False
            for response in responses.values():
                content = response.get("content", {})
                if "text/csv" in content:
                    content["text/csv"] = csv_body
                    has_csv = True
            wanted = ["429"]
            if operation.get("parameters") or method in ("post", "patch", "put", "delete"):
                wanted.append("400")
            if "{" in path:
                wanted.append("404")
            signed_in_only = {} not in operation.get("security", [{}])
            if method in ("post", "patch", "put", "delete") or signed_in_only:
                wanted.append("403")
            for code in wanted:
                responses.setdefault(code, {"description": errors[code]})
            for code, response in responses.items():
                if code.startswith(("4", "5")) and not response.get("content"):
                    # An error answers in the format asked for (JSON, or CSV for ?format=csv).
                    response["content"] = {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
                        **({"text/csv": csv_body} if has_csv else {}),
                    }
            if "429" in responses:
                responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    return result


# --- Collections ----------------------------------------------------------------------------


class Schema(AutoSchema):
    """The project's OpenAPI generator: a collection's declared query parameters (its
    ``params``) and the ``format`` parameter of CSV-capable lists are documented from the
    same declarations the views read them with."""

    def get_override_parameters(self) -> list:
        parameters = list(super().get_override_parameters())
        view = self.view
        if self.method == "GET" and self._is_list_view():
            parameters += [param.openapi() for param in getattr(view, "params", ())]
            if CSVRenderer in getattr(view, "renderer_classes", ()):
                parameters.append(FORMAT)
        return parameters


class Collection:
    """A read-only collection of open data (mixed into a DRF ``GenericViewSet``): its
    query parameters (``params``), always paginated, JSON or CSV, each page crediting
    the sources of its rows (``sources``).

    Subclasses implement ``get_queryset`` (reading ``self.query``), and may override
    ``prepare`` (e.g. working copies of drafts) and ``sources``.
    """

    renderer_classes = [JSONRenderer, CSVRenderer]
    pagination_class = Pagination
    # OPTIONS answers 405: the schema (/api/schema/) describes the API, not a second,
    # hand-shaped description per view.
    metadata_class = None
    params: tuple[Param, ...] = ()
    csv_name = "data"
    #: Keep the public answer in the cache (for heavy collections whose data changes only
    #: through services that bump the cache generation).
    cache_public = False
    lookup_value_regex = r"[0-9]{1,10}"

    @property
    def query(self) -> dict[str, Any]:
        """The request's query parameters as ``params`` read them (400 when malformed)."""
        if not hasattr(self, "_query"):
            self._query = read_params(self.request, self.params)  # type: ignore[attr-defined]
        return self._query

    def perform_content_negotiation(self, request: Request, force: bool = False):
        # Django REST framework answers an unknown ?format= with 404; it is a bad parameter.
        try:
            return super().perform_content_negotiation(request, force)  # type: ignore[misc]
        except Http404:
            raise serializers.ValidationError(
                {"format": [_("Okänt format; välj json eller csv.")]}
            ) from None

    def prepare(self, items: list) -> list:
        """The rows as the serializer gets them (default: as read)."""
        return items

    def sources(self, items: list) -> list[dict[str, str]]:
        """The sources of the rows (``credit(...)`` each), for the page's ``sources``."""
        return []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.query  # noqa: B018 - malformed parameters answer 400 before any query
        if self.cache_public and not getattr(self, "with_drafts", False):
            # The same for every reader: kept per data generation, address and format.
            renderer = getattr(request, "accepted_renderer", None)
            address = f"{request.build_absolute_uri()}|{getattr(renderer, 'format', '')}"
            key = "api-list:" + hashlib.sha256(address.encode()).hexdigest()
            body, headers = cached(key, self._page)
        else:
            body, headers = self._page()
        return Response(body, headers=headers)

    def _page(self) -> tuple[Any, dict[str, str]]:
        """The answer's body and headers: one page with its sources (or, for a list paged
        only on request, the whole list)."""
        queryset = self.get_queryset()  # type: ignore[attr-defined]
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        items = self.prepare(list(queryset if page is None else page))
        data = self.get_serializer(items, many=True).data  # type: ignore[attr-defined]
        if page is None:  # a list that is paged only on request (HeaderPagination)
            return data, {}
        response = self.paginator.get_paginated_response(data, self.sources(items))  # type: ignore[attr-defined]
        return response.data, {k: response[k] for k in ("X-Total-Count", "Link") if k in response}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Django REST framework's handler, with the rate limit's answer said wholly in the
    active language (the framework's Swedish translation leaves half of it in English)."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else None
        response.data = {
            "detail": _("För många förfrågningar; försök igen om %(seconds)s sekunder.")
            % {"seconds": wait}
            if wait is not None
            else _("För många förfrågningar; försök igen senare.")
        }
    return response


@csrf_exempt  # it changes nothing; an unknown address is 404 whatever the method
def not_found(request, path: str = "") -> HttpResponse:
    """Every address under /api/ that names nothing: a JSON 404, as the API's own 404s are
    (Django's would be an HTML page). An address missing only its final slash is sent on
    with 308, which keeps the method and body (this catch-all would otherwise stop
    Django's APPEND_SLASH)."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "api-not-found":
            query = request.META.get("QUERY_STRING", "")
            location = request.path + "/" + (f"?{query}" if query else "")
            return HttpResponse(status=308, headers={"Location": location})
    return JsonResponse({"detail": _("Adressen finns inte i API:t.")}, status=404)
