"""Import jobs run by the Celery task: all-or-nothing when the worker crashes, safe when a
task is delivered again, and the rule that fails jobs whose worker died."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from indicators import import_jobs
from indicators.import_jobs import import_job_create, import_job_run, import_jobs_fail_stale
from indicators.models import EmissionRow, ImportJob, ImportJobStatus, SourceRelease
from indicators.tasks import import_job_task
from tests.parsers.conftest import UMEA_ROWS, ned_csv_text

CSV = ned_csv_text(UMEA_ROWS).encode()


def queued_job(staff_user, content: bytes = CSV, name: str = "lansrapport.csv") -> ImportJob:
    job = import_job_create(
        upload=io.BytesIO(content), original_name=name, by=staff_user, city=None
    )
    assert job.status == ImportJobStatus.PREVIEW, job.message
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.QUEUED)
    return job


def test_the_task_runs_a_queued_job_and_records_who_what_and_how_long(municipalities, staff_user):
    job = queued_job(staff_user)
    assert import_job_task.delay(job.pk).get() == "succeeded"
    job.refresh_from_db()
    assert (job.created_count, job.updated_count, job.unchanged_count) == (6, 0, 0)
    assert job.rows_read == job.rows_total == 6
    assert job.release.name == "Länsrapport 2021-10-14"
    assert job.duration_seconds is not None and job.duration_seconds >= 0
    assert job.file.read() == CSV
    assert job.file.name.startswith("imports/")
    assert EmissionRow.objects.count() == 6


def test_a_crash_mid_import_leaves_the_database_as_before_and_the_job_failed(
    municipalities, staff_user, monkeypatch
):
    job = queued_job(staff_user)
    monkeypatch.setattr("indicators.services.emissions.EMISSION_BATCH_SIZE", 2)
    calls = []

    def crash(job_id, rows_read):
        calls.append(rows_read)
        if rows_read >= 4:  # two batches are already written inside the transaction
            raise MemoryError("worker ran out of memory")

    monkeypatch.setattr(import_jobs, "_beat", crash)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert calls == [0, 2, 4]  # claimed, then one beat per batch
    assert job.status == ImportJobStatus.FAILED
    assert "importen avbröts av ett oväntat fel; ingenting har skrivits" in job.message
    assert EmissionRow.objects.count() == 0
    assert SourceRelease.objects.count() == 0


def test_a_task_delivered_again_after_its_worker_died_runs_the_job_once_more(
    municipalities, staff_user
):
    job = queued_job(staff_user)
    # The first worker claimed the job and was killed: its transaction rolled back, no
    # heartbeat remains, and acks_late delivers the task again.
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, attempts=1, started_at=timezone.now()
    )
    cache.clear()
    assert import_job_task.delay(job.pk).get() == "succeeded"
    job.refresh_from_db()
    assert job.attempts == 2
    assert (job.created_count, job.updated_count) == (6, 0)
    assert EmissionRow.objects.count() == 6


def test_a_task_delivered_twice_leaves_a_finished_job_alone(municipalities, staff_user):
    job = queued_job(staff_user)
    import_job_task.delay(job.pk).get()
    assert import_job_task.delay(job.pk).get() == "succeeded"
    job.refresh_from_db()
    assert job.attempts == 1 and job.created_count == 6
    assert EmissionRow.objects.count() == 6


def test_a_task_delivered_while_another_worker_runs_the_job_does_nothing(
    municipalities, staff_user
):
    job = queued_job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, attempts=1)
    import_jobs._beat(job.pk, 2)  # the other worker is alive
    assert import_job_task.delay(job.pk).get() == "running"
    assert EmissionRow.objects.count() == 0
    job.refresh_from_db()
    assert job.attempts == 1


def test_running_jobs_without_a_heartbeat_are_marked_failed(municipalities, staff_user):
    dead, alive = queued_job(staff_user), queued_job(staff_user)
    long_ago = timezone.now() - timedelta(hours=1)
    ImportJob.objects.filter(pk__in=[dead.pk, alive.pk]).update(
        status=ImportJobStatus.RUNNING, started_at=long_ago
    )
    import_jobs._beat(alive.pk, 3)
    assert import_jobs_fail_stale() == 1
    dead.refresh_from_db()
    assert dead.status == ImportJobStatus.FAILED
    assert "arbetsprocessen som körde den slutade svara" in dead.message
    assert "Ingenting har skrivits; kör jobbet igen." in dead.message
    assert ImportJob.objects.get(pk=alive.pk).status == ImportJobStatus.RUNNING
    # a late redelivery of the failed job does not resurrect it
    import_job_task.delay(dead.pk).get()
    assert EmissionRow.objects.count() == 0


def test_a_rejected_file_fails_the_job_and_keeps_the_report(municipalities, staff_user):
    rows = [*UMEA_ROWS, ("Transporter", "Alla", "Västerbottens län", "Umeå", "abc", "1")]
    job = import_job_create(
        upload=io.BytesIO(ned_csv_text(rows).encode()),
        original_name="trasig.csv",
        by=staff_user,
        city=None,
    )
    assert job.status == ImportJobStatus.PREVIEW and job.rejected_count >= 1
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.QUEUED)
    import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJobStatus.FAILED
    assert job.message == "trasig.csv: 1 rad avvisades; ingenting har skrivits."
    first = next(e for e in job.errors if e["severity"] == "error")
    assert first["file"] == "trasig.csv" and first["row"] == 13 and first["column"]
    assert EmissionRow.objects.count() == 0


@pytest.mark.parametrize("name", ["lansrapport.csv"])
def test_the_command_records_a_job_too(municipalities, tmp_path, name):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / name
    path.write_bytes(CSV)
    out = StringIO()
    call_command("import_data", str(path), stdout=out)
    job = ImportJob.objects.get()
    assert job.origin == "command" and job.status == ImportJobStatus.SUCCEEDED
    assert f"importjobb {job.pk}" in out.getvalue()
    assert "6 nya, 0 ändrade, 0 oförändrade" in out.getvalue()


def a_dead_pid() -> int:
    """The id of a process of this machine that has ended."""
    import subprocess

    ended = subprocess.Popen(["true"])
    ended.wait()
    return ended.pid


def test_the_heartbeat_renews_the_lease_while_the_worker_is_busy(db, settings):
    settings.IMPORT_JOB_HEARTBEAT_SECONDS = 0.05
    import time

    with import_jobs._heartbeat(4711):
        cache.delete(import_jobs._lease_key(4711))  # as if the lease had lapsed
        time.sleep(0.3)  # the worker's own thread is busy (a long COPY)
        assert import_jobs._is_alive(4711)
    time.sleep(0.2)
    assert cache.get(import_jobs._lease_key(4711))["pid"] > 0  # the thread has stopped


def test_a_redelivered_task_runs_the_job_of_a_killed_pool_process_at_once(
    municipalities, staff_user
):
    job = queued_job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, attempts=1, started_at=timezone.now()
    )
    # the lease is fresh, but the process holding it on this machine is gone
    holder = {"host": import_jobs.socket.gethostname(), "pid": a_dead_pid(), "at": 0}
    cache.set(import_jobs._lease_key(job.pk), holder, timeout=60)
    assert import_job_task.delay(job.pk).get() == "succeeded"
    job.refresh_from_db()
    assert job.attempts == 2 and EmissionRow.objects.count() == 6


def test_reading_a_job_whose_lease_lapsed_fails_it_and_the_rerun_proceeds(
    client, municipalities, staff_user
):
    job = queued_job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING,
        attempts=1,
        started_at=timezone.now() - timedelta(1),
        confirmed_at=timezone.now() - timedelta(1),
    )
    client.force_login(staff_user)
    progress = client.get(f"/import/jobb/{job.pk}/status.json").json()
    assert progress["status"] == "failed" and progress["finished"]
    assert "slutade svara" in progress["message"]
    response = client.post(f"/import/jobb/{job.pk}/kor-igen/")
    new = ImportJob.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/import/jobb/{new.pk}/"
    assert new.rerun_of_id == job.pk and new.status == ImportJobStatus.PREVIEW


def test_a_job_with_a_live_lease_is_left_running_when_read(client, municipalities, staff_user):
    job = queued_job(staff_user)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.RUNNING, attempts=1, started_at=timezone.now() - timedelta(1)
    )
    import_jobs._renew(job.pk)  # this (living) process holds it
    client.force_login(staff_user)
    assert client.get(f"/import/jobb/{job.pk}/status.json").json()["status"] == "running"
