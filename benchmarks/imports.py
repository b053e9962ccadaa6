"""Import speed: SMHI's full GGT Länsrapport CSV (290 municipalities, every sector and
subsector, every year) through ``emissions_import``, against the database's own bulk-load
floor for the same rows in the same run (COPY into a bare table on PostgreSQL,
executemany into a bare table on SQLite).

Figures (one per line, ``name value unit``):

- ``import_ratio_<db>``: first import time ÷ floor time (goals ≤ 2.5 x SQLite, ≤ 3 x
  PostgreSQL)
- ``import_ratio_schema_<db>``: first import time ÷ the floor into a copy of the real
  table, with its constraints and indexes (goal ≤ 1.2 x): what the import adds beyond
  what the table itself costs (on PostgreSQL a copy of a release's partition, see
  ``_schema_floor``)
- ``import_ratio_partition_postgres``: first import time ÷ the floor of the way the import
  writes a new release on PostgreSQL (COPY into a table with no index, its indexes built
  after, attached as the release's partition): what the import adds beyond the database's
  own work (checking and counting the rows, the totals, ANALYZE)
- ``import_rows_per_s_<db>``: values written per second by the first import
- ``import_reimport_ratio_<db>``: re-import of the same file (all unchanged) ÷ first
  import (goal ≤ 1 x)
- ``import_parse_rows_per_s``: the parser alone, for scale

Each database is a scratch database of its own made for this run and removed after it:
a SQLite file in the benchmark's scratch folder, and on the PostgreSQL server named by
``DATABASE_URL`` a new database ``klimat_bench_imports_<pid>`` (never the one it names). The
work runs in a child process per database so each gets its own Django connection.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GGT_CSV = "ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
REPEATS = 3


def run() -> Iterator[tuple[str, float, str]]:
    scratch = Path(os.environ.get("KLIMAT_BENCH_SCRATCH") or "/tmp")  # noqa: S108
    sqlite_file = scratch / f"import-bench-{os.getpid()}.sqlite3"
    try:
        figures = _child(f"sqlite:///{sqlite_file}")
    finally:
        sqlite_file.unlink(missing_ok=True)
    yield ("import_parse_rows_per_s", round(figures["rows"] / figures["parse"]), "rows/s")
    yield from _figures("sqlite", figures)

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "# import_*_postgres skipped: DATABASE_URL names no PostgreSQL "
            "(e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench)",
            file=sys.stderr,
        )
        return
    yield from _figures("postgres", _on_scratch_postgres(url))


def _figures(db: str, f: dict) -> Iterator[tuple[str, float, str]]:
    yield (f"import_ratio_{db}", round(f["first"] / f["floor"], 2), "x")
    yield (f"import_ratio_schema_{db}", round(f["first"] / f["schema_floor"], 2), "x")
    if f["partition_floor"]:
        yield (f"import_ratio_partition_{db}", round(f["first"] / f["partition_floor"], 2), "x")
    yield (f"import_rows_per_s_{db}", round(f["rows"] / f["first"]), "rows/s")
    yield (f"import_reimport_ratio_{db}", round(f["again"] / f["first"], 2), "x")


def _on_scratch_postgres(url: str) -> dict:
    import psycopg
    from django.db import connection

    settings = connection.settings_dict
    name = f"klimat_bench_imports_{os.getpid()}"  # beside the run's own scratch database
    admin = psycopg.connect(
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = url.rsplit("/", 1)[0].split("?", 1)[0]
        return _child(f"{base}/{name}")
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _child(database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "klimat.settings"}
    env.pop("REDIS_URL", None)  # the benchmark needs no broker or shared cache
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.imports", "--child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- in the child process, on its scratch database ---------------------------------------


def _measure() -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    names = _load_municipalities()
    started = time.perf_counter()
    release_info, rows = _parse(names)
    parse_seconds = time.perf_counter() - started
    floors, schema_floors, partition_floors, firsts, agains = [], [], [], [], []
    for _ in range(REPEATS):
        floors.append(_floor(rows))
        schema_floors.append(_schema_floor(rows))
        partition_floors.append(_partition_floor(rows))
        firsts.append(_first_import(release_info, rows))
        agains.append(_reimport(release_info, rows))
    return {
        "rows": len(rows),
        "parse": parse_seconds,
        "floor": statistics.median(floors),
        "schema_floor": statistics.median(schema_floors),
        "partition_floor": statistics.median(partition_floors),
        "first": statistics.median(firsts),
        "again": statistics.median(agains),
    }


def _load_municipalities() -> dict[str, str]:
    """The counties and municipalities, from SCB's list; the municipalities' names by code."""
    from django.conf import settings

    from cities.models import City
    from cities.reference_data import reference_data_load
    from indicators.parsers.scb import load_municipality_list

    counties, cities = load_municipality_list(
        settings.KLIMAT_DATA_DIR / "scb" / "scb_kommunlankod_2023.xls"
    )
    reference_data_load(
        counties=[(c.code, c.name) for c in counties],
        municipalities=[(m.code, m.name) for m in cities],
    )
    return dict(City.objects.values_list("code", "name"))


def _parse(names: dict[str, str]) -> tuple[Any, list]:
    """SMHI's greenhouse-gas file parsed: its release and its emission records."""
    from django.conf import settings

    from indicators.parsers import EmissionRecord, parse_any

    path = settings.KLIMAT_DATA_DIR / GGT_CSV
    with (
        path.open("rb") as fileobj,
        parse_any(fileobj, filename=path.name, municipalities=names) as parsed,
    ):
        rows = [r for r in parsed.rows() if isinstance(r, EmissionRecord)]
        return parsed.release, rows


