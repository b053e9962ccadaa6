"""The API's rate limits (Django REST framework throttles), read from the settings on
every request so that an environment or a test can change them. Kept apart from the
other API modules (``core.api``) because the framework imports throttle classes while
it is itself being imported.

Counted atomically in the cache (Redis ``INCR`` when ``REDIS_URL`` is set): one counter
per client and fixed window (a minute for "120/min"), created with ``add`` to expire with
its window and raised with ``incr``, so N concurrent requests against a limit L get at
most L successes, whatever the number of web processes. (The framework's own throttle
reads a list of times, appends and writes it back: concurrent requests overwrite each
other's writes and slip through.)"""

from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class AtomicCounting(SimpleRateThrottle):
    """A fixed-window counter, raised atomically: the request is allowed while its
    window's count stays within the rate."""

    window_end: float = 0.0

    def allow_request(self, request: Any, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        limit, duration = self.parse_rate(self.rate)
        assert limit is not None and duration is not None
        now = time.time()
        window = int(now // duration)
        self.window_end = (window + 1) * duration
        counter = f"{key}:{window}"
        # add() creates the counter only if absent; incr() is atomic (Redis INCR).
        self.cache.add(counter, 0, timeout=duration + 1)
        try:
            used = self.cache.incr(counter)
        except ValueError:  # expired between add and incr: a new window's first request
            self.cache.add(counter, 1, timeout=duration + 1)
            used = 1
        return int(used) <= limit

    def wait(self) -> float | None:
        """Seconds until the window ends (at least one)."""
        return max(1.0, math.ceil(self.window_end - time.time()))


class AnonymousRateThrottle(AtomicCounting, AnonRateThrottle):
    """Requests without a login, per client address: ``API_RATE_ANONYMOUS`` (e.g.
    "120/min"; empty = no limit)."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_RATE_ANONYMOUS", None) or None


class SignedInRateThrottle(AtomicCounting, UserRateThrottle):
    """Requests of a signed-in person or API key, per person: ``API_RATE_USER``."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_RATE_USER", None) or None
