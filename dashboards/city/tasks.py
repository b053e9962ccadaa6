"""Celery tasks of the public city pages."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cities.models import City
from core.cache import generation
from dashboards.city.pages import city_page_html

_WARMED_KEY = "city-pages-warmed"


@shared_task(name="dashboards.tasks.city_pages_warm", acks_late=True)
def city_pages_warm() -> int:
    """Render the contract cities' public pages into the cache, in every language, once
    per data generation; returns how many pages were rendered (0 when already warm).

    Scheduled every minute by Celery beat: after an import or an edit invalidates the
    cache, the 23 contract cities' pages are rendered by a worker instead of by the
    first visitor. Safe to run twice: a page already cached is only read.
    """
    current = generation()
    if cache.get(_WARMED_KEY) == current:
        return 0
    rendered = 0
    slugs = list(City.objects.contract_cities().values_list("slug", flat=True))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for slug in slugs:
                city_page_html(slug)
                rendered += 1
    cache.set(_WARMED_KEY, current, timeout=None)
    return rendered
