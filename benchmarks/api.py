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

from benchmarks.site import BARE, getter, interleaved_ms, load_demo, served, uncached_queries

ROUNDS = 31


def run() -> Iterator[tuple[str, float, str]]:
    from django.core.cache import cache
    from django.test import Client

    load_demo()
    with served(API_RATE_ANONYMOUS=""):
        get = getter(Client(HTTP_ACCEPT_LANGUAGE="sv"))

        totals = "/api/v1/emissions/totals/?limit=1000"
        assert len(get(totals).json()["results"]) == 1000

        def totals_uncached():
            cache.clear()
            return get(totals)

        cold, bare_cold = interleaved_ms(totals_uncached, lambda: get(BARE), ROUNDS)
        warm, bare_warm = interleaved_ms(lambda: get(totals), lambda: get(BARE), ROUNDS)
        # Counted now: every later request clears the connection's log (request_started).
        totals_queries, _answer = uncached_queries(get, totals)

        rows = "/api/v1/emissions/?limit=10000&format=csv"
        csv_ms, _bare = interleaved_ms(lambda: get(rows), lambda: get(BARE), 5)

        def targets_uncached():
            cache.clear()
            return get("/api/v1/targets/")

        targets_cold, _bare = interleaved_ms(targets_uncached, lambda: get(BARE), 11)
        targets_warm, _bare = interleaved_ms(lambda: get("/api/v1/targets/"), lambda: get(BARE), 11)

    yield "api_totals_page_ratio_uncached", round(cold / bare_cold, 2), "x"
    yield "api_totals_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "api_totals_page_ms_uncached", round(cold, 2), "ms"
    yield "api_totals_page_queries", totals_queries, "queries"
    yield "api_rows_csv_10000_ms", round(csv_ms, 1), "ms"
    yield "api_targets_ms_uncached", round(targets_cold, 2), "ms"
    yield "api_targets_ms_cached", round(targets_warm, 2), "ms"
