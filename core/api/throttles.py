"""The API's rate limits (Django REST framework throttles), read from the settings on
every request so that an environment or a test can change them. Kept apart from the
other API modules (``core.api``) because the framework imports throttle classes while
it is itself being imported. Counted in the cache: Redis when ``REDIS_URL`` is set."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """Requests without a login, per client address: ``API_RATE_ANONYMOUS`` (e.g.
    "120/min"; empty = no limit)."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_RATE_ANONYMOUS", None) or None


class SignedInRateThrottle(UserRateThrottle):
    """Requests of a signed-in person or API key, per person: ``API_RATE_USER``."""

    def get_rate(self) -> str | None:
        return getattr(settings, "API_RATE_USER", None) or None
