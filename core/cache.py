"""Generation-keyed caching for pages and chart data.

Services that change data call :func:`bump_generation` for the scope they touched; every
cached read includes the current generation in its key, so a write makes stale entries
unreachable at once without having to know which keys exist. Once the write commits, the
stored pages built from older data are rebuilt by a task (``core.stored_pages``).

The request path asks the shared cache (Redis in production) for the generation at most
once a second per process: each process keeps the value it read for ``LOCAL_SECONDS``. A
process that bumps the generation knows the new value at once; the others within a
second. What is cached is also keyed by the build of the code (``core.build``): a value
another build computed (of another shape, perhaps) is never read; the stored pages
record their build likewise (``core.stored_pages``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

from core.build import fingerprint
from core.i18n import get_language

T = TypeVar("T")

_GENERATION_KEY = "generation:{scope}"
CACHE_SECONDS = 60 * 60 * 24
LOCAL_SECONDS = 1.0

# scope → (monotonic time read, generation): this process's copy of the shared value.
_local: dict[str, tuple[float, int]] = {}


# slot → (full key, generation, value): what ``kept`` holds in this process's memory.
_kept: dict[str, tuple[str, int, object]] = {}


def forget_local() -> None:
    """Drop this process's copy of every generation and everything ``kept`` holds (tests
    that flush the cache; a restart)."""
    _local.clear()
    _kept.clear()


def _fresh_generation() -> int:
    # A flushed cache must never hand out a generation number it handed out before
    # (processes may keep copies keyed by it), so a new count starts from the clock.
    return time.time_ns() // 1000


def generation(scope: str = "data") -> int:
    """The current data generation of ``scope``, as this process read it at most
    ``LOCAL_SECONDS`` ago."""
    now = time.monotonic()
    known = _local.get(scope)
    if known is not None and now - known[0] < LOCAL_SECONDS:
        return known[1]
    key = _GENERATION_KEY.format(scope=scope)
    value = cache.get(key)
    if value is None:  # after a flush: a new count, unless another process set one first
        fresh = _fresh_generation()
        value = fresh if cache.add(key, fresh, timeout=None) else cache.get(key, 1)
    _local[scope] = (now, int(value))
    return int(value)


def generation_now(scope: str = "data") -> int:
    """The current generation as the shared cache has it now (for the rebuilding task,
    which must not work from a copy a second old)."""
    _local.pop(scope, None)
    return generation(scope)


def bump_generation(scope: str = "data") -> None:
    """Move ``scope``'s generation on; once the surrounding transaction commits, the
    stored pages are rebuilt (by a worker, or in-process when Celery runs eagerly)."""
    _incr(scope)
    if scope == "data" and not _rebuild_asked():
        transaction.on_commit(_after_commit)


def _rebuild_asked() -> bool:
    """Whether the open atomic block asks for the rebuild when it commits already: a
    service that changes many rows bumps the generation for each (publishing 350 values,
    350 times), and one rebuild, one task, follows the commit, not one per row. Only a
    callback of the same block counts (one of a savepoint rolled back is gone from the
    list; one of an enclosing block, as in a test's transaction that never commits, is
    not this service's)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    here = set(connection.savepoint_ids)
    return any(
        callback is _after_commit and savepoints == here
        for savepoints, callback, _robust in connection.run_on_commit
    )


def _incr(scope: str) -> None:
    key = _GENERATION_KEY.format(scope=scope)
    try:
        value = cache.incr(key)
    except ValueError:
        value = _fresh_generation()
        cache.set(key, value, timeout=None)
    _local[scope] = (time.monotonic(), int(value))


def _after_commit() -> None:
    # Moved on once more at commit: a page built between the write and its commit (from
    # the data before the write, with the new number) is older than the data again.
    _incr("data")
    from core.stored_pages import rebuild_soon

    rebuild_soon()


def cached(key: str, compute: Callable[[], T], *, scope: str = "data") -> T:
    """Return the cached value for ``key`` in the current generation, computing it once."""
    # Pages hold translated text, so each language has its own entry; and what code made
    # it: another build's value may be of another shape, or say other things.
    full_key = f"{key}:{get_language() or 'sv'}:g{generation(scope)}:{fingerprint()}"
    sentinel = object()
    value = cache.get(full_key, sentinel)
    if value is sentinel:
        value = compute()
        cache.set(full_key, value, timeout=CACHE_SECONDS)
    return value


def kept(slot: str, key: str, compute: Callable[[], T], *, scope: str = "data") -> T:
    """``cached``, and kept in this process's memory while the generation lasts: for a
    large value many requests read (the comparison's dataset of 290 municipalities, 140 kB
    pickled), which the shared cache would send and unpickle on every one of them (7 ms).
    ``slot`` names what it is, of which a process keeps one per language (``key`` may
    change with the day: yesterday's is dropped, not kept beside today's). The value is
    shared by every request of the process, so it must not be changed: frozen dataclasses
    and tuples."""
    language = get_language() or "sv"
    current = generation(scope)
    here = _kept.get(f"{slot}:{language}")
    if here is not None and here[0] == key and here[1] == current:
        return here[2]  # type: ignore[return-value]
    value = cached(key, compute, scope=scope)
    _kept[f"{slot}:{language}"] = (key, current, value)
    return value
