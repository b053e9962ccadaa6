"""Open data of the territorial emission inventory:

- ``/api/v1/emissions/``: row by row (municipality, year, substance, sector, subsector);
- ``/api/v1/emissions/totals/``: a municipality's total (or a main sector's) per year;
- ``/api/v1/cities/{code}/emissions/``: one municipality's years with their sectors;
- ``/api/v1/emissions/revisions/``: what a newer release revised of an older one.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, F, Q, QuerySet, Value
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cities.selectors import city_get
from core.api.collections import Collection
from core.api.params import CITY, YEAR, YEAR_FROM, YEAR_TO, Param
from core.api.sources import credit
from core.cache import cached
from indicators.api.releases import RELEASE, SUBSTANCE
from indicators.assessments import last_ended_year
from indicators.models import EmissionRow, EmissionTotal, SourceRelease
from indicators.progress import Series, nowcast
from indicators.revisions import TOLERANCE_T, city_revisions, previous_release
from indicators.selectors import (
    city_emissions,
    emission_release,
    emission_releases,
    newest_emission_releases,
)

SECTOR = Param("sector", "str", "Huvudsektor, t.ex. Transporter", lookup="sector")
UNITS = {"GGT": "t CO2e"}

EmissionsResponse = inline_serializer(
    "EmissionsResponse",
    {
        "city": serializers.CharField(),
        "substance": serializers.CharField(),
        "release": serializers.CharField(),
        "release_id": serializers.IntegerField(),
        "publisher": serializers.CharField(),
        "unit": serializers.CharField(),
        "releases": serializers.ListField(child=serializers.DictField()),
        "estimates": serializers.DictField(
            help_text="Uppskattade år efter det senast publicerade (Theil–Sen), aldrig i years"
        ),
        "years": serializers.ListField(
            child=inline_serializer(
                "EmissionYear",
                {
                    "year": serializers.IntegerField(),
                    "total": serializers.FloatField(),
                    "total_stated": serializers.BooleanField(),
                    "sectors": serializers.DictField(child=serializers.FloatField()),
                },
            )
        ),
    },
)


class CityEmissionsView(APIView):
    """A municipality's territorial emissions per year: the total as the source states it
    (or the sum of main sectors when the source gives no total; then `total_stated` is
    false) and each main sector. Defaults to the newest release of greenhouse gases (GGT).
    `estimates`: the total's years after the latest published one up to the last year that
    has ended, estimated (Theil–Sen over the years since 2015, anchored on the last
    published value), never among `years`."""

    @extend_schema(
        tags=["Utsläpp"],
        parameters=[
            OpenApiParameter("substance", OpenApiTypes.STR, description="t.ex. GGT eller CO2"),
            OpenApiParameter("release", OpenApiTypes.INT, description="id of a release"),
        ],
        responses=EmissionsResponse,
    )
    def get(self, request: Request, code: str) -> Response:
        substance = request.query_params.get("substance", "GGT").upper()
        # A code or substance that names none is refused before the cache: never a key.
        if not (len(code) == 4 and code.isascii() and code.isdigit()):
            raise NotFound("Kommunen finns inte.")
        if not (0 < len(substance) <= 16 and substance.isascii() and substance.isalnum()):
            raise NotFound("Inga utsläppsdata för det ämnet.")
        release_param = request.query_params.get("release")
        release_id = None
        if release_param:
            if not release_param.isdigit():
                raise ValidationError({"release": "Ange id för en dataleverans (ett heltal)."})
            release_id = int(release_param)
        # The same answer for everyone (emissions have no drafts; they change only by
        # imports, which bump the generation): kept per data generation, and per the last
        # year that has ended (the estimates move on at New Year).
        ended = last_ended_year()
        key = f"api-city-emissions:{code}:{substance}:{release_id}:{ended}"
        return Response(cached(key, lambda: _city_emissions(code, substance, release_id, ended)))


def _city_emissions(code: str, substance: str, release_id: int | None, ended: int) -> dict:
    city = city_get(code=code)
    release = emission_release(substance=substance, release_id=release_id)
    if release is None:
        raise NotFound(f"Inga utsläppsdata för ämnet {substance} i den leveransen.")
    years = city_emissions(city=city, release=release)
    # The years after the latest published one up to the last that has ended,
    # estimated (never among ``years``): see indicators.progress.nowcast.
    estimates = nowcast(Series.from_mapping({y.year: y.total for y in years}), ended)
    return {
        "city": city.code,
        "substance": substance,
        "release": release.name,
        "release_id": release.pk,
        "publisher": release.publisher,
        "unit": UNITS.get(substance, "t"),
        "releases": [
            {"id": r.pk, "name": r.name, "covers_to": r.covers_to}
            for r in emission_releases(substance=substance)
        ],
        "years": [
            {
                "year": y.year,
                "total": y.total,
                "total_stated": y.total_stated,
                "sectors": y.sectors,
            }
            for y in years
        ],
        "estimates": estimates.to_dict(),
    }


class EmissionRowSerializer(serializers.Serializer):
    city = serializers.CharField(source="city_code", help_text="Kommunkod")
    city_name = serializers.CharField()
    year = serializers.IntegerField()
    substance = serializers.CharField(help_text="Ämne, t.ex. GGT (växthusgaser i CO2e)")
    sector = serializers.CharField(help_text="Huvudsektor; ”Alla” är kommunens totala utsläpp")
    subsector = serializers.CharField(help_text="Undersektor; ”Alla” är huvudsektorns summa")
    tonnes = serializers.FloatField(help_text="Ton per år (t CO2e för GGT)")
    release = serializers.IntegerField(source="release_id", help_text="Dataleveransens id")
    release_name = serializers.CharField(help_text="Dataleveransen")
    publisher = serializers.CharField(help_text="Utgivaren (källan att ange)")


def _newest_releases(query: dict) -> Q:
    """Unless a release is asked for (``RELEASE`` filters by it), the emission rows of
    the newest release of each substance, or of the one asked for (releases revise
    history, so mixing them would count years twice)."""
    if "release" in query:
        return Q()
    newest = newest_emission_releases()
    if "substance" in query:
        release = newest.get(query["substance"].upper())
        return Q(release_id=release.pk if release else None)
    return Q(release_id__in=[r.pk for r in newest.values()])


#: What an emission row or total says about its municipality and source.
EMISSION_SOURCE = {
    "city_code": F("city__code"),
    "city_name": F("city__name"),
    "release_name": F("release__name"),
    "publisher": F("release__publisher"),
}


def _emission_sources(items: list[dict]) -> list[dict[str, str]]:
    """The sources of emission rows (each row carries its release's name and publisher)."""
    seen = {(item["publisher"], item["release_name"]) for item in items}
    return [credit(publisher, name) for publisher, name in sorted(seen)]


@extend_schema(tags=["Utsläpp"])
class EmissionRowViewSet(Collection, viewsets.GenericViewSet, mixins.ListModelMixin):
    """The territorial emission inventory (Nationella emissionsdatabasen) row by row:
    per municipality, year, substance, main sector and subsector, in tonnes a year.
    Without `release`, the newest release of each substance (or of `substance`)."""

    serializer_class = EmissionRowSerializer
    params = (
        CITY,
        YEAR,
        YEAR_FROM,
        YEAR_TO,
        SUBSTANCE,
        RELEASE,
        SECTOR,
        Param("subsector", "str", "Undersektor; Alla = huvudsektorns summa", lookup="subsector"),
    )
    csv_name = "utslapp"
    cache_public = True  # emissions change only by imports, which bump the generation

    def get_queryset(self):
        query = EmissionRow.objects.filter(_newest_releases(self.query))
        return query.order_by("city__code", "substance", "year", "sector", "subsector").values(
            "year",
            "substance",
            "sector",
            "subsector",
            "tonnes",
            "release_id",
            **EMISSION_SOURCE,
        )

    def sources(self, items):
        return _emission_sources(items)


class EmissionTotalSerializer(serializers.Serializer):
    city = serializers.CharField(source="city_code", help_text="Kommunkod")
    city_name = serializers.CharField()
    year = serializers.IntegerField()
    substance = serializers.CharField()
    sector = serializers.CharField(
        allow_null=True, help_text="null: kommunens totala utsläpp; annars huvudsektorn"
    )
    tonnes = serializers.FloatField(help_text="Ton per år")
    total_stated = serializers.BooleanField(
        help_text="false när källan bara anger sektorer och summan är deras summa"
    )
    release = serializers.IntegerField(source="release_id", help_text="Dataleveransens id")
    release_name = serializers.CharField(help_text="Dataleveransen")
    publisher = serializers.CharField(help_text="Utgivaren (källan att ange)")


@extend_schema(tags=["Utsläpp"])
class EmissionTotalViewSet(Collection, viewsets.GenericViewSet, mixins.ListModelMixin):
    """A municipality's emissions per year: its total as the source states it (or the
    sum of the main sectors when the source gives none; then `total_stated` is false),
    or with `sector` that main sector's total. Without `release`, the newest release of
    each substance (or of `substance`)."""

    serializer_class = EmissionTotalSerializer
    params = (CITY, YEAR, YEAR_FROM, YEAR_TO, SUBSTANCE, RELEASE, SECTOR)
    csv_name = "utslapp-totalt"
    cache_public = True

    def get_queryset(self) -> QuerySet[Any]:
        rows: QuerySet[Any]
        if "sector" in self.query:
            # A main sector's total is its "Alla" subsector row (``SECTOR`` picks the
            # sector), always stated.
            rows = EmissionRow.objects.filter(subsector=EmissionRow.TOTAL).annotate(
                total_stated=Value(True, output_field=BooleanField())
            )
        else:
            # The municipality totals are stored per release: one row per municipality
            # and year, no aggregation over sector rows.
            rows = EmissionTotal.objects.annotate(
                total_stated=F("stated"), substance=F("release__substance")
            )
        return (
            rows.filter(_newest_releases(self.query))
            .values(
                "year",
                "tonnes",
                "release_id",
                "total_stated",
                "substance",
                **EMISSION_SOURCE,
            )
            # By expressions: "city_code" is a name the values above give, not a field.
            .order_by(F("city_code"), F("substance"), F("year"), F("release_id"))
        )

    def prepare(self, items):
        sector = self.query.get("sector")
        for item in items:
            item["sector"] = sector
        return items

    def sources(self, items):
        return _emission_sources(items)


RevisionsResponse = inline_serializer(
    "EmissionRevisionsResponse",
    {
        "city": serializers.CharField(),
        "substance": serializers.CharField(),
        "unit": serializers.CharField(),
        "from": serializers.DictField(),
        "to": serializers.DictField(),
        "tolerance": serializers.FloatField(),
        "revisions": serializers.ListField(
            child=inline_serializer(
                "EmissionRevision",
                {
                    "year": serializers.IntegerField(),
                    "sector": serializers.CharField(allow_null=True),
                    "from_value": serializers.FloatField(),
                    "to_value": serializers.FloatField(),
                    "change": serializers.FloatField(),
                    "change_pct": serializers.FloatField(allow_null=True),
                },
            )
        ),
        "years_removed": serializers.ListField(child=serializers.IntegerField()),
        "years_added": serializers.ListField(child=serializers.IntegerField()),
        "sources": serializers.ListField(child=serializers.DictField()),
    },
)


#: A release id as the schema declares it: what ``_release_param`` accepts.
RELEASE_ID = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}


