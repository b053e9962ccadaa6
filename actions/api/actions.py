"""Open data of the cities' actions (åtgärder, ``/api/v1/actions/``) with their costs and
latest follow-up, and officers' writes of them: officers create and change them,
administrators publish them (``actions.services``). Reading and writing follow
``cities.api.editable``, with the same rules as the forms (``cities.permissions``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from actions import services
from actions.api.city import ActionSerializer
from actions.api.follow_ups import visible_follow_ups
from actions.dates import HINT, parse_partial_date, partial_end
from actions.models import (
    SECTOR_CHOICES,
    Action,
    ActionCost,
    ActionStage,
    ActionStatus,
    CoBenefit,
    FundingStatus,
    Lever,
)
from cities.api.credits import city_credits
from cities.api.drafts import BOOKKEEPING, EditableFields
from cities.api.editable import EditableResource, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.models import City, Goal
from core.api.fields import FiniteFloatField
from core.api.params import CITY, PUBLISHED_ONLY, Param
from indicators.models import Indicator

#: Model fields → the API's names, for messages and conflicts.
ACTION_NAMES = {
    "start_date": "start",
    "start_precision": "start",
    "end_date": "end",
    "end_precision": "end",
    "expected_reduction_low": "expected_reduction",
    "expected_reduction_high": "expected_reduction",
    "effect_from_year": "expected_reduction",
    "year": "costs",
    "investment_sek": "costs",
    "operating_sek": "costs",
}


class ActionRowSerializer(EditableFields, ActionSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")

    class Meta(ActionSerializer.Meta):
        fields = [
            "id",
            "city",
            "city_name",
            *[f for f in ActionSerializer.Meta.fields if f not in ("id", "published_at")],
            # updated_at is among the action's own fields.
            *[f for f in BOOKKEEPING if f != "updated_at"],
        ]


class ReductionSerializer(serializers.Serializer):
    """The expected effect: t CO2e a year from ``from_year`` on, with an optional range."""

    central = FiniteFloatField(min_value=0, max_value=1e12)
    low = FiniteFloatField(min_value=0, max_value=1e12, allow_null=True, required=False)
    high = FiniteFloatField(min_value=0, max_value=1e12, allow_null=True, required=False)
    from_year = serializers.IntegerField(min_value=1990, max_value=2100)


class CostSerializer(serializers.Serializer):
    """One year's money (a line of the investment plan), in whole kronor."""

    year = serializers.IntegerField(min_value=1990, max_value=2100)
    investment_sek = serializers.IntegerField(
        min_value=0, max_value=10**15, allow_null=True, required=False
    )
    operating_sek = serializers.IntegerField(
        min_value=0, max_value=10**15, allow_null=True, required=False
    )
    funding_source = serializers.CharField(allow_blank=True, required=False, max_length=300)
    funding_status = serializers.ChoiceField(
        choices=FundingStatus.choices, allow_blank=True, required=False
    )


