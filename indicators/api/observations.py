"""Open data of values (utfall) per city, indicator and year (``/api/v1/observations/``),
and officers' writes of them: officers create and change them (drafts), administrators
publish them. Reading and writing follow ``cities.api.editable``; every write goes
through ``indicators.services.values`` or ``cities.services``."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from cities.api.drafts import BOOKKEEPING, EditableFields
from cities.api.editable import EditableResource, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.models import City
from cities.services import content_publish
from core.api.fields import FiniteFloatField
from core.api.params import CITY, PUBLISHED_ONLY, YEAR, YEAR_FROM, YEAR_TO, Param
from core.api.sources import credit
from indicators.api.indicators import INDICATOR, indicator_for
from indicators.api.releases import RELEASE, ReleaseRefSerializer
from indicators.models import Observation, ObservationStatus
from indicators.services.values import observation_create, observation_delete, observation_update

OBSERVATION_NAMES = {"reference": "source", "release": "source", "indicator_id": "indicator"}


class ObservationSerializer(EditableFields, serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")
    indicator = serializers.CharField(source="indicator.key", help_text="Indikatorns nyckel")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    release = ReleaseRefSerializer(help_text="Dataleveransen värdet kommer från")

    class Meta:
        model = Observation
        fields = [
            "id",
            "city",
            "city_name",
            "indicator",
            "indicator_name",
            "unit",
            "year",
            "value",
            "status",
            "uncertainty_low",
            "uncertainty_high",
            "note",
            "reference",
            "release",
            *BOOKKEEPING,
        ]


class ObservationWriteSerializer(serializers.Serializer):
    """A value as an officer enters it (the same fields as the workspace's form)."""

    year = serializers.IntegerField(min_value=1900, max_value=2100)
    value = FiniteFloatField()
    status = serializers.ChoiceField(choices=ObservationStatus.choices)
    # The API's field is named ``source``; DRF's Field.source (where a field reads from)
    # is another thing, unused on a Serializer, which the stubs do not tell apart.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=500,
        help_text=(
            "Dokumentet eller leveransen värdet kommer från, t.ex. ”Resvaneundersökning "
            "2024” (läses tillbaka som ``reference``; källan är kommunens egna uppgifter)"
        ),
    )
    note = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    uncertainty_low = FiniteFloatField(allow_null=True, required=False)
    uncertainty_high = FiniteFloatField(allow_null=True, required=False)
    confirm_jump = serializers.BooleanField(
        required=False,
        help_text=(
            "true: the value is more than 3× or less than ⅓ of a neighbouring published "
            "year's, and that is right. Without it such a value is refused (400)."
        ),
    )


class ObservationCreateSerializer(ObservationWriteSerializer):
    city = serializers.RegexField(r"^\d{4}$", help_text="Kommunkod, t.ex. 2480")
    indicator = serializers.CharField(max_length=64, help_text="Indikatorns nyckel")


class ObservationUpdateSerializer(VersionSerializer, ObservationWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""


@editable_schema(
    list="Värden (utfall)",
    retrieve="Ett värde",
    create="Nytt värde (handläggare); sparas som utkast",
    update="Ändra ett värde (handläggare); en publicerad ändring väntar på publicering",
    destroy="Ta bort ett värde (handläggare)",
    publish="Publicera ett värde, dess ändring eller borttagning (kommunadministratör)",
)
@extend_schema(tags=["Värden"])
class ObservationViewSet(EditableResource[Observation]):
    """Values (utfall) of indicators per city and year, each with its status (final,
    preliminary, estimate), uncertainty range and the release it came from: one value per
    city, indicator, year and source. A city's own figures are one source ("Kommunens
    egna uppgifter"); `reference` names the document or delivery a value comes from. Anonymous
    readers get published values; a city's people also its drafts (`state`). Emission
    series are at /api/v1/emissions/."""

    serializer_class = ObservationSerializer
    params = (
        CITY,
        INDICATOR,
        YEAR,
        YEAR_FROM,
        YEAR_TO,
        Param(
            "status", "choice", "Status", choices=tuple(ObservationStatus.values), lookup="status"
        ),
        RELEASE,
        PUBLISHED_ONLY,
    )
    csv_name = "utfall"
    # The public answer is kept per data generation, address and format: every change of a
    # value goes through a service (values, imports, the admin) that bumps the generation.
    cache_public = True
    model = Observation
    names = OBSERVATION_NAMES
    create_serializer = ObservationCreateSerializer
    update_serializer = ObservationUpdateSerializer
    create_service = Service(observation_create)
    update_service = Service(observation_update, item="observation")
    delete_service = Service(observation_delete, item="observation")
    publish_service = Service(content_publish)
    deleted_on_publish = "Borttagningen är publicerad; värdet är borta"

    def get_queryset(self):
        user = self.request.user
        query = (
            Observation.objects.visible_to(user)
            if self.with_drafts
            else Observation.objects.published()
        )
        return query.select_related("city", "indicator", "release").order_by(
            "indicator__key", "city__code", "year", "release_id", "id"
        )

    def sources(self, items):
        """Each release once; a city's own figure credited to the city and its document
        (the value's reference)."""
        seen: dict[tuple[str, str], dict[str, str]] = {}
        for item in items:
            who, what = item.release.publisher, item.release.name
            if item.release.is_own:
                who, what = item.city.name, item.reference or what
            seen.setdefault((who, what), credit(who, what))
        return list(seen.values())

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(parent, City)  # ``parent`` names a city
        indicator = indicator_for(parent, data.pop("indicator"))
        return {"city": parent, "indicator": indicator, **_named(data)}

    def update_arguments(self, item: Observation, data: dict[str, Any]) -> dict[str, Any]:
        return _named(data)


def _named(data: dict[str, Any]) -> dict[str, Any]:
    """The service's names for the body's fields: ``source`` is the value's reference."""
    if "source" in data:
        data["reference"] = data.pop("source")
    return data
