"""Open data of the yearly follow-ups of partnership members' commitments
(``/api/v1/member-follow-ups/``), and the city's officers' writes of them through
``cities.api.editable`` (a member organisation's contact persons enter theirs on the
member page, ``/kommuner/<namn>/partnerskap/medlem/<id>/``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Model
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from cities.api.credits import city_credits
from cities.api.drafts import BOOKKEEPING, EditableFields
from cities.api.editable import EditableResource, Parent, Service, editable_schema
from cities.api.writes import VersionSerializer
from cities.models import City
from cities.services import content_delete, content_publish
from core.api.params import CITY, PUBLISHED_ONLY, Param
from partners.models import MemberCommitment, MemberFollowUp, MemberFollowUpStatus
from partners.services import member_follow_up_create, member_follow_up_update


class CommitmentParent(Parent):
    """A new follow-up's commitment, by its id, if the person may read it (its city is
    three steps away, so it is read with it)."""

    def find(self, request: Request) -> Model | None:
        raw = request.data.get(self.field) if isinstance(request.data, Mapping) else None
        if not isinstance(raw, int | str) or not str(raw).isdigit() or int(raw) >= 2**31:
            return None
        readable = MemberCommitment.objects.visible_to(request.user)
        return readable.select_related("member__partnership__city").filter(pk=int(raw)).first()


class MemberFollowUpRowSerializer(EditableFields, serializers.ModelSerializer):
    commitment = serializers.IntegerField(source="commitment_id")
    member = serializers.CharField(source="commitment.member.name")
    city = serializers.CharField(source="commitment.member.partnership.city.code")

    class Meta:
        model = MemberFollowUp
        fields = [
            "id",
            "commitment",
            "member",
            "city",
            "year",
            "status",
            "text",
            "value",
            *BOOKKEEPING,
        ]


class MemberFollowUpWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    status = serializers.ChoiceField(choices=MemberFollowUpStatus.choices)
    text = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    value = serializers.FloatField(allow_null=True, required=False, min_value=-1e15, max_value=1e15)


class MemberFollowUpCreateSerializer(MemberFollowUpWriteSerializer):
    commitment = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="Åtagandets id"
    )


class MemberFollowUpUpdateSerializer(VersionSerializer, MemberFollowUpWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""

    year = serializers.IntegerField(min_value=1990, max_value=2100, required=False)
    status = serializers.ChoiceField(choices=MemberFollowUpStatus.choices, required=False)


@editable_schema(
    list="Uppföljningar av partnerskapsmedlemmars åtaganden",
    retrieve="En uppföljning",
    create="Ny årlig uppföljning av ett åtagande (handläggare); sparas som utkast",
    update="Ändra en uppföljning (handläggare)",
    destroy="Ta bort en uppföljning (handläggare)",
    publish="Publicera en uppföljning (kommunadministratör)",
)
@extend_schema(tags=["Partnerskap"])
class MemberFollowUpViewSet(EditableResource[MemberFollowUp]):
    """Yearly follow-ups of the commitments of climate partnerships' member organisations
    (status, text, optional value reached). Anonymous readers get published ones; the
    city's people also drafts (`state`)."""

    serializer_class = MemberFollowUpRowSerializer
    params = (
        CITY.filtering("commitment__member__partnership__city__code__in"),
        Param("commitment", "int", "Åtagandets id", lookup="commitment_id"),
        Param("year", "year", "År", lookup="year"),
        Param(
            "status",
            "choice",
            "Status",
            choices=tuple(MemberFollowUpStatus.values),
            lookup="status",
        ),
        PUBLISHED_ONLY,
    )
    csv_name = "medlemsuppfoljningar"
    model = MemberFollowUp
    parent = CommitmentParent("commitment", MemberCommitment, gettext_lazy("Åtagandet finns inte."))
    city_path = "commitment.member.partnership.city"
    create_serializer = MemberFollowUpCreateSerializer
    update_serializer = MemberFollowUpUpdateSerializer
    create_service = Service(member_follow_up_create)
    update_service = Service(member_follow_up_update, item="follow_up")
    delete_service = Service(content_delete)
    publish_service = Service(content_publish)
    deleted_on_publish = "Borttagningen är publicerad"

    def get_queryset(self):
        if self.with_drafts:
            query = MemberFollowUp.objects.visible_to(self.request.user)
        else:
            query = MemberFollowUp.objects.published().filter(
                commitment__is_published=True, commitment__deleted_at__isnull=True
            )
        return query.select_related("commitment__member__partnership__city").order_by(
            "commitment__member__partnership__city__code", "commitment_id", "year", "id"
        )

    def city_of_parent(self, parent: Model) -> City:
        assert isinstance(parent, MemberCommitment)
        return parent.member.partnership.city

    def sources(self, items):
        return city_credits([item.commitment.member.partnership for item in items])
