"""Emission inventories (Nationella emissionsdatabasen): their rows upserted in one pass
and the municipality totals derived from them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from operator import itemgetter

from django.db import connection, transaction

from cities.models import City
from cities.services import UpsertCounts
from core.cache import bump_generation
from indicators.models import EmissionRow, EmissionTotal, SourceRelease
from indicators.parsers.base import EmissionRecord, ReleaseInfo, RowError
from indicators.selectors import emission_totals_computed
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
    release_get_or_create,
    unknown_city,
)


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
    allowed_names = city_names(allowed)
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
    for batch in batched(rows, EMISSION_BATCH_SIZE):
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
                errors.append(unknown_city(file, record.row, record.municipality_code))
                blocked = blocked or not skip_rejected
                continue
            city_id = city[0]
            if allowed is not None and city_id not in allowed:
                refused.append(
                    not_yours(file, record.row, record.municipality_code, city[1], allowed_names)
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
