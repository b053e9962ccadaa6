"""Open data of the follow-ups of the cities' actions (``/api/v1/action-follow-ups/``),
per period of the city's cycle, and officers' writes of them: officers record and change
them, administrators publish them (``actions.services``). Reading and writing follow
``cities.api.editable``, with the same rules as the forms (``cities.permissions``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from actions import services
from actions.api.city import FollowUpSerializer
from actions.models import Action, FollowUp, FollowUpStatus
from cities.api.credits import city_credits
from cities.api.drafts import BOOKKEEPING, EditableFields, draft_cities
from cities.api.editable import EditableResource, Parent, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.permissions import ALL_CITIES
from core.api.fields import FiniteFloatField
from core.api.params import CITY, PUBLISHED_ONLY, Param

FOLLOW_UP_NAMES = {"action_id": "action", "periods_per_year": "period_number"}


def visible_follow_ups(request: Request, with_drafts: bool):
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
            *BOOKKEEPING,
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
    realised_reduction = FiniteFloatField(
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
class FollowUpViewSet(EditableResource[FollowUp]):
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
    deleted_on_publish = "Borttagningen är publicerad; uppföljningen är borta"

    def get_queryset(self):
        query = visible_follow_ups(self.request, self.with_drafts).select_related("action__city")
        if self.action == "list":  # by city and action, each action's newest period first
            return query.order_by("action__city__code", "action_id", "-period_end", "-date", "-id")
        return query

    def sources(self, items):
        return city_credits([item.action for item in items], reference="source_reference")

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(parent, Action)  # ``parent`` names a action
        _effect_rule(data)
        return {"action": parent, "values": data}

    def update_arguments(self, item: FollowUp, data: dict[str, Any]) -> dict[str, Any]:
        _effect_rule(data, item)
        return {"values": data}
