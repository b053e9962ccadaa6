"""Authentication by personal API key: ``Authorization: Bearer <key>``.

Kept apart from the key's views (``cities.api.tokens``) because Django REST framework
imports its authentication classes while it is itself being imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from cities.models import ApiToken

#: Every key starts with this, so a key pasted somewhere it should not be is easy to spot
#: (secret scanners can look for it).
KEY_PREFIX = "kk_"
#: How often a key's "last used" is written (not on every request).
LAST_USED_EVERY = dt.timedelta(minutes=5)


def key_hash(key: str) -> str:
    """What is stored of a key: its SHA-256, never the key."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` (or ``Token <key>``) with a key from
    ``POST /api/v1/tokens/``. Header-borne, so no CSRF token is needed."""

    keywords = ("bearer", "token")

    def authenticate(self, request: Request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() not in self.keywords:
            return None
        key = parts[1]
        if not key.startswith(KEY_PREFIX):
            return None  # another kind of credential; let other authenticators try
        token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
        now = timezone.now()
        if token is None or not token.is_valid(now) or not token.user.is_active:
            raise AuthenticationFailed(_("API-nyckeln är ogiltig, har gått ut eller återkallats."))
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