def _floor(rows: list) -> float:
    """Seconds to write the same rows into a bare table: the floor an import cannot beat
    (COPY on PostgreSQL, executemany elsewhere)."""
    from django.db import connection, transaction

    from cities.models import City

    ids = dict(City.objects.values_list("code", "pk"))
    tuples = [
        (1, ids[r.municipality_code], r.year, r.substance, r.sector, r.subsector, r.tonnes)
        for r in rows
    ]
    columns = "release_id, city_id, year, substance, sector, subsector, tonnes"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_floor (release_id integer, city_id integer, year integer, "
            "substance varchar(16), sector varchar(100), subsector varchar(150), "
            "tonnes double precision)"
        )
    begin = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, "bench_floor", columns, tuples)
        else:
            cursor.executemany(
                f"INSERT INTO bench_floor ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                tuples,
            )
    seconds = time.perf_counter() - begin
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return seconds


def _copy(cursor: Any, table: str, columns: str, rows: list[tuple]) -> None:
    """COPY ``rows`` into ``table`` in the binary format, as the import does (no number
    formatted as text and parsed back: the fastest load PostgreSQL offers)."""
    cursor.execute(
        "SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
        "WHERE attrelid = %s::regclass AND attnum > 0",
        [table],
    )
    types = dict(cursor.fetchall())
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.set_types([types[c.strip()] for c in columns.split(",")])
        for row in rows:
            copy.write_row(row)


