"""Emission inventories (Nationella emissionsdatabasen): their rows upserted in one pass
and the municipality totals derived from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from functools import partial

from django.db import connection, transaction
from django.db.models import Model

from core.long_lived import collector_paused
from indicators.models import EmissionRow, EmissionTotal, SourceRelease
from indicators.parsers.base import EmissionRecord, ReleaseInfo, RowError
from indicators.services.importing import (
    SAMPLE_LIMIT,
    ChangeSample,
    ImportResult,
    Ledger,
    Progress,
    batched,
    release_get_or_create,
)


class _BulkWriter:
    """Writes plain tuples into one table the fastest way the database offers: COPY on
    PostgreSQL, executemany on SQLite. Used inside the service's transaction, for data
    already validated, so no model instances are built for hundreds of thousands of
    rows."""

    def __init__(self, model: type[Model], columns: Sequence[str]):
        qn = connection.ops.quote_name
        self.vendor = connection.vendor
        self.table = qn(model._meta.db_table)
        self.columns = ", ".join(qn(c) for c in columns)
        self.placeholders = ", ".join(["%s"] * len(columns))
        # COPY's binary format needs each column's type ("varchar", not "varchar(16)").
        fields = {f.column: f for f in model._meta.concrete_fields}
        self.types = [str(fields[c].db_type(connection)).split("(")[0] for c in columns]

    def insert(self, rows: Iterable[tuple], *, into: str = "") -> None:
        """Write ``rows`` into the table, or into the table (quoted) named ``into``."""
        table = into or self.table
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # Binary: no number formatted as text here and parsed back by the server
                # (a national file's COPY takes a fifth less time than in text).
                sql = f"COPY {table} ({self.columns}) FROM STDIN (FORMAT BINARY)"
                with cursor.copy(sql) as copy:
                    copy.set_types(self.types)
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({self.columns}) VALUES ({self.placeholders})",  # noqa: S608
                    list(rows),
                )

    def update(self, column: str, rows: Sequence[tuple[float, int, int]]) -> None:
        """Set ``column`` to the first item of each triple on the row of the release that
        is the second whose id is the third (on PostgreSQL the release names the one
        partition to look in)."""
        if not rows:
            return
        qn = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {self.table} SET {qn(column)} = %s "  # noqa: S608
                f"WHERE {qn('release_id')} = %s AND {qn('id')} = %s",
                rows,
            )


# The natural key in its unique index's order, then the value: a row's tuple sorts in the
# index's order by plain tuple comparison (no key function called per row).
_EMISSION_COLUMNS = ("release_id", "city_id", "substance", "year", "sector", "subsector", "tonnes")
TOTAL: str = EmissionRow.TOTAL
#: Emission values are read and checked in batches this large (a national file has
#: ~250 000), with the job's progress reported after each.
EMISSION_BATCH_SIZE = 50_000
#: New values are written once this many have been read (a national file at once), in
#: the natural-key index's order. SMHI's files run sector by sector, so every batch of
#: the file touches every municipality: written batch by batch, each write would walk
#: the whole index again; written together and sorted, the index is filled front to back
#: (40–50 % less time writing on both databases). ~30 MB of tuples for a national file.
EMISSION_WRITE_SIZE = 500_000


#: What a release holds, keyed like the import's rows (city, year, sector, subsector): its
#: id, the tonnes of each key (stored, or new in this file) and the row id of each stored.
Held = tuple[int, dict[tuple, float], dict[tuple, int]]


def _existing_emissions(release: SourceRelease) -> Held:
    """What a release already holds.

    A re-import reads every stored value of the release (~250 000 for a national file), so
    its rows are fetched at once from the query's cursor, not in Django's chunks of 100
    (these columns' values need no conversion on either database), and each key tuple is
    built once for both dicts: 0.54 -> 0.47 s of CPU for a national file on SQLite."""
    query = EmissionRow.objects.filter(release=release).values_list(
        "pk", "city_id", "year", "sector", "subsector", "tonnes"
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    tonnes, ids = {}, {}
    for pk, c, y, sec, sub, t in rows:
        key = (c, y, sec, sub)
        tonnes[key] = t
        ids[key] = pk
    return release.pk, tonnes, ids


@collector_paused()
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

    Rows stream through in batches; new values are held until ``EMISSION_WRITE_SIZE``
    of them (a national file) and written in the index's order, so memory stays bounded
    however large the file. Any
    rejected row (a ``RowError`` from the parser) means nothing is written: the whole
    transaction rolls back and ``ImportRejected`` lists every problem — unless the person
    explicitly chose ``skip_rejected``. ``allowed_city_ids`` (an officer's upload) refuses
    rows of any other municipality, even with ``skip_rejected``. Re-importing the same
    file changes nothing (all rows unchanged); a revised release is stored beside older
    ones, never over them. ``dry_run`` computes the same counts and samples, writes
    nothing and rolls back.
    """
    if connection.vendor == "postgresql" and not dry_run:
        _one_import_at_a_time()
    ledger = Ledger.start(
        file=filename or release_info.name,
        skip_rejected=skip_rejected,
        allowed_city_ids=allowed_city_ids,
    )
    writer = _BulkWriter(EmissionRow, _EMISSION_COLUMNS)
    releases = _Releases(release_info)
    new_rows: list[tuple] = []
    for batch in batched(rows, EMISSION_BATCH_SIZE):
        to_create, to_update = _emission_batch(batch, ledger, releases)
        ledger.rows_read += len(batch)
        if not dry_run and not ledger.blocked:
            new_rows += to_create
            if len(new_rows) >= EMISSION_WRITE_SIZE:
                _write_in_key_order(writer, new_rows, releases.empty)
            writer.update("tonnes", to_update)
        if progress is not None:
            progress(ledger.rows_read)
    if not dry_run and not ledger.blocked:
        _write_in_key_order(writer, new_rows, releases.empty)

    ledger.check()
    release = releases.first()
    if not dry_run and (ledger.created or ledger.updated):
        emission_totals_refresh(release_ids=releases.ids())
    if not dry_run and ledger.created >= ANALYZE_AFTER_ROWS:
        transaction.on_commit(partial(_analyze_emissions, releases.ids()))
    return ledger.finish(release, dry_run=dry_run)


def _one_import_at_a_time() -> None:
    """On PostgreSQL, one emission import at a time: the next waits for this one's commit.

    Attaching a new release's partition locks the default partition, which every import
    of a release without a partition of its own has read: two such imports at once would
    each wait for the other at its ATTACH (a deadlock, one of them refused). SHARE UPDATE
    EXCLUSIVE on the table, the lock ATTACH takes on it anyway, excludes only another
    import (and schema changes): every reader and writer of rows goes on."""
    table = connection.ops.quote_name(EmissionRow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {table} IN SHARE UPDATE EXCLUSIVE MODE")


def _write_in_key_order(writer: _BulkWriter, rows: list[tuple], empty: Collection[int]) -> None:
    """Insert ``rows`` sorted by the natural-key index and empty the list; on PostgreSQL
    the rows of a release in ``empty`` (it held none when the import began) as a new
    partition (``_partition_load``), unless it has one already.

    Grouped by release and municipality (the key's first columns) and each group sorted:
    the order of one sort of the whole list, in less than half its time (each row
    compared with a few hundred of its municipality's, not among 250 000). A group is
    sorted as it is written, so on PostgreSQL the sorting overlaps the server's work on
    the rows already sent. A file's rows come a substance (so a release) at a time: the
    release's groups are looked up once per run of it, not per row."""
    if not rows:
        return
    groups: dict[int, defaultdict[int, list[tuple]]] = {}
    release_id = None
    by_city: defaultdict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        if row[0] != release_id:
            release_id = row[0]
            by_city = groups.setdefault(release_id, defaultdict(list))
        by_city[row[1]].append(row)
    for release in sorted(groups):
        ordered = (
            row for _city, city_rows in sorted(groups[release].items()) for row in sorted(city_rows)
        )
        if writer.vendor == "postgresql" and release in empty and not _partition_of(release):
            _partition_load(writer, release, ordered)
        else:
            writer.insert(ordered)
    rows.clear()


def _partition_name(release_id: int) -> str:
    """The name of a release's partition of the emission table (PostgreSQL)."""
    return f"{EmissionRow._meta.db_table}_{int(release_id)}"


def _partition_of(release_id: int) -> str | None:
    """The release's own partition of the emission table, if it has one (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)::text", [_partition_name(release_id)])
        return cursor.fetchone()[0]


def _partition_load(writer: _BulkWriter, release_id: int, rows: Iterable[tuple]) -> None:
    """A release's first rows, as a partition of their own (PostgreSQL; migration 0015).

    Copied into a new table with no index, whose primary key and natural-key index are
    then built by sorting its rows, far cheaper than keeping a btree up to date row by
    row (the natural key's index made COPY into the table 3.5 times as slow), and attached
    as the release's partition: the table's indexes adopt the partition's own (none is
    built twice). ATTACH would read the whole new table again to check that its rows are
    the release's, unless a constraint proves it: the new table has one of the same bound,
    checked on each row as it is copied in, and dropped once attached (the partition's
    bound says the same). ATTACH still reads the default partition (empty but for rows
    written outside an import), no other. The table's identity numbers the rows, as it
    does every partition's, so ids stay unique. All in the import's transaction: an error
    leaves no table behind."""
    qn = connection.ops.quote_name
    table, partition = qn(EmissionRow._meta.db_table), qn(_partition_name(release_id))
    bound = qn(f"{_partition_name(release_id)}_bound")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [EmissionRow._meta.db_table])
        (sequence,) = cursor.fetchone()
        cursor.execute(
            f"CREATE TABLE {partition} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        cursor.execute(
            f"ALTER TABLE {partition} ALTER COLUMN {qn('id')} "
            f"SET DEFAULT nextval('{sequence}'::regclass)"
        )
        cursor.execute(
            f"ALTER TABLE {partition} ADD CONSTRAINT {bound} "
            f"CHECK ({qn('release_id')} = {int(release_id)})"
        )
    writer.insert(rows, into=partition)
    natural_key = ", ".join(qn(c) for c in _EMISSION_COLUMNS[:-1])
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {partition} ADD PRIMARY KEY ({qn('id')}, {qn('release_id')})")
        # A constraint, as the table's is: ATTACH adopts only a constraint's index for a
        # constraint's, and would build another beside a plain unique index.
        cursor.execute(f"ALTER TABLE {partition} ADD UNIQUE ({natural_key})")
        cursor.execute(
            f"ALTER TABLE {table} ATTACH PARTITION {partition} FOR VALUES IN ({int(release_id)})"
        )
        cursor.execute(f"ALTER TABLE {partition} DROP CONSTRAINT {bound}")  # the bound says it


class _Releases:
    """The releases one file writes into, one per substance, each with what it already
    holds (``Held``)."""

    def __init__(self, info: ReleaseInfo):
        self.info = info
        self.by_substance: dict[str, SourceRelease] = {}
        self.held: dict[str, Held] = {}
        #: The ids of the releases that held no rows when the import began.
        self.empty: set[int] = set()

    def holding(self, substance: str) -> Held:
        """The release for ``substance`` and what it holds, made on first use."""
        found = self.held.get(substance)
        if found is None:
            release = release_get_or_create(info=self.info, substance=substance)
            self.by_substance[substance] = release
            found = self.held[substance] = _existing_emissions(release)
            if not found[1]:
                self.empty.add(release.pk)
        return found

    def first(self) -> SourceRelease:
        """The release the result names; a file without rows still names its release, so
        it is recorded for the person to see."""
        if not self.by_substance:
            self.by_substance[""] = release_get_or_create(info=self.info)
        return next(iter(self.by_substance.values()))

    def ids(self) -> list[int]:
        return [release.pk for release in self.by_substance.values()]


def _emission_batch(
    batch: list[EmissionRecord | RowError], ledger: Ledger, releases: _Releases
) -> tuple[list[tuple], list[tuple[float, int, int]]]:
    """One batch's new rows (as the table's columns) and changed tonnes (with release and
    row ids), counted and sampled in ``ledger``.

    Kept whole: it runs once per value of a national file (~250 000), so it works on
    locals, not attribute look-ups or calls per row: the municipalities the import may
    write are looked up by code in one dict, and a run of rows of one substance (a whole
    file, usually) looks its release up once. The rare rejected row goes through the
    ledger."""
    to_create: list[tuple] = []
    to_update: list[tuple[float, int, int]] = []
    add_new, add_changed = to_create.append, to_update.append
    allowed = ledger.allowed
    writable = {
        code: city[0]
        for code, city in ledger.cities.items()
        if allowed is None or city[0] in allowed
    }
    created, updated, unchanged = ledger.created, ledger.updated, ledger.unchanged
    own = 0  # rows of the municipalities the import may write (``Ledger.own_rows``)
    blocked = ledger.blocked  # once a row is rejected, read on to report, but write no more
    # The substance of the rows before, and what its release holds (``Held``).
    substance: str | None = None
    release_id = 0
    known: dict[tuple, float] = {}
    stored: dict[tuple, int] = {}
    for record in batch:
        if isinstance(record, RowError):
            ledger.note(record)
            blocked = ledger.blocked
            continue
        city_id = writable.get(record.municipality_code)
        if city_id is None:
            ledger.city_of(record.row, record.municipality_code)  # says why not
            blocked = ledger.blocked
            continue
        own += 1
        if blocked:
            continue
        if record.substance is not substance:
            substance = record.substance
            release_id, known, stored = releases.holding(substance)
        year, sector, subsector = record.year, record.sector, record.subsector
        tonnes = record.tonnes
        key = (city_id, year, sector, subsector)
        old = known.get(key)
        if old is None:
            add_new((release_id, city_id, substance, year, sector, subsector, tonnes))
            known[key] = tonnes  # a repeat of the key in this file compares with it
            created += 1
            if created <= SAMPLE_LIMIT:
                ledger.new_samples.append(_emission_sample(record, ledger, None))
        elif old != tonnes:
            add_changed((tonnes, release_id, stored.get(key, 0)))  # 0: a repeat, not stored
            updated += 1
            if updated <= SAMPLE_LIMIT:
                ledger.changed_samples.append(_emission_sample(record, ledger, old))
        else:
            unchanged += 1
    ledger.created, ledger.updated, ledger.unchanged = created, updated, unchanged
    ledger.own_rows += own
    return to_create, to_update


def emission_totals_refresh(*, release_ids: Iterable[int]) -> int:
    """Recompute the stored municipality totals (``EmissionTotal``) of these releases from
    their rows; returns how many totals were written. Called by ``emissions_import``
    inside its transaction, so totals and rows always agree.

    One ``INSERT … SELECT``: the database sums the rows where they are, instead of sending
    them here and back (the same totals as ``selectors.emission_totals_computed``: the total
    the source states, else the sum of the main sectors)."""
    ids = list(release_ids)
    if not ids:
        return 0
    EmissionTotal.objects.filter(release_id__in=ids).delete()
    qn = connection.ops.quote_name
    rows, totals = qn(EmissionRow._meta.db_table), qn(EmissionTotal._meta.db_table)
    stated = f"SUM(CASE WHEN {qn('sector')} = %s THEN {qn('tonnes')} END)"
    summed = f"SUM(CASE WHEN {qn('sector')} <> %s THEN {qn('tonnes')} END)"
    value = f"COALESCE({stated}, {summed})"
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        f"INSERT INTO {totals} ({qn('release_id')}, {qn('city_id')}, {qn('year')}, "  # noqa: S608
        f"{qn('tonnes')}, {qn('stated')}) "
        f"SELECT {qn('release_id')}, {qn('city_id')}, {qn('year')}, {value}, "
        f"{stated} IS NOT NULL FROM {rows} "
        f"WHERE {qn('release_id')} IN ({marks}) AND {qn('subsector')} = %s "
        # Grouped by the unique index's columns in its order: the substance is the
        # release's own (one per release), so naming it changes no group, but it lets
        # SQLite aggregate the rows as its index returns them, without sorting them first.
        f"GROUP BY {qn('release_id')}, {qn('city_id')}, {qn('substance')}, {qn('year')} "
        f"HAVING {value} IS NOT NULL"
    )
    # The select list's value and flag, the filter, the HAVING's value.
    params: list[str | int] = [TOTAL, TOTAL, TOTAL, *ids, TOTAL, TOTAL, TOTAL]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


#: An import that adds at least this many rows is followed by ANALYZE on PostgreSQL, so
#: the planner knows the table's new size at once (not at autovacuum's next round).
ANALYZE_AFTER_ROWS = 10_000


#: The columns pages, the API and the totals filter, group or join the rows on (the city
#: page's query: city, substance, release, subsector). Not the id (its unique index tells
#: the planner enough) nor the tonnes (never a condition): their statistics cost a fifth
#: of the ANALYZE and no plan reads them.
_ANALYZED_COLUMNS = ("city_id", "substance", "release_id", "year", "sector", "subsector")


def _analyze_emissions(release_ids: Iterable[int]) -> None:
    """ANALYZE the partitions these releases' rows are in (the default partition for a
    release without one of its own): the planner adds up the partitions' sizes, and the
    other releases' partitions have not changed (ANALYZE of the whole table would read
    every one of them again)."""
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        columns = ", ".join(qn(c) for c in _ANALYZED_COLUMNS)
        default = f"{EmissionRow._meta.db_table}_default"
        partitions = {_partition_of(release) or default for release in release_ids}
        with connection.cursor() as cursor:
            for partition in sorted(partitions):
                cursor.execute(f"ANALYZE {qn(partition)} ({columns})")


def _emission_sample(record: EmissionRecord, ledger: Ledger, old: float | None) -> ChangeSample:
    return ChangeSample(
        municipality_code=record.municipality_code,
        municipality=ledger.cities[record.municipality_code][1],
        what=f"{record.sector} / {record.subsector} ({record.substance})",
        year=record.year,
        old=old,
        new=record.tonnes,
    )
