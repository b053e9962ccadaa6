"""Counting failed attempts in the cache: logins per (account, address) and per address,
with a growing delay instead of a lock; password-reset requests per address.

A login's failures are counted per account *and* address, and per address: a stranger
who tries an officer's name from elsewhere slows down only themselves, never the
officer, who can still log in from their own address. From the ``limit``-th failure on,
each failure makes the next attempt wait twice as long as the last (1 s, 2 s, 4 s …, at
most ``max_delay``); while waiting, an attempt is refused (429 with Retry-After)
before any password is checked. Counters expire ``window`` seconds after the first
failure; a successful login clears its (account, address) counter. Back-offs and their
clearing are logged (logger ``klimat.security``).

Counted with the cache's atomic increment (``add`` then ``incr``): Redis in production,
shared by every web process, so concurrent failures are never lost. Why not a package:
this is the whole mechanism (django-axes would add tables, middleware and an
authentication backend for the same counters).
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

log = logging.getLogger("klimat.security")

#: The clock of the back-off (a name of its own, so that a test can move it).
now = time.time


def _digest(value: str) -> str:
    # Hashed so that a user name or address never sits in the cache in clear.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]


def count(key: str, window: int) -> int:
    """Add one to the counter ``key`` (created to expire ``window`` seconds from now)
    atomically; returns the new count."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


@dataclass(frozen=True)
class Throttle:
    """Failures per ``scope`` and value within ``window`` seconds: from the ``limit``-th
    on, with ``max_delay``, a growing wait after each; without, a refusal until the
    window has passed."""

    scope: str
    limit: int
    window: int  # seconds
    max_delay: int = 0  # seconds; 0: no back-off, blocked at the limit until the window ends

    def _key(self, value: str) -> str:
        return f"throttle:{self.scope}:{_digest(value)}"

    def retry_after(self, value: str) -> int:
        """Seconds until ``value`` may try again (0: now)."""
        if not value:
            return 0
        if not self.max_delay:
            return self.window if cache.get(self._key(value), 0) >= self.limit else 0
        until = cache.get(self._key(value) + ":until")
        return max(0, math.ceil(until - now())) if until else 0

    def blocked(self, value: str) -> bool:
        return self.retry_after(value) > 0

    def hit(self, value: str) -> int:
        """Count a failure; returns the delay it starts (seconds, 0 if none)."""
        if not value:
            return 0
        failures = count(self._key(value), self.window)
        if not self.max_delay or failures < self.limit:
            return 0
        delay = min(self.max_delay, 2 ** min(failures - self.limit, 30))
        cache.set(self._key(value) + ":until", now() + delay, timeout=delay)
        return delay

    def failures(self, value: str) -> int:
        return int(cache.get(self._key(value), 0)) if value else 0

    def reset(self, value: str) -> None:
        if value:
            cache.delete_many([self._key(value), self._key(value) + ":until"])


def login_by_account_and_address() -> Throttle:
    return Throttle(
        "login-account-address",
        settings.LOGIN_FAILURES_PER_ACCOUNT,
        settings.LOGIN_FAILURE_WINDOW_SECONDS,
        settings.LOGIN_BACKOFF_MAX_SECONDS,
    )


def login_by_address() -> Throttle:
    return Throttle(
        "login-address",
        settings.LOGIN_FAILURES_PER_ADDRESS,
        settings.LOGIN_FAILURE_WINDOW_SECONDS,
        settings.LOGIN_BACKOFF_MAX_SECONDS,
    )


def pair(username: str, address: str) -> str:
    """The (account, address) a login's failures are counted for."""
    return f"{username.strip().lower()}\n{address}" if username and address else ""


def login_wait(username: str, address: str) -> int:
    """Seconds this login attempt must wait (0: it may be checked now)."""
    return max(
        login_by_account_and_address().retry_after(pair(username, address)),
        login_by_address().retry_after(address),
    )


def login_failed(username: str, address: str) -> None:
    """Count a failed login; log the back-off it starts."""
    by_pair = login_by_account_and_address().hit(pair(username, address))
    by_address = login_by_address().hit(address)
    if by_pair:
        log.warning(
            "login back-off: account %r from %s waits %s s after repeated failures",
            username,
            address,
            by_pair,
        )
    if by_address:
        log.warning("login back-off: address %s waits %s s after failures", address, by_address)


def login_succeeded(username: str, address: str) -> None:
    """Clear the (account, address) failures; log it when a back-off had begun."""
    throttle = login_by_account_and_address()
    key = pair(username, address)
    if throttle.failures(key) >= throttle.limit:
        log.warning("login back-off cleared: account %r logged in from %s", username, address)
    throttle.reset(key)


def reset_by_address() -> Throttle:
    """Password-reset requests per address: every request counts (each sends mail)."""
    return Throttle("reset-address", 10, 60 * 60)


def client_address(request: HttpRequest | None) -> str:
    """The client's address: the peer's, or, behind our own TLS proxy (which is trusted to
    set it), the last address that proxy appended to X-Forwarded-For."""
    if request is None:
        return ""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