def _schema_floor(rows: list) -> float:
    """Seconds to write the same rows, in the natural key's order, into an empty copy of
    the emission table with its real constraints and indexes (the bulk-load floor of
    that table).

    On PostgreSQL the table is partitioned by release (migration indicators/0015), and
    ``LIKE`` of it makes a plain table with the constraints and indexes each partition
    has (the primary key (id, release_id), the natural key's unique index): this floor is
    the COPY into a release's partition that has its indexes, which is what loading into
    the real table cost before it was partitioned, and what writing into a release that
    already has rows still costs. The import writes a new release another way (its
    indexes built after its rows, ``_partition_floor``), so it can come under this floor;
    the bare floor (``_floor``) stays the strict one."""
    from django.db import connection, transaction
    from django.db.models import UniqueConstraint

    from cities.models import City
    from indicators.models import EmissionRow, SourceRelease

    table = EmissionRow._meta.db_table
    ids = dict(City.objects.values_list("code", "pk"))
    release = SourceRelease.objects.create(name="bench floor", publisher="bench", substance="GGT")
    tuples = [
        (release.pk, ids[r.municipality_code], r.year, r.substance, r.sector, r.subsector, r.tonnes)
        for r in rows
    ]
    # In the order of the natural key's fields, whatever it is (its index's order).
    natural = "emissionrow_unique_natural_key"
    (key,) = (
        c
        for c in EmissionRow._meta.constraints
        if isinstance(c, UniqueConstraint) and c.name == natural
    )
    position = {"release": 0, "city": 1, "year": 2, "substance": 3, "sector": 4, "subsector": 5}
    tuples.sort(key=lambda t: tuple(t[position[name]] for name in key.fields))
    columns = "release_id, city_id, year, substance, sector, subsector, tonnes"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE bench_schema (LIKE {table} INCLUDING ALL)")
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL", [table]
            )
            for (sql,) in cursor.fetchall():
                cursor.execute(
                    sql.replace(f'"{table}"', '"bench_schema"').replace(
                        'INDEX "', 'INDEX "bench_schema_'
                    )
                )
    begin = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            _copy(cursor, "bench_schema", columns, tuples)
        else:
            cursor.executemany(
                f"INSERT INTO bench_schema ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s)",  # noqa: S608
                tuples,
            )
    seconds = time.perf_counter() - begin
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_schema")
    release.delete()
    return seconds


def _partition_floor(rows: list) -> float:
    """Seconds for the database's own part of the way the import writes a new release on
    PostgreSQL: the import's own ``_partition_load`` of the rows, already checked and in
    the natural key's order (COPY into a new table with no index, its primary key and
    natural-key index built, the table attached as the release's partition), without the
    import's reading, checking and counting. 0 on SQLite, whose table is not
    partitioned."""
    from django.db import connection, transaction

    from cities.models import City
    from indicators.models import EmissionRow, SourceRelease
    from indicators.services import emissions

    if connection.vendor != "postgresql":
        return 0.0
    ids = dict(City.objects.values_list("code", "pk"))
    release = SourceRelease.objects.create(name="bench floor", publisher="bench", substance="GGT")
    tuples = sorted(  # the import's columns, in its natural key's order
        (release.pk, ids[r.municipality_code], r.substance, r.year, r.sector, r.subsector, r.tonnes)
        for r in rows
    )
    writer = emissions._BulkWriter(EmissionRow, emissions._EMISSION_COLUMNS)
    begin = time.perf_counter()
    with transaction.atomic():
        emissions._partition_load(writer, release.pk, tuples)
    seconds = time.perf_counter() - begin
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{emissions._partition_name(release.pk)}"')
    release.delete()
    return seconds


def _first_import(release_info: Any, rows: list) -> float:
    """Seconds to import the rows into an empty database."""
    from django.db import connection

    from indicators.models import EmissionRow, EmissionTotal, SourceRelease
    from indicators.services.emissions import emissions_import

    EmissionRow.objects.all().delete()
    SourceRelease.objects.all().delete()
    if connection.vendor == "postgresql":
        # Emptied, not only deleted from: PostgreSQL keeps the deleted rows (and their
        # index entries, the same keys as this import's) until a vacuum, so every write
        # of the repeats after the first would check a dead duplicate, which neither the
        # first repeat nor the floor's new table does (a quarter more server time).
        tables = [EmissionRow._meta.db_table, EmissionTotal._meta.db_table]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
    begin = time.perf_counter()
    result = emissions_import(release_info=release_info, rows=rows)
    seconds = time.perf_counter() - begin
    assert result.counts.created == len(rows), result.counts
    return seconds


def _reimport(release_info: Any, rows: list) -> float:
    """Seconds to import the same rows again (every row unchanged)."""
    from indicators.services.emissions import emissions_import

    begin = time.perf_counter()
    result = emissions_import(release_info=release_info, rows=rows)
    seconds = time.perf_counter() - begin
    assert result.counts.unchanged == len(rows), result.counts
    return seconds


if __name__ == "__main__" and "--child" in sys.argv:
    sys.path.insert(0, str(ROOT))
    print(json.dumps(_measure()))
