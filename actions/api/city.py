"""A city's published actions (``/api/v1/cities/{code}/actions/``), and how the API shows
an action and a follow-up (the write API's rows add their bookkeeping)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from actions.dates import format_partial_date
from actions.models import Action, FollowUp
from actions.selectors import published_actions
from cities.selectors import city_get
from core import links


class FollowUpSerializer(serializers.ModelSerializer):
    period = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = FollowUp
        fields = [
            "date",
            "period",
            "status",
            "status_label",
            "progress_pct",
            "text",
            "is_effect_follow_up",
            "realised_reduction",
            "published_at",
        ]

    def get_period(self, follow_up: FollowUp) -> dict:
        return {
            "label": follow_up.period_label,
            "year": follow_up.period_year,
            "number": follow_up.period_number,
            "per_year": follow_up.periods_per_year,
            "end": follow_up.period_end.isoformat(),
        }


class ActionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    sector_label = serializers.CharField(source="get_sector_display")
    lever_label = serializers.CharField(source="get_lever_display")
    status_label = serializers.CharField(source="get_status_display")
    stage_label = serializers.CharField(source="get_stage_display")
    funding_status_label = serializers.CharField(source="get_funding_status_display")
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    expected_reduction = serializers.SerializerMethodField()
    goals = serializers.SerializerMethodField()
    indicators = serializers.SerializerMethodField()
    costs = serializers.SerializerMethodField()
    latest_follow_up = serializers.SerializerMethodField()

    class Meta:
        model = Action
        fields = [
            "id",
            "url",
            "title",
            "description",
            "responsible_body",
            "partners",
            "contact_person",
            "sector",
            "sector_label",
            "lever",
            "lever_label",
            "status",
            "status_label",
            "stage",
            "stage_label",
            "stage_dates",
            "start",
            "end",
            "goals",
            "indicators",
            "expected_reduction",
            "funding_source",
            "funding_status",
            "funding_status_label",
            "costs",
            "co_benefits",
            "kind",
            "climate_risks",
            "conflict_note",
            "lessons_learned",
            "share_with_other_cities",
            "source_reference",
            "published_at",
            "updated_at",
            "latest_follow_up",
        ]

    def get_url(self, action: Action) -> str:
        request = self.context.get("request")
        path = links.page_url(action)
        return request.build_absolute_uri(path) if request else path

    def get_start(self, action: Action) -> str | None:
        return format_partial_date(action.start_date, action.start_precision) or None

    def get_end(self, action: Action) -> str | None:
        return format_partial_date(action.end_date, action.end_precision) or None

    def get_expected_reduction(self, action: Action) -> dict | None:
        if action.expected_reduction is None:
            return None
        return {
            "unit": "t CO2e/år",
            "central": action.expected_reduction,
            "low": action.expected_reduction_low,
            "high": action.expected_reduction_high,
            "from_year": action.effect_from_year,
        }

    def get_goals(self, action: Action) -> list[dict]:
        return [{"id": g.pk, "title": g.title} for g in action.goals.all()]

    def get_indicators(self, action: Action) -> list[str]:
        return [i.key for i in action.indicators.all()]

    def get_costs(self, action: Action) -> list[dict]:
        return [
            {
                "year": c.year,
                "investment_sek": c.investment_sek,
                "operating_sek": c.operating_sek,
                "funding_source": c.funding_source or action.funding_source,
                "funding_status": c.funding_status or action.funding_status,
            }
            for c in action.costs.all()
        ]

    def get_latest_follow_up(self, action: Action) -> dict | None:
        follow_ups = list(action.follow_ups.all())  # prefetched, newest period first
        return FollowUpSerializer(follow_ups[0]).data if follow_ups else None


ActionsResponse = inline_serializer(
    "ActionsResponse",
    {
        "city": serializers.CharField(),
        "count": serializers.IntegerField(),
        "actions": ActionSerializer(many=True),
    },
)


class CityActionsView(APIView):
    """A municipality's published actions (åtgärder) with every field, their yearly
    costs and their latest published follow-up. Expected reductions are t CO2e a year;
    `expected_reduction` is null when the city has not estimated the effect."""

    @extend_schema(tags=["Åtgärder"], responses=ActionsResponse)
    def get(self, request: Request, code: str) -> Response:
        city = city_get(code=code)
        actions = published_actions(city=city)
        for action in actions:
            action.city = city  # spare a query per action for its page address
        data = ActionSerializer(actions, many=True, context={"request": request}).data
        return Response({"city": city.code, "count": len(actions), "actions": data})
