"""Open data of the data deliveries (``/api/v1/releases/``) every value comes from, and
how the API credits them."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from core.api.collections import Collection
from core.api.params import Param
from core.api.sources import credit
from indicators.models import EmissionRow, Observation, SourceRelease

RELEASE = Param(
    "release", "int", "Id för en dataleverans (se /api/v1/releases/)", lookup="release_id"
)
SUBSTANCE = Param(
    "substance", "str", "Ämne, t.ex. GGT (växthusgaser), CO2, CH4", lookup="substance__iexact"
)


def release_credits(releases) -> list[dict[str, str]]:
    """The sources of rows from these releases, each once, in the order first met."""
    seen: dict[int, dict[str, str]] = {}
    for release in releases:
        if release is not None and release.pk not in seen:
            seen[release.pk] = credit(release.publisher, release.name)
    return list(seen.values())


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceRelease
        fields = ["id", "source", "name", "publisher", "released_on", "covers_to", "substance"]


@extend_schema(tags=["Källor"])
class ReleaseViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """The data deliveries (dataleveranser) behind the values, newest first: who
    published each (`publisher`), its name, when, and the last year it covers. Every
    value in the API names its release; revised releases are kept beside older ones."""

    serializer_class = ReleaseSerializer
    params = (SUBSTANCE, Param("source", "str", "Källans kod, t.ex. smhi-ned", lookup="source"))
    csv_name = "dataleveranser"

    def get_queryset(self):
        # Only releases that hold something public (an officer's source name is not
        # public until one of its values is published).
        public = (
            Exists(EmissionRow.objects.filter(release=OuterRef("pk")))
            | Exists(Observation.objects.published().filter(release=OuterRef("pk")))
            | Exists(SourceRelease.objects.filter(pk=OuterRef("pk"), carbon_budgets__isnull=False))
        )
        return SourceRelease.objects.filter(public).order_by(
            F("covers_to").desc(nulls_last=True), F("released_on").desc(nulls_last=True), "-id"
        )

    def sources(self, items):
        return release_credits(items)


class ReleaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceRelease
        fields = ["id", "name", "publisher", "released_on"]
