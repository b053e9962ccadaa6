"""Read-only JSON API of the Klimatkontrakt versions (open data: published content only):

- ``/api/v1/cities/{code}/contracts/``: a city's published versions in full;
- ``/api/v1/contracts/``: the published versions, one row each;
- ``/api/v1/commitments/``: every party's commitments in those versions with the status of
  their latest published follow-up.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.selectors import city_get
from contracts.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    FollowUpStatus,
    FollowUpTextKind,
    Party,
)
from contracts.selectors import published_contracts
from core.api.collections import Collection
from core.api.pagination import Pagination
from core.api.params import CITY, YEAR, Param
from core.api.sources import credit


class ReferenceSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="Hänvisningens text (t.ex. en fotnot)")
    url = serializers.CharField(help_text="Adress, eller tom")


class FollowUpSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    status_label = serializers.CharField()
    comment = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CommitmentSerializer(serializers.Serializer):
    party = serializers.ChoiceField(
        choices=Party.choices,
        help_text="city, viable_cities, agencies (myndigheterna gemensamt), en av de sex "
        "myndigheterna, eller joint (alla parter gemensamt)",
    )
    party_label = serializers.CharField()
    section = serializers.CharField(help_text="Avsnittets nummer, t.ex. 3")
    number = serializers.CharField(help_text="Åtagandets nummer, t.ex. 3.9")
    title = serializers.CharField()
    text = serializers.CharField()
    references = ReferenceSerializer(many=True)
    status = serializers.ChoiceField(
        choices=FollowUpStatus.choices,
        allow_null=True,
        help_text="Status i den senaste publicerade uppföljningen; null = ej bedömd",
    )
    status_label = serializers.CharField()
    status_year = serializers.IntegerField(allow_null=True)
    follow_ups = FollowUpSerializer(many=True, help_text="Publicerade uppföljningar, nyast först")


class SectionSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    party = serializers.CharField(help_text="Partens kod, eller tom för avsnitt utan åtaganden")
    text = serializers.CharField()
    references = ReferenceSerializer(many=True)


class FollowUpTextSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=Party.choices)
    kind = serializers.ChoiceField(choices=FollowUpTextKind.choices)
    number = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField()
    references = ReferenceSerializer(many=True)
    year = serializers.IntegerField(
        allow_null=True, help_text="Uppföljningsåret; null för kontraktets egen text"
    )


class ContractVersionSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Året versionen gäller för")
    title = serializers.CharField()
    has_content = serializers.BooleanField(
        help_text="false när versionens text ännu inte har förts in (se content_note)"
    )
    content_note = serializers.CharField()
    document_url = serializers.CharField(help_text="Det publicerade dokumentet, eller tom")
    # The API's field ``source`` shadows DRF's Field.source, unused on a Serializer.
    source = serializers.CharField()  # type: ignore[assignment]
    published_at = serializers.DateTimeField(allow_null=True)
    page = serializers.CharField()
    sections = SectionSerializer(many=True)
    commitments = CommitmentSerializer(many=True)
    follow_up_texts = FollowUpTextSerializer(many=True)


class CityContractsSerializer(serializers.Serializer):
    city = serializers.CharField(help_text="Kommunkod")
    name = serializers.CharField()
    contracts = ContractVersionSerializer(many=True)


def _refs(references: list[dict]) -> list[dict[str, str]]:
    return [{"text": r.get("text", ""), "url": r.get("url", "")} for r in references or []]


def _commitment(commitment: Commitment, section_number: str) -> dict:
    follow_ups = commitment.visible_follow_ups  # published only, newest year first
    latest = follow_ups[0] if follow_ups else None
    return {
        "party": commitment.party,
        "party_label": commitment.get_party_display(),
        "section": section_number,
        "number": commitment.number,
        "title": commitment.title,
        "text": commitment.text,
        "references": _refs(commitment.references),
        "status": latest.status if latest else None,
        "status_label": latest.get_status_display() if latest else _("Ej bedömd"),
        "status_year": latest.year if latest else None,
        "follow_ups": [
            {
                "year": f.year,
                "status": f.status,
                "status_label": f.get_status_display(),
                "comment": f.comment,
                "updated_at": f.updated_at,
            }
            for f in follow_ups
        ],
    }


def contract_data(contract: Contract, request: Request | None) -> dict:
    """One published contract version as open data."""
    sections = list(contract.sections.all())
    page = contract.get_absolute_url()
    return {
        "year": contract.year,
        "title": contract.title,
        "has_content": bool(sections),
        "content_note": contract.content_note,
        "document_url": contract.document_url,
        "source": contract.source_reference,
        "published_at": contract.published_at,
        "page": request.build_absolute_uri(page) if request else page,
        "sections": [
            {
                "number": s.number,
                "title": s.title,
                "party": s.party,
                "text": s.text,
                "references": _refs(s.references),
            }
            for s in sections
        ],
        "commitments": [_commitment(c, s.number) for s in sections for c in s.commitments.all()],
        "follow_up_texts": [
            {
                "party": t.party,
                "kind": t.kind,
                "number": t.number,
                "title": t.title,
                "text": t.text,
                "references": _refs(t.references),
                "year": t.year,
            }
            for t in contract.visible_texts
        ],
    }


class CityContractsView(APIView):
    """A municipality's published Klimatkontrakt 2030 versions, oldest first: each version's
    `year`, its sections, every party's commitments (`party`, `section`, `text`) with the
    status of their latest published follow-up (`status`; null = not assessed), and the
    parties' texts of the joint yearly follow-up. Drafts are never included."""

    permission_classes = [AllowAny]

    @extend_schema(tags=["Klimatkontrakt"], responses=CityContractsSerializer)
    def get(self, request: Request, code: str) -> Response:
        city = city_get(code=code)
        contracts = published_contracts(city=city)
        return Response(
            {
                "city": city.code,
                "name": city.name,
                "contracts": [contract_data(c, request) for c in contracts],
            }
        )


# --- Contracts and commitments ----------------------------------------------------------------


class ContractRowSerializer(serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")
    has_content = serializers.SerializerMethodField(
        help_text="false när versionens text ännu inte har förts in (se content_note)"
    )
    commitment_count = serializers.IntegerField()
    # The API's field ``source`` shadows DRF's Field.source, unused on a Serializer.
    source = serializers.CharField(source="source_reference")  # type: ignore[assignment]
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
        # ``section_count`` is annotated by the list's queryset.
        return getattr(contract, "section_count", 0) > 0

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
        CITY.filtering("section__contract__city__code__in"),
        Param("year", "year", "Kontraktsversionens år", lookup="section__contract__year"),
        Param("party", "choice", "Part", choices=tuple(Party.values), lookup="party"),
        # The status is that of the newest published follow-up: decided per commitment
        # (``list``), not by a lookup.
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
        rows = [
            c
            for c in self.filter_queryset(self.get_queryset())
            if (c.published_follow_ups[0].status if c.published_follow_ups else "none") == wanted
        ]
        page = self.paginate_queryset(rows)
        data = self.get_serializer(page, many=True).data
        paginator = self.paginator
        assert isinstance(paginator, Pagination)
        return paginator.get_paginated_response(data, self.sources(page))

    def sources(self, items):
        return contract_credits(item.section.contract for item in items)
