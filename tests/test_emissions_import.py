"""Importing SMHI's emission files exactly as downloaded: known values, idempotent
re-import, all-or-nothing on files it cannot read."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import EmissionRow, SourceRelease
from tests.conftest import GGT_CSV, GGT_JSON, UMEA, load_emissions


def tonnes(release_name: str, year: int, sector: str = "Alla", subsector: str = "Alla") -> float:
    return EmissionRow.objects.get(
        release__name=release_name,
        city__code=UMEA,
        year=year,
        sector=sector,
        subsector=subsector,
    ).tonnes


def test_the_2021_csv_gives_umeas_known_values(municipalities, ggt_2021):
    result = load_emissions(ggt_2021, {UMEA})
    name = result.release.name
    assert tonnes(name, 1990) == pytest.approx(458141.257, abs=5e-4)
    assert tonnes(name, 2019) == pytest.approx(371639.613, abs=5e-4)
    assert tonnes(name, 2019, "Transporter") == pytest.approx(163858.354, abs=5e-4)
    release = SourceRelease.objects.get(pk=result.release.pk)
    assert release.substance == "GGT"
    assert release.released_on.isoformat() == "2021-10-14"
    assert release.covers_to == 2019
    assert set(EmissionRow.objects.values_list("substance", flat=True)) == {"GGT"}


def test_unpublished_years_are_not_invented(municipalities, ggt_2021):
    load_emissions(ggt_2021, {UMEA})
    years = set(EmissionRow.objects.values_list("year", flat=True))
    assert years == {1990, 2000, 2005, *range(2010, 2020)}


def test_the_newest_release_is_stored_beside_the_older_one(municipalities, ggt_2021, ggt_newest):
    old = load_emissions(ggt_2021, {UMEA})
    new = load_emissions(ggt_newest, {UMEA})
    assert old.release.pk != new.release.pk
    sectors_1990 = EmissionRow.objects.filter(release=new.release, city__code=UMEA, year=1990)
    assert sum(r.tonnes for r in sectors_1990) == pytest.approx(481807, abs=1)
    # the older release keeps its own 1990 value
    assert tonnes(old.release.name, 1990) == pytest.approx(458141.257, abs=5e-4)


def test_reimporting_the_same_file_changes_nothing(municipalities, ggt_newest):
    first = load_emissions(ggt_newest, {UMEA})
    count = EmissionRow.objects.count()
    second = load_emissions(ggt_newest, {UMEA})
    assert first.counts.created == count > 0
    assert (second.counts.created, second.counts.updated) == (0, 0)
    assert second.counts.unchanged == count
    assert EmissionRow.objects.count() == count


def run_import(path) -> str:
    out = StringIO()
    call_command("import_data", str(path), stdout=out)
    return out.getvalue()


def test_the_command_imports_the_whole_national_csv_and_reports_counts(municipalities):
    output = run_import(GGT_CSV)
    assert "nya" in output and "oförändrade" in output
    created = EmissionRow.objects.count()
    assert f"{created} nya, 0 ändrade, 0 oförändrade" in output
    assert EmissionRow.objects.values("city").distinct().count() == 290
    again = run_import(GGT_CSV)
    assert f"0 nya, 0 ändrade, {created} oförändrade" in again


def test_the_command_imports_the_json_release_with_names_matched_to_codes(municipalities):
    output = run_import(GGT_JSON)
    assert "0 ändrade" in output
    assert EmissionRow.objects.values("city").distinct().count() == 290


def test_a_file_it_cannot_read_exits_non_zero_and_writes_nothing(municipalities, tmp_path):
    broken = tmp_path / "lansrapport.csv"
    lines = GGT_CSV.read_bytes().splitlines(keepends=True)
    umea_rows = [line for line in lines if ";Umeå;".encode() in line]
    bad = re.sub(rb"(;Ume\xc3\xa5;)[0-9,]+", rb"\1abc", umea_rows[1])
    # the real header, two good rows, then one where a number is text
    broken.write_bytes(b"".join(lines[:7]) + umea_rows[0] + umea_rows[2] + bad)
    with pytest.raises(CommandError) as excinfo:
        run_import(broken)
    message = str(excinfo.value)
    assert "lansrapport.csv" in message and "abc" in message and "rad 10" in message
    assert EmissionRow.objects.count() == 0
    assert SourceRelease.objects.count() == 0


def test_a_file_that_is_not_data_at_all_is_refused_clearly(municipalities, tmp_path):
    junk = tmp_path / "bild.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 200)
    with pytest.raises(CommandError) as excinfo:
        run_import(junk)
    assert "bild.xlsx" in str(excinfo.value)
    assert EmissionRow.objects.count() == 0


def test_dry_run_reports_counts_and_writes_nothing(municipalities):
    out = StringIO()
    call_command("import_data", str(GGT_JSON), "--dry-run", stdout=out)
    assert "Provkörning" in out.getvalue()
    assert EmissionRow.objects.count() == 0


def test_the_stored_totals_match_the_rows_and_follow_a_revision(municipalities, ggt_2021):
    from indicators.models import EmissionTotal
    from indicators.parsers.base import EmissionRecord
    from indicators.services.emissions import emissions_import

    result = load_emissions(ggt_2021, {UMEA})
    total = EmissionTotal.objects.get(release=result.release, city__code=UMEA, year=1990)
    assert total.stated is True
    assert total.tonnes == tonnes(result.release.name, 1990)
    # a revised value of the same release replaces the stored total in the same import
    release_info, rows = ggt_2021
    revised = [
        EmissionRecord(**{**r.__dict__, "tonnes": 500000.0})
        if r.municipality_code == UMEA and r.year == 1990 and r.sector == "Alla"
        else r
        for r in rows
        if isinstance(r, EmissionRecord) and r.municipality_code == UMEA
    ]
    emissions_import(release_info=release_info, rows=revised)
    revised_total = EmissionTotal.objects.get(release=result.release, city__code=UMEA, year=1990)
    assert revised_total.tonnes == 500000.0


def test_a_source_without_a_total_row_gets_the_sum_of_its_sectors(municipalities, ggt_newest):
    from indicators.models import EmissionTotal

    result = load_emissions(ggt_newest, {UMEA})
    total = EmissionTotal.objects.get(release=result.release, city__code=UMEA, year=1990)
    sectors = EmissionRow.objects.filter(release=result.release, city__code=UMEA, year=1990)
    assert total.stated is False
    assert total.tonnes == pytest.approx(sum(r.tonnes for r in sectors))


def test_the_totals_written_in_one_insert_select_equal_the_rows_sums(
    municipalities, ggt_2021, ggt_newest, django_assert_num_queries
):
    from indicators.models import EmissionTotal
    from indicators.selectors import emission_totals_computed
    from indicators.services.emissions import emission_totals_refresh

    ids = [
        load_emissions(ggt_2021, {UMEA, "1280"}).release.pk,
        load_emissions(ggt_newest, {UMEA, "1280"}).release.pk,
    ]
    expected = sorted(emission_totals_computed(release_ids=ids))
    with django_assert_num_queries(2):  # the old totals deleted, the new ones written
        written = emission_totals_refresh(release_ids=ids)
    stored = sorted(
        EmissionTotal.objects.values_list("release_id", "city_id", "year", "tonnes", "stated")
    )
    assert written == len(expected) == len(stored) > 0
    assert [s[:3] for s in stored] == [e[:3] for e in expected]
    assert [s[3] for s in stored] == pytest.approx([e[3] for e in expected])
    assert [bool(s[4]) for s in stored] == [e[4] for e in expected]
    assert {s[4] for s in stored} == {True, False}  # 2021 states totals, the newest does not


def test_the_emission_table_has_no_index_repeating_its_natural_keys_prefix(db):
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, EmissionRow._meta.db_table)
    indexed = [c["columns"] for c in found.values() if c["index"] or c["unique"]]
    assert ["release_id", "city_id", "substance", "year", "sector", "subsector"] in indexed
    assert ["release_id"] not in indexed
    assert ["city_id"] not in indexed


def test_the_emission_table_on_sqlite_takes_ids_without_autoincrement(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("AUTOINCREMENT is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE name = %s", [EmissionRow._meta.db_table]
        )
        (sql,) = cursor.fetchone()
    assert '"id" integer NOT NULL PRIMARY KEY,' in sql
    assert "AUTOINCREMENT" not in sql


def test_a_row_of_an_unknown_municipality_is_refused_without_a_database_foreign_key(
    municipalities, ggt_2021
):
    from indicators.parsers.base import EmissionRecord
    from indicators.services.emissions import emissions_import
    from indicators.services.importing import ImportRejected

    release_info, rows = ggt_2021
    umea = [r for r in rows if isinstance(r, EmissionRecord) and r.municipality_code == UMEA]
    stranger = EmissionRecord(**{**umea[0].__dict__, "municipality_code": "9999"})
    with pytest.raises(ImportRejected, match="9999"):
        emissions_import(release_info=release_info, rows=[*umea[:5], stranger])
    assert not EmissionRow.objects.exists()


def test_a_large_import_analyzes_the_table_after_its_commit(
    municipalities, ggt_2021, monkeypatch, django_capture_on_commit_callbacks
):
    from indicators.services import emissions

    monkeypatch.setattr(emissions, "ANALYZE_AFTER_ROWS", 100)
    with django_capture_on_commit_callbacks() as callbacks:
        load_emissions(ggt_2021, {UMEA})
    assert any(getattr(c, "func", None) is emissions._analyze_emissions for c in callbacks)
    with django_capture_on_commit_callbacks() as callbacks:
        load_emissions(ggt_2021, {UMEA})  # nothing new: nothing to analyze
    assert not any(getattr(c, "func", None) is emissions._analyze_emissions for c in callbacks)


# --- PostgreSQL: a partition per release (migration 0015) ---------------------------------


def _partitions_of_the_emission_table() -> dict[str, list[tuple[str, str | None]]]:
    """Each partition and its indexes, each with the table's index it is attached to."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.inhrelid::regclass::text, i.indexrelid::regclass::text, "
            "  (SELECT x.inhparent::regclass::text FROM pg_inherits x "
            "   WHERE x.inhrelid = i.indexrelid) "
            "FROM pg_inherits p LEFT JOIN pg_index i ON i.indrelid = p.inhrelid "
            "WHERE p.inhparent = %s::regclass ORDER BY 1, 2",
            [EmissionRow._meta.db_table],
        )
        found: dict[str, list[tuple[str, str | None]]] = {}
        for partition, index, parent in cursor.fetchall():
            found.setdefault(partition, [])
            if index is not None:
                found[partition].append((index, parent))
        return found


