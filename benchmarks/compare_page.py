"""The comparison page for programme staff with all 290 municipalities, against a bare
template view (``benchmarks/urls.py``), measured through Django's test client in the
same run, on the demo data (``load_demo_data``: both GGT releases, population and
consumption for every municipality, Umeå's goals and actions):

- ``compare_page_ratio_cold``: median time of ``/programkontoret/jamfor/?urval=alla``
  (a stored page) on the first request after a restart and a cache flush, over the
  median time of the bare view. Goal ≤ 2.
- ``compare_page_ratio_cold_gzip``: the same, both asked as a browser asks
  (``Accept-Encoding: gzip``): the content is then read deflated and spliced, not
  unpacked (``core.stored_pages.stored_content``).
- ``compare_page_render_ratio``: building that page's content from the database (the
  dataset, every query, the table, charts and map; after a restart and a cache flush,
  so nothing it caches per data generation is reused), against a whole bare request.
  Goal ≤ 10.
- ``compare_page_queries``: queries of that build (the same for 23 or 290
  municipalities; pinned in ``tests/compare/test_compare_page.py``).
- ``compare_page_ratio_cached``: later requests.
- ``compare_page_kb``: the HTML a browser downloads, gzip-compressed.
- ``compare_page_ms_gzip_signed_in``: later requests of that page by the signed-in staff
  member with ``Accept-Encoding: gzip``, as a browser sends it (median ms, the answer
  compressed included).
- ``compare_map_build_ms``: building the map's outlines from the GeoJSON (once per
  process; every request after reuses them).
- ``compare_figure_ms_cold``: the sector chart's figure, which that page links rather than
  carries (``diagram/sektorer-sedan-2015.json``), requested after a restart and a cache
  flush (median ms): stored with the page (``dashboards.stored``), so read from its row,
  not built from the dataset (what ``compare_figure_ms_build`` and the dataset cost).
- ``compare_figure_ms_build``: building that figure's JSON from a built dataset (median ms).
- ``compare_public_ratio_warm``: the public comparison of two municipalities
  (``/jamfor/?kommuner=2480,1280``, rendered per request from the dataset the process
  keeps in memory, ``core.cache.kept``), later requests against the bare view.
"""

from __future__ import annotations

import gzip
import statistics
import time
from collections.abc import Callable, Iterator

from benchmarks.site import (
    BARE,
    after_restart_ms,
    cold_stored,
    getter,
    interleaved_ms,
    load_demo,
    restarted,
    served,
    with_a_worker,
)

ROUNDS = 41
PAGE = "/programkontoret/jamfor/?urval=alla"
FIGURE = "/programkontoret/jamfor/diagram/sektorer-sedan-2015.json?urval=alla"
PUBLIC = "/jamfor/?kommuner=2480,1280"


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
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

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
        html = get(PAGE).content  # the stored page built; imports and templates warm
        assert html.count(b'data-kod="') == 290
        cold, bare_cold = cold_stored(get, PAGE, ROUNDS)
        cold_gzip, bare_gzip = cold_stored(
            lambda path: get(path, HTTP_ACCEPT_ENCODING="gzip"), PAGE, ROUNDS
        )
        restarted()
        get(PAGE)
        warm, bare_warm = interleaved_ms(lambda: get(PAGE), lambda: get(BARE), ROUNDS)
        render, bare_render = after_restart_ms(_build, get, 11)
        gzipped = get(PAGE, HTTP_ACCEPT_ENCODING="gzip")
        assert gzipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(gzipped.content).count(b'data-kod="') == 290
        warm_gzip = _median_ms(lambda: get(PAGE, HTTP_ACCEPT_ENCODING="gzip"), ROUNDS)
        restarted()  # the queries of a build from the database, as timed above
        with CaptureQueriesContext(connection) as queries:
            _build()
        query_count = len(queries.captured_queries)  # before a request resets the log
        html = get(PAGE).content
        assert html.count(FIGURE.encode()) == 1  # the page links the figure
        with with_a_worker():  # as the page's cold figures: a worker rebuilds, not the request
            figure_cold = _median_ms(lambda: get(FIGURE), 11, before=restarted)
        figure_build = _median_ms(_build_figure(), 11)
        anonymous = getter(Client(HTTP_ACCEPT_LANGUAGE="sv"))
        anonymous(PUBLIC)
        public, bare_public = interleaved_ms(
            lambda: anonymous(PUBLIC), lambda: anonymous(BARE), ROUNDS
        )

    yield "compare_page_ratio_cold", round(cold / bare_cold, 2), "x"
    yield "compare_page_ratio_cold_gzip", round(cold_gzip / bare_gzip, 2), "x"
    yield "compare_page_render_ratio", round(render / bare_render, 2), "x"
    yield "compare_page_queries", query_count, "queries"
    yield "compare_page_ratio_cached", round(warm / bare_warm, 2), "x"
    yield "compare_page_ms_cold", round(cold, 2), "ms"
    yield "compare_page_ms_render", round(render, 2), "ms"
    yield "compare_page_kb", round(len(gzip.compress(html, 6)) / 1024, 1), "KB"
    yield "compare_page_ms_gzip_signed_in", round(warm_gzip, 2), "ms"
    yield "compare_map_build_ms", round(build_ms, 1), "ms"
    yield "compare_figure_ms_cold", round(figure_cold, 2), "ms"
    yield "compare_figure_ms_build", round(figure_build, 2), "ms"
    yield "compare_public_ratio_warm", round(public / bare_public, 2), "x"


def _median_ms(
    run: Callable[[], object], rounds: int, before: Callable[[], None] = lambda: None
) -> float:
    """Median ms of ``run`` (``before`` each round, not timed)."""
    times = []
    for _ in range(rounds):
        before()
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _build_figure() -> Callable[[], object]:
    """Building the linked sector figure's JSON from a built dataset."""
    from django.utils import timezone

    from dashboards.compare.dataset import build_dataset
    from dashboards.compare.pages import build_figure_json
    from dashboards.compare.sectors import SECTOR_CHART
    from dashboards.compare.selection import ALL, Selection

    ds = build_dataset(today=timezone.localdate())
    return lambda: build_figure_json(Selection(scope=ALL), SECTOR_CHART, ds)


def _build() -> object:
    """The page's content from the database: the dataset and the body (no cache)."""
    from django.utils import timezone

    from dashboards.compare.dataset import build_dataset
    from dashboards.compare.pages import render_body
    from dashboards.compare.selection import ALL, Selection

    return render_body(Selection(scope=ALL), build_dataset(today=timezone.localdate()))
