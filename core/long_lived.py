"""The garbage collector kept out of the way: what a serving process keeps for its whole
life is frozen, and a bulk pass runs with the collector paused.

A process of the web or the worker holds some 150 000 objects that live as long as it does:
the modules, the URL resolvers, the compiled templates, the translation catalogues. Python's
cyclic garbage collector walks all of them in each full collection, which a process runs
now and then (in two runs of 1 620 requests of the demo's pages: none, then one): 50–75 ms
of the request that sets one off, and the processor's caches emptied of that request's data.
``gc.freeze`` moves every object alive into a permanent generation the collector no longer
walks (reference counting still frees them as usual): a full collection then takes 0.3 ms.

A process freezes what it holds after its 1st, 10th, 100th and 1000th request or task
(``FREEZE_AFTER``): what the first one loads (the URL configuration, the frame's
templates), then what later ones load the first time they are needed. Each time after a
full collection, so no garbage is frozen with them; what the request just finished still
holds is frozen too, and never collected if it ends in a cycle: four requests' worth, once.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: After how many requests (or tasks) of a process its live objects are frozen.
FREEZE_AFTER = frozenset({1, 10, 100, 1000})

_lock = threading.Lock()
_done = 0


def freeze_long_lived() -> None:
    """Collect what is garbage, then freeze everything still alive."""
    gc.collect()
    gc.freeze()


def after_one(**_kwargs: Any) -> None:
    """Counts a request or a task of this process; freezes at the counts ``FREEZE_AFTER``.
    (A signal receiver: ``request_finished``, Celery's ``task_postrun``.)"""
    global _done
    with _lock:
        _done += 1
        due = _done in FREEZE_AFTER
    if due:
        freeze_long_lived()


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector paused for a bulk pass (an import) that makes hundreds of
    thousands of objects and frees them by reference counting: the collector would walk
    them some 700 times over a national emission file for nothing (40–90 ms of a 0.7 s
    import). Enabled again afterwards, whatever happens, unless it was paused before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
