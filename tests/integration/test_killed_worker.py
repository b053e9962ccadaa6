"""A real Celery worker killed in the middle of a national import (kill -9), on a queue of
its own so that the suite's worker is not involved: the job is failed (with a message
that says why) or completed within 60 s, never half-written, and runs again.

- the worker's main process killed: its lease lapses; reading the job fails it; the
  person's re-run, taken by a new worker, succeeds;
- a pool process killed: the message comes back at once (acks_late,
  reject_on_worker_lost), and the new attempt sees that the lease's process is gone and
  imports the file, once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from indicators import import_jobs
from indicators.import_jobs import import_job_check, import_job_create, import_job_rerun
from indicators.models import EmissionRow, ImportJob, ImportJobStatus
from indicators.tasks import import_job_task
from tests.conftest import GGT_JSON

ROOT = Path(__file__).resolve().parents[2]
QUEUE = f"killed-worker-{os.getpid()}"
PROMISE = 60  # seconds within which a dead worker's job is failed or completed


class Worker:
    """A Celery worker of one pool process on ``QUEUE``, in a process group of its own."""

    def __init__(self, name: str):
        # Celery's worker, with imports slowed down so that the kill lands mid-import.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.slow_worker", "-A", "klimat",
             "worker", "-Q", QUEUE, "--concurrency=1",
             "--without-gossip", "--without-mingle", "--without-heartbeat",
             f"--hostname={name}-{os.getpid()}@%h", "--loglevel=warning"],
            cwd=ROOT,
            start_new_session=True,
        )  # fmt: skip

    def children(self) -> list[int]:
        found = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return [int(pid) for pid in found.stdout.split()]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def workers():
    started: list[Worker] = []

    def start(name: str) -> Worker:
        worker = Worker(name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


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
    for made in ImportJob.objects.all():
        made.file.delete(save=False)


def queue(job: ImportJob) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.QUEUED)
    import_job_task.apply_async((job.pk,), queue=QUEUE)


def running_for_a_while(job: ImportJob, timeout: float = 120) -> None:
    """Wait until the worker has taken the job and read some of its rows."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        progress = cache.get(import_jobs._progress_key(job.pk)) or {}
        if job.status == ImportJobStatus.RUNNING and progress.get("rows_read", 0) > 0:
            return
        time.sleep(0.2)
    pytest.fail(f"job {job.pk} did not start: {job.status}")


def finished_within(job: ImportJob, seconds: float) -> ImportJob:
    """The job once finished, read (and so checked) every second; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        job = import_job_check(job)
        if job.is_finished:
            return job
        time.sleep(1)
    pytest.fail(f"job {job.pk} still {job.status} {seconds} s after its worker was killed")


def test_a_killed_worker_never_strands_its_job_and_the_rerun_succeeds(national_job, workers):
    expected = national_job.created_count
    worker = workers("killed")
    queue(national_job)
    running_for_a_while(national_job)
    os.kill(worker.process.pid, signal.SIGKILL)  # the main process; its child is orphaned
    killed_at = time.monotonic()
    job = finished_within(national_job, PROMISE + 5)
    assert time.monotonic() - killed_at <= PROMISE + 5
    rows = EmissionRow.objects.count()
    if job.status == ImportJobStatus.FAILED:  # the usual case: the child died too
        assert "arbetsprocessen som körde den slutade svara" in job.message
        assert rows == 0  # nothing half-written
    else:  # the orphaned pool process finished the import and committed it
        assert job.status == ImportJobStatus.SUCCEEDED and rows == expected
    worker.stop()

    rerun = import_job_rerun(job=job, by=None)
    workers("rerun")
    queue(rerun)
    rerun = finished_within(rerun, 300)
    assert rerun.status == ImportJobStatus.SUCCEEDED, rerun.message
    assert EmissionRow.objects.count() == expected


def test_a_killed_pool_process_is_replaced_and_the_job_imported_once(national_job, workers):
    expected = national_job.created_count
    worker = workers("child")
    queue(national_job)
    running_for_a_while(national_job)
    (child,) = worker.children()
    os.kill(child, signal.SIGKILL)
    job = finished_within(national_job, 300)
    assert job.status == ImportJobStatus.SUCCEEDED, job.message
    assert job.attempts == 2
    assert EmissionRow.objects.count() == expected
