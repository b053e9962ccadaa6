"""Read-only JSON API for contract versions (open data: published content only)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.contract_selectors import published_contracts
from cities.models import Commitment, Contract, FollowUpStatus, FollowUpTextKind, Party
from cities.selectors import city_get


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


class ContractVersionSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="Året versionen gäller för")
    title = serializers.CharField()
    has_content = serializers.BooleanField(
        help_text="false när versionens text ännu inte har förts in (se content_note)"
    )
    content_note = serializers.CharField()
    document_url = serializers.CharField(help_text="Det publicerade dokumentet, eller tom")
    source = serializers.CharField()
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
