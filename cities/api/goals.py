"""Open data of the cities' climate goals (``/api/v1/goals/``), and administrators' writes
of them (``cities.services`` goal_* and content_*); goals follow ``cities.api.editable`` (a
city's people also see their city's drafts)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from cities.api.credits import city_credits
from cities.api.drafts import BOOKKEEPING, EditableFields
from cities.api.editable import EditableResource, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.models import Goal, GoalOrigin, Scope
from cities.services import GOAL_FIELDS, content_delete, content_publish, goal_create, goal_update
from core.api.params import CITY, PUBLISHED_ONLY, Param


class GoalSerializer(EditableFields, serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")
    origin = serializers.ChoiceField(
        choices=GoalOrigin.values,
        read_only=True,
        help_text="city: entered by the city; reported: what the city reported to "
        "CDP-ICLEI (the city's own goals win where both exist).",
    )

    class Meta:
        model = Goal
        fields = ["id", "city", "city_name", *GOAL_FIELDS, "origin", *BOOKKEEPING]


class GoalWriteSerializer(serializers.Serializer):
    """A goal as an administrator enters it (the same fields as the workspace form)."""

    title = serializers.CharField(max_length=300)
    scope = serializers.ChoiceField(choices=Scope.choices)
    description = serializers.CharField(allow_blank=True, required=False, max_length=10000)
    target_year = serializers.IntegerField(
        min_value=1990, max_value=2100, allow_null=True, required=False
    )
    decided_by = serializers.CharField(allow_blank=True, required=False, max_length=200)
    decided_on = serializers.DateField(allow_null=True, required=False)
    source_reference = serializers.CharField(allow_blank=True, required=False, max_length=500)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class GoalCreateSerializer(GoalWriteSerializer):
    city = serializers.RegexField(r"^\d{4}$", help_text="Kommunkod, t.ex. 2480")


class GoalUpdateSerializer(VersionSerializer, GoalWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""


@editable_schema(
    list="Klimatmål",
    retrieve="Ett klimatmål",
    create="Nytt klimatmål (kommunadministratör); sparas som utkast",
    update="Ändra ett klimatmål (kommunadministratör)",
    destroy="Ta bort ett klimatmål (kommunadministratör); dess målvärden följer med",
    publish="Publicera ett klimatmål, dess ändring eller borttagning (kommunadministratör)",
)
@extend_schema(tags=["Klimatmål"])
class GoalViewSet(EditableResource[Goal]):
    """The cities' climate goals (klimatmål) as their councils decided them. Each goal is
    measured by targets: /api/v1/targets/?goal={id}. Anonymous readers get published
    goals; a city's people also its drafts (`state`)."""

    serializer_class = GoalSerializer
    params = (
        CITY,
        Param("scope", "choice", "Avgränsning", choices=tuple(Scope.values), lookup="scope"),
        Param("target_year", "year", "Målår", lookup="target_year"),
        PUBLISHED_ONLY,
    )
    csv_name = "klimatmal"
    model = Goal
    needs = "admin"
    create_serializer = GoalCreateSerializer
    update_serializer = GoalUpdateSerializer
    create_service = Service(goal_create)
    update_service = Service(goal_update, item="goal")
    delete_service = Service(content_delete)
    publish_service = Service(content_publish)
    deleted_on_publish = "Borttagningen är publicerad"

    def get_queryset(self):
        query = Goal.objects.visible_to(self.request.user) if self.with_drafts else None
        if query is None:
            query = Goal.objects.published()
        return query.select_related("city").order_by("city__code", "order", "id")

    def sources(self, items):
        return city_credits(items)
