"""A municipality's climate goals with every target assessed
(``/api/v1/cities/{code}/goals/``): the status, explanation, rates and the points the
city page draws."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.permissions import can_view_drafts
from cities.selectors import city_get
from core.cache import cached
from indicators.assessments import CityProgress, Status, city_progress, last_ended_year
from indicators.models import TargetKind
from indicators.references import references_of


def _points(name: str) -> serializers.ListField:
    return serializers.ListField(
        child=inline_serializer(
            name, {"year": serializers.IntegerField(), "value": serializers.FloatField()}
        )
    )


TargetProgressSerializer = inline_serializer(
    "TargetProgress",
    {
        "id": serializers.IntegerField(),
        "goal_id": serializers.IntegerField(),
        "indicator": serializers.DictField(),
        "kind": serializers.ChoiceField(choices=TargetKind.values),
        "direction": serializers.CharField(),
        "base_year": serializers.IntegerField(allow_null=True),
        "base_value": serializers.FloatField(
            allow_null=True, help_text="The base year's value in `unit`, as judged."
        ),
        "target_year": serializers.IntegerField(allow_null=True),
        "target_value": serializers.FloatField(
            allow_null=True,
            help_text="The target in `unit` (a % change or net-zero residual resolved against "
            "the base value); null when it cannot be resolved or the target has no number.",
        ),
        "stated_value": serializers.FloatField(
            allow_null=True, help_text="The number as the goal states it (e.g. -85 for −85 %)."
        ),
        "unit": serializers.CharField(),
        "status": serializers.ChoiceField(choices=[s.value for s in Status]),
        "status_label": serializers.CharField(),
        "reason": serializers.CharField(),
        "explanation": serializers.CharField(help_text="One sentence in Swedish."),
        "explanation_en": serializers.CharField(),
        "latest": serializers.DictField(allow_null=True),
        "needed_rate_pct": serializers.FloatField(allow_null=True),
        "actual_rate_pct": serializers.FloatField(allow_null=True),
        "projected_value": serializers.FloatField(allow_null=True),
        "projected_low": serializers.FloatField(allow_null=True),
        "projected_high": serializers.FloatField(allow_null=True),
        "year_reached": serializers.IntegerField(allow_null=True),
        "pathway_kind": serializers.CharField(allow_null=True),
        "pathway": _points("PathwayPoint"),
        "trend": _points("TrendPoint"),
        "band": serializers.ListField(child=serializers.DictField()),
        "observations": serializers.ListField(child=serializers.DictField()),
        "sources": serializers.ListField(child=serializers.DictField()),
    },
)

GoalsResponse = inline_serializer(
    "CityGoals",
    {
        "city": serializers.CharField(),
        "name": serializers.CharField(),
        "goals": serializers.ListField(
            child=inline_serializer(
                "GoalProgress",
                {
                    "id": serializers.IntegerField(),
                    "title": serializers.CharField(),
                    "description": serializers.CharField(),
                    "scope": serializers.CharField(),
                    "target_year": serializers.IntegerField(allow_null=True),
                    "decided_by": serializers.CharField(),
                    "decided_on": serializers.DateField(allow_null=True),
                    "source_reference": serializers.CharField(),
                    "origin": serializers.ChoiceField(
                        choices=["city", "reported"],
                        help_text="city: entered by the city; reported: what the city "
                        "reported to CDP-ICLEI (the city's own goals win where both exist).",
                    ),
                    "is_published": serializers.BooleanField(),
                    "targets": serializers.ListField(child=TargetProgressSerializer),
                },
            )
        ),
        "carbon_budget": serializers.DictField(allow_null=True),
        "references": serializers.DictField(
            help_text="Two references of the territorial emissions, never the city's own "
            "goals: `national` (Sweden's goal applied to the municipality: −85 % against "
            "1990 by 2045, assessed like a target) and `paris` (Klimatkollen's Paris check: "
            "the trend's cumulative emissions 2025–2050 within the Carbon Law path, −11.72 % "
            "a year from 2025)."
        ),
    },
)


def goals_payload(progress: CityProgress) -> dict[str, object]:
    """The goals API's body for a city's progress (plain JSON data)."""
    city = progress.city
    goals = []
    for goal_progress in progress.goals:
        goal = goal_progress.goal
        goals.append(
            {
                "id": goal.pk,
                "title": goal.title,
                "description": goal.description,
                "scope": goal.scope,
                "target_year": goal.target_year,
                "decided_by": goal.decided_by,
                "decided_on": goal.decided_on.isoformat() if goal.decided_on else None,
                "source_reference": goal.source_reference,
                "origin": goal.origin,
                "is_published": goal.is_published,
                "targets": [t.to_dict() for t in goal_progress.targets],
            }
        )
    budget = None
    if progress.budget is not None:
        row = progress.budget.budget
        assessed = progress.budget.assessment
        budget = {
            "label": "Klimatkollens fördelning",
            "label_en": "Klimatkollen's allocation",
            "substance": row.substance,
            "unit": f"t {row.substance}",
            "amount": row.amount,
            "start_year": row.start_year,
            "end_year": row.end_year,
            "source": {"publisher": row.release.publisher, "release": row.release.name},
            "assessment": assessed.to_dict() if assessed is not None else None,
            "pathway": (
                [{"year": y, "value": v} for y, v in progress.budget.pathway.points()]
                if progress.budget.pathway is not None
                else []
            ),
        }
    references = references_of(progress.emissions.get("GGT", [])).to_dict()
    release = progress.releases.get("GGT")
    source = {"publisher": release.publisher, "release": release.name} if release else None
    for reference in references.values():
        assert isinstance(reference, dict)
        reference["source"] = source
    return {
        "city": city.code,
        "name": city.name,
        "goals": goals,
        "carbon_budget": budget,
        "references": references,
    }


class CityGoalsView(APIView):
    """A municipality's climate goals with every target assessed: status (achieved,
    on_track, at_risk, off_track, no_data, insufficient_data), a one-sentence explanation,
    the rates needed and seen, and the pathway, trend and band points the city page
    draws. Anonymous visitors get published goals and targets; a city's officers and
    programme staff also drafts (`is_published` false). Values are in each target's
    `unit`; the carbon budget is Klimatkollen's allocation (a derived figure)."""

    @extend_schema(tags=["Klimatmål"], responses=GoalsResponse)
    def get(self, request: Request, code: str) -> Response:
        city = city_get(code=code)
        user = request.user
        if can_view_drafts(user, city):
            return Response(goals_payload(city_progress(city, user=user)))
        # The public answer is the same for everyone: cached per data generation.
        return Response(
            cached(
                f"api-goals:{city.code}:{last_ended_year()}",  # estimates move on at New Year
                lambda: goals_payload(city_progress(city)),
            )
        )
