"""Open data of what cities do, and officers' writes of actions and their follow-ups:

- ``/api/v1/actions/``: the cities' actions (åtgärder) with costs and latest follow-up;
  officers create and change them, administrators publish them (``actions.services``);
- ``/api/v1/action-follow-ups/``: the follow-ups of those actions, per period of the
  city's cycle; officers record and change them, administrators publish them.

Reading follows ``cities.api_writes`` (published rows for the public; a city's people
also its drafts); the permissions are the forms' (``actions.views``): officers and
administrators of the city change, administrators publish.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from actions import services
from actions.api import ActionSerializer, FollowUpSerializer
from actions.dates import HINT, parse_partial_date, partial_end
from actions.models import (
    SECTOR_CHOICES,
    Action,
    ActionCost,
    ActionStage,
    ActionStatus,
    CoBenefit,
    FollowUp,
    FollowUpStatus,
    FundingStatus,
    Lever,
)
from cities.api_resources import city_credits
from cities.api_writes import (
    EditableFields,
    EditableResource,
    Parent,
    Service,
    VersionSerializer,
    draft_cities,
    editable_schema,
)
from cities.models import ALL_CITIES, City, Goal
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
FOLLOW_UP_NAMES = {"action_id": "action", "periods_per_year": "period_number"}


def _follow_ups(request: Request, with_drafts: bool):
    """The follow-ups a reader may see, newest period first."""
    if not with_drafts:
        query = FollowUp.objects.published().filter(
            action__is_published=True, action__deleted_at__isnull=True
        )
    else:
        ids = draft_cities(request)
        query = FollowUp.objects.visible_to(request.user).filter(action__deleted_at__isnull=True)
        if ids is not ALL_CITIES:
            query = query.filter(Q(action__is_published=True) | Q(action__city__in=ids))
    return query.order_by("-period_end", "-date", "-id")


# --- Actions --------------------------------------------------------------------------------


class ActionRowSerializer(EditableFields, ActionSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")

    class Meta(ActionSerializer.Meta):
        fields = [
            "id",
            "city",
            "city_name",
            *[f for f in ActionSerializer.Meta.fields if f not in ("id", "published_at")],
            "version",
            "is_published",
            "state",
            "published_at",
        ]


class ReductionSerializer(serializers.Serializer):
    """The expected effect: t CO2e a year from ``from_year`` on, with an optional range."""

    central = serializers.FloatField(min_value=0, max_value=1e12)
    low = serializers.FloatField(min_value=0, max_value=1e12, allow_null=True, required=False)
    high = serializers.FloatField(min_value=0, max_value=1e12, allow_null=True, required=False)
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
    costs = CostSerializer(many=True, required=False, max_length=60)

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
class ActionViewSet(EditableResource):
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
            Prefetch("follow_ups", queryset=_follow_ups(self.request, self.with_drafts)),
        )
        return query.order_by("city__code", "title", "id")

    def sources(self, items):
        return city_credits(items)

    def create_arguments(self, parent: City, data: dict[str, Any]) -> dict[str, Any]:
        arguments = _action_arguments(parent, data)
        # A new action's links and costs are those sent, or none.
        for name in ("goals", "indicators", "costs"):
            arguments[name] = arguments[name] or []
        return {"city": parent, **arguments}

    def update_arguments(self, item: Action, data: dict[str, Any]) -> dict[str, Any]:
        return _action_arguments(item.city, data)


# --- Follow-ups -----------------------------------------------------------------------------


class FollowUpRowSerializer(EditableFields, FollowUpSerializer):
    id = serializers.IntegerField()
    action = serializers.IntegerField(source="action_id", help_text="Åtgärdens id")
    action_title = serializers.CharField(source="action.title")
    city = serializers.CharField(source="action.city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="action.city.name")

    class Meta(FollowUpSerializer.Meta):
        fields = [
            "id",
            "action",
            "action_title",
            "city",
            "city_name",
            *[f for f in FollowUpSerializer.Meta.fields if f != "published_at"],
            "version",
            "is_published",
            "state",
            "published_at",
            "updated_at",
        ]


EFFECT_RULE = gettext_lazy(
    "En uppnådd minskning rapporteras vid en effektuppföljning; sätt is_effect_follow_up."
)


class FollowUpWriteSerializer(serializers.Serializer):
    """A follow-up as an officer enters it (the fields of the follow-up form). Without a
    period, the period of the city's cycle the date falls in."""

    period_year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    period_number = serializers.IntegerField(min_value=1, max_value=12, required=False)
    date = serializers.DateField(required=False, help_text="Standard: i dag")
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, required=False)
    progress_pct = serializers.IntegerField(
        min_value=0, max_value=100, allow_null=True, required=False
    )
    text = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    is_effect_follow_up = serializers.BooleanField(required=False)
    realised_reduction = serializers.FloatField(
        min_value=0, max_value=1e12, allow_null=True, required=False
    )


