"""Import jobs (:class:`~indicators.models.ImportJob`): one file's import from upload to
outcome, through ``indicators.imports.import_file``.

1. ``import_job_create`` keeps the original file under ``MEDIA_ROOT`` and computes the
   preview (a dry run: what would be new, changed, unchanged, rejected; nothing written).
2. ``indicators.queue.import_job_confirm`` queues it; a Celery task passes the job's id to
3. ``import_job_run``, which imports the file and records the job's final status in the
   same transaction: either both land or neither does. A job still ``running`` has
   therefore written nothing, and a redelivered task (``acks_late``) may run it again.
4. ``import_jobs_fail_stale`` marks jobs whose worker died (no heartbeat) as failed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import time
from datetime import timedelta
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cities.models import City
from indicators.imports import ImportOutcome, import_file
from indicators.models import ImportJob, ImportJobOrigin, ImportJobStatus
from indicators.parsers.base import RowError
from indicators.parsers.detect import FORMATS
from indicators.services.importing import ChangeSample

logger = logging.getLogger(__name__)

#: At most this many problems are kept in a job's error report (the count is exact).
ERROR_REPORT_LIMIT = 5000


def _progress_key(job_id: int) -> str:
    return f"import-job:{job_id}:progress"


def _stale_after() -> int:
    return settings.IMPORT_JOB_STALE_SECONDS


def _beat(job_id: int, rows_read: int) -> None:
    """Record progress and that the worker is alive. Kept in the cache (Redis in
    production) because the job's row is inside the import's uncommitted transaction."""
    cache.set(
        _progress_key(job_id),
        {"rows_read": rows_read, "at": time.time()},
        timeout=_stale_after(),
    )


def _is_alive(job_id: int) -> bool:
    return cache.get(_progress_key(job_id)) is not None


def _error_dicts(errors: list[RowError]) -> list[dict[str, Any]]:
    """The job's problems as kept in its report (``RowError(**d)`` reads one back)."""
    return [dataclasses.asdict(e) for e in errors[:ERROR_REPORT_LIMIT]]


def _sample_dicts(samples: list[ChangeSample]) -> list[dict[str, Any]]:
    return [
        {
            "code": s.municipality_code,
            "municipality": s.municipality,
            "what": s.what,
            "year": s.year,
            "old": s.old,
            "new": s.new,
        }
        for s in samples
    ]


