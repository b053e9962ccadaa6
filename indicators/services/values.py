"""Values (utfall) an officer records by hand (forms and the API): the city's own
figures, one value per indicator and year, each with the document or delivery it comes
from (``reference``); a draft until someone who may publish publishes it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction

from cities.drafts import working
from cities.models import City
from cities.services import check_fields, content_create, content_delete, content_update
from core.i18n import gettext as _
from indicators.models import OWN_RELEASE_NAME, OWN_SOURCE, Indicator, Observation, SourceRelease
from indicators.plausibility import check_value, errors_of, warnings_of
from indicators.services.indicators import indicator_for_city

Person = User | AnonymousUser


def own_release() -> SourceRelease:
    """The release of every city's own figures ("kommunens egna uppgifter"): one source,
    so that a value recorded again for the same year is a change, never a second value.
    Where each value comes from is kept on the value (``Observation.reference``)."""
    release, _created = SourceRelease.objects.get_or_create(
        source=OWN_SOURCE,
        name=OWN_RELEASE_NAME,
        substance="",
        defaults={"publisher": OWN_RELEASE_NAME},
    )
    return release


def clean_reference(reference: str) -> str:
    """A reference as stored: whitespace collapsed, at most 500 characters."""
    return " ".join(reference.split())[:500]


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


def check_plausible(
    *, indicator: Indicator, city: City | int, year: int, value: object, confirm_jump: bool
) -> None:
    """Refuse a value outside the indicator's valid range (on ``value``), and a jump from
    a neighbouring published year unless the person confirmed it (on ``confirm_jump``);
    the rules are ``indicators.plausibility``'s."""
    found = check_value(indicator, city, year, value)
    errors = errors_of(found)
    if errors:
        raise ValidationError({"value": errors})
    warnings = warnings_of(found)
    if warnings and not confirm_jump:
        raise ValidationError({"confirm_jump": warnings})


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
                    "Det finns redan ett värde för %(year)s i kommunens egna uppgifter; "
                    "ändra det i stället."
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
    reference: str = "",
    note: str = "",
    uncertainty_low: float | None = None,
    uncertainty_high: float | None = None,
    confirm_jump: bool = False,
    by: Person | None,
) -> Observation:
    """Record a value (utfall) of an indicator for a city and year. It is a draft until
    someone who may publish publishes it. A value out of the indicator's range is
    refused; a jump from a neighbouring year needs ``confirm_jump``."""
    indicator_for_city(indicator, city.pk, "indicator")
    _check_own_values(indicator)
    check_plausible(
        indicator=indicator, city=city, year=year, value=value, confirm_jump=confirm_jump
    )
    release = own_release()
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
        reference=clean_reference(reference),
        note=note,
        uncertainty_low=uncertainty_low,
        uncertainty_high=uncertainty_high,
    )
    return content_create(item=observation, by=by)


OBSERVATION_FIELDS = (
    "year",
    "value",
    "status",
    "reference",
    "note",
    "uncertainty_low",
    "uncertainty_high",
)


@transaction.atomic
def observation_update(
    *,
    observation: Observation,
    by: Person | None,
    expected_version: int,
    confirm_jump: bool = False,
    **fields: Any,
) -> bool:
    """Change a recorded value. A published value stays public as it was until the change
    is published; returns whether anything changed. A new value or year is checked like
    a new value (range; a jump needs ``confirm_jump``)."""
    check_fields(fields, OBSERVATION_FIELDS, "observation_update")
    changes = dict(fields)
    if "reference" in changes:
        changes["reference"] = clean_reference(changes["reference"])
    current = working(observation)
    # A form sends every field; only a new value or year is checked again.
    if (
        changes.get("value", current.value) != current.value
        or changes.get("year", current.year) != current.year
    ):
        check_plausible(
            indicator=observation.indicator,
            city=observation.city_id,
            year=changes.get("year", current.year),
            value=changes.get("value", current.value),
            confirm_jump=confirm_jump,
        )
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
    release = own_release()
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
                reference=source,
                confirm_jump=True,  # the grid showed its jump warnings before saving
                by=by,
            )
            created += 1
        elif observation_update(
            observation=observation,
            by=by,
            expected_version=observation.version,
            confirm_jump=True,
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
