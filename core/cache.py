"""Generation-keyed caching for pages and chart data.

Services that change data call :func:`bump_generation` for the scope they touched; every
cached read includes the current generation in its key, so a write makes stale entries
unreachable at once without having to know which keys exist.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

T = TypeVar("T")

_GENERATION_KEY = "generation:{scope}"
CACHE_SECONDS = 60 * 60 * 24


def _fresh_generation() -> int:
    # A flushed cache must never hand out a generation number it handed out before
    # (processes may keep copies keyed by it), so a new count starts from the clock.
    return time.time_ns() // 1000


def generation(scope: str = "data") -> int:
    key = _GENERATION_KEY.format(scope=scope)
    value = cache.get(key)
    if value is None:
        cache.add(key, _fresh_generation(), timeout=None)
        value = cache.get(key, 1)
    return int(value)


def bump_generation(scope: str = "data") -> None:
    key = _GENERATION_KEY.format(scope=scope)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _fresh_generation(), timeout=None)


def cached(key: str, compute: Callable[[], T], *, scope: str = "data") -> T:
    """Return the cached value for ``key`` in the current generation, computing it once."""
    # Pages hold translated text, so each language has its own entry.
    full_key = f"{key}:{get_language() or 'sv'}:g{generation(scope)}"
    sentinel = object()
    value = cache.get(full_key, sentinel)
    if value is sentinel:
        value = compute()
        cache.set(full_key, value, timeout=CACHE_SECONDS)
    return value
