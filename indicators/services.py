"""Writes to indicators, observations, emission inventories and targets.

Each service is one transaction: an import lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cities.drafts import stage, working
from cities.history import diff, snapshot
from cities.models import ChangeAction, ChangeRecord, City, Goal
from cities.services import (
    UpsertCounts,
    content_create,
    content_delete,
    content_update,
)
from core.cache import bump_generation
from indicators import definitions
from indicators.models import EmissionRow, Indicator, Observation, SourceRelease, Target
from indicators.parsers.base import EmissionRecord, ObservationRecord, ReleaseInfo, RowError
from indicators.parsers.kolada import KpiInfo

BATCH_SIZE = 5000
#: How many new and changed values an import keeps as examples for the preview.
SAMPLE_LIMIT = 100
T = TypeVar("T")
#: Called after each batch with the number of values read so far (progress bars).
Progress = Callable[[int], None]
User = AbstractBaseUser | AnonymousUser


class ImportRejected(Exception):
    """Raised when rows were rejected; nothing has been written.

    ``refused`` are the rows the person may not import at all (another municipality's
    values in an officer's upload): they block the import even when the person chose to
    import only the valid rows.
    """

    def __init__(self, errors: list[RowError], refused: list[RowError] | None = None):
        self.refused = refused or []
        self.errors = [*self.refused, *errors]
        first = self.errors[0]
        where = f"rad {first.row}" if first.row else "filen"
        super().__init__(
            f"{len(self.errors)} fel i {first.file}; första: {where}"
            + (f", kolumn {first.column}" if first.column else "")
            + f": {first.message}"
        )


@dataclass(frozen=True)
class ChangeSample:
    """One value an import creates or changes, for the preview ("Umeå 2019: 1 → 2")."""

    municipality_code: str
    municipality: str
    what: str  # "Transporter / Alla (GGT)" or the indicator's name
    year: int
    old: float | None  # None for a new value
    new: float


@dataclass
class ImportResult:
    release: SourceRelease | None
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    rows_read: int = 0
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # notices that did not block
    new_samples: list[ChangeSample] = field(default_factory=list)
    changed_samples: list[ChangeSample] = field(default_factory=list)


def release_get_or_create(*, info: ReleaseInfo, substance: str = "") -> SourceRelease:
    release, created = SourceRelease.objects.get_or_create(
        source=info.source,
        name=info.name,
        substance=substance,
        defaults={
            "publisher": info.publisher,
            "released_on": info.released_on,
            "covers_to": info.covers_to,
        },
    )
    if not created and (release.covers_to or 0) < (info.covers_to or 0):
        release.covers_to = info.covers_to
        release.save(update_fields=["covers_to"])
    return release


def _release_covers(release: SourceRelease, last_year: int | None) -> None:
    """Files that state no last year (templates, Kolada) learn it from their rows."""
    if last_year is not None and (release.covers_to or 0) < last_year:
        release.covers_to = last_year
        release.save(update_fields=["covers_to"])


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unknown_city(file: str, row: int, code: str) -> RowError:
    return RowError(file=file, row=row, column="Kommun", message=f"Okänd kommunkod {code}.")


def _not_yours(file: str, row: int, code: str, name: str, allowed: str) -> RowError:
    return RowError(
        file=file,
        row=row,
        column="Kommun",
        message=(f"Raden gäller {name} ({code}); du får bara importera värden för {allowed}."),
        value=code,
    )


def _allowed_names(allowed_city_ids: Collection[int] | None) -> str:
    if allowed_city_ids is None:
        return ""
    names = sorted(City.objects.filter(pk__in=allowed_city_ids).values_list("name", flat=True))
    return ", ".join(names) or "ingen kommun"


class _BulkWriter:
    """Writes plain tuples into one table the fastest way the database offers: COPY on
    PostgreSQL, executemany on SQLite. Used inside the service's transaction, for data
    already validated, so no model instances are built for hundreds of thousands of
    rows."""

    def __init__(self, table: str, columns: Sequence[str]):
        qn = connection.ops.quote_name
        self.vendor = connection.vendor
        self.table = qn(table)
        self.columns = ", ".join(qn(c) for c in columns)
        self.placeholders = ", ".join(["%s"] * len(columns))

    def insert(self, rows: Sequence[tuple]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                with cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({self.placeholders})",  # noqa: S608
                    rows,
                )

    def update(self, column: str, rows: Sequence[tuple[object, int]]) -> None:
        """Set ``column`` to the first item of each pair on the row whose id is the second."""
        if not rows:
            return
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {qn(column)} = %s WHERE {qn('id')} = %s",  # noqa: S608
                rows,
            )


_EMISSION_COLUMNS = ("release_id", "city_id", "year", "substance", "sector", "subsector", "tonnes")
# (city, substance, release, year, sector, subsector): the natural-key index's order.
_INDEX_ORDER = itemgetter(1, 3, 0, 2, 4, 5)
#: Emission values are written in batches this large (a national file has ~250 000).
EMISSION_BATCH_SIZE = 50_000


def _existing_emissions(release: SourceRelease) -> dict[tuple, tuple[int, float]]:
    """What a release already holds, keyed like the import's rows."""
    return {
        (c, y, sec, sub): (pk, t)
        for pk, c, y, sec, sub, t in EmissionRow.objects.filter(release=release).values_list(
            "pk", "city_id", "year", "sector", "subsector", "tonnes"
        )
    }


@transaction.atomic
def emissions_import(
    *,
    release_info: ReleaseInfo,
    rows: Iterable[EmissionRecord | RowError],
    skip_rejected: bool = False,
    dry_run: bool = False,
    allowed_city_ids: Collection[int] | None = None,
    progress: Progress | None = None,
    filename: str = "",
) -> ImportResult:
    """Upsert the emission inventory rows of one release by their natural key, in one pass.

    Rows stream through in batches, so memory stays flat however large the file. Any
    rejected row (a ``RowError`` from the parser) means nothing is written: the whole
    transaction rolls back and ``ImportRejected`` lists every problem — unless the person
    explicitly chose ``skip_rejected``. ``allowed_city_ids`` (an officer's upload) refuses
    rows of any other municipality, even with ``skip_rejected``. Re-importing the same
    file changes nothing (all rows unchanged); a revised release is stored beside older
    ones, never over them. ``dry_run`` computes the same counts and samples, writes
    nothing and rolls back.
    """
    cities = {code: (pk, name) for code, pk, name in City.objects.values_list("code", "pk", "name")}
    allowed = set(allowed_city_ids) if allowed_city_ids is not None else None
    allowed_names = _allowed_names(allowed)
    writer = _BulkWriter(EmissionRow._meta.db_table, _EMISSION_COLUMNS)
    releases: dict[str, SourceRelease] = {}
    # substance → (release id, what the release already holds: key → (row id, tonnes))
    targets: dict[str, tuple[int, dict[tuple, tuple[int, float]]]] = {}
    errors: list[RowError] = []
    refused: list[RowError] = []
    warnings: list[RowError] = []
    new_samples: list[ChangeSample] = []
    changed_samples: list[ChangeSample] = []
    created = updated = unchanged = rows_read = 0
    file = filename or release_info.name  # errors name the file the person has

    blocked = False  # once a row is rejected, read on to report, but write no more
    for batch in _batched(rows, EMISSION_BATCH_SIZE):
        to_create: list[tuple] = []
        to_update: list[tuple[float, int]] = []
        # The loop runs once per value of a national file (~250 000): locals, not lookups.
        add_new, add_changed = to_create.append, to_update.append
        for record in batch:
            if record.__class__ is RowError:
                (errors if record.is_error else warnings).append(record)
                blocked = blocked or (record.is_error and not skip_rejected)
                continue
            city = cities.get(record.municipality_code)
            if city is None:
                errors.append(_unknown_city(file, record.row, record.municipality_code))
                blocked = blocked or not skip_rejected
                continue
            city_id = city[0]
            if allowed is not None and city_id not in allowed:
                refused.append(
                    _not_yours(file, record.row, record.municipality_code, city[1], allowed_names)
                )
                blocked = True
                continue
            if blocked:
                continue
            substance = record.substance
            target = targets.get(substance)
            if target is None:
                release = release_get_or_create(info=release_info, substance=substance)
                releases[substance] = release
                target = targets[substance] = (release.pk, _existing_emissions(release))
            release_id, known = target
            key = (city_id, record.year, record.sector, record.subsector)
            found = known.get(key)
            if found is None:
                add_new(
                    (
                        release_id,
                        city_id,
                        record.year,
                        substance,
                        record.sector,
                        record.subsector,
                        record.tonnes,
                    )
                )
                known[key] = (0, record.tonnes)
                created += 1
                if created <= SAMPLE_LIMIT:
                    new_samples.append(_emission_sample(record, city[1], None))
            elif found[1] != record.tonnes:
                add_changed((record.tonnes, found[0]))
                updated += 1
                if updated <= SAMPLE_LIMIT:
                    changed_samples.append(_emission_sample(record, city[1], found[1]))
            else:
                unchanged += 1
        rows_read += len(batch)
        if not dry_run and not blocked:
            # In the order of the natural-key index: inserting in key order keeps the
            # index's pages hot (several times faster than file order on SQLite).
            to_create.sort(key=_INDEX_ORDER)
            writer.insert(to_create)
            writer.update("tonnes", to_update)
        if progress is not None:
            progress(rows_read)

    if refused or (errors and not skip_rejected):
        raise ImportRejected(errors, refused)
    if not releases:
        # A file without rows still names its release; record it so the person sees it.
        releases[""] = release_get_or_create(info=release_info)
    result = ImportResult(
        release=next(iter(releases.values())),
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
        emission_totals_refresh(release_ids=[r.pk for r in releases.values()])
        bump_generation()
    return result


def emission_totals_refresh(*, release_ids: Iterable[int]) -> int:
    """Recompute the stored municipality totals (``EmissionTotal``) of these releases from
    their rows; returns how many totals were written. Called by ``emissions_import``
    inside its transaction, so totals and rows always agree."""
    from indicators.models import EmissionTotal
    from indicators.selectors import emission_totals_computed

    ids = list(release_ids)
    EmissionTotal.objects.filter(release_id__in=ids).delete()
    totals = [
        EmissionTotal(release_id=r, city_id=c, year=y, tonnes=t, stated=s)
        for r, c, y, t, s in emission_totals_computed(release_ids=ids)
    ]
    EmissionTotal.objects.bulk_create(totals, batch_size=BATCH_SIZE)
    return len(totals)


def _emission_sample(record: EmissionRecord, city_name: str, old: float | None) -> ChangeSample:
    return ChangeSample(
        municipality_code=record.municipality_code,
        municipality=city_name,
        what=f"{record.sector} / {record.subsector} ({record.substance})",
        year=record.year,
        old=old,
        new=record.tonnes,
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
    allowed_names = _allowed_names(allowed)
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

    for batch in _batched(rows, BATCH_SIZE):
        to_create: list[Observation] = []
        to_update: list[tuple[Observation, dict]] = []
        for record in batch:
            rows_read += 1
            if isinstance(record, RowError):
                (errors if record.is_error else warnings).append(record)
                continue
            city = cities.get(record.municipality_code)
            if city is None:
                errors.append(_unknown_city(file, record.row, record.municipality_code))
                continue
            city_id, city_name = city
            if allowed is not None and city_id not in allowed:
                refused.append(
                    _not_yours(file, record.row, record.municipality_code, city_name, allowed_names)
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
    _release_covers(release, last_year)
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


@transaction.atomic
def indicator_upsert(*, key: str, **fields: object) -> Indicator:
    """Create or update a shared indicator definition by its key."""
    indicator, _ = Indicator.objects.update_or_create(key=key, defaults=fields)
    bump_generation()
    return indicator


@transaction.atomic
def target_create(
    *,
    goal: Goal,
    indicator: Indicator,
    kind: str,
    target_year: int,
    target_value: float | None = None,
    base_year: int | None = None,
    base_value: float | None = None,
    pathway: str = "linear",
    note: str = "",
    order: int = 0,
    is_published: bool = False,
    by: AbstractBaseUser | None = None,
) -> Target:
    """Record a target (målvärde) that measures a goal on an indicator."""
    target = Target(
        goal=goal,
        indicator=indicator,
        kind=kind,
        target_year=target_year,
        target_value=target_value,
        base_year=base_year,
        base_value=base_value,
        pathway=pathway,
        note=note,
        order=order,
        is_published=is_published,
        published_at=timezone.now() if is_published else None,
    )
    return content_create(item=target, by=by)


TARGET_FIELDS = (
    "indicator_id",
    "kind",
    "base_year",
    "base_value",
    "target_year",
    "target_value",
    "pathway",
    "note",
    "order",
)


def _known(fields: dict[str, Any], allowed: Iterable[str], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}: unknown fields {sorted(unknown)}")


@transaction.atomic
def target_update(*, target: Target, by: User | None, expected_version: int, **fields: Any) -> bool:
    """Change a target (målvärde). A published target keeps its published numbers until
    the change is published; returns whether anything changed."""
    _known(fields, TARGET_FIELDS, "target_update")
    if "indicator_id" in fields:
        _check_indicator_for_city(fields["indicator_id"], target.goal.city_id, "indicator")
    return content_update(item=target, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def target_delete(*, target: Target, by: User | None, expected_version: int) -> bool:
    """Delete a target (softly; a published target's deletion waits for publishing)."""
    return content_delete(item=target, by=by, expected_version=expected_version)


# --- Values an officer records ------------------------------------------------------------

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


def _check_indicator_for_city(indicator: Indicator | int, city_id: int, field: str) -> Indicator:
    if not isinstance(indicator, Indicator):
        indicator = Indicator.objects.get(pk=indicator)
    if indicator.deleted_at is not None or indicator.city_id not in (None, city_id):
        raise ValidationError({field: _("Indikatorn finns inte för den här kommunen.")})
    return indicator


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
    by: User | None,
) -> Observation:
    """Record a value (utfall) of an indicator for a city and year. It is a draft until
    someone who may publish publishes it."""
    _check_indicator_for_city(indicator, city.pk, "indicator")
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
    *, observation: Observation, by: User | None, expected_version: int, **fields: Any
) -> bool:
    """Change a recorded value. A published value stays public as it was until the change
    is published; returns whether anything changed. ``source`` is the source's name."""
    _known(fields, OBSERVATION_FIELDS, "observation_update")
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
def observation_delete(*, observation: Observation, by: User | None, expected_version: int) -> bool:
    """Delete a value (softly; a published value's deletion waits for publishing)."""
    return content_delete(item=observation, by=by, expected_version=expected_version)


# --- A city's own indicators --------------------------------------------------------------

INDICATOR_FIELDS = ("name", "unit", "direction", "scope", "source", "description")


def _indicator_key(city: City, name: str) -> str:
    base = f"{city.code}-{slugify(name)}"[:56] or city.code
    key, n = base, 2
    while Indicator.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def indicator_create(
    *,
    city: City,
    name: str,
    unit: str,
    direction: str,
    scope: str,
    source: str = "",
    description: str = "",
    by: User | None,
) -> Indicator:
    """Define an indicator of the city's own (a city-specific indicator), whose values the
    city's officers record."""
    indicator = Indicator(
        key=_indicator_key(city, name),
        city=city,
        name=name,
        unit=unit,
        direction=direction,
        scope=scope,
        source=source,
        description=description,
    )
    return content_create(item=indicator, by=by)


@transaction.atomic
def indicator_update(
    *, indicator: Indicator, by: User | None, expected_version: int, **fields: Any
) -> bool:
    """Change a city-specific indicator's definition (in place; it has no draft)."""
    _known(fields, INDICATOR_FIELDS, "indicator_update")
    if indicator.city_id is None:
        raise ValidationError(_("Gemensamma indikatorer ändras av programkontoret."))
    return content_update(item=indicator, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def indicator_delete(*, indicator: Indicator, by: User | None, expected_version: int) -> bool:
    """Delete a city-specific indicator (softly). Refused while values or targets use it,
    so that nothing published ever points at a deleted indicator."""
    if indicator.city_id is None:
        raise ValidationError(_("Gemensamma indikatorer ändras av programkontoret."))
    values = Observation.objects.alive().filter(indicator=indicator).count()
    targets = Target.objects.alive().filter(indicator=indicator, goal__deleted_at=None).count()
    if values or targets:
        raise ValidationError(
            _(
                "Indikatorn används av %(values)s värden och %(targets)s målvärden; "
                "ta bort dem först."
            )
            % {"values": values, "targets": targets}
        )
    return content_delete(item=indicator, by=by, expected_version=expected_version)


@transaction.atomic
def carbon_budgets_import(
    *, release_info: ReleaseInfo, rows: Iterable[object], dry_run: bool = False
) -> ImportResult:
    """Upsert municipalities' carbon budgets (utsläppsutrymme) of one release by their
    natural key (release, municipality).

    ``rows`` are ``CarbonBudgetRecord``s and ``RowError``s from
    ``indicators.parsers.carbon_budget``. Any rejected row means nothing is written and
    ``ImportRejected`` lists every problem. Re-importing the same file changes nothing.
    """
    from indicators.models import CarbonBudget
    from indicators.parsers.carbon_budget import CarbonBudgetRecord

    cities = dict(City.objects.values_list("code", "pk"))
    errors: list[RowError] = []
    warnings: list[RowError] = []
    records: list[CarbonBudgetRecord] = []
    rows_read = 0
    for record in rows:
        rows_read += 1
        if isinstance(record, RowError):
            (errors if record.is_error else warnings).append(record)
        elif isinstance(record, CarbonBudgetRecord):
            if record.municipality_code not in cities:
                errors.append(
                    RowError(
                        release_info.name,
                        record.row,
                        None,
                        f"Okänd kommunkod {record.municipality_code}.",
                    )
                )
            else:
                records.append(record)
    if errors:
        raise ImportRejected(errors)
    release = release_get_or_create(info=release_info)
    existing = {b.city_id: b for b in CarbonBudget.objects.filter(release=release)}
    counts = UpsertCounts()
    to_create: list[CarbonBudget] = []
    to_update: list[CarbonBudget] = []
    for record in records:
        city_id = cities[record.municipality_code]
        values = {
            "substance": record.substance,
            "amount": record.tonnes,
            "start_year": record.start_year,
            "end_year": record.end_year,
        }
        found = existing.get(city_id)
        if found is None:
            to_create.append(CarbonBudget(release=release, city_id=city_id, **values))
            counts += UpsertCounts(created=1)
        elif any(getattr(found, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(found, field, value)
            to_update.append(found)
            counts += UpsertCounts(updated=1)
        else:
            counts += UpsertCounts(unchanged=1)
    CarbonBudget.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    CarbonBudget.objects.bulk_update(
        to_update, ["substance", "amount", "start_year", "end_year"], batch_size=BATCH_SIZE
    )
    result = ImportResult(release=release, counts=counts, rows_read=rows_read, warnings=warnings)
    if dry_run:
        transaction.set_rollback(True)
    elif counts.created or counts.updated:
        bump_generation()
    return result
