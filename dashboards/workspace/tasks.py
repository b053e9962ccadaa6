"""Celery tasks of the officer workspace: the follow-up reminder digests."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from dashboards.workspace.services import drafts_digests_send, reminder_digests_send


@shared_task(name="dashboards.send_reminder_digests")
def send_reminder_digests() -> dict[str, int]:
    """Run daily by Celery beat (``CELERY_BEAT_SCHEDULE``): send the follow-up reminders
    that are due today. Safe to retry: a digest already sent is never sent again."""
    run = reminder_digests_send(today=timezone.localdate())
    return {"sent": run.sent, "already_sent": run.already_sent, "failed": run.failed}


@shared_task(name="dashboards.send_drafts_digests")
def send_drafts_digests() -> dict[str, int]:
    """Run daily by Celery beat: tell each city administrator how many drafts wait to be
    published. Safe to retry: a day's digest is never sent twice."""
    run = drafts_digests_send(today=timezone.localdate())
    return {"sent": run.sent, "already_sent": run.already_sent, "failed": run.failed}
