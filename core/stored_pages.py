"""Pages built when their data changes, stored in the database, served as stored.

A page kind (the city page, the home page, …) is registered once by the layer that draws
it (``register``): a prefix and a function that renders the page's content for an
argument (a slug, a selection) in the active language. Then:

- a visitor's request reads the stored content (``stored_content``): from this process's
  memory when it was built from the current data generation, else one query; the very
  first request for a page ever builds and stores it;
- every service that changes data bumps the generation (``core.cache.bump_generation``);
  once its transaction commits, ``rebuild_soon`` asks a worker (Celery) to rebuild every
  stored page built from older data (in-process, right after the commit, when Celery runs
  eagerly in the embedded setup);
- until the new page is written, visitors get the previous one. The new one replaces it
  in one UPDATE of its row: the old page or the new one, never half of either.

The database keeps the pages, so a cache flush or a restart loses none; a flush only makes
them all look older than the (new) generation, and they are served while being rebuilt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import get_language

from core.cache import LOCAL_SECONDS, generation, generation_now
from core.models import StoredPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Content:
    """A page's stored content: the rendered HTML and what its frame needs (title…)."""

    body: bytes
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    prefix: str
    build: Callable[[str], Content]
    # Lower first: the pages most visitors see are rebuilt before the rest.
    priority: Callable[[str], int]


_kinds: dict[str, Kind] = {}


def register(
    prefix: str, build: Callable[[str], Content], *, priority: Callable[[str], int] | None = None
) -> None:
    """Make ``prefix`` a stored page kind: ``build(arg)`` renders the page for ``arg`` in
    the active language (raising ``Http404`` when there is no such page)."""
    _kinds[prefix] = Kind(prefix, build, priority or (lambda _arg: 5))


def page_key(prefix: str, arg: str = "") -> str:
    return f"{prefix}:{arg}"


@dataclass
class _Copy:
    generation: int
    content: Content
    checked: float


# This process's copies of the pages it served lately, by (key, language). A copy built
# from the current generation is served as it is; an older one is checked against the
# database at most once a second.
_copies: OrderedDict[tuple[str, str], _Copy] = OrderedDict()
COPIES = 96


def forget_local() -> None:
    """Drop this process's copies (tests)."""
    _copies.clear()


def stored_content(prefix: str, arg: str = "") -> Content:
    """The stored content of page ``prefix:arg`` in the active language.

    Served from this process's memory or one query; built here only when no visitor ever
    asked for it before (``Http404`` when there is no such page). A page built from older
    data is served as it is while a worker rebuilds it."""
    key = page_key(prefix, arg)
    language = get_language() or settings.LANGUAGE_CODE
    current = generation()
    now = time.monotonic()
    copy = _copies.get((key, language))
    if copy is not None and (copy.generation >= current or now - copy.checked < LOCAL_SECONDS):
        _copies.move_to_end((key, language))
        return copy.content
    row = (
        StoredPage.objects.filter(key=key, language=language)
        .values_list("generation", "html", "meta")
        .first()
    )
    if row is None:
        built_from, content = current, _build_and_store(key, language, current)
    else:
        built_from, content = row[0], Content(bytes(row[1]), row[2])
        if built_from < current:
            content = _stale(key, language, current, content)
    _copies[(key, language)] = _Copy(built_from, content, now)
    _copies.move_to_end((key, language))
    while len(_copies) > COPIES:
        _copies.popitem(last=False)
    return content


def _stale(key: str, language: str, current: int, content: Content) -> Content:
    """A visitor found a page older than the data: serve it, and make sure a rebuild is on
    its way (once per generation). With a worker, a task; embedded (no worker: it happens
    after a restart emptied the in-memory cache), a thread of this process, or, where
    threads are off (the tests), this request."""
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    if eager and not settings.STORED_PAGES_THREAD:
        return _build_and_store(key, language, current)
    if cache.add(f"stored-pages-asked:{current}", 1, timeout=60):
        _rebuild_in_thread() if eager else rebuild_soon()
    return content


_thread: threading.Thread | None = None


def _rebuild_in_thread() -> None:
    global _thread
    if _thread is not None and _thread.is_alive():
        return

    def run() -> None:
        try:
            rebuild_stale()
        finally:
            connections.close_all()

    _thread = threading.Thread(target=run, name="stored-pages-rebuild", daemon=True)
    _thread.start()


def wait_for_rebuild(timeout: float | None = None) -> None:
    """Wait for this process's rebuilding thread, if one runs (benchmarks)."""
    if _thread is not None:
        _thread.join(timeout)


def _build(key: str) -> tuple[Content, int]:
    prefix, _sep, arg = key.partition(":")
    kind = _kinds.get(prefix)
    if kind is None:
        raise Http404(key)
    started = time.perf_counter()
    content = kind.build(arg)
    return content, int((time.perf_counter() - started) * 1000)


def _build_and_store(key: str, language: str, built_from: int) -> Content:
    with translation.override(language):
        content, ms = _build(key)
    store(key, language, built_from, content, build_ms=ms)
    return content


def store(key: str, language: str, built_from: int, content: Content, *, build_ms: int = 0) -> None:
    """Write a page built from generation ``built_from``, unless a newer build is there."""
    values = {
        "generation": built_from,
        "html": content.body,
        "meta": content.meta,
        "built_at": timezone.now(),
        "build_ms": build_ms,
    }
    _copies.pop((key, language), None)  # this process serves the new page at once
    updated = StoredPage.objects.filter(
        key=key, language=language, generation__lte=built_from
    ).update(**values)
    if updated:
        return
    try:
        with transaction.atomic():
            StoredPage.objects.create(key=key, language=language, **values)
    except IntegrityError:
        pass  # a newer build of the same page got there first


def rebuild_soon() -> None:
    """Rebuild the stored pages older than the data: by a worker, or here when Celery runs
    eagerly (the embedded setup)."""
    from core.tasks import stored_pages_rebuild

    stored_pages_rebuild.delay()


def rebuild_stale(*, rounds: int = 5) -> int:
    """Rebuild every stored page built from an older generation, the most visited kinds
    first; again while the data moves on meanwhile (at most ``rounds`` times). Returns how
    many pages were built."""
    built = 0
    for _round in range(rounds):
        current = generation_now()
        stale = list(
            StoredPage.objects.filter(generation__lt=current).values_list("key", "language")
        )
        if not stale:
            break
        stale.sort(key=lambda kl: (_priority(kl[0]), kl[0], kl[1]))
        for key, language in stale:
            try:
                _build_and_store(key, language, current)
            except Http404:
                # The page is gone (a municipality renamed, a kind no longer stored).
                StoredPage.objects.filter(key=key, language=language).delete()
            built += 1
    return built


def ensure(keys: list[str]) -> int:
    """Build and store each page of ``keys`` that is not stored yet, in every language;
    returns how many were built (pages that do not exist are left out)."""
    stored = set(StoredPage.objects.filter(key__in=keys).values_list("key", "language"))
    current = generation_now()
    built = 0
    for language, _name in settings.LANGUAGES:
        for key in keys:
            if (key, language) in stored:
                continue
            try:
                _build_and_store(key, language, current)
            except Http404:
                continue
            built += 1
    return built


def _priority(key: str) -> int:
    prefix, _sep, arg = key.partition(":")
    kind = _kinds.get(prefix)
    return kind.priority(arg) if kind else 99
