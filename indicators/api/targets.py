"""Open data of targets (målvärden) with their status from the progress engine
(``/api/v1/targets/``), and administrators' writes of them: they create, change and
publish them. Reading and writing follow ``cities.api.editable``; every write goes
through ``indicators.services.targets`` or ``cities.services``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cities.api.drafts import PUBLISHED, STATES, sees_drafts, state_of, working_copies
from cities.api.editable import EditableResource, Parent, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.models import City, Goal
from cities.services import content_publish
from core.api.fields import FiniteFloatField
from core.api.pagination import Pagination
from core.api.params import CITY, PUBLISHED_ONLY, Param
from core.api.sources import credit
from core.cache import cached
from indicators import assessments as a
from indicators.api.indicators import INDICATOR, indicator_for
from indicators.models import PathwayKind, Target, TargetKind
from indicators.services.targets import target_create, target_delete, target_update

TARGET_NAMES = {"indicator_id": "indicator", "goal_id": "goal"}


def target_row(assessed: a.TargetAssessment, city: City, *, with_drafts: bool) -> dict[str, Any]:
    """One assessed target as the API shows it (plain data, cacheable)."""
    target, goal, indicator = assessed.target, assessed.goal, assessed.indicator
    result = assessed.assessment
    latest = result.latest
    return {
        "id": target.pk,
        "goal": {"id": goal.pk, "title": goal.title},
        "city": city.code,
        "city_name": city.name,
        "indicator": {"key": indicator.key, "name": indicator.name, "unit": indicator.unit},
        "kind": target.kind,
        "base_year": target.base_year,
        "stated_base_value": target.base_value,
        "target_year": target.target_year,
        "stated_value": target.target_value,
        "pathway": target.pathway,
        "note": target.note,
        "order": target.order,
        "unit": assessed.unit,
        "base_value": result.base_value,
        "target_value": result.target_value,
        "status": result.status.value,
        "status_label": a.STATUS_LABELS[result.status],
        "explanation": result.explanation,
        "explanation_en": result.explanation_en,
        "latest": None if latest is None else {"year": latest.year, "value": latest.value},
        "needed_rate_pct": result.needed_rate_pct,
        "actual_rate_pct": result.actual_rate_pct,
        "projected_value": result.projected_value,
        "year_reached": result.year_reached,
        "sources": [credit(c.publisher, c.release) for c in assessed.credits],
        "version": target.version,
        "is_published": target.is_published,
        "state": state_of(target) if with_drafts else PUBLISHED,
        "published_at": target.published_at,
        "updated_at": target.updated_at,
    }


def assessed_targets(*, user, with_drafts: bool, city_codes: list[str] | None) -> list[dict]:
    """The targets ``user`` may read (published only unless ``with_drafts``), assessed,
    in city, goal and target order. Fixed number of queries."""
    viewer = user if with_drafts else AnonymousUser()
    goals = Goal.objects.visible_to(viewer).select_related("city")
    targets = Target.objects.visible_to(viewer).select_related("indicator")
    if city_codes is not None:
        goals = goals.filter(city__code__in=city_codes)
        targets = targets.filter(goal__city__code__in=city_codes)
    by_goal: dict[int, list[Target]] = {}
    for target in targets.order_by("goal_id", "order", "target_year", "id"):
        by_goal.setdefault(target.goal_id, []).append(target)
    goal_list = list(goals.order_by("city__code", "order", "id"))
    pairs = []
    for goal in working_copies(goal_list, with_drafts=with_drafts):
        for target in working_copies(by_goal.get(goal.pk, []), with_drafts=with_drafts):
            pairs.append((goal, target))
    cities = {goal.city_id: goal.city for goal in goal_list}
    return [
        target_row(t, cities[t.goal.city_id], with_drafts=with_drafts)
        for t in a.assess_pairs(pairs, user=viewer)
    ]


class TargetGoalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TargetIndicatorSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()


class LatestSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.FloatField()


STATUS_CHOICES = [s.value for s in a.Status]


class TargetSerializer(serializers.Serializer):
    """A target (målvärde) with its status. ``stated_value`` and ``stated_base_value``
    are as the goal states them (e.g. −85 for −85 %); ``target_value`` and
    ``base_value`` are resolved in ``unit``."""

    id = serializers.IntegerField()
    goal = TargetGoalSerializer()
    city = serializers.CharField(help_text="Kommunkod")
    city_name = serializers.CharField()
    indicator = TargetIndicatorSerializer()
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    base_year = serializers.IntegerField(allow_null=True)
    stated_base_value = serializers.FloatField(allow_null=True)
    target_year = serializers.IntegerField()
    stated_value = serializers.FloatField(allow_null=True)
    pathway = serializers.ChoiceField(choices=PathwayKind.choices)
    note = serializers.CharField()
    order = serializers.IntegerField()
    unit = serializers.CharField()
    base_value = serializers.FloatField(allow_null=True)
    target_value = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=STATUS_CHOICES)
    status_label = serializers.CharField()
    explanation = serializers.CharField(help_text="En mening på svenska")
    explanation_en = serializers.CharField()
    latest = LatestSerializer(allow_null=True)
    needed_rate_pct = serializers.FloatField(allow_null=True)
    actual_rate_pct = serializers.FloatField(allow_null=True)
    projected_value = serializers.FloatField(allow_null=True)
    year_reached = serializers.IntegerField(allow_null=True)
    sources = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    version = serializers.IntegerField()
    is_published = serializers.BooleanField()
    state = serializers.ChoiceField(choices=STATES)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class TargetWriteSerializer(serializers.Serializer):
    """A target as an administrator enters it (the same fields as the workspace form)."""

    indicator = serializers.CharField(max_length=64, help_text="Indikatorns nyckel")
    kind = serializers.ChoiceField(choices=TargetKind.choices)
    target_year = serializers.IntegerField(min_value=1900, max_value=2100)
    target_value = FiniteFloatField(allow_null=True, required=False)
    base_year = serializers.IntegerField(
        min_value=1900, max_value=2100, allow_null=True, required=False
    )
    base_value = FiniteFloatField(allow_null=True, required=False)
    pathway = serializers.ChoiceField(choices=PathwayKind.choices, required=False)
    note = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False)


class TargetCreateSerializer(TargetWriteSerializer):
    goal = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="Målets id")


class TargetUpdateSerializer(VersionSerializer, TargetWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""


@editable_schema(
    list="Målvärden med status",
    retrieve="Ett målvärde med status",
    create="Nytt målvärde (kommunadministratör); sparas som utkast",
    update="Ändra ett målvärde (kommunadministratör)",
    destroy="Ta bort ett målvärde (kommunadministratör)",
    publish="Publicera ett målvärde, dess ändring eller borttagning (kommunadministratör)",
)
@extend_schema(tags=["Klimatmål"])
class TargetViewSet(EditableResource[Target]):
    """Targets (målvärden) of the cities' climate goals, each with its status from the
    progress engine (achieved, on_track, at_risk, off_track, no_data,
    insufficient_data), a one-sentence explanation, the rates needed and seen, and the
    sources of the values judged. Chart points are in /api/v1/cities/{code}/goals/."""

    serializer_class = TargetSerializer
    params = (
        # The rows are assessed, not queried: the parameters filter them as plain data
        # (``filter_rows``), and the municipalities asked for narrow the assessment.
        CITY.filtering("city__in"),
        INDICATOR,
        Param("goal", "int", "Målets id", lookup="goal__id"),
        Param("kind", "choice", "Typ av målvärde", choices=tuple(TargetKind.values), lookup="kind"),
        Param("status", "choice", "Status", choices=tuple(STATUS_CHOICES), lookup="status"),
        PUBLISHED_ONLY,
    )
    csv_name = "malvarden"
    model = Target
    names = TARGET_NAMES
    needs = "admin"
    parent = Parent("goal", Goal, gettext_lazy("Målet finns inte."))
    city_path = "goal.city"
    create_serializer = TargetCreateSerializer
    update_serializer = TargetUpdateSerializer
    create_service = Service(target_create)
    update_service = Service(target_update, item="target")
    delete_service = Service(target_delete, item="target")
    publish_service = Service(content_publish)
    deleted_on_publish = "Borttagningen är publicerad"

    def _rows(self, city_codes: list[str] | None) -> list[dict]:
        if not self.with_drafts and city_codes is None:
            # The public answer is the same for everyone: computed once per data change.
            return cached(
                "api-targets",
                lambda: assessed_targets(user=None, with_drafts=False, city_codes=None),
            )
        return assessed_targets(
            user=self.request.user, with_drafts=self.with_drafts, city_codes=city_codes
        )

    def get_queryset(self):  # the rows are assessed, not a queryset; see list/retrieve
        return Target.objects.none()

    def list(self, request: Request, *args, **kwargs) -> Response:
        rows = self.filter_rows(self._rows(self.query.get("city")))
        page = self.paginate_queryset(rows)
        assert page is not None  # the collection's pagination always pages
        sources = {s["credit"]: s for row in page for s in row["sources"]}
        data = self.get_serializer(page, many=True).data
        paginator = self.paginator
        assert isinstance(paginator, Pagination)
        return paginator.get_paginated_response(data, list(sources.values()))

    def _row(self, pk: int) -> dict:
        target = (
            Target.objects.visible_to(self.request.user if self.with_drafts else AnonymousUser())
            .select_related("goal__city")
            .filter(pk=pk)
            .first()
        )
        if target is None:
            raise Http404("Målvärdet finns inte.")
        rows = self._rows([target.goal.city.code])
        found = next((r for r in rows if r["id"] == target.pk), None)
        if found is None:
            raise Http404("Målvärdet finns inte.")
        return found

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.get_serializer(self._row(int(kwargs["pk"]))).data)

    def answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        self._with_drafts = sees_drafts(self.request)
        return Response(self.get_serializer(self._row(pk)).data, status=code)

    def get_object(self) -> Target:
        """The target a write names, of a goal that is not deleted (reading answers
        assessed rows instead: ``retrieve``)."""
        target = (
            Target.objects.visible_to(self.request.user)
            .filter(goal__deleted_at__isnull=True)
            .select_related("goal__city", "indicator")
            .filter(pk=int(self.kwargs["pk"]))
            .first()
        )
        if target is None:
            raise Http404("Målvärdet finns inte.")
        return target

    def item_to_publish(self) -> Target:
        # The right to change the target is checked first, so an officer's refusal says
        # that they may not change it (as a publish of targets always has).
        return self.item_for_write()

    def create_arguments(self, parent: Model, data: dict[str, Any]) -> dict[str, Any]:
        assert isinstance(parent, Goal)  # ``parent`` names a goal
        data["indicator"] = indicator_for(parent.city, data["indicator"])
        return {"goal": parent, **data}

    def update_arguments(self, item: Target, data: dict[str, Any]) -> dict[str, Any]:
        if "indicator" in data:
            data["indicator_id"] = indicator_for(item.goal.city, data.pop("indicator")).pk
        return data
