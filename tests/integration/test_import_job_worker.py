"""An ImportJob confirmed here and run by a real Celery worker against PostgreSQL: the
job id travels through Redis, progress and status come back, and a task delivered again
after its worker died imports the file exactly once."""

import time

import pytest
from django.conf import settings
from django.db import connection

from indicators.import_jobs import import_job_create
from indicators.models import EmissionRow, ImportJob, ImportJobStatus
from indicators.queue import import_job_confirm
from indicators.tasks import import_job_task
from tests.conftest import GGT_JSON


def wait_for(job: ImportJob, timeout: float = 180) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            return job
        time.sleep(0.5)
    pytest.fail(f"job {job.pk} still {job.status} after {timeout} s")


@pytest.fixture
def national_job(committed_db, municipality_list):
    from cities.reference_data import reference_data_load

    counties, cities = municipality_list
    reference_data_load(
        counties=[(c.code, c.name) for c in counties],
        municipalities=[(m.code, m.name) for m in cities],
    )
    with GGT_JSON.open("rb") as fileobj:
        job = import_job_create(upload=fileobj, original_name=GGT_JSON.name, by=None, city=None)
    yield job
    job.file.delete(save=False)


def test_the_worker_runs_a_confirmed_import_job(national_job):
    assert connection.vendor == "postgresql"
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    job = national_job
    assert job.status == ImportJobStatus.PREVIEW and job.created_count > 0
    assert EmissionRow.objects.count() == 0  # the preview wrote nothing

    import_job_confirm(job=job, by=None)  # autocommit: the task is sent at once
    job = wait_for(job)

    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.created_count == EmissionRow.objects.count() == job.rows_total
    assert job.attempts == 1 and job.duration_seconds is not None
    umea_1990 = EmissionRow.objects.filter(release=job.release, city__code="2480", year=1990)
    assert sum(r.tonnes for r in umea_1990) == pytest.approx(481807, abs=1)


def test_a_redelivered_task_of_a_dead_worker_imports_once(national_job):
    job = national_job
    expected = job.created_count
    # As if a worker had claimed the job and been killed: running, no heartbeat.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, attempts=1)
    import_job_task.delay(job.pk).get(timeout=180)
    import_job_task.delay(job.pk).get(timeout=180)  # and once more: a no-op
    job.refresh_from_db()
    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.attempts == 2
    assert EmissionRow.objects.count() == expected
