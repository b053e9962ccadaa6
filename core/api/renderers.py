"""The API's CSV: every collection also as CSV (``?format=csv`` or ``Accept: text/csv``),
nested data flattened to dotted columns, cells that a spreadsheet would run as a formula
made inert."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from core.downloads import csv_text, safe_cell

LIST_SEPARATOR = "; "


def csv_columns(serializer: serializers.BaseSerializer, prefix: str = "") -> list[str]:
    """The CSV columns of a serializer's rows: its fields, nested objects as dotted
    columns (``release.publisher``), lists and free-form objects as one column each."""
    if isinstance(serializer, serializers.ListSerializer):
        child = serializer.child
        assert isinstance(child, serializers.BaseSerializer)  # a list of rows, not of values
        serializer = child
    columns: list[str] = []
    assert isinstance(serializer, serializers.Serializer)  # rows are objects with fields
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


class Negotiation(DefaultContentNegotiation):
    """The framework's content negotiation, with ``?format=`` read strictly: anything but
    a format the view offers (empty too) is a 400 naming the choices, as the schema says
    (the framework answers an unknown format with a 404, and ignores an empty one)."""

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderers = list(renderers)
        name = self.settings.URL_FORMAT_OVERRIDE
        wanted = request.query_params.get(name) if name else None
        if wanted is not None and not format_suffix:
            offered = [str(renderer.format) for renderer in renderers]
            if wanted not in offered:
                raise serializers.ValidationError(
                    {
                        name: [
                            _("Okänt format; välj bland: %(choices)s.")
                            % {"choices": ", ".join(offered)}
                        ]
                    }
                )
        return super().select_renderer(request, renderers, format_suffix)
