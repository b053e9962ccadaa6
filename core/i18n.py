"""Translation while a page is built: the language read once, each text translated once.

A page is built in one language from start to end (a stored page for each language, a
live render for a request). Django's ``gettext`` and ``get_language`` find the active
language in a store local to the thread and the task on every call, which a city page's
build makes some five hundred times over (a text, a number's language): 1–2 µs each,
an eighth of the build. Inside ``override(language)``, this module's ``gettext`` and
``get_language`` read the language from a context variable, and each text's translation
from a dictionary of that language that fills as texts are first asked for (the
catalogues are the process's for its whole life: new translations come with a new build,
which is a new process). Outside it they are Django's own, call for call.

The code that builds pages (``dashboards``, ``indicators``) translates through this
module, and changes the language only with ``override`` (tests/test_i18n.py holds both
to it): a ``django.utils.translation.override`` inside a build would leave this module
answering in the build's language.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import translation

#: The language of the build under way and its translations so far; None outside one.
_building: ContextVar[tuple[str, dict[str, str]] | None] = ContextVar(
    "building_language", default=None
)
#: Each language's translations asked for so far in this process, by their source text.
_TRANSLATED: dict[str, dict[str, str]] = {}


@contextmanager
def override(language: str | None = None) -> Iterator[str]:
    """Build in ``language`` (default: the active one, else the site's): Django's
    language too, for templates and everything else. Yields the language."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        token = _building.set((language, _TRANSLATED.setdefault(language, {})))
        try:
            yield language
        finally:
            _building.reset(token)


def gettext(message: str) -> str:
    """``django.utils.translation.gettext``; inside ``override``, looked up once per
    language (safe text, which Django marks safe again, is always asked of Django)."""
    building = _building.get()
    if building is None or type(message) is not str:
        return translation.gettext(message)
    texts = building[1]
    text = texts.get(message)
    if text is None:
        text = texts[message] = translation.gettext(message)
    return text


def get_language() -> str:
    """The active language (the site's when none is active): inside ``override``, its
    language, without asking Django."""
    building = _building.get()
    if building is not None:
        return building[0]
    return translation.get_language() or settings.LANGUAGE_CODE
