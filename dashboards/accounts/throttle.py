"""Counting failed attempts in the cache, per account and per client address.

A counter starts at the first failure and expires a fixed window later; while it is at
the limit the attempt is refused before any password is checked. The cache is shared by
every web process in production (Redis), so the limit holds across processes. Why not a
package: this is the whole mechanism (django-axes would add tables, middleware and an
authentication backend for the same two counters).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Throttle:
    scope: str
    limit: int
    window: int  # seconds

    def _key(self, value: str) -> str:
        # Hashed so that a user name or address never sits in the cache in clear.
        digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}"

    def blocked(self, value: str) -> bool:
        return bool(value) and cache.get(self._key(value), 0) >= self.limit

    def hit(self, value: str) -> None:
        if not value:
            return
        key = self._key(value)
        cache.add(key, 0, timeout=self.window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=self.window)

    def reset(self, value: str) -> None:
        if value:
            cache.delete(self._key(value))


def login_by_account() -> Throttle:
    return Throttle(
        "login-account",
        settings.LOGIN_FAILURES_PER_ACCOUNT,
        settings.LOGIN_FAILURE_WINDOW_SECONDS,
    )


def login_by_address() -> Throttle:
    return Throttle(
        "login-address",
        settings.LOGIN_FAILURES_PER_ADDRESS,
        settings.LOGIN_FAILURE_WINDOW_SECONDS,
    )


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
