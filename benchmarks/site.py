"""What the page benchmarks share: the demo data in the scratch database, the settings
the pages are served with, a client that insists on 200, and the timings each takes
against the bare template view (``/bench/bare/``: the site's frame, no data)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from io import StringIO
from typing import Any

#: Plain storages: the benchmarks run without collectstatic's manifest (as the tests do).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BARE = "/bench/bare/"


def load_demo() -> None:
    """The schema and the demo data in the benchmark's scratch database."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=StringIO())


def served(**extra: Any) -> Any:
    """The settings the pages are measured with (the benchmark's routes, ``STORAGES``)."""
    from django.test.utils import override_settings

    return override_settings(ROOT_URLCONF="benchmarks.urls", STORAGES=STORAGES, **extra)


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
