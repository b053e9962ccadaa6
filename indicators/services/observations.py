"""Indicator values (utfall) from files: upserted by their natural key with who and
when in the history, published at once or (a city's own upload) as drafts."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cities.drafts import stage, working
from cities.history import diff, snapshot
from cities.models import ChangeAction, ChangeRecord, City
from cities.services import UpsertCounts
from core.cache import bump_generation
from indicators import definitions
from indicators.models import Indicator, Observation, SourceRelease
from indicators.parsers.base import ObservationRecord, ReleaseInfo, RowError
from indicators.parsers.kolada_kpis import KpiInfo
from indicators.services.importing import (
    BATCH_SIZE,
    SAMPLE_LIMIT,
    ChangeSample,
    ImportRejected,
    ImportResult,
    Progress,
    batched,
    city_names,
    not_yours,
    release_covers,
    release_get_or_create,
    unknown_city,
)


class _Indicators:
    """Resolves the indicator keys of a file to indicators, creating the shared ones an
    import may create (population, consumption-based emissions, Kolada KPIs)."""

    def __init__(self, catalogue: dict[str, KpiInfo]):
        self.catalogue = catalogue
        self.by_key: dict[str, Indicator] = {}
        self.by_kolada: dict[str, Indicator] = {}
        for indicator in Indicator.objects.all():
            self.by_key[indicator.key] = indicator
            if indicator.kolada_id:
                self.by_kolada[indicator.kolada_id.upper()] = indicator

    def get(self, key: str) -> Indicator | str:
        """The indicator for ``key``, or a Swedish message saying why there is none."""
        found = self.by_key.get(key)
        if found is not None:
            return found
        kpi = definitions.kolada_id_of(key)
        if kpi is not None:
            found = self.by_kolada.get(kpi)
            if found is None:
                alias = definitions.KOLADA_ALIASES.get(kpi)
                fields = (
                    definitions.KNOWN[alias]
                    if alias
                    else definitions.kolada_definition(kpi, self.catalogue)
                )
                found = self._create(alias or f"kolada:{kpi}", fields)
                self.by_kolada[kpi] = found
            self.by_key[key] = found
            return found
        if key in definitions.KNOWN:
            return self._create(key, definitions.KNOWN[key])
        return f"Indikatorn '{key}' finns inte; se indikatorlistan för giltiga nycklar."

    def _create(self, key: str, fields: dict[str, str]) -> Indicator:
        indicator = self.by_key.get(key)
        if indicator is None:
            indicator = Indicator.objects.create(key=key, **fields)
            self.by_key[key] = indicator
        return indicator


@transaction.atomic
def observations_import(
    *,
    release_info: ReleaseInfo,
    rows: Iterable[ObservationRecord | RowError],
    skip_rejected: bool = False,
    dry_run: bool = False,
    by: AbstractBaseUser | None = None,
    allowed_city_ids: Collection[int] | None = None,
    progress: Progress | None = None,
    catalogue: dict[str, KpiInfo] | None = None,
    filename: str = "",
    publish: bool = True,
) -> ImportResult:
    """Upsert indicator values (utfall) of one release by their natural key (indicator,
    municipality, year, release), with who and when in the history.

    ``publish`` (national imports of official statistics by programme staff, the
    scheduled fetch, the command): the values are published as they land. Without it (a
    city's own upload) they follow the draft rule of the forms (``cities.drafts``): new
    values are drafts, a change to a published value waits beside it until a city
    administrator publishes it, and "unchanged" means unchanged from what the city's
    people see.

    Same rules as :func:`emissions_import`: one pass in batches; any rejected row means
    nothing is written unless ``skip_rejected``; rows of municipalities outside
    ``allowed_city_ids`` are always refused; ``dry_run`` writes nothing. Shared
    indicators for Kolada KPIs are created on first import (named from ``catalogue``);
    Kolada's N01951 and SCB's population tables both land in the indicator
    ``population``. A revised release is stored beside the older one.
    """
    user = by if by is not None and by.is_authenticated else None
    cities = {code: (pk, name) for code, pk, name in City.objects.values_list("code", "pk", "name")}
    allowed = set(allowed_city_ids) if allowed_city_ids is not None else None
    allowed_names = city_names(allowed)
    indicators = _Indicators(catalogue or {})
    content_type = ContentType.objects.get_for_model(Observation)
    release: SourceRelease | None = None
    existing: dict[int, dict[tuple[int, int], Observation]] = {}
    errors: list[RowError] = []
    refused: list[RowError] = []
    warnings: list[RowError] = []
    new_samples: list[ChangeSample] = []
    changed_samples: list[ChangeSample] = []
    created = updated = unchanged = rows_read = 0
    last_year: int | None = None
    file = filename or release_info.name  # errors name the file the person has
    now = timezone.now()

    for batch in batched(rows, BATCH_SIZE):
        to_create: list[Observation] = []
        to_update: list[tuple[Observation, dict]] = []
        for record in batch:
            rows_read += 1
            if isinstance(record, RowError):
                (errors if record.is_error else warnings).append(record)
                continue
            city = cities.get(record.municipality_code)
            if city is None:
                errors.append(unknown_city(file, record.row, record.municipality_code))
                continue
            city_id, city_name = city
            if allowed is not None and city_id not in allowed:
                refused.append(
                    not_yours(file, record.row, record.municipality_code, city_name, allowed_names)
                )
                continue
            indicator = indicators.get(record.indicator_key)
            problem = _indicator_problem(indicator, city_id)
            if problem:
                errors.append(
                    RowError(file, record.row, "Indikator", problem, record.indicator_key)
                )
                continue
            assert isinstance(indicator, Indicator)
            if refused or (errors and not skip_rejected):
                continue
            if release is None:
                release = release_get_or_create(info=release_info)
            if indicator.pk not in existing:
                found_rows = Observation.objects.filter(
                    indicator=indicator, release=release, deleted_at__isnull=True
                )
                existing[indicator.pk] = {}
                for row in found_rows:
                    row.indicator = indicator  # the history label reads it; no query per row
                    existing[indicator.pk][(row.city_id, row.year)] = row
            known = existing[indicator.pk]
            last_year = max(last_year or record.year, record.year)
            note = _note(record, release_info.publisher)
            found = known.get((city_id, record.year))
            if found is None:
                observation = Observation(
                    indicator=indicator,
                    city_id=city_id,
                    year=record.year,
                    value=record.value,
                    status=record.status,
                    release=release,
                    note=note,
                    is_published=publish,
                    published_at=now if publish else None,
                    updated_by=user,
                )
                known[(city_id, record.year)] = observation
                to_create.append(observation)
                created += 1
                if len(new_samples) < SAMPLE_LIMIT:
                    new_samples.append(_observation_sample(record, city_name, indicator, None))
            elif not publish:
                before = snapshot(found)
                old = working(found).value
                changes = {"value": record.value, "status": record.status, "note": note}
                if stage(found, changes, by=user):
                    if len(changed_samples) < SAMPLE_LIMIT:
                        changed_samples.append(
                            _observation_sample(record, city_name, indicator, old)
                        )
                    found.version += 1
                    found.updated_by = user
                    found.updated_at = now
                    to_update.append((found, before))
                    updated += 1
                else:
                    unchanged += 1
            elif (found.value, found.status, found.note) != (record.value, record.status, note):
                before = snapshot(found)
                if len(changed_samples) < SAMPLE_LIMIT:
                    changed_samples.append(
                        _observation_sample(record, city_name, indicator, found.value)
                    )
                found.value, found.status, found.note = record.value, record.status, note
                found.version += 1
                found.updated_by = user
                found.updated_at = now
                if not found.is_published:
                    found.is_published, found.published_at = True, now
                to_update.append((found, before))
                updated += 1
            else:
                unchanged += 1
        if not dry_run and not refused and not (errors and not skip_rejected):
            _write_observations(to_create, to_update, content_type, user, now)
        if progress is not None:
            progress(rows_read)

    if refused or (errors and not skip_rejected):
        raise ImportRejected(errors, refused)
    if release is None:
        release = release_get_or_create(info=release_info)
    release_covers(release, last_year)
    result = ImportResult(
        release=release,
        counts=UpsertCounts(created, updated, unchanged),
        rows_read=rows_read,
        rejected=errors,
        warnings=warnings,
        new_samples=new_samples,
        changed_samples=changed_samples,
    )
    if dry_run:
        transaction.set_rollback(True)
    elif created or updated:
        bump_generation()
    return result


def _indicator_problem(indicator: Indicator | str, city_id: int) -> str:
    if isinstance(indicator, str):
        return indicator
    if indicator.is_emission_series:
        return (
            f"Värdena för '{indicator.key}' hämtas ur Nationella emissionsdatabasen; "
            "importera SMHI:s fil i stället."
        )
    if indicator.city_id is not None and indicator.city_id != city_id:
        return f"Indikatorn '{indicator.key}' hör till en annan kommun."
    return ""


def _note(record: ObservationRecord, publisher: str) -> str:
    """The row's note, with its stated source when that is not the release's publisher
    (a template row may name where its number comes from)."""
    parts = []
    if record.source and record.source != publisher:
        parts.append(f"Källa: {record.source}.")
    if record.note:
        parts.append(record.note)
    return " ".join(parts)


def _observation_sample(
    record: ObservationRecord, city_name: str, indicator: Indicator, old: float | None
) -> ChangeSample:
    return ChangeSample(
        municipality_code=record.municipality_code,
        municipality=city_name,
        what=indicator.name,
        year=record.year,
        old=old,
        new=record.value,
    )


def _write_observations(
    to_create: list[Observation],
    to_update: list[tuple[Observation, dict]],
    content_type: ContentType,
    user: AbstractBaseUser | None,
    now: datetime,
) -> None:
    """Write one batch and its history (who, when, old → new) in bulk."""
    Observation.objects.bulk_create(to_create, batch_size=1000)
    Observation.objects.bulk_update(
        [o for o, _ in to_update],
        [
            "value",
            "status",
            "note",
            "version",
            "updated_by",
            "updated_at",
            "is_published",
            "published_at",
            "draft",
            "draft_by",
            "draft_at",
        ],
        batch_size=1000,
    )
    history = []
    for observation, before in [*((o, None) for o in to_create), *to_update]:
        after = snapshot(observation)
        history.append(
            ChangeRecord(
                content_type=content_type,
                object_id=observation.pk,
                city_id=observation.city_id,
                action=ChangeAction.CREATE if before is None else ChangeAction.UPDATE,
                at=now,
                user=user,
                label=(
                    f"{observation.indicator.key} {observation.year} = {working(observation).value}"
                )[:300],
                changes=diff(before or {}, after),
                snapshot=after,
                version=observation.version,
            )
        )
    ChangeRecord.objects.bulk_create(history, batch_size=1000)
