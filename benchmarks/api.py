"""The open-data API with the demo data loaded (290 municipalities, every GGT release),
measured through Django's test client against a bare template view in the same run:

- ``api_totals_page_ratio_uncached`` / ``_cached``: one page of 1 000 municipal totals
  per year (``/api/v1/emissions/totals/?limit=1000``; the public answer is cached per
  data generation), median time over the bare view's.
- ``api_rows_csv_10000_ms``: 10 000 inventory rows as CSV in one request.
- ``api_targets_ms_uncached`` / ``_cached``: every city's targets with their status.
- ``api_totals_page_queries``: queries of the totals page (fixed, whatever its size).
"""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

from benchmarks.city_page import _interleaved_ms

ROUNDS = 31


def run() -> Iterator[tuple[str, float, str]]:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=StringIO())
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="benchmarks.urls", STORAGES=storages, API_RATE_ANONYMOUS=""
    ):
        client = Client(HTTP_ACCEPT_LANGUAGE="sv")

        def get(path: str):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        totals = "/api/v1/emissions/totals/?limit=1000"
        assert len(get(totals).json()["results"]) == 1000

        def totals_uncached():
            cache.clear()
            return get(totals)

        cold, bare_cold = _interleaved_ms(totals_uncached, lambda: get("/bench/bare/"), ROUNDS)
        warm, bare_warm = _interleaved_ms(lambda: get(totals), lambda: get("/bench/bare/"), ROUNDS)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get(totals)
        # Counted now: every later request clears the connection's log (request_started).
        totals_queries = len(queries.captured_queries)

        rows = "/api/v1/emissions/?limit=10000&format=csv"
        csv_ms, _bare = _interleaved_ms(lambda: get(rows), lambda: get("/bench/bare/"), 5)

        def targets_uncached():
            cache.clear()
            return get("/api/v1/targets/")

        targets_cold, _bare = _interleaved_ms(targets_uncached, lambda: get("/bench/bare/"), 11)
        targets_warm, _bare = _interleaved_ms(
            lambda: get("/api/v1/targets/"), lambda: get("/bench/bare/"), 11
        )

    yield "api_totals_page_ratio_uncached", round(cold / bare_cold, 2), "x"
    yield "api_totals_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "api_totals_page_ms_uncached", round(cold, 2), "ms"
    yield "api_totals_page_queries", totals_queries, "queries"
    yield "api_rows_csv_10000_ms", round(csv_ms, 1), "ms"
    yield "api_targets_ms_uncached", round(targets_cold, 2), "ms"
    yield "api_targets_ms_cached", round(targets_warm, 2), "ms"
