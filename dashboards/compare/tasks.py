"""Celery task of the comparison: its two most asked-for views stored and fresh.

Scheduled every minute by Celery beat (``CELERY_BEAT_SCHEDULE["compare-page-warm"]``):
stores the contract cities' and all 290 municipalities' views (and the figure the latter
links), in every language, when they are not stored yet (``dashboards.stored``). After
that they are rebuilt with every other stored page when data changes
(``core.stored_pages``). Safe to run twice.
"""

from __future__ import annotations

from celery import shared_task

from core.stored_pages import ensure, page_key
from dashboards.compare.selection import ALL, CONTRACT
from dashboards.stored import dated

STORED_SCOPES = (CONTRACT, ALL)


@shared_task(name="dashboards.compare_page_warm", acks_late=True)
def compare_page_warm() -> int:
    """Store the comparison's common views; returns how many were built (0: all there)."""
    keys = [page_key("compare", dated(scope)) for scope in STORED_SCOPES]
    return ensure([*keys, page_key("compare-figure", dated(ALL))])
