"""Celery task of the comparison: render it into the cache after a data change.

Scheduled every minute by Celery beat (``CELERY_BEAT_SCHEDULE["compare-page-warm"]``):
once per data generation it builds the dataset and the two most asked-for views (the
contract cities, all 290 municipalities) in every language, so that programme staff
rarely wait for the uncached page. Safe to run twice: what is cached is only read.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from core.cache import generation
from dashboards.compare.pages import compare_page_html, dataset
from dashboards.compare.selection import ALL, Selection

_WARMED_KEY = "compare-page-warmed"
WARMED_SELECTIONS = (Selection(), Selection(scope=ALL))


@shared_task(name="dashboards.compare_page_warm", acks_late=True)
def compare_page_warm() -> int:
    """Render the comparison's common views; returns how many (0 when already warm)."""
    current = generation()
    if cache.get(_WARMED_KEY) == current:
        return 0
    rendered = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            dataset()
            for selection in WARMED_SELECTIONS:
                compare_page_html(selection)
                rendered += 1
    cache.set(_WARMED_KEY, current, timeout=None)
    return rendered
