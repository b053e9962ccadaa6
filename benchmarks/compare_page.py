"""The comparison page for programme staff with all 290 municipalities, against a bare
template view (``benchmarks/urls.py``), measured through Django's test client in the
same run, on the demo data (``load_demo_data``: both GGT releases, population and
consumption for every municipality, Umeå's goals and actions):

- ``compare_page_ratio``: median time of ``/programkontoret/jamfor/?urval=alla`` with
  an empty cache (the dataset, every query, the table, charts and map built again)
  over the median time of the bare view. Goal ≤ 5.
- ``compare_page_queries``: queries of that uncached request (the same for 23 or 290
  municipalities; pinned in ``tests/compare/test_compare_page.py``).
- ``compare_page_ratio_cached``: the same page with the cache warm.
- ``compare_page_kb``: the HTML a browser downloads, gzip-compressed.
- ``compare_map_build_ms``: building the map's outlines from the GeoJSON (once per
  process; every request after reuses them).
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

from benchmarks.site import BARE, cold_and_warm, getter, load_demo, served, uncached_queries

ROUNDS = 41
PAGE = "/programkontoret/jamfor/?urval=alla"


def _map_build_ms() -> float:
    """Milliseconds to build the map's outlines from the boundary file (once a process)."""
    from django.conf import settings

    from dashboards.compare import geo

    geo._geometry_of.cache_clear()
    started = time.perf_counter()
    geo.municipality_geometry(settings.KLIMAT_DATA_DIR)
    return (time.perf_counter() - started) * 1000


def run() -> Iterator[tuple[str, float, str]]:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    load_demo()
    staff, _created = get_user_model().objects.get_or_create(
        username="bench.programkontoret", defaults={"is_staff": True}
    )
    build_ms = _map_build_ms()
    with served():
        client = Client(HTTP_ACCEPT_LANGUAGE="sv")
        client.force_login(staff)
        get = getter(client)
        get(BARE)
        cache.clear()
        html = get(PAGE).content  # warm imports, templates and the database's own caches
        assert html.count(b'data-kod="') == 290
        cold, bare_cold, warm, bare_warm = cold_and_warm(get, PAGE, ROUNDS)
        queries, response = uncached_queries(get, PAGE)
        html = response.content

    yield "compare_page_ratio", round(cold / bare_cold, 2), "x"
    yield "compare_page_queries", queries, "queries"
    yield "compare_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "compare_page_ms_uncached", round(cold, 2), "ms"
    yield "compare_page_ms_cached", round(warm, 2), "ms"
    yield "compare_page_kb", round(len(gzip.compress(html, 6)) / 1024, 1), "KB"
    yield "compare_map_build_ms", round(build_ms, 1), "ms"