def _sha256(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    while chunk := fileobj.read(1 << 20):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def _allowed(job: ImportJob) -> set[int] | None:
    return {job.city_id} if job.city_id else None


def import_job_create(
    *,
    upload: IO[bytes],
    original_name: str,
    by: User | AnonymousUser | None,
    city: City | None,
    origin: str = ImportJobOrigin.UPLOAD,
    format: str = "",
    rerun_of: ImportJob | None = None,
    preview: bool = True,
) -> ImportJob:
    """Keep an uploaded (or fetched) file under MEDIA_ROOT as a new job and compute its
    preview. The caller has checked that ``by`` may import for ``city`` (``None``:
    national). Nothing but the job is written. ``preview=False`` (the command and the
    scheduled fetch, where nobody confirms) queues the job at once instead."""
    user = by if by is not None and by.is_authenticated else None
    job = ImportJob(
        original_name=original_name[:255],
        created_by=user,
        city=city,
        origin=origin,
        format_requested=format,
        rerun_of=rerun_of,
    )
    job.sha256 = _sha256(upload)
    stored = upload if isinstance(upload, File) else File(upload, name=original_name)
    job.file.save(original_name, stored, save=False)
    job.file_size = job.file.size
    if not preview:
        job.status = ImportJobStatus.QUEUED
        job.confirmed_by = user
        job.confirmed_at = timezone.now()
    job.save()
    return import_job_preview(job=job) if preview else job


def import_job_preview(*, job: ImportJob) -> ImportJob:
    """Compute what importing the job's file would change, without writing it.

    A file that cannot be read, or that holds values for municipalities the person may
    not import, fails at once: there is nothing to confirm. A file with rejected rows
    stays in preview: the person may fix it, or confirm importing only the valid rows.
    """
    outcome = import_file(
        Path(job.file.path),
        filename=job.original_name,
        format=job.format_requested or None,
        dry_run=True,
        skip_rejected=True,  # count what the valid rows would do, too
        allowed_city_ids=_allowed(job),
        by=job.created_by,
        publish=job.publishes,
    )
    job.errors = _error_dicts([*outcome.errors, *outcome.warnings])
    job.rejected_count = sum(1 for e in outcome.errors if e.is_error)
    job.warning_count = len(outcome.warnings)
    job.format = outcome.format
    if outcome.ok and outcome.result is not None:
        result = outcome.result
        job.rows_total = result.rows_read
        job.created_count = result.counts.created
        job.updated_count = result.counts.updated
        job.unchanged_count = result.counts.unchanged
        job.jump_count = result.jumps
        job.preview = {
            "release": result.release.name if result.release else "",
            "format": FORMATS[outcome.format].label if outcome.format in FORMATS else "",
            "new": _sample_dicts(result.new_samples),
            "changed": _sample_dicts(result.changed_samples),
        }
        job.message = ""
    else:
        job.status = ImportJobStatus.FAILED
        job.finished_at = timezone.now()
        job.message = outcome.message
    job.save()
    return job


def import_job_rerun(*, job: ImportJob, by: User | AnonymousUser | None) -> ImportJob:
    """A new job for the same original file, starting again from the preview (the data
    may have changed since)."""
    with job.file.open("rb") as original:
        return import_job_create(
            upload=original,
            original_name=job.original_name,
            by=by,
            city=job.city,
            origin=job.origin,
            format=job.format_requested,
            rerun_of=job,
        )


class _Failed(Exception):
    def __init__(self, outcome: ImportOutcome):
        self.outcome = outcome


def _claim(job_id: int) -> ImportJob | None:
    """Take the job for this worker, or None when there is nothing to do.

    A queued job is claimed with one conditional UPDATE. A job already ``running`` was
    delivered again (``acks_late``): if its worker still beats, leave it; if the worker
    died, its transaction rolled back, so run it again (upserts make that safe).
    """
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING, started_at=now, attempts=F("attempts") + 1, rows_read=0
    )
    if not claimed:
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None or job.status != ImportJobStatus.RUNNING or _is_alive(job_id):
            return None
        claimed = ImportJob.objects.filter(
            pk=job_id, status=ImportJobStatus.RUNNING, attempts=job.attempts
        ).update(started_at=now, attempts=F("attempts") + 1, rows_read=0)
        if not claimed:
            return None
        logger.warning("Import job %s: earlier attempt died; running it again", job_id)
    _beat(job_id, 0)
    return ImportJob.objects.select_related("created_by", "confirmed_by").get(pk=job_id)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Run a queued import job (called by the Celery task with the job's id).

    The import and the job's "succeeded" are one transaction. On rejected rows, an
    unreadable file or any crash the transaction rolls back, leaving the database as it
    was, and the job is marked failed with the reason.
    """
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    by = job.confirmed_by or job.created_by
    try:
        with transaction.atomic():
            outcome = import_file(
                Path(job.file.path),
                filename=job.original_name,
                format=job.format or job.format_requested or None,
                skip_rejected=job.skip_rejected,
                allowed_city_ids=_allowed(job),
                by=by,
                progress=lambda n: _beat(job_id, n),
                publish=job.publishes,
                confirm_jumps=job.confirm_jumps,
            )
            if not outcome.ok:
                raise _Failed(outcome)
            _finish(job, outcome, ImportJobStatus.SUCCEEDED)
    except _Failed as failed:
        _finish(job, failed.outcome, ImportJobStatus.FAILED)
    except Exception:
        logger.exception("Import job %s crashed", job_id)
        _finish(
            job,
            ImportOutcome(
                ok=False,
                message=(
                    f"{job.original_name}: importen avbröts av ett oväntat fel; ingenting "
                    "har skrivits. Försök igen, och kontakta förvaltningen om felet kvarstår."
                ),
            ),
            ImportJobStatus.FAILED,
        )
    finally:
        cache.delete(_progress_key(job_id))
    job.refresh_from_db()
    return job


def _finish(job: ImportJob, outcome: ImportOutcome, status: str) -> None:
    result = outcome.result
    fields: dict[str, Any] = {
        "status": status,
        "finished_at": timezone.now(),
        "message": outcome.message,
        "errors": _error_dicts([*outcome.errors, *outcome.warnings]),
        "rejected_count": sum(1 for e in outcome.errors if e.is_error),
        "warning_count": len(outcome.warnings),
    }
    if outcome.format:
        fields["format"] = outcome.format
    if result is not None:
        fields |= {
            "rows_read": result.rows_read,
            "created_count": result.counts.created,
            "updated_count": result.counts.updated,
            "unchanged_count": result.counts.unchanged,
            "release": result.release,
        }
    else:
        fields |= {"created_count": 0, "updated_count": 0, "unchanged_count": 0}
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def import_jobs_fail_stale(*, now: Any = None) -> int:
    """Mark running jobs whose worker stopped beating as failed (a killed worker).

    Their import transaction never committed, so the database is as before; the
    person re-runs the job from the history page. Returns how many were marked.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=_stale_after())
    stale = [
        pk
        for pk in ImportJob.objects.filter(
            status=ImportJobStatus.RUNNING, started_at__lt=cutoff
        ).values_list("pk", flat=True)
        if not _is_alive(pk)
    ]
    if not stale:
        return 0
    return ImportJob.objects.filter(pk__in=stale, status=ImportJobStatus.RUNNING).update(
        status=ImportJobStatus.FAILED,
        finished_at=now,
        message=(
            "Importen avbröts: arbetsprocessen slutade svara. Ingenting har skrivits; "
            "kör jobbet igen."
        ),
    )


