"""Confirming an import job: the hand-off from the upload pages to the worker.

``indicators.import_jobs`` makes a job and its preview (``import_job_create``) and runs it
(``import_job_run``); confirming it queues the Celery task (``indicators.tasks``) that
runs it. This step sits above both, so the import path itself never names the tasks
that call it.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cities.permissions import can_publish
from core.numbers import counted
from indicators.models import ImportJob, ImportJobStatus
from indicators.tasks import import_job_task


class ConfirmRefused(Exception):
    """The job cannot be confirmed (already confirmed, rejected rows not accepted, or
    values that jump from a neighbouring year not confirmed: ``reason`` "jumps")."""

    def __init__(self, message: str, reason: str = "rejected"):
        super().__init__(message)
        self.reason = reason


def import_job_confirm(
    *,
    job: ImportJob,
    by: User | AnonymousUser | None,
    skip_rejected: bool = False,
    publish: bool = False,
    confirm_jumps: bool = False,
) -> ImportJob:
    """Queue a previewed job for import by a worker.

    A file with rejected rows is imported only when the person explicitly chose to
    import just the valid rows (``skip_rejected``). A city's values land as drafts unless
    one of its administrators explicitly chose to publish them at once (``publish``);
    national imports publish (see ``ImportJob.publishes``). Values more than 3× or under
    ⅓ of a neighbouring published year are imported only once the person confirmed
    them (``confirm_jumps``).
    """
    if publish and job.city_id is not None and (by is None or not can_publish(by, job.city_id)):
        raise PermissionDenied("Bara kommunens administratörer kan publicera värden direkt.")
    if job.rejected_count and not skip_rejected:
        raise ConfirmRefused(
            f"{counted(job.rejected_count, 'rad', 'rader')} avvisades. Rätta filen och ladda "
            "upp den igen, eller bekräfta att bara de giltiga raderna ska importeras."
        )
    if job.jump_count and not confirm_jumps:
        raise ConfirmRefused(
            f"{job.jump_count} värden skiljer sig kraftigt från ett närliggande år; "
            "bekräfta att de stämmer.",
            reason="jumps",
        )
    user = by if by is not None and by.is_authenticated else None
    # One conditional UPDATE, so a double click cannot queue the job twice.
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.PREVIEW).update(
        status=ImportJobStatus.QUEUED,
        skip_rejected=skip_rejected,
        publish=publish,
        confirm_jumps=confirm_jumps,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )
    if not claimed:
        raise ConfirmRefused("Jobbet är redan bekräftat eller avslutat.", reason="claimed")
    job.refresh_from_db()
    transaction.on_commit(lambda: import_job_task.delay(job.pk))
    return job
