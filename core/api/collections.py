"""A read-only collection of open data, the base of the API's lists: declared query
parameters, always paginated, JSON or CSV, each page crediting its sources."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.metadata import BaseMetadata
from rest_framework.pagination import BasePagination
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.pagination import Pagination
from core.api.params import Param, read_params
from core.api.renderers import CSVRenderer
from core.cache import cached


class Collection:
    """A read-only collection of open data (mixed into a DRF ``GenericViewSet``): its
    query parameters (``params``), which narrow the list by their declared ``lookup``,
    always paginated, JSON or CSV, each page crediting the sources of its rows
    (``sources``).

    Subclasses implement ``get_queryset`` (what anyone may read, in order; parameters
    without a lookup read from ``self.query``), and may override ``prepare`` (e.g.
    working copies of drafts) and ``sources``.
    """

    renderer_classes: Sequence[type[BaseRenderer]] = [JSONRenderer, CSVRenderer]
    pagination_class: type[BasePagination] | None = Pagination
    # OPTIONS answers 405: the schema (/api/schema/) describes the API, not a second,
    # hand-shaped description per view.
    metadata_class: str | type[BaseMetadata] | None = None
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

    def filter_queryset(self, queryset: Any) -> Any:
        """The list narrowed by the parameters given, each by its declared ``lookup``
        (anything else, an item or a write, is found by its id alone)."""
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        if self.action != "list":  # type: ignore[attr-defined]
            return queryset
        return queryset.filter(*(param.condition(value) for param, value in self._filters()))

    def filter_rows(self, rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """Computed rows (plain data, not a queryset) narrowed the same way."""
        kept = list(rows)
        for param, value in self._filters():
            kept = [row for row in kept if param.matches(row, value)]
        return kept

    def _filters(self) -> list[tuple[Param, Any]]:
        query = self.query
        return [(p, query[p.name]) for p in self.params if p.lookup and p.name in query]

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
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        items = self.prepare(list(queryset if page is None else page))
        data = self.get_serializer(items, many=True).data  # type: ignore[attr-defined]
        if page is None:  # a list that is paged only on request (HeaderPagination)
            return data, {}
        response = self.paginator.get_paginated_response(data, self.sources(items))  # type: ignore[attr-defined]
        return response.data, {k: response[k] for k in ("X-Total-Count", "Link") if k in response}
