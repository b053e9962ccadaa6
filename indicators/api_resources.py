"""Open data of what is measured, and officers' writes of values and targets:

- ``/api/v1/releases/``: the data deliveries every value comes from;
- ``/api/v1/indicators/``: indicator definitions (shared and cities' own);
- ``/api/v1/observations/``: values (utfall) per city, indicator and year; officers
  create and change them (drafts), administrators publish them;
- ``/api/v1/emissions/`` and ``/api/v1/emissions/totals/``: the territorial emission
  inventory, row by row and as a municipality's total (or a main sector's) per year;
- ``/api/v1/targets/``: targets (målvärden) with their status from the progress engine;
  administrators create, change and publish them.

Reading follows ``cities.api_writes`` (published rows for the public; a city's people
also its drafts); every write goes through ``indicators.services`` or
``cities.services`` with the same permissions as the workspace's forms.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import BooleanField, Exists, F, OuterRef, Q, Value
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cities.api_writes import (
    PUBLISHED,
    STATES,
    EditableFields,
    EditableResource,
    Parent,
    Service,
    VersionSerializer,
    editable_schema,
    sees_drafts,
    state_of,
    working_copies,
)
from cities.models import City, Goal
from cities.services import content_publish
from core.api.collections import Collection
from core.api.params import CITY, PUBLISHED_ONLY, YEAR, YEAR_FROM, YEAR_TO, Param
from core.api.sources import credit
from core.cache import cached
from indicators import assessments as a
from indicators.models import (
    EmissionRow,
    EmissionTotal,
    Indicator,
    Observation,
    ObservationStatus,
    PathwayKind,
    SourceRelease,
    Target,
    TargetKind,
)
from indicators.selectors import (
    carbon_budgets,
    emission_totals,
    newest_emission_releases,
    observation_series,
)
from indicators.services import (
    observation_create,
    observation_delete,
    observation_update,
    target_create,
    target_delete,
    target_update,
)

RELEASE = Param(
    "release", "int", "Id för en dataleverans (se /api/v1/releases/)", lookup="release_id"
)
SUBSTANCE = Param(
    "substance", "str", "Ämne, t.ex. GGT (växthusgaser), CO2, CH4", lookup="substance__iexact"
)
SECTOR = Param("sector", "str", "Huvudsektor, t.ex. Transporter", lookup="sector")
INDICATOR = Param(
    "indicator",
    "str",
    "Indikatorns nyckel, t.ex. population; flera med komma",
    many=True,
    lookup="indicator__key__in",
)


def release_credits(releases) -> list[dict[str, str]]:
    """The sources of rows from these releases, each once, in the order first met."""
    seen: dict[int, dict[str, str]] = {}
    for release in releases:
        if release is not None and release.pk not in seen:
            seen[release.pk] = credit(release.publisher, release.name)
    return list(seen.values())


class FiniteFloatField(serializers.FloatField):
    """A number; "NaN" and infinities are refused (they are not values of anything)."""

    def to_internal_value(self, data: Any) -> float:
        value = super().to_internal_value(data)
        if not math.isfinite(value):
            self.fail("invalid")
        return value


# --- Releases -------------------------------------------------------------------------------


class ReleaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceRelease
        fields = ["id", "source", "name", "publisher", "released_on", "covers_to", "substance"]


@extend_schema(tags=["Källor"])
class ReleaseViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """The data deliveries (dataleveranser) behind the values, newest first: who
    published each (`publisher`), its name, when, and the last year it covers. Every
    value in the API names its release; revised releases are kept beside older ones."""

    serializer_class = ReleaseSerializer
    params = (SUBSTANCE, Param("source", "str", "Källans kod, t.ex. smhi-ned", lookup="source"))
    csv_name = "dataleveranser"

    def get_queryset(self):
        # Only releases that hold something public (an officer's source name is not
        # public until one of its values is published).
        public = (
            Exists(EmissionRow.objects.filter(release=OuterRef("pk")))
            | Exists(Observation.objects.published().filter(release=OuterRef("pk")))
            | Exists(SourceRelease.objects.filter(pk=OuterRef("pk"), carbon_budgets__isnull=False))
        )
        return SourceRelease.objects.filter(public).order_by(
            F("covers_to").desc(nulls_last=True), F("released_on").desc(nulls_last=True), "-id"
        )

    def sources(self, items):
        return release_credits(items)


# --- Indicators -----------------------------------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    city = serializers.CharField(
        source="city.code", allow_null=True, default=None, help_text="null: gemensam indikator"
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "key",
            "name",
            "unit",
            "direction",
            "scope",
            "source",
            "description",
            "kolada_id",
            "emission_substance",
            "emission_sector",
            "city",
        ]


@extend_schema(tags=["Indikatorer"])
class IndicatorViewSet(Collection, viewsets.ReadOnlyModelViewSet):
    """Indicator definitions: the shared ones and each city's own (`city`). Indicators
    with `emission_substance` take their values from the emission inventory
    (/api/v1/emissions/); the others from /api/v1/observations/."""

    serializer_class = IndicatorSerializer
    params = (
        Param(
            "city",
            "code",
            "Indikatorer som kommunen kan använda: de gemensamma och kommunens egna",
            lookup=lambda code: Q(city__isnull=True) | Q(city__code=code),
        ),
        Param("key", "str", "Indikatorns nyckel", lookup="key"),
        Param("scope", "choice", "Avgränsning", choices=("area", "organisation"), lookup="scope"),
    )
    csv_name = "indikatorer"

    def get_queryset(self):
        return Indicator.objects.alive().select_related("city").order_by("name", "id")


# --- Observations ---------------------------------------------------------------------------

OBSERVATION_NAMES = {"release_id": "source", "release": "source", "indicator_id": "indicator"}


class ReleaseRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SourceRelease
        fields = ["id", "name", "publisher", "released_on"]


class ObservationSerializer(EditableFields, serializers.ModelSerializer):
    city = serializers.CharField(source="city.code", help_text="Kommunkod")
    city_name = serializers.CharField(source="city.name")
    indicator = serializers.CharField(source="indicator.key", help_text="Indikatorns nyckel")
    indicator_name = serializers.CharField(source="indicator.name")
    unit = serializers.CharField(source="indicator.unit")
    release = ReleaseRefSerializer(help_text="Dataleveransen värdet kommer från")

    class Meta:
        model = Observation
        fields = [
            "id",
            "city",
            "city_name",
            "indicator",
            "indicator_name",
            "unit",
            "year",
            "value",
            "status",
            "uncertainty_low",
            "uncertainty_high",
            "note",
            "release",
            "version",
            "is_published",
            "state",
            "published_at",
            "updated_at",
        ]


class ObservationWriteSerializer(serializers.Serializer):
    """A value as an officer enters it (the same fields as the workspace's form)."""

    year = serializers.IntegerField(min_value=1900, max_value=2100)
    value = FiniteFloatField()
    status = serializers.ChoiceField(choices=ObservationStatus.choices)
    source = serializers.CharField(
        max_length=200,
        help_text="Var värdet kommer från, t.ex. ”Resvaneundersökning 2024”",
    )
    note = serializers.CharField(allow_blank=True, required=False, max_length=5000)
    uncertainty_low = FiniteFloatField(allow_null=True, required=False)
    uncertainty_high = FiniteFloatField(allow_null=True, required=False)


class ObservationCreateSerializer(ObservationWriteSerializer):
    city = serializers.RegexField(r"^\d{4}$", help_text="Kommunkod, t.ex. 2480")
    indicator = serializers.CharField(max_length=64, help_text="Indikatorns nyckel")


class ObservationUpdateSerializer(VersionSerializer, ObservationWriteSerializer):
    """Only the fields sent change; ``version`` is the one you read."""


def indicator_for(city: City, key: str) -> Indicator:
    """The indicator a body names by its key, among those the city may use, or 400."""
    indicator = Indicator.objects.available_to(city).filter(key=key).first()
    if indicator is None:
        raise serializers.ValidationError(
            {"indicator": [_("Indikatorn finns inte för den här kommunen.")]}
        )
    return indicator


@editable_schema(
    list="Värden (utfall)",
    retrieve="Ett värde",
    create="Nytt värde (handläggare); sparas som utkast",
    update="Ändra ett värde (handläggare); en publicerad ändring väntar på publicering",
    destroy="Ta bort ett värde (handläggare)",
    publish="Publicera ett värde, dess ändring eller borttagning (kommunadministratör)",
)
@extend_schema(tags=["Värden"])
class ObservationViewSet(EditableResource):
    """Values (utfall) of indicators per city and year, each with its status (final,
    preliminary, estimate), uncertainty range and the release it came from. Anonymous
    readers get published values; a city's people also its drafts (`state`). Emission
    series are at /api/v1/emissions/."""

    serializer_class = ObservationSerializer
    params = (
        CITY,
        INDICATOR,
        YEAR,
        YEAR_FROM,
        YEAR_TO,
        Param(
            "status", "choice", "Status", choices=tuple(ObservationStatus.values), lookup="status"
        ),
        RELEASE,
        PUBLISHED_ONLY,
    )
    csv_name = "utfall"
    model = Observation
    names = OBSERVATION_NAMES
    create_serializer = ObservationCreateSerializer
    update_serializer = ObservationUpdateSerializer
    create_service = Service(observation_create)
    update_service = Service(observation_update, item="observation")
    delete_service = Service(observation_delete, item="observation")
    publish_service = Service(content_publish)
    deleted_on_publish = "Borttagningen är publicerad; värdet är borta"

    def get_queryset(self):
        user = self.request.user
        query = (
            Observation.objects.visible_to(user)
            if self.with_drafts
            else Observation.objects.published()
        )
        return query.select_related("city", "indicator", "release").order_by(
            "indicator__key", "city__code", "year", "release_id", "id"
        )

    def sources(self, items):
        return release_credits(item.release for item in items)

    def create_arguments(self, parent: City, data: dict[str, Any]) -> dict[str, Any]:
        indicator = indicator_for(parent, data.pop("indicator"))
        return {"city": parent, "indicator": indicator, **data}


# --- Emissions ------------------------------------------------------------------------------


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

    def get_queryset(self):
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
            .order_by("city_code", "substance", "year", "release_id")
        )

    def prepare(self, items):
        sector = self.query.get("sector")
        for item in items:
            item["sector"] = sector
        return items

    def sources(self, items):
        return _emission_sources(items)


