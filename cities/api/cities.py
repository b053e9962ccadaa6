"""Read-only JSON API for municipalities."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets

from cities.models import City
from cities.selectors import city_get, city_list
from core.api.collections import Collection
from core.api.pagination import HeaderPagination
from core.api.params import Param


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    """An absolute link (Django's reverse: a CSV's ``?format=csv`` is not carried over)."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class CitySerializer(serializers.ModelSerializer):
    county_code = serializers.CharField(source="county_id", read_only=True)
    county_name = serializers.CharField(source="county.name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = City
        fields = ["code", "name", "slug", "county_code", "county_name", "is_contract_city", "url"]

    def get_url(self, city: City) -> str:
        return _absolute(self, reverse("api-city-detail", kwargs={"code": city.code}))


class CityDetailSerializer(CitySerializer):
    page = serializers.SerializerMethodField()
    emissions = serializers.SerializerMethodField()

    class Meta(CitySerializer.Meta):
        fields = [*CitySerializer.Meta.fields, "page", "emissions"]

    def get_page(self, city: City) -> str:
        request = self.context.get("request")
        path = city.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def get_emissions(self, city: City) -> str:
        return _absolute(self, reverse("api-city-emissions", kwargs={"code": city.code}))


@extend_schema(tags=["Kommuner"])
class CityViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """Sweden's 290 municipalities (names and codes: SCB); `?contract=true` lists only
    the 23 contract cities. The answer is the whole list as an array; with `limit` and
    `offset` one page of it, the total in the `X-Total-Count` header."""

    serializer_class = CitySerializer
    lookup_field = "code"
    lookup_value_regex = r"\d{4}"
    pagination_class = HeaderPagination
    params = (
        Param(
            "contract",
            "bool",
            "true: bara de 23 klimatkontraktsstäderna",
            # false lists every municipality, as no parameter does.
            lookup=lambda wanted: Q(is_contract_city=True) if wanted else Q(),
        ),
        Param("county", "str", "Länskod med två siffror, t.ex. 24", lookup="county_id"),
    )
    csv_name = "kommuner"

    def get_queryset(self):
        return city_list()

    def get_object(self) -> City:
        return city_get(code=self.kwargs["code"])

    def get_serializer_class(self):
        return CityDetailSerializer if self.action == "retrieve" else CitySerializer
