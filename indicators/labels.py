"""How shared indicators and units read in the visitor's language.

Indicator names are data: officers name their city's own indicators, and those are shown
as written. The shared indicators (no city) are defined by the programme in Swedish; their
English names live in the translation catalogue. A shared indicator whose name staff
have since changed is shown as stored, since the catalogue cannot know the new name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from indicators.models import Indicator

#: The stored (Swedish) name of each shared indicator → its name in the catalogue.
_SHARED_NAMES = {
    "Territoriella utsläpp av växthusgaser": _("Territoriella utsläpp av växthusgaser"),
    "Territoriella utsläpp från transporter": _("Territoriella utsläpp från transporter"),
    "Konsumtionsbaserade utsläpp per invånare": _("Konsumtionsbaserade utsläpp per invånare"),
    "Kommunkoncernens utsläpp av växthusgaser": _("Kommunkoncernens utsläpp av växthusgaser"),
    "Andel fossilfria drivmedel": _("Andel fossilfria drivmedel"),
    "Andel resor med kollektivtrafik, cykel eller till fots": _(
        "Andel resor med kollektivtrafik, cykel eller till fots"
    ),
}

PER_INHABITANT = "/invånare"


def indicator_label(indicator: Indicator) -> str:
    """The indicator's name in the active language (see the module)."""
    if indicator.city_id is None and indicator.name in _SHARED_NAMES:
        return str(_SHARED_NAMES[indicator.name])
    return indicator.name


def unit_label(unit: str) -> str:
    """A unit in the active language: "t CO2e/invånare" reads "t CO2e/person" in English;
    other units (t CO2e, %, a city's own) are shown as stored."""
    if unit.endswith(PER_INHABITANT):
        return unit[: -len(PER_INHABITANT)] + gettext("/invånare")
    return unit
