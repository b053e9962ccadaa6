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
from collections.abc import Iterator

from benchmarks.site import BARE, cold_and_warm, getter, load_demo, served, uncached_queries

ROUNDS = 101
PAGE = "/kommuner/umea/"


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
    from django.test import Client

    load_demo()
    with served():
        get = getter(Client(HTTP_ACCEPT_LANGUAGE="sv"))
        get(BARE)
        cache.clear()
        get(PAGE)  # warm imports, template loaders and the database's own caches
        cold, bare_cold, warm, bare_warm = cold_and_warm(get, PAGE, ROUNDS)
        queries, response = uncached_queries(get, PAGE)
        html = response.content
        total = len(gzip.compress(html, 6))
        assets = re.findall(rb'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"', html)
        for url in sorted(set(assets)):
            total += _brotli_size(_asset_bytes(url.decode()))

    yield "city_page_ratio_uncached", round(cold / bare_cold, 2), "x"
    yield "city_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "city_page_queries", queries, "queries"
    yield "city_page_kb", round(total / 1024, 1), "KB"
    yield "city_page_ms_uncached", round(cold, 2), "ms"
    yield "city_page_ms_cached", round(warm, 2), "ms"
    yield "bare_template_view_ms", round(min(bare_cold, bare_warm), 2), "ms"