#: An upload left waiting for confirmation this long expires (its preview may be stale).
PREVIEW_LIFETIME = timedelta(days=1)


def import_previews_expire(*, now: Any = None) -> int:
    """Mark previews nobody confirmed within a day as expired, so that an abandoned
    upload no longer waits "for confirmation" forever; nothing was written by them. The
    file is kept: a re-run previews it anew. Returns how many expired."""
    now = now or timezone.now()
    return ImportJob.objects.filter(
        status=ImportJobStatus.PREVIEW, created_at__lt=now - PREVIEW_LIFETIME
    ).update(
        status=ImportJobStatus.EXPIRED,
        finished_at=now,
        message=(
            "Förhandsgranskningen gick ut efter ett dygn utan bekräftelse. Ingenting har "
            "sparats; kör om importen för att se vad filen skulle ändra nu."
        ),
    )


def import_job_progress(job: ImportJob) -> dict[str, Any]:
    """How far a job has come, for the progress bar and its JSON endpoint."""
    rows_read = job.rows_read
    if job.status == ImportJobStatus.RUNNING:
        beat = cache.get(_progress_key(job.pk))
        if beat:
            rows_read = beat["rows_read"]
    total = job.rows_total
    if job.status == ImportJobStatus.SUCCEEDED:
        rows_read = total if total is not None else rows_read
    percent = min(100, round(100 * rows_read / total)) if total else None
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "finished": job.is_finished,
        "rows_read": rows_read,
        "rows_total": total,
        "percent": percent,
        "created": job.created_count,
        "updated": job.updated_count,
        "unchanged": job.unchanged_count,
        "rejected": job.rejected_count,
        "message": job.message,
    }


def job_error_lines(job: ImportJob, limit: int = 20) -> list[str]:
    """The job's problems as Swedish sentences naming file, row and column."""
    errors = [RowError(**e) for e in job.errors if e.get("severity") == "error"]
    lines = [str(e) for e in errors[:limit]]
    if job.rejected_count > limit:
        lines.append(f"… och {job.rejected_count - limit} fel till.")
    return lines
