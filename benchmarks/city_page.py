"""The public city page (Umeå) with national data loaded, against a bare template view.

Loads the demo data (290 municipalities, both GGT releases with every year and sector,
the CO2 inventory, carbon budgets, Umeå's goals; and whatever else ``load_demo_data``
loads) into the benchmark's scratch database, then measures through Django's test
client, in this one run, each ratio against the bare view measured alternately with it:

- ``city_page_ratio_cold``: the first request for the page after a process restart and a
  cache flush (its stored page is in the database). Goal ≤ 2.
- ``city_page_ratio_cached``: later requests (in-memory cache). Goal ≤ 1.2.
- ``city_page_ratio_cached_redis``: the same with Redis as the cache, when ``REDIS_URL``
  is set. Goal ≤ 1.2.
- ``city_page_render_ratio``: building the page's content from the database (what the
  stored page holds), against a whole bare request. Goal ≤ 10.
- ``page_fresh_after_change_s``: from publishing a goal to the public page showing it;
  with a real Celery worker when ``REDIS_URL`` is set (else the rebuild runs in-process
  after the commit, as in the embedded setup). Goal ≤ 5.
- ``city_first_load_kb_gzip``: HTML + scripts + styles as served to a browser that
  accepts only gzip. Goal ≤ 450.
- ``city_page_queries``: queries of building the page.
- ``city_page_ms_render`` and ``bare_template_view_ms_after_restart``: the two times
  ``city_page_render_ratio`` divides (medians).
- ``full_collection_ms``: a full garbage collection of this process once it has served
  the pages (what a request that sets one off waits for): what the process holds for its
  whole life is frozen after its first requests (``core.long_lived``), so it is not walked.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.site import (
    BARE,
    after_restart_ms,
    cold_stored,
    first_load_kb_gzip,
    getter,
    interleaved_ms,
    load_demo,
    restarted,
    served,
)

ROUNDS = 101
PAGE = "/kommuner/umea/"
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ROOT = Path(__file__).resolve().parents[1]


def run() -> Iterator[tuple[str, float | None, str]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dashboards.city.pages import render_city_page

    load_demo()
    redis_url = os.environ.get("REDIS_URL", "")
    with served(CACHES=LOCMEM):
        get = getter(Client())
        get(BARE)
        get(PAGE)  # the stored page built; imports, templates, the database's caches warm
        cold, bare_cold = cold_stored(get, PAGE, ROUNDS)
        restarted()
        get(PAGE)
        cached, bare_cached = interleaved_ms(lambda: get(PAGE), lambda: get(BARE), ROUNDS)

        render, bare_render = after_restart_ms(lambda: render_city_page("umea"), get, 31)
        restarted()
        with CaptureQueriesContext(connection) as queries:
            render_city_page("umea")
        query_count = len(queries.captured_queries)  # before a request resets the log
        kb = first_load_kb_gzip(get, PAGE)
        collection = _full_collection_ms()
        fresh = 0.0 if redis_url else _fresh_after_change_s(get)
    yield "city_page_ratio_cold", round(cold / bare_cold, 2), "x"
    yield "city_page_ratio_cached", round(cached / bare_cached, 2), "x"
    if redis_url:
        yield from _with_redis(redis_url)
    else:
        yield "page_fresh_after_change_s", fresh, "s"
        print("# page_fresh_after_change_s: in-process (no REDIS_URL)", file=sys.stderr)
    yield "city_page_render_ratio", round(render / bare_render, 2), "x"
    yield "city_first_load_kb_gzip", kb, "KB"
    yield "city_page_queries", query_count, "queries"
    yield "full_collection_ms", collection, "ms"
    yield "city_page_ms_cold", round(cold, 2), "ms"
    yield "city_page_ms_cached", round(cached, 2), "ms"
    yield "city_page_ms_render", round(render, 2), "ms"
    yield "bare_template_view_ms_after_restart", round(bare_render, 2), "ms"
    yield "bare_template_view_ms", round(min(bare_cold, bare_cached), 2), "ms"


def _full_collection_ms(rounds: int = 5) -> float:
    """Median ms of a full garbage collection (``gc.collect()``) of this process."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 2)


def _fresh_after_change_s(get, timeout: float = 60.0) -> float:
    """Seconds from publishing a goal of Umeå (committed) to its page showing it."""
    from cities.models import City
    from cities.services import goal_create

    title = f"Benchmarkmål {time.time_ns()}"
    started = time.perf_counter()
    goal_create(city=City.objects.get(code="2480"), title=title, scope="area", is_published=True)
    while title not in get(PAGE).content.decode():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("the page did not show the change")
        time.sleep(0.05)
    return round(time.perf_counter() - started, 2)


def _with_redis(url: str) -> Iterator[tuple[str, float, str]]:
    """The cached page with Redis as the shared cache, and the freshness with a worker."""
    from django.core.cache import cache
    from django.test import Client

    # The settings' own Redis cache and broker: on a Redis database of the benchmark's own
    # (``benchmarks.__main__``), which the worker shares.
    with served(CELERY_TASK_ALWAYS_EAGER=False):
        get = getter(Client())
        restarted()
        get(PAGE)
        cached, bare = interleaved_ms(lambda: get(PAGE), lambda: get(BARE), ROUNDS)
        yield "city_page_ratio_cached_redis", round(cached / bare, 2), "x"
        worker = _start_worker(url)
        try:
            yield "page_fresh_after_change_s", _fresh_after_change_s(get), "s"
        finally:
            worker.terminate()
            worker.wait(30)
            cache.clear()  # the benchmark's own Redis database


def _start_worker(url: str) -> subprocess.Popen:
    """A Celery worker on the benchmark's database and Redis; returns when it answers."""
    from klimat.celery import app

    env = {**os.environ, "REDIS_URL": url}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "klimat", "worker", "-c", "1", "-l", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return worker
    worker.terminate()
    raise TimeoutError("no Celery worker answered")
