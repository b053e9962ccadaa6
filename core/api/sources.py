"""How the API credits the sources of its data: every page of a collection names them
(``sources``), and so do the rows that carry values of their own."""

from __future__ import annotations

from django.utils.translation import gettext as _


def credit(publisher: str, release: str = "") -> dict[str, str]:
    """A source as the API credits it: ``{"publisher", "release", "credit"}``."""
    text = (
        _("Källa: %(publisher)s (%(release)s)") % {"publisher": publisher, "release": release}
        if release
        else _("Källa: %(publisher)s") % {"publisher": publisher}
    )
    return {"publisher": publisher, "release": release, "credit": text}