@pytest.fixture
def postgresql(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the emission table is partitioned on PostgreSQL only")


def test_on_postgresql_a_new_release_becomes_a_partition_with_the_tables_indexes(
    postgresql, municipalities, ggt_2021, ggt_newest
):
    old = load_emissions(ggt_2021, {UMEA})
    new = load_emissions(ggt_newest, {UMEA})
    partitions = _partitions_of_the_emission_table()
    table = EmissionRow._meta.db_table
    releases = [f"{table}_{result.release.pk}" for result in (old, new)]
    assert set(partitions) == {*releases, f"{table}_default"}
    for indexes in partitions.values():
        # a partition's own two indexes, each adopted by the table's: none built twice
        adopted_by = sorted(parent for _index, parent in indexes)
        assert adopted_by == ["emissionrow_unique_natural_key", f"{table}_pkey"]
    for result in (old, new):
        assert EmissionRow.objects.filter(release=result.release).count() == result.counts.created
    ids = list(EmissionRow.objects.values_list("pk", flat=True))
    assert len(ids) == len(set(ids))


def test_on_postgresql_attaching_a_new_release_reads_none_of_its_rows_again(
    postgresql, municipalities, ggt_2021
):
    """ATTACH reads a partition's rows to check them against its bound unless a constraint
    proves it; PostgreSQL says which (DEBUG1). The proving constraint is gone afterwards:
    the partition has the table's checks, no other."""
    from django.db import connection

    connection.ensure_connection()
    notices: list[str] = []

    def collect(diagnostic) -> None:
        notices.append(diagnostic.message_primary or "")

    connection.connection.add_notice_handler(collect)
    with connection.cursor() as cursor:
        cursor.execute("SET client_min_messages = debug1")
    try:
        result = load_emissions(ggt_2021, {UMEA})
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET client_min_messages")
        connection.connection.remove_notice_handler(collect)
    partition = f"{EmissionRow._meta.db_table}_{result.release.pk}"
    assert f'partition constraint for table "{partition}" is implied by existing constraints' in (
        notices
    )
    with connection.cursor() as cursor:
        checks = "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'"
        cursor.execute(checks, [partition])
        of_partition = {name for (name,) in cursor.fetchall()}
        cursor.execute(checks, [EmissionRow._meta.db_table])
        assert of_partition == {name for (name,) in cursor.fetchall()}  # the table's own only


def test_on_postgresql_a_correction_is_written_into_the_releases_partition(
    postgresql, municipalities, ggt_2021
):
    from django.db import connection

    from indicators.parsers.base import EmissionRecord
    from indicators.services.emissions import emissions_import

    first = load_emissions(ggt_2021, {UMEA})
    release_info, rows = ggt_2021
    umea = [r for r in rows if isinstance(r, EmissionRecord) and r.municipality_code == UMEA]
    corrected = [EmissionRecord(**{**umea[0].__dict__, "tonnes": 1.5}), *umea[1:]]
    result = emissions_import(release_info=release_info, rows=corrected)
    assert (result.counts.updated, result.counts.created) == (1, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT tonnes FROM "{EmissionRow._meta.db_table}_{first.release.pk}" '  # noqa: S608
            "WHERE city_id = %s AND year = %s AND sector = %s AND subsector = %s",
            [umea_id(), umea[0].year, umea[0].sector, umea[0].subsector],
        )
        assert cursor.fetchall() == [(1.5,)]


def umea_id() -> int:
    from cities.models import City

    return City.objects.get(code=UMEA).pk


def test_on_postgresql_rows_written_outside_an_import_keep_one_key_with_the_imports(
    postgresql, municipalities, ggt_2021
):
    from django.db import IntegrityError, transaction

    from indicators.parsers.base import EmissionRecord
    from indicators.services.importing import release_get_or_create
    from tests.factories import EmissionRowFactory

    # A row the ORM writes for a release with no partition lands in the default one; the
    # import of that release then writes through the table, beside it, and makes none.
    release_info, rows = ggt_2021
    release = release_get_or_create(info=release_info, substance="GGT")
    umea = [r for r in rows if isinstance(r, EmissionRecord) and r.municipality_code == UMEA]
    key = {f: getattr(umea[0], f) for f in ("year", "substance", "sector", "subsector")}
    EmissionRowFactory(release=release, city_id=umea_id(), tonnes=umea[0].tonnes, **key)
    result = load_emissions(ggt_2021, {UMEA})
    assert result.release == release
    assert (result.counts.unchanged, result.counts.created) == (1, len(umea) - 1)
    assert EmissionRow.objects.filter(release=release).count() == len(umea)
    table = EmissionRow._meta.db_table
    assert f"{table}_{release.pk}" not in _partitions_of_the_emission_table()
    with pytest.raises(IntegrityError), transaction.atomic():
        EmissionRowFactory(release=release, city_id=umea_id(), **key)


def test_on_postgresql_a_failed_import_leaves_no_partition(
    postgresql, municipalities, ggt_2021, monkeypatch
):
    from indicators.services import emissions

    def fail(**_kwargs):
        raise RuntimeError("after the rows were written")

    monkeypatch.setattr(emissions, "emission_totals_refresh", fail)
    before = _partitions_of_the_emission_table()
    with pytest.raises(RuntimeError):
        load_emissions(ggt_2021, {UMEA})
    assert _partitions_of_the_emission_table() == before
    assert not EmissionRow.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_two_imports_of_new_releases_at_once_both_land(
    municipalities, ggt_2021, monkeypatch
):
    """The second waits for the first's commit; without that, each would wait for the
    other at its ATTACH (the first needs the default partition the second has read)."""
    import dataclasses
    import threading

    from django.db import connection, connections

    from indicators.parsers.base import EmissionRecord
    from indicators.services import emissions

    if connection.vendor != "postgresql":
        pytest.skip("the emission table is partitioned on PostgreSQL only")
    release_info, rows = ggt_2021
    umea = [r for r in rows if isinstance(r, EmissionRecord) and r.municipality_code == UMEA]
    second_started = threading.Event()
    load = emissions._partition_load

    def slow_load(*args, **kwargs):  # the first import's rows are written, not yet attached
        if threading.current_thread().name == "first":
            second_started.wait(5)
            threading.Event().wait(0.5)  # the second is inside its import by now
        return load(*args, **kwargs)

    monkeypatch.setattr(emissions, "_partition_load", slow_load)
    results, errors = [], []

    def run(name: str) -> None:
        if name == "second":
            second_started.set()
        info = dataclasses.replace(release_info, name=f"{release_info.name} ({name})")
        try:
            results.append(emissions.emissions_import(release_info=info, rows=umea))
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,), name=n) for n in ("first", "second")]
    threads[0].start()
    threading.Event().wait(0.2)
    threads[1].start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert [r.counts.created for r in results] == [len(umea), len(umea)]