# --- Targets with their status --------------------------------------------------------------

TARGET_NAMES = {"indicator_id": "indicator", "goal_id": "goal"}


def assess_pairs(pairs: list[tuple[Goal, Target]], *, user) -> list[a.TargetAssessment]:
    """Assess targets of any number of cities in a fixed number of queries (releases,
    one per emission substance and one for its sectors, observations, carbon budgets),
    the same way ``indicators.assessments.city_progress`` does for one city."""
    if not pairs:
        return []
    city_ids = sorted({goal.city_id for goal, _ in pairs})
    releases = newest_emission_releases()
    substances = {t.indicator.emission_substance for _, t in pairs} - {""}
    sectors = {t.indicator.emission_sector for _, t in pairs} - {""}
    emissions: dict[int, dict[str, list]] = {cid: {} for cid in city_ids}
    for substance in substances:
        release = releases.get(substance)
        if release is None:
            continue
        totals = emission_totals(release=release, city_ids=city_ids)
        by_sector = a._sector_values(release, city_ids, sectors) if sectors else {}
        for cid in city_ids:
            years = sorted(totals.get(cid, {}).keys() | by_sector.get(cid, {}).keys())
            emissions[cid][substance] = [
                a.YearEmissions(
                    year=year,
                    total=totals.get(cid, {}).get(year, 0.0),
                    sectors=by_sector.get(cid, {}).get(year, {}),
                )
                for year in years
            ]
    observed_ids = {t.indicator_id for _, t in pairs if not t.indicator.is_emission_series}
    observed = observation_series(
        city_ids=city_ids, indicator_ids=observed_ids, keys=(a.POPULATION, a.REMOVALS), user=user
    )
    needs_budget = any(t.pathway == PathwayKind.BUDGET for _, t in pairs)
    budgets = carbon_budgets(city_ids=city_ids) if needs_budget else {}
    return [
        a.assess_target(
            goal,
            target,
            a._Inputs(
                releases,
                emissions[goal.city_id],
                observed.get(goal.city_id, {}),
                budgets.get(goal.city_id),
            ),
        )
        for goal, target in pairs
    ]


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
        for t in assess_pairs(pairs, user=viewer)
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
class TargetViewSet(EditableResource):
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
        sources = {s["credit"]: s for row in page for s in row["sources"]}
        data = self.get_serializer(page, many=True).data
        return self.paginator.get_paginated_response(data, list(sources.values()))

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

    def create_arguments(self, parent: Goal, data: dict[str, Any]) -> dict[str, Any]:
        data["indicator"] = indicator_for(parent.city, data["indicator"])
        return {"goal": parent, **data}

    def update_arguments(self, item: Target, data: dict[str, Any]) -> dict[str, Any]:
        if "indicator" in data:
            data["indicator_id"] = indicator_for(item.goal.city, data.pop("indicator")).pk
        return data