def _release_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or int(raw) >= 2**31:
        raise ValidationError(
            {name: "Ange id för en dataleverans (ett heltal, se /api/v1/releases/)."}
        )
    return int(raw)


def _release_ref(release: SourceRelease) -> dict[str, object]:
    return {
        "id": release.pk,
        "name": release.name,
        "publisher": release.publisher,
        "released_on": release.released_on.isoformat() if release.released_on else None,
        "covers_to": release.covers_to,
    }


class EmissionRevisionsView(APIView):
    """What a newer emission release revised for one municipality: every year and main
    sector (`sector` null: the municipality's total) whose value differs between the
    releases `from` and `to` by at least `tolerance` tonnes, with both values and the
    change; the years only one of them publishes. `from` and `to` are release ids (see
    `/api/v1/releases/`); without them, `to` is the newest release of `substance`
    (default GGT) and `from` the one before it."""

    @extend_schema(
        tags=["Utsläpp"],
        parameters=[
            OpenApiParameter(
                "city",
                {"type": "string", "pattern": r"^\d{4}$"},
                required=True,
                description="Kommunkod",
            ),
            OpenApiParameter("substance", OpenApiTypes.STR, description="t.ex. GGT eller CO2"),
            OpenApiParameter("from", RELEASE_ID, description="id of the older release"),
            OpenApiParameter("to", RELEASE_ID, description="id of the newer release"),
        ],
        responses={
            200: RevisionsResponse,
            404: OpenApiResponse(description="Kommunen eller dataleveransen finns inte"),
        },
    )
    def get(self, request: Request) -> Response:
        code = request.query_params.get("city", "")
        if not code:
            raise ValidationError({"city": "Ange en kommunkod, t.ex. 2480."})
        city = city_get(code=code)
        substance = request.query_params.get("substance", "GGT").upper()
        new = emission_release(substance=substance, release_id=_release_param(request, "to"))
        if new is None:
            raise NotFound(f"Ingen dataleverans av {substance} med det id:t.")
        old_id = _release_param(request, "from")
        old = (
            emission_release(substance=substance, release_id=old_id)
            if old_id is not None
            else previous_release(new)
        )
        if old is None:
            raise NotFound(f"Ingen äldre dataleverans av {substance} att jämföra med.")
        if old.pk == new.pk:
            raise ValidationError({"from": "Ange två olika dataleveranser."})
        found = city_revisions(city=city, old=old, new=new)
        return Response(
            {
                "city": city.code,
                "substance": substance,
                "unit": UNITS.get(substance, "t"),
                "from": _release_ref(old),
                "to": _release_ref(new),
                "tolerance": TOLERANCE_T,
                "revisions": [r.to_dict() for r in found.revised],
                "years_removed": list(found.years_removed),
                "years_added": list(found.years_added),
                "sources": [credit(r.publisher, r.name) for r in (old, new)],
            }
        )
