"""The API's OpenAPI schema (``/api/schema/``): the project's generator, which documents a
collection's query parameters from the declarations the views read them with, and the
post-processing that documents what every operation shares (CSV bodies, the error
bodies, the rate limit)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from core.api.renderers import CSVRenderer

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv ger CSV (samma som Accept: text/csv); standard är json",
)

ERROR_SCHEMA = {
    "type": "object",
    "description": "Ett fel: `detail` säger vad (på svenska), eller fältnamn → meddelanden.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}


def postprocess_schema(result: dict, generator, request, public) -> dict:
    """Document what every API operation shares: CSV bodies are text, 429 answers (with
    ``Retry-After``) when the rate limit is reached, 400 for malformed parameters, 404
    for unknown items and 415 for a body of a type the operation does not read; and the
    ``Source`` and ``Error`` components they refer to."""
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
        "415": "Innehållstypen stöds inte (JSON, eller formulär där det anges)",
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
            if "requestBody" in operation:
                wanted.append("415")
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
            if method == "patch":
                _version_required(operation, components)
    return result


def _version_required(operation: dict, components: dict) -> None:
    """A change (PATCH) sends only the fields it changes, but always the ``version`` it
    read: the server refuses a change without one, so the schema requires it."""
    content = operation.get("requestBody", {}).get("content", {})
    for media in content.values():
        ref = media.get("schema", {}).get("$ref", "")
        body = components.get(ref.rsplit("/", 1)[-1], {})
        if "version" in body.get("properties", {}):
            required = body.setdefault("required", [])
            if "version" not in required:
                required.append("version")


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
