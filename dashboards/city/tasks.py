"""Celery task of the public pages: make sure the most visited are stored and fresh."""

from __future__ import annotations

from celery import shared_task

from cities.models import City
from core.stored_pages import ensure, page_key, rebuild_stale


@shared_task(name="dashboards.tasks.city_pages_warm", acks_late=True)
def city_pages_warm() -> int:
    """Store the home page and the contract cities' pages, in every language, if they are
    not stored yet, and rebuild every stored page built from older data; returns how many
    pages were built (0 when all are there and fresh).

    Pages are rebuilt after every commit that changes data (``core.stored_pages``); this
    task, every minute by Celery beat, only makes sure of it (a worker killed mid-way, a
    new contract city, a flushed cache). Safe to run twice.
    """
    slugs = City.objects.contract_cities().values_list("slug", flat=True)
    keys = [page_key("home"), *(page_key("city", slug) for slug in slugs)]
    return ensure(keys) + rebuild_stale()
