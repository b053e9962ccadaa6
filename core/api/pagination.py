"""The API's pagination: ``limit``/``offset`` with the total count and the sources of the
page's data in the body, and the same count and links in ``X-Total-Count``/``Link``
headers; ``HeaderPagination`` keeps a list's body a plain array (counts in the headers
only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response


def _whole_number(request: Request, name: str, lowest: int, highest: int) -> int | None:
    """``?name=`` as a whole number from ``lowest`` to ``highest``; None when absent;
    else a 400 (the framework would quietly fall back on its default)."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise serializers.ValidationError(
            {
                name: [
                    _("Ange ett heltal från %(low)s till %(high)s.")
                    % {"low": lowest, "high": highest}
                ]
            }
        )
    return int(raw)


def _link_header(links: Mapping[str, str | None]) -> str:
    return ", ".join(f'<{url}>; rel="{rel}"' for rel, url in links.items() if url)


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=``: ``{"count", "next", "previous", "results", "sources"}``.

    JSON pages hold 100 rows unless ``limit`` says otherwise (at most 1 000); a CSV
    holds up to 10 000 rows, so most downloads are one file. ``X-Total-Count`` and
    ``Link`` (rel="next"/"prev") headers say the same for clients that read headers.
    """

    default_limit: int | None = 100
    max_limit = 1000
    csv_limit = 10_000

    def _is_csv(self, request: Request) -> bool:
        renderer = getattr(request, "accepted_renderer", None)
        return getattr(renderer, "format", "") == "csv"

    def get_limit(self, request: Request) -> int | None:
        if self._is_csv(request):
            self.max_limit = self.default_limit = self.csv_limit
        limit = _whole_number(request, self.limit_query_param, 1, 2**31 - 1)
        self.get_offset(request)  # checked even where no limit means the whole list
        if limit is None:
            return self.default_limit
        return min(limit, self.max_limit) if self.max_limit else limit

    def get_offset(self, request: Request) -> int:
        return _whole_number(request, self.offset_query_param, 0, 2**31 - 1) or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            bounds = {"limit": (1, 2**31 - 1), "offset": (0, 2**31 - 1)}.get(parameter["name"])
            if bounds:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": bounds[0],
                    "maximum": bounds[1],
                }
        return parameters

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
