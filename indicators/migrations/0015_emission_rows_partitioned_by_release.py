"""On PostgreSQL the emission table becomes LIST-partitioned by release: one table per
release (``indicators_emissionrow_<release id>``) and a default partition for rows
written other than by the import (tests' factories, a shell), so that the import can load
a new release's rows into a table of their own with no index, build its unique index
afterwards by sorting, and attach it (see ``indicators.services.emissions``). SQLite keeps
its plain table; the model is unchanged, so Django's state is too.

The primary key: a partitioned table's unique indexes must include the partition key, so
it is (id, release_id), not (id). The id still comes from one identity sequence for every
partition, so ids stay unique on their own; Django only needs that, and never asks the
database which columns the key has. Every query on the table names the release (the
natural key's index starts with it), and the import's updates name it too, so they read
one partition.

The rows already stored move into a partition of their release's. Backwards: the plain
table of migration 0014 again, with the same rows."""

# ruff: noqa: S608 (its SQL names only this module's constants and integer release ids)

from django.db import migrations

TABLE = "indicators_emissionrow"
NATURAL_KEY = "release_id, city_id, substance, year, sector, subsector"
COLUMNS = f"id, {NATURAL_KEY}, tonnes"


def partition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, "PARTITION BY LIST (release_id)", "id, release_id")


def unpartition(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            _rebuild(cursor, "", "id")


def _rebuild(cursor, partitioned_by: str, primary_key: str) -> None:
    """The table made anew (partitioned or not), with the same columns, defaults, identity
    and constraints under the same names, and the same rows and ids."""
    old = f"{TABLE}_old"
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {old}")
    cursor.execute(
        f"ALTER TABLE {old} RENAME CONSTRAINT emissionrow_unique_natural_key TO {old}_natural_key"
    )
    cursor.execute(f"ALTER TABLE {old} RENAME CONSTRAINT {TABLE}_pkey TO {old}_pkey")
    cursor.execute(f"ALTER SEQUENCE {TABLE}_id_seq RENAME TO {old}_id_seq")
    cursor.execute(
        f"CREATE TABLE {TABLE} (LIKE {old} INCLUDING ALL EXCLUDING INDEXES) {partitioned_by}"
    )
    cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY ({primary_key})")
    cursor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT emissionrow_unique_natural_key UNIQUE ({NATURAL_KEY})"
    )
    if partitioned_by:
        cursor.execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
        cursor.execute(f"SELECT DISTINCT release_id FROM {old} ORDER BY release_id")
        for (release_id,) in cursor.fetchall():
            cursor.execute(
                f"CREATE TABLE {TABLE}_{int(release_id)} PARTITION OF {TABLE} "
                f"FOR VALUES IN ({int(release_id)})"
            )
    cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {old}")
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), "
        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {old}), false)"
    )
    cursor.execute(f"DROP TABLE {old}")  # with its partitions, if it had any


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0014_emission_rows_keyed_by_release_first"),
    ]

    operations = [
        migrations.RunPython(partition, unpartition),
    ]
