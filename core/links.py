"""The address of the page that shows a thing (a city, a contract version), for the layers
that may not know the pages.

The pages (``dashboards``) are the top layer: the models below them must not name their
URLs, yet a model's ``get_absolute_url`` (the admin's "view on site", templates, the API's
``page`` field) has to answer. So the pages say, when they start, how to make the address
of each kind of thing they show (``dashboards.apps``), and the models ask here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_addresses: dict[type, Callable[[Any], str]] = {}


def register(kind: type, address: Callable[[Any], str]) -> None:
    """Things of class ``kind`` are shown at ``address(thing)``."""
    _addresses[kind] = address


def page_url(thing: object) -> str:
    """The address (a path) of the page that shows ``thing``. ``LookupError`` when no page
    shows its kind (the pages are not installed)."""
    for kind in type(thing).__mro__:
        if kind in _addresses:
            return _addresses[kind](thing)
    raise LookupError(f"no page shows a {type(thing).__name__}")
