"""Personal API keys: how an officer's script signs in to the write API.

An officer who is logged in (session) creates a key with ``POST /api/v1/tokens/``; the
answer shows the key once. The script sends it as ``Authorization: Bearer <key>`` and
then acts as that person, with exactly their rights. Keys expire after
``API_TOKEN_DAYS`` days and can be revoked (``DELETE /api/v1/tokens/{id}/``). Only a
SHA-256 hash of each key is stored. A key cannot create further keys: that needs the
person's own login, so a leaked key cannot make itself permanent.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cities.api.auth import KEY_PREFIX, ApiTokenAuthentication, key_hash
from cities.models import ApiToken

#: How much of the key lists show, to tell keys apart.
SHOWN = len(KEY_PREFIX) + 6


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a key for ``user``; returns the stored token and the key itself (which is
    not kept anywhere and must be shown to the person now)."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    days = getattr(settings, "API_TOKEN_DAYS", 365)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        prefix=key[:SHOWN],
        key_hash=key_hash(key),
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> bool:
    """Revoke a key at once; returns False when it already was."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return True


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "En API-nyckel från POST /api/v1/tokens/ (skapas inloggad).",
        }


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
        read_only_fields = fields


class ApiTokenCreateSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=100, help_text="Vad nyckeln är till för, t.ex. ”Importskript”"
    )


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    key = serializers.CharField(help_text="Nyckeln; visas bara nu, spara den säkert")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="Dina API-nycklar"),
    create=extend_schema(
        summary="Skapa en API-nyckel (kräver inloggning med lösenord, inte en nyckel)",
        request=ApiTokenCreateSerializer,
        responses={201: ApiTokenCreatedSerializer, 403: OpenApiResponse(description="Ej inloggad")},
    ),
    destroy=extend_schema(summary="Återkalla en API-nyckel"),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Your own API keys: list them, create one (shown once) and revoke them. A key acts
    as you, with exactly your rights, until it expires (``expires_at``) or is revoked."""

    serializer_class = ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    lookup_value_regex = r"[0-9]{1,10}"

    def get_queryset(self) -> QuerySet[ApiToken]:
        return ApiToken.objects.filter(user=_account(self.request)).order_by("-created_at", "-id")

    def create(self, request: Request, *args, **kwargs) -> Response:
        if not isinstance(request.successful_authenticator, SessionAuthentication):
            raise PermissionDenied(
                _("Nya API-nycklar skapas inloggad med lösenord, inte med en annan nyckel.")
            )
        data = ApiTokenCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        token, key = api_token_create(user=_account(request), name=data.validated_data["name"])
        body = {**ApiTokenSerializer(token).data, "key": key}
        return Response(body, status=status.HTTP_201_CREATED)

    def destroy(self, request: Request, *args, **kwargs) -> Response:
        api_token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _account(request: Request) -> User:
    """The signed-in person (``IsAuthenticated`` let no one else in)."""
    assert isinstance(request.user, User)
    return request.user
