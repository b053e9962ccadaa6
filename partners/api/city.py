"""A city's published climate partnerships (``/api/v1/cities/{code}/partners/``): each
partnership with its events, member organisations, their commitments and yearly
follow-ups, and the follow-ups' status counts per year."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from actions.dates import format_partial_date
from cities.selectors import city_get
from partners.models import (
    Member,
    MemberCommitment,
    MemberFollowUp,
    MemberFollowUpStatus,
    PartnershipEvent,
)
from partners.selectors import PartnershipView, partnerships_published


class MemberFollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = MemberFollowUp
        fields = ["year", "status", "text", "value", "published_at"]


class MemberCommitmentSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="key", read_only=True
    )
    follow_ups = MemberFollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = MemberCommitment
        fields = ["id", "text", "sector", "target_year", "target_value", "indicator", "follow_ups"]


class PartnerMemberSerializer(serializers.ModelSerializer):
    commitments = MemberCommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Member
        fields = ["id", "name", "kind", "joined_on", "left_on", "commitments"]


class PartnershipEventSerializer(serializers.ModelSerializer):
    date = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipEvent
        fields = ["date", "title", "description", "organisations_joined", "source_reference"]

    def get_date(self, event: PartnershipEvent) -> str:
        return format_partial_date(event.date, event.date_precision)


class PartnershipSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="partnership.pk")
    name = serializers.CharField(source="partnership.name")
    description = serializers.CharField(source="partnership.description")
    founded = serializers.SerializerMethodField()
    focus_areas = serializers.ListField(source="partnership.focus_area_list")
    website = serializers.CharField(source="partnership.website")
    source_reference = serializers.CharField(source="partnership.source_reference")
    organisations_joined_per_year = serializers.SerializerMethodField()
    events = PartnershipEventSerializer(many=True)
    members = PartnerMemberSerializer(many=True)
    status_counts = serializers.SerializerMethodField()

    def get_founded(self, view: PartnershipView) -> str | None:
        return format_partial_date(view.partnership.founded_on, "month") or None

    def get_organisations_joined_per_year(self, view: PartnershipView) -> dict[str, int]:
        return {str(year): n for year, n in sorted(view.joined_per_year.items())}

    def get_status_counts(self, view: PartnershipView) -> list[dict]:
        return [
            {"year": year, **dict(zip(MemberFollowUpStatus.values, counts, strict=True))}
            for year, counts, _total in view.status_table()
        ]


class CityPartnershipsView(APIView):
    """A municipality's published climate partnerships (lokala klimatkontrakt): what each
    is and when it was founded, its events and organisations joined per year, its member
    organisations (company, public, ngo, academia) with their commitments and yearly
    follow-ups, and the number of commitments per follow-up status and year."""

    @extend_schema(
        tags=["Partnerskap"],
        responses=inline_serializer(
            "CityPartnerships",
            {
                "city": serializers.CharField(),
                "partnerships": PartnershipSerializer(many=True),
            },
        ),
    )
    def get(self, request: Request, code: str) -> Response:
        city = city_get(code=code)
        views = partnerships_published(city)
        data = PartnershipSerializer(views, many=True, context={"request": request}).data
        return Response({"city": city.code, "partnerships": data})
