"""Celery tasks: thin wrappers that pass paths or ids and call one service."""

from __future__ import annotations

from pathlib import Path

from celery import shared_task

from indicators.fetch import fetch_source
from indicators.import_jobs import import_job_run, import_jobs_fail_stale, import_previews_expire
from indicators.imports import import_file


@shared_task(acks_late=True)
def import_file_task(path: str, format: str | None = None) -> dict:
    """Import a data file already on disk; safe to retry (upserts by natural key)."""
    outcome = import_file(Path(path), format=format)
    counts = outcome.result.counts if outcome.result else None
    return {
        "ok": outcome.ok,
        "message": outcome.message,
        "errors": outcome.error_lines(limit=50),
        "created": counts.created if counts else 0,
        "updated": counts.updated if counts else 0,
        "unchanged": counts.unchanged if counts else 0,
    }


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_job_task(job_id: int) -> str:
    """Run one confirmed ImportJob. Redelivery is safe: a finished job is left alone, a
    job another live worker runs is left to it, and a job whose worker died is run again
    (its writes were rolled back with it)."""
    job = import_job_run(job_id=job_id)
    return job.status if job is not None else "missing"


@shared_task
def import_jobs_fail_stale_task() -> int:
    """Beat: mark import jobs whose worker died as failed, and previews nobody confirmed
    within a day as expired."""
    return import_jobs_fail_stale() + import_previews_expire()


@shared_task(acks_late=True)
def fetch_source_task(source: str) -> list[int]:
    """Beat: fetch the newest files of one configured source and import them."""
    return [job.pk for job in fetch_source(source)]
