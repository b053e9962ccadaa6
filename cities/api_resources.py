"""Open data of what was promised, and administrators' writes of goals:

- ``/api/v1/goals/``: the cities' climate goals (klimatmål); administrators create,
  change, delete and publish them (``cities.services`` goal_* and content_*);
- ``/api/v1/contracts/``: the published Klimatkontrakt versions, one row each;
- ``/api/v1/commitments/``: every party's commitments in those versions with the status
  of their latest published follow-up.

Contracts and commitments are published content only, for everyone (as
``/api/v1/cities/{code}/contracts/``); goals follow ``cities.api_writes`` (a city's
people also see its drafts).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
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
from cities.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    FollowUpStatus,
    Goal,
    Party,
    Scope,
)
from cities.services import content_delete, content_publish, goal_create, goal_update
from klimat.api import CITY, PUBLISHED_ONLY, YEAR, Collection, Param, credit


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


# --- Contracts and commitments ----------------------------------------------------------------


class ContractRowSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")
    has_content = serializers.SerializerMethodField(
        help_text="false när versionens text ännu inte har förts in (se content_note)"
    )
    commitment_count = serializers.IntegerField()
    source = serializers.CharField(source="source_reference")
    detail = serializers.SerializerMethodField(
        help_text="Hela versionen med avsnitt, åtaganden och uppföljningstexter"
    )

    class Meta:
        model = Contract
        fields = [
            "id",
            "city",
            "city_name",
            "year",
            "title",
            "signed_on",
            "has_content",
            "content_note",
            "commitment_count",
            "document_url",
            "source",
            "published_at",
            "detail",
        ]

    def get_has_content(self, contract: Contract) -> bool:
        return contract.section_count > 0

    def get_detail(self, contract: Contract) -> str:
        request = self.context.get("request")
        path = f"/api/v1/cities/{contract.city.code}/contracts/"
        return request.build_absolute_uri(path) if request else path


def contract_credits(items) -> list[dict[str, str]]:
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for item in items:
        key = (item.city.name, item.source_reference or item.title)
        seen.setdefault(key, credit(*key))
    return list(seen.values())


@extend_schema(tags=["Klimatkontrakt"])
class ContractViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """The published Klimatkontrakt 2030 versions, one row per city and year, with how
    many commitments each holds. A version's full text, commitments and follow-up texts:
    /api/v1/cities/{code}/contracts/. Drafts are never included."""

    serializer_class = ContractRowSerializer
    params = (CITY, YEAR)
    csv_name = "klimatkontrakt"

    def get_queryset(self):
        query = (
            Contract.objects.published()
            .select_related("city")
            .annotate(
                section_count=Count("sections", distinct=True),
                commitment_count=Count("sections__commitments", distinct=True),
            )
        )
        if self.action == "list":
            q = self.query
            if "city" in q:
                query = query.filter(city__code__in=q["city"])
            if "year" in q:
                query = query.filter(year=q["year"])
        return query.order_by("city__code", "year")

    def sources(self, items):
        return contract_credits(items)


class CommitmentRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    city = serializers.CharField(source="section.contract.city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="section.contract.city.name")
    contract_year = serializers.IntegerField(source="section.contract.year")
    section = serializers.CharField(source="section.number")
    number = serializers.CharField()
    party = serializers.ChoiceField(choices=Party.choices)
    party_label = serializers.CharField(source="get_party_display")
    title = serializers.CharField()
    text = serializers.CharField()
    status = serializers.SerializerMethodField(
        help_text="Status i den senaste publicerade uppföljningen; null = ej bedömd"
    )
    status_year = serializers.SerializerMethodField()
    status_comment = serializers.SerializerMethodField()

    def _latest(self, commitment: Commitment) -> CommitmentFollowUp | None:
        follow_ups = commitment.published_follow_ups
        return follow_ups[0] if follow_ups else None

    @extend_schema_field(serializers.ChoiceField(choices=FollowUpStatus.choices, allow_null=True))
    def get_status(self, commitment: Commitment) -> str | None:
        latest = self._latest(commitment)
        return latest.status if latest else None

    def get_status_year(self, commitment: Commitment) -> int | None:
        latest = self._latest(commitment)
        return latest.year if latest else None

    def get_status_comment(self, commitment: Commitment) -> str:
        latest = self._latest(commitment)
        return latest.comment if latest else ""


@extend_schema(tags=["Klimatkontrakt"])
class CommitmentViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """Every party's commitments (åtaganden) in the published contract versions, with
    the status of the latest published follow-up (`status`; null = not assessed). Filter
    by city, contract year, party or status (`none` = not assessed)."""

    serializer_class = CommitmentRowSerializer
    params = (
        CITY,
        Param("year", "year", "Kontraktsversionens år"),
        Param("party", "choice", "Part", choices=tuple(Party.values)),
        Param(
            "status",
            "choice",
            "Status i den senaste publicerade uppföljningen; none = ej bedömd",
            choices=(*FollowUpStatus.values, "none"),
        ),
    )
    csv_name = "ataganden"

    def get_queryset(self):
        follow_ups = Prefetch(
            "follow_ups",
            queryset=CommitmentFollowUp.objects.published().order_by("-year", "-id"),
            to_attr="published_follow_ups",
        )
        query = (
            Commitment.objects.visible_to(AnonymousUser())
            .select_related("section__contract__city")
            .prefetch_related(follow_ups)
        )
        if self.action == "list":
            q = self.query
            if "city" in q:
                query = query.filter(section__contract__city__code__in=q["city"])
            if "year" in q:
                query = query.filter(section__contract__year=q["year"])
            if "party" in q:
                query = query.filter(party=q["party"])
        return query.order_by(
            "section__contract__city__code",
            "section__contract__year",
            "section__order",
            "order",
            "id",
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        wanted = self.query.get("status")
        if wanted is None:
            return super().list(request, *args, **kwargs)
        # The status is that of the newest published follow-up: decided per commitment.
        rows = [
            c
            for c in self.get_queryset()
            if (c.published_follow_ups[0].status if c.published_follow_ups else "none") == wanted
        ]
        page = self.paginate_queryset(rows)
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data, self.sources(page))

    def sources(self, items):
        return contract_credits(item.section.contract for item in items)
