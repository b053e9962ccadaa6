"""Open data of the cities' climate goals (``/api/v1/goals/``), and administrators' writes
of them (``cities.services`` goal_* and content_*); goals follow ``cities.api_writes`` (a
city's people also see their city's drafts)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cities.api_writes import (
    DELETE_RESPONSES,
    VERSION_PARAM,
    WRITE_ERRORS,
    EditableFields,
    PublishedFilter,
    VersionSerializer,
    city_from_body,
    require_edit,
    require_publish,
    require_version,
    run,
    unknown_city,
    version_from_query,
)
from cities.models import Goal, Scope
from cities.services import content_delete, content_publish, goal_create, goal_update
from core.api.collections import Collection
from core.api.params import CITY, PUBLISHED_ONLY, Param
from core.api.sources import credit


def city_credits(items, *, reference: str = "source_reference") -> list[dict[str, str]]:
    """The sources of a city's own content: the city, and what it cites (e.g. "Klimatkontrakt
    2030 Umeå (version 2024), avsnitt 3.1"), each once."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for item in items:
        key = (item.city.name, getattr(item, reference, "") or "")
        if key not in seen:
            seen[key] = credit(*key)
    return list(seen.values())


# --- Goals ----------------------------------------------------------------------------------

GOAL_NAMES: dict[str, str] = {}


class GoalSerializer(EditableFields, serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")

    class Meta:
        model = Goal
        fields = [
            "id",
            "city",
            "city_name",
            "title",
            "description",
            "scope",
            "target_year",
            "decided_by",
            "decided_on",
            "source_reference",
            "order",
            "version",
            "is_published",
            "state",
            "published_at",
            "updated_at",
        ]


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


@extend_schema_view(
    list=extend_schema(summary="Klimatmål"),
    retrieve=extend_schema(summary="Ett klimatmål"),
    create=extend_schema(
        summary="Nytt klimatmål (kommunadministratör); sparas som utkast",
        request=GoalCreateSerializer,
        responses={201: GoalSerializer, **WRITE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Ändra ett klimatmål (kommunadministratör)",
        request=GoalUpdateSerializer,
        responses={200: GoalSerializer, **WRITE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Ta bort ett klimatmål (kommunadministratör); dess målvärden följer med",
        parameters=[VERSION_PARAM],
        responses=DELETE_RESPONSES,
    ),
)
@extend_schema(tags=["Klimatmål"])
class GoalViewSet(
    PublishedFilter,
    Collection,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The cities' climate goals (klimatmål) as their councils decided them. Each goal is
    measured by targets: /api/v1/targets/?goal={id}. Anonymous readers get published
    goals; a city's people also its drafts (`state`)."""

    serializer_class = GoalSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    params = (
        CITY,
        Param("scope", "choice", "Avgränsning", choices=tuple(Scope.values)),
        Param("target_year", "year", "Målår"),
        PUBLISHED_ONLY,
    )
    csv_name = "klimatmal"

    def get_queryset(self):
        query = Goal.objects.visible_to(self.request.user) if self.with_drafts else None
        if query is None:
            query = Goal.objects.published()
        query = query.select_related("city")
        if self.action == "list":
            q = self.query
            if "city" in q:
                query = query.filter(city__code__in=q["city"])
            if "scope" in q:
                query = query.filter(scope=q["scope"])
            if "target_year" in q:
                query = query.filter(target_year=q["target_year"])
        return query.order_by("city__code", "order", "id")

    def sources(self, items):
        return city_credits(items)

    def _for_write(self) -> Goal:
        goal = self.get_object()
        require_edit(self.request, goal.city, needs="admin")
        return goal

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        city = city_from_body(request.data)
        if city is not None:
            require_edit(request, city, needs="admin")
        body = GoalCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        code = data.pop("city")
        if city is None:
            raise unknown_city(code)
        goal = run(goal_create, GOAL_NAMES, city=city, by=request.user, **data)
        if isinstance(goal, Response):
            return goal
        return self.answer(goal.pk, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = self._for_write()
        body = GoalUpdateSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        version = require_version(data)
        done = run(
            goal_update, GOAL_NAMES, goal=goal, by=request.user, expected_version=version, **data
        )
        if isinstance(done, Response):
            return done
        return self.answer(goal.pk)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        goal = self._for_write()
        done = run(
            content_delete,
            GOAL_NAMES,
            item=goal,
            by=request.user,
            expected_version=version_from_query(request),
        )
        if isinstance(done, Response):
            return done
        return self.answer_deleted(Goal, goal.pk)

    @extend_schema(
        summary="Publicera ett klimatmål, dess ändring eller borttagning (kommunadministratör)",
        request=VersionSerializer,
        responses={
            200: GoalSerializer,
            204: OpenApiResponse(description="Borttagningen är publicerad"),
            **WRITE_ERRORS,
        },
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str) -> Response:
        goal = self.get_object()
        require_publish(request, goal.city)
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        done = run(
            content_publish,
            GOAL_NAMES,
            item=goal,
            by=request.user,
            expected_version=body.validated_data["version"],
        )
        if isinstance(done, Response):
            return done
        return self.answer_deleted(Goal, goal.pk, otherwise=status.HTTP_200_OK)
