"""Celery task of the stored pages: rebuild those built from older data."""

from __future__ import annotations

import uuid

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from core.stored_pages import rebuild_stale

_LOCK = "stored-pages-rebuilding"
LOCK_SECONDS = 600
RETRY_SECONDS = 2


@shared_task(name="core.stored_pages_rebuild", acks_late=True)
def stored_pages_rebuild() -> int:
    """Rebuild the stored pages built from older data; returns how many were built.

    Enqueued after every commit that changed data (and every minute by beat, in case a
    worker died). One rebuild at a time: a task that finds another running comes back in
    two seconds, so a change made while a rebuild runs is never left out.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return rebuild_stale()
    token = uuid.uuid4().hex
    if not cache.add(_LOCK, token, timeout=LOCK_SECONDS):
        if cache.add(f"{_LOCK}:retry", 1, timeout=RETRY_SECONDS):  # one retry is enough
            stored_pages_rebuild.apply_async(countdown=RETRY_SECONDS)
        return 0
    try:
        return rebuild_stale()
    finally:
        if cache.get(_LOCK) == token:
            cache.delete(_LOCK)
