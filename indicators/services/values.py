"""Values (utfall) an officer records by hand: each traced to the source the officer
names, a draft until someone who may publish publishes it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cities.drafts import working
from cities.models import City
from cities.services import check_fields, content_create, content_delete, content_update
from indicators.models import Indicator, Observation, SourceRelease
from indicators.services.indicators import indicator_for_city

Person = User | AnonymousUser


MANUAL_SOURCE_PREFIX = "kommun-"


def release_for_source(*, city: City, source: str) -> SourceRelease:
    """The release that stands for a source a city's officer names when entering a value
    by hand (e.g. "Resvaneundersökning 2024"): one per city and name, published by the
    city, so every value still traces to where it came from."""
    name = " ".join(source.split())[:200]
    release, _created = SourceRelease.objects.get_or_create(
        source=f"{MANUAL_SOURCE_PREFIX}{city.code}",
        name=name,
        substance="",
        defaults={"publisher": city.name},
    )
    return release


def _check_own_values(indicator: Indicator) -> None:
    if indicator.is_emission_series:
        raise ValidationError(
            {
                "indicator": _(
                    "%(name)s hämtas ur Nationella emissionsdatabasen och kan inte anges för hand."
                )
                % {"name": indicator.name}
            }
        )


def _check_unique_value(
    *, indicator_id: int, city_id: int, year: int, release_id: int, exclude_pk: int | None
) -> None:
    """Say in words, on the year field, what the natural key constraint would refuse."""
    clash = Observation.objects.alive().filter(
        indicator_id=indicator_id, city_id=city_id, year=year, release_id=release_id
    )
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "year": _(
                    "Det finns redan ett värde för %(year)s från den källan; ändra det i "
                    "stället eller ange en annan källa."
                )
                % {"year": year}
            }
        )


@transaction.atomic
def observation_create(
    *,
    city: City,
    indicator: Indicator,
    year: int,
    value: float,
    status: str,
    source: str,
    note: str = "",
    uncertainty_low: float | None = None,
    uncertainty_high: float | None = None,
    by: Person | None,
) -> Observation:
    """Record a value (utfall) of an indicator for a city and year. It is a draft until
    someone who may publish publishes it."""
    indicator_for_city(indicator, city.pk, "indicator")
    _check_own_values(indicator)
    release = release_for_source(city=city, source=source)
    _check_unique_value(
        indicator_id=indicator.pk,
        city_id=city.pk,
        year=year,
        release_id=release.pk,
        exclude_pk=None,
    )
    observation = Observation(
        indicator=indicator,
        city=city,
        year=year,
        value=value,
        status=status,
        release=release,
        note=note,
        uncertainty_low=uncertainty_low,
        uncertainty_high=uncertainty_high,
    )
    return content_create(item=observation, by=by)


OBSERVATION_FIELDS = (
    "year",
    "value",
    "status",
    "source",
    "note",
    "uncertainty_low",
    "uncertainty_high",
)


@transaction.atomic
def observation_update(
    *, observation: Observation, by: Person | None, expected_version: int, **fields: Any
) -> bool:
    """Change a recorded value. A published value stays public as it was until the change
    is published; returns whether anything changed. ``source`` is the source's name."""
    check_fields(fields, OBSERVATION_FIELDS, "observation_update")
    changes = dict(fields)
    if "source" in changes:
        changes["release_id"] = release_for_source(
            city=observation.city, source=changes.pop("source")
        ).pk
    current = working(observation)
    _check_unique_value(
        indicator_id=observation.indicator_id,
        city_id=observation.city_id,
        year=changes.get("year", current.year),
        release_id=changes.get("release_id", current.release_id),
        exclude_pk=observation.pk,
    )
    return content_update(
        item=observation, changes=changes, by=by, expected_version=expected_version
    )


@transaction.atomic
def observations_save(
    *,
    city: City,
    values: list[tuple[Indicator, int, float]],
    status: str,
    source: str,
    by: Person | None,
) -> tuple[int, int]:
    """Save many values of a city at once (the grid: ``(indicator, year, value)``), all
    from one named source, as drafts, in one transaction: all of them or, if any breaks
    a rule, none. A value already recorded from that source is changed (kept in its
    history), any other is created. Returns (created, changed)."""
    release = release_for_source(city=city, source=source)
    existing = {
        (o.indicator_id, o.year): o
        for o in Observation.objects.alive().filter(
            city=city,
            release=release,
            indicator__in=[i for i, _year, _value in values],
            year__in=[year for _i, year, _value in values],
        )
    }
    created = changed = 0
    for indicator, year, value in values:
        observation = existing.get((indicator.pk, year))
        if observation is None:
            observation_create(
                city=city,
                indicator=indicator,
                year=year,
                value=value,
                status=status,
                source=source,
                by=by,
            )
            created += 1
        elif observation_update(
            observation=observation,
            by=by,
            expected_version=observation.version,
            value=value,
            status=status,
        ):
            changed += 1
    return created, changed


@transaction.atomic
def observation_delete(
    *, observation: Observation, by: Person | None, expected_version: int
) -> bool:
    """Delete a value (softly; a published value's deletion waits for publishing)."""
    return content_delete(item=observation, by=by, expected_version=expected_version)
