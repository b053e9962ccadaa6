"""CSV output (flattened, formula-safe) and the API's description: a valid OpenAPI schema
without warnings, and Swagger UI served from our own static files."""

from __future__ import annotations

import re
import subprocess
import sys

from core.api.renderers import csv_cell, write_csv
from tests.api.conftest import csv_rows, send
from tests.conftest import ROOT


def test_cells_that_a_spreadsheet_would_run_are_made_text():
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("+46 90 16 10 00") == "'+46 90 16 10 00"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-1") == "'-1"  # text that looks like a number stays text
    assert csv_cell(-1.5) == -1.5  # a number stays a number
    assert csv_cell(["=1", "b"]) == "'=1; b"


def test_nested_data_is_flattened_to_columns():
    text = write_csv(
        [{"a": 1, "b": {"c": "x", "d": None}, "e": [1, 2], "f": [{"g": 1}], "h": True}],
        ["a", "b.c", "b.d", "e", "f", "h"],
    )
    assert text.splitlines() == ["a,b.c,b.d,e,f,h", '1,x,,1; 2,"[{""g"":1}]",true']


def test_a_value_typed_as_a_formula_is_exported_as_text(client, values, umea_officer):
    client.force_login(umea_officer)
    item = values.draft
    send(client, "patch", f"/api/v1/observations/{item.pk}/", {"version": 1, "note": "=1+2"})
    response = client.get("/api/v1/observations/?year=2024", HTTP_ACCEPT="text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="utfall.csv"'
    (row,) = csv_rows(response)
    assert row["note"] == "'=1+2"


def test_an_empty_csv_still_has_its_header(client, municipalities):
    response = client.get("/api/v1/actions/?format=csv")
    assert response.content.decode().startswith("id,city,city_name,url,title,")
    assert csv_rows(response) == []


def test_a_csv_error_is_csv_too(client, municipalities):
    response = client.get("/api/v1/observations/?format=csv&year=x")
    assert response.status_code == 400
    assert csv_rows(response) == [{"field": "year", "message": "Ange ett årtal, t.ex. 2022."}]


def test_the_schema_is_valid_and_has_no_warnings():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            "/dev/null",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr


def test_the_schema_describes_every_resource_its_filters_and_csv(client, db):
    schema = client.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/observations/",
        "/api/v1/observations/{id}/",
        "/api/v1/observations/{id}/publish/",
        "/api/v1/goals/",
        "/api/v1/targets/",
        "/api/v1/indicators/",
        "/api/v1/emissions/",
        "/api/v1/emissions/totals/",
        "/api/v1/releases/",
        "/api/v1/actions/",
        "/api/v1/action-follow-ups/",
        "/api/v1/contracts/",
        "/api/v1/commitments/",
        "/api/v1/tokens/",
    ):
        assert path in paths, path
    listing = paths["/api/v1/observations/"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"city", "indicator", "year", "year_from", "year_to", "status", "release"} <= names
    assert {"limit", "offset", "format"} <= names
    ok = listing["responses"]["200"]["content"]
    assert ok["text/csv"]["schema"]["type"] == "string"
    assert "Retry-After" in listing["responses"]["429"]["headers"]
    patch = paths["/api/v1/observations/{id}/"]["patch"]
    assert {"400", "403", "404", "409"} <= set(patch["responses"])
    assert schema["components"]["securitySchemes"]["apiKey"]["scheme"] == "bearer"


def test_swagger_ui_loads_nothing_from_a_cdn(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()
    # no inline script or style (the CSP allows neither): the set-up script is a file
    assert "<style" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert re.search(r'<html lang="sv">', html) and 'href="/"' in html
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_an_unknown_api_address_is_a_json_404_and_a_missing_slash_is_forgiven(client, db):
    response = client.get("/api/v1/finns-inte/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Adressen finns inte i API:t."}
    response = client.get("/api/v1/releases?substance=GGT")
    assert response.status_code == 308
    assert response["Location"] == "/api/v1/releases/?substance=GGT"