class PartialDateField(serializers.CharField):
    """A year, a month or a day: "2024", "2024-12" or "2024-12-01" (as read)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "År (2024), månad (2024-12) eller dag (2024-12-01)")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        text = super().to_internal_value(data)
        try:
            return parse_partial_date(text)
        except ValueError:
            raise serializers.ValidationError(
                _("Okänt datum; %(hint)s.") % {"hint": HINT}
            ) from None


class ActionWriteSerializer(serializers.Serializer):
    """An action as an officer enters it (the fields of the action form)."""

    title = serializers.CharField(max_length=300)
    description = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    responsible_body = serializers.CharField(allow_blank=True, required=False, max_length=300)
    partners = serializers.CharField(allow_blank=True, required=False, max_length=500)
    contact_person = serializers.CharField(allow_blank=True, required=False, max_length=200)
    sector = serializers.ChoiceField(choices=SECTOR_CHOICES, required=False)
    lever = serializers.ChoiceField(choices=Lever.choices, allow_blank=True, required=False)
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    stage = serializers.ChoiceField(choices=ActionStage.choices, allow_blank=True, required=False)
    start = PartialDateField()
    end = PartialDateField()
    goals = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        max_length=100,
        help_text="Id för kommunens klimatmål som åtgärden bidrar till",
    )
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=64),
        required=False,
        max_length=100,
        help_text="Nycklar för indikatorer som följer effekten",
    )
    expected_reduction = ReductionSerializer(
        allow_null=True, required=False, help_text="null: ingen har uppskattat effekten"
    )
    funding_source = serializers.CharField(allow_blank=True, required=False, max_length=300)
    funding_status = serializers.ChoiceField(
        choices=FundingStatus.choices, allow_blank=True, required=False
    )
    co_benefits = serializers.ListField(
        child=serializers.ChoiceField(choices=CoBenefit.choices), required=False, max_length=20
    )
    lessons_learned = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    share_with_other_cities = serializers.BooleanField(required=False)
    source_reference = serializers.CharField(allow_blank=True, required=False, max_length=500)
    # many=True makes a ListSerializer, which takes max_length; the stubs type the call
    # as CostSerializer's own.
    costs = CostSerializer(many=True, required=False, max_length=60)  # type: ignore[call-arg]

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        start, end = data.get("start"), data.get("end")
        if start and end and partial_end(*end) < start[0]:
            raise serializers.ValidationError({"end": [_("Slut kan inte vara före start.")]})
        reduction = data.get("expected_reduction")
        if reduction:
            central = reduction["central"]
            low, high = reduction.get("low"), reduction.get("high")
            if low is not None and low > central:
                raise serializers.ValidationError(
                    {
                        "expected_reduction": [
                            _("Lägsta minskning kan inte vara större än den förväntade.")
                        ]
                    }
                )
            if high is not None and high < central:
                raise serializers.ValidationError(
                    {
                        "expected_reduction": [
                            _("Högsta minskning kan inte vara mindre än den förväntade.")
                        ]
                    }
                )
        return data


class ActionCreateSerializer(ActionWriteSerializer):
    city = serializers.RegexField(r"^\d{4}$", help_text="Kommunkod, t.ex. 2480")


class ActionUpdateSerializer(VersionSerializer, ActionWriteSerializer):
    """Only the fields sent change (``goals``, ``indicators`` and ``costs`` are replaced
    as a whole when sent); ``version`` is the one you read."""


def _action_arguments(city: City, data: dict[str, Any]) -> dict[str, Any]:
    """The service's arguments from the API's fields: values, goals, indicators, costs
    (None where not sent). 400 for goals and indicators the city does not have."""
    values = {
        k: v
        for k, v in data.items()
        if k not in ("start", "end", "goals", "indicators", "expected_reduction", "costs")
    }
    if "start" in data:
        values["start_date"], values["start_precision"] = data["start"] or (None, "day")
    if "end" in data:
        end = data["end"]
        values["end_date"], values["end_precision"] = (
            (partial_end(*end), end[1]) if end else (None, "day")
        )
    if "expected_reduction" in data:
        reduction = data["expected_reduction"] or {}
        values["expected_reduction"] = reduction.get("central")
        values["expected_reduction_low"] = reduction.get("low")
        values["expected_reduction_high"] = reduction.get("high")
        values["effect_from_year"] = reduction.get("from_year")
    goals = indicators = costs = None
    errors: dict[str, list[str]] = {}
    if "goals" in data:
        found = Goal.objects.filter(city=city).alive().in_bulk(data["goals"])
        unknown = sorted(set(data["goals"]) - set(found))
        if unknown:
            errors["goals"] = [
                _("%(city)s har inget klimatmål med id %(ids)s.")
                % {"city": city.name, "ids": ", ".join(map(str, unknown))}
            ]
        goals = list(found.values())
    if "indicators" in data:
        found_ind = {
            i.key: i
            for i in Indicator.objects.available_to(city).filter(key__in=data["indicators"])
        }
        unknown_keys = sorted(set(data["indicators"]) - set(found_ind))
        if unknown_keys:
            errors["indicators"] = [
                _("Indikatorn finns inte för %(city)s: %(keys)s.")
                % {"city": city.name, "keys": ", ".join(unknown_keys)}
            ]
        indicators = list(found_ind.values())
    if "costs" in data:
        costs = [
            services.CostValues(
                year=line["year"],
                investment_sek=line.get("investment_sek"),
                operating_sek=line.get("operating_sek"),
                funding_source=line.get("funding_source", ""),
                funding_status=line.get("funding_status", ""),
            )
            for line in data["costs"]
        ]
    if errors:
        raise serializers.ValidationError(errors)
    return {"values": values, "goals": goals, "indicators": indicators, "costs": costs}


@editable_schema(
    list="Åtgärder",
    retrieve="En åtgärd",
    create="Ny åtgärd (handläggare); sparas som utkast",
    update="Ändra en åtgärd (handläggare)",
    destroy="Ta bort en åtgärd (handläggare)",
    publish="Publicera en åtgärd (kommunadministratör)",
)
@extend_schema(tags=["Åtgärder"])
class ActionViewSet(EditableResource[Action]):
    """The cities' actions (åtgärder): owner, status and stage, expected effect (t CO2e a
    year; null when nobody has estimated it), yearly costs, co-benefits, lessons and the
    latest follow-up. Anonymous readers get published actions; a city's people also its
    drafts (`state`)."""

    serializer_class = ActionRowSerializer
    params = (
        CITY,
        Param("status", "choice", "Status", choices=tuple(ActionStatus.values), lookup="status"),
        Param(
            "sector",
            "choice",
            "Sektor",
            choices=tuple(v for v, _ in SECTOR_CHOICES),
            lookup="sector",
        ),
        Param("stage", "choice", "Skede", choices=tuple(ActionStage.values), lookup="stage"),
        Param("lever", "choice", "Åtgärdstyp", choices=tuple(Lever.values), lookup="lever"),
        PUBLISHED_ONLY,
    )
    csv_name = "atgarder"
    model = Action
    names = ACTION_NAMES
    create_serializer = ActionCreateSerializer
    update_serializer = ActionUpdateSerializer
    create_service = Service(services.action_create)
    update_service = Service(services.action_update, item="action")
    delete_service = Service(services.action_delete, item="action")
    publish_service = Service(services.action_publish, item="action", versioned=False)
    deleted_on_publish = "Borttagningen är publicerad; åtgärden är borta"

    def get_queryset(self):
        user = self.request.user
        if self.with_drafts:
            query = Action.objects.visible_to(user)
            goals = Goal.objects.visible_to(user)
        else:
            query = Action.objects.published()
            goals = Goal.objects.published()
        query = query.select_related("city").prefetch_related(
            Prefetch("goals", queryset=goals.order_by("order", "id")),
            "indicators",
            Prefetch("costs", queryset=ActionCost.objects.order_by("year", "funding_source")),
            Prefetch("follow_ups", queryset=visible_follow_ups(self.request, self.with_drafts)),
        )
        return query.order_by("city__code", "title", "id")

    def sources(self, items):
        return city_credits(items)

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(parent, City)  # ``parent`` names a city
        arguments = _action_arguments(parent, data)
        # A new action's links and costs are those sent, or none.
        for name in ("goals", "indicators", "costs"):
            arguments[name] = arguments[name] or []
        return {"city": parent, **arguments}

    def update_arguments(self, item: Action, data: dict[str, Any]) -> dict[str, Any]:
        return _action_arguments(item.city, data)
