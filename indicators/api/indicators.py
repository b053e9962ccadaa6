"""Open data of the indicator definitions (``/api/v1/indicators/``): the shared ones and
each city's own."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from cities.models import City
from core.api.collections import Collection
from core.api.params import Param
from core.i18n import gettext as _
from indicators.models import Indicator

INDICATOR = Param(
    "indicator",
    "str",
    "Indikatorns nyckel, t.ex. population; flera med komma",
    many=True,
    lookup="indicator__key__in",
)


class IndicatorSerializer(serializers.ModelSerializer):
    city = serializers.CharField(
        source="city.code", allow_null=True, default=None, help_text="null: gemensam indikator"
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "name",
            "unit",
            "direction",
            "scope",
            "source",
            "description",
            "kolada_id",
            "emission_substance",
            "emission_sector",
            "city",
        ]


@extend_schema(tags=["Indikatorer"])
class IndicatorViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """Indicator definitions: the shared ones and each city's own (`city`). Indicators
    with `emission_substance` take their values from the emission inventory
    (/api/v1/emissions/); the others from /api/v1/observations/."""

    serializer_class = IndicatorSerializer
    params = (
        Param(
            "city",
            "code",
            "Indikatorer som kommunen kan använda: de gemensamma och kommunens egna",
            lookup=lambda code: Q(city__isnull=True) | Q(city__code=code),
        ),
        Param("key", "str", "Indikatorns nyckel", lookup="key"),
        Param("scope", "choice", "Avgränsning", choices=("area", "organisation"), lookup="scope"),
    )
    csv_name = "indikatorer"

    def get_queryset(self):
        return Indicator.objects.alive().select_related("city").order_by("name", "id")


def indicator_for(city: City, key: str) -> Indicator:
    """The indicator a body names by its key, among those the city may use, or 400."""
    indicator = Indicator.objects.available_to(city).filter(key=key).first()
    if indicator is None:
        raise serializers.ValidationError(
            {"indicator": [_("Indikatorn finns inte för den här kommunen.")]}
        )
    return indicator