class FollowUpCreateSerializer(FollowUpWriteSerializer):
    action = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="Åtgärdens id")


class FollowUpUpdateSerializer(VersionSerializer, FollowUpWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""


def _effect_rule(values: dict[str, Any], current: FollowUp | None = None) -> None:
    """The form's rule: a realised reduction is reported at an effect follow-up."""
    realised = values.get("realised_reduction", getattr(current, "realised_reduction", None))
    effect = values.get("is_effect_follow_up", getattr(current, "is_effect_follow_up", False))
    if realised is not None and not effect:
        raise serializers.ValidationError({"is_effect_follow_up": [str(EFFECT_RULE)]})


@editable_schema(
    list="Uppföljningar av åtgärder",
    retrieve="En uppföljning",
    create="Ny uppföljning av en åtgärd (handläggare); sparas som utkast",
    update="Ändra en uppföljning (handläggare)",
    destroy="Ta bort en uppföljning (handläggare)",
    publish="Publicera en uppföljning (kommunadministratör)",
)
@extend_schema(tags=["Åtgärder"])
class FollowUpViewSet(EditableResource):
    """Follow-ups (uppföljningar) of the cities' actions, one per period of the city's
    cycle (e.g. T1 2025): how it is going, how far it has come, and at an effect
    follow-up the reduction achieved (t CO2e a year). Newest period first."""

    serializer_class = FollowUpRowSerializer
    params = (
        CITY.filtering("action__city__code__in"),
        Param("action", "int", "Åtgärdens id", lookup="action_id"),
        Param("year", "year", "Periodens år", lookup="period_year"),
        Param("status", "choice", "Läge", choices=tuple(FollowUpStatus.values), lookup="status"),
        Param("effect", "bool", "true: bara effektuppföljningar", lookup="is_effect_follow_up"),
        PUBLISHED_ONLY,
    )
    csv_name = "uppfoljningar"
    model = FollowUp
    names = FOLLOW_UP_NAMES
    parent = Parent("action", Action, gettext_lazy("Åtgärden finns inte."))
    city_path = "action.city"
    create_serializer = FollowUpCreateSerializer
    update_serializer = FollowUpUpdateSerializer
    create_service = Service(services.follow_up_create)
    update_service = Service(services.follow_up_update, item="follow_up")
    delete_service = Service(services.follow_up_delete, item="follow_up")
    publish_service = Service(services.follow_up_publish, item="follow_up", versioned=False)

    def get_queryset(self):
        query = _follow_ups(self.request, self.with_drafts).select_related("action__city")
        if self.action == "list":  # by city and action, each action's newest period first
            return query.order_by("action__city__code", "action_id", "-period_end", "-date", "-id")
        return query

    def sources(self, items):
        return city_credits([item.action for item in items], reference="source_reference")

    def create_arguments(self, parent: Action, data: dict[str, Any]) -> dict[str, Any]:
        _effect_rule(data)
        return {"action": parent, "values": data}

    def update_arguments(self, item: FollowUp, data: dict[str, Any]) -> dict[str, Any]:
        _effect_rule(data, item)
        return {"values": data}
