"""The public city page with national data loaded, against a bare template view.

Loads the demo data (290 municipalities, both GGT releases with every year and sector,
the CO2 inventory, carbon budgets, Umeå's goals; and whatever else ``load_demo_data``
loads) into the benchmark's scratch database, then measures through Django's test
client, in this one run:

- ``city_page_ratio_uncached``: median time of Umeå's page with an empty cache, over the
  median time of a bare template view (the site's frame, no data). Goal ≤ 3.
- ``city_page_ratio_cached``: the same with the cache warm. Goal ≤ 1.2.
- ``city_page_queries``: queries of an uncached request. Goal ≤ 10.
- ``city_page_kb``: what a browser downloads on a first visit, compressed: the HTML
  (gzip, as a front proxy sends it) plus every script, stylesheet and icon it loads
  (brotli, as WhiteNoise serves them). Goal ≤ 500.
"""

from __future__ import annotations

import gzip
import re
import statistics
import time
from collections.abc import Callable, Iterator
from io import StringIO

ROUNDS = 101
PAGE = "/kommuner/umea/"


def _interleaved_ms(
    page: Callable[[], object], bare: Callable[[], object], rounds: int = ROUNDS
) -> tuple[float, float]:
    """Median times (ms) of ``page`` and ``bare``, measured alternately so that a busy
    machine slows both alike."""
    page_times, bare_times = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        page()
        page_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare()
        bare_times.append(time.perf_counter() - start)
    return statistics.median(page_times) * 1000, statistics.median(bare_times) * 1000


def _brotli_size(data: bytes) -> int:
    import brotli

    return len(brotli.compress(data))


def _asset_bytes(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = finders.find(url.removeprefix(settings.STATIC_URL).split("?")[0])
    if path is None:
        raise FileNotFoundError(url)
    with open(path, "rb") as fileobj:
        return fileobj.read()


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
    with override_settings(ROOT_URLCONF="benchmarks.urls", STORAGES=storages):
        client = Client(HTTP_ACCEPT_LANGUAGE="sv")

        def get(path: str):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        get("/bench/bare/")
        cache.clear()
        get(PAGE)  # warm imports, template loaders and the database's own caches

        def bare():
            return get("/bench/bare/")

        def uncached():
            cache.clear()
            return get(PAGE)

        cold, bare_cold = _interleaved_ms(uncached, bare)
        get(PAGE)
        warm, bare_warm = _interleaved_ms(lambda: get(PAGE), bare)

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            html = get(PAGE).content
        total = len(gzip.compress(html, 6))
        assets = re.findall(rb'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"', html)
        for url in sorted(set(assets)):
            total += _brotli_size(_asset_bytes(url.decode()))

    yield "city_page_ratio_uncached", round(cold / bare_cold, 2), "x"
    yield "city_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "city_page_queries", len(queries.captured_queries), "queries"
    yield "city_page_kb", round(total / 1024, 1), "KB"
    yield "city_page_ms_uncached", round(cold, 2), "ms"
    yield "city_page_ms_cached", round(warm, 2), "ms"
    yield "bare_template_view_ms", round(min(bare_cold, bare_warm), 2), "ms"
