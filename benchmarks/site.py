"""What the page benchmarks share: the demo data in the scratch database, the settings
the pages are served with, a client that insists on 200, and the timings each takes
against the bare template view (``/bench/bare/``: the site's frame, no data)."""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any

#: Plain storages: the benchmarks run without collectstatic's manifest (as the tests do).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BARE = "/bench/bare/"


def load_demo() -> None:
    """The schema and the demo data in the benchmark's scratch database, once per run:
    every page benchmark asks for it, each in a process of its own (``benchmarks.__main__``),
    so a file in the run's scratch folder says it is done."""
    from django.core.management import call_command

    scratch = os.environ.get("KLIMAT_BENCH_SCRATCH")
    if not scratch:  # (a file left in a shared folder would skip the load on a new database)
        raise RuntimeError("run the benchmarks with `make bench`: it makes their scratch folder")
    done = Path(scratch) / "demo-loaded"
    if done.exists():
        return
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=StringIO())
    done.touch()


@contextmanager
def served(**extra: Any) -> Iterator[None]:
    """The settings the pages are measured with (the benchmark's routes, ``STORAGES``);
    on the way out, waits for a rebuilding thread a request started (it renders pages, a
    stored page's frame with its static files, with these settings too)."""
    from django.test.utils import override_settings

    import core.stored_pages

    with override_settings(ROOT_URLCONF="benchmarks.urls", STORAGES=STORAGES, **extra):
        try:
            yield
        finally:
            core.stored_pages.wait_for_rebuild()


def getter(client: Any) -> Callable[..., Any]:
    """``get(path, **headers)`` through ``client``, failing on any answer but 200."""

    def get(path: str, **headers: str) -> Any:
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)
        return response

    return get


def interleaved_ms(
    page: Callable[[], object], bare: Callable[[], object], rounds: int
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


def after_restart_ms(
    run: Callable[[], object], get: Callable[[str], Any], rounds: int
) -> tuple[float, float]:
    """Median ms of ``run`` after a restart and a cache flush each time (not timed: the
    restart is not ``run``'s; nothing of its data cached, not even what a page caches per
    data generation), and of the bare view beside it."""
    runs, bares = [], []
    for _ in range(rounds):
        restarted()
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        get(BARE)
        bares.append(time.perf_counter() - start)
    return statistics.median(runs) * 1000, statistics.median(bares) * 1000


def cold_and_warm(
    get: Callable[[str], Any], path: str, rounds: int
) -> tuple[float, float, float, float]:
    """Median ms of ``path`` with an empty cache and of the bare view beside it, then the
    same with the cache warm: (cold, bare cold, warm, bare warm)."""
    from django.core.cache import cache

    def uncached() -> object:
        cache.clear()
        return get(path)

    cold, bare_cold = interleaved_ms(uncached, lambda: get(BARE), rounds)
    get(path)
    warm, bare_warm = interleaved_ms(lambda: get(path), lambda: get(BARE), rounds)
    return cold, bare_cold, warm, bare_warm


def uncached_queries(get: Callable[[str], Any], path: str) -> tuple[int, Any]:
    """The queries of one request of ``path`` with an empty cache, and its answer."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = get(path)
    return len(queries.captured_queries), response


def restarted() -> None:
    """As after a process restart and a cache flush: the shared cache emptied, and this
    process's copies of the generation and of the stored pages forgotten."""
    from django.core.cache import cache

    import core.cache
    import core.stored_pages

    cache.clear()
    core.cache.forget_local()
    core.stored_pages.forget_local()
    gc.collect()  # a new process starts with no garbage to collect


@contextmanager
def with_a_worker() -> Iterator[None]:
    """Settings as in production, where a worker rebuilds stale pages: the request path
    only asks for a rebuild (here dropped: the benchmarks time requests, not the worker)."""
    from unittest import mock

    import core.stored_pages

    with (
        served(CELERY_TASK_ALWAYS_EAGER=False),
        mock.patch.object(core.stored_pages, "rebuild_soon", lambda: None),
    ):
        yield


def cold_stored(get: Callable[[str], Any], path: str, rounds: int) -> tuple[float, float]:
    """Median ms of the first request for ``path`` after a restart and a cache flush (its
    stored page is in the database), and of the bare view beside it."""
    with with_a_worker():
        return after_restart_ms(lambda: get(path), get, rounds)


def first_load_kb_gzip(get: Callable[..., Any], path: str) -> float:
    """What a browser that accepts only gzip downloads on a first visit of ``path``: the
    HTML as the application serves it (gzipped by its middleware) plus every script and
    stylesheet it loads, as WhiteNoise serves them (its precompressed .gz)."""
    import gzip
    import re

    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip", "the HTML is not served compressed"
    total = len(response.content)
    html = gzip.decompress(response.content)
    assets = re.findall(rb'<(?:script|link)[^>]+(?:src|href)="(/static/[^"]+)"', html)
    for url in sorted(set(assets)):
        found = finders.find(url.decode().removeprefix(settings.STATIC_URL).split("?")[0])
        if found is None:
            raise FileNotFoundError(url)
        with open(found, "rb") as fileobj:
            total += len(gzip.compress(fileobj.read(), 9))  # as WhiteNoise compresses
    return round(total / 1024, 1)
