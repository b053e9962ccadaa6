"""How indicators, units and targets read in the visitor's language.

Indicator names are data: officers name their city's own indicators, and those are shown
as written. The shared indicators (no city) are defined by the programme in Swedish; their
English names live in the translation catalogue. A shared indicator whose name staff
have since changed is shown as stored, since the catalogue cannot know the new name.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.formatting import num, pct
from core.i18n import gettext

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


def indicator_label(name: str, *, shared: bool) -> str:
    """An indicator's name in the active language: a ``shared`` indicator's (one of the
    programme's, not a city's own) from the catalogue, see the module."""
    if shared and name in _SHARED_NAMES:
        return str(_SHARED_NAMES[name])
    return name


def unit_label(unit: str) -> str:
    """A unit in the active language: "t CO2e/invånare" reads "t CO2e/person" in English;
    other units (t CO2e, %, a city's own) are shown as stored."""
    if unit.endswith(PER_INHABITANT):
        return unit[: -len(PER_INHABITANT)] + gettext("/invånare")
    return unit


def target_summary(
    *,
    kind: str,
    unit: str,
    direction: str,
    target_year: int,
    target_value: float | None,
    base_year: int | None,
) -> str:
    """One line saying what a target asks for, e.g. "−85 % jämfört med 1990 till år 2040"."""
    bound = gettext("Högst") if direction == "lower" else gettext("Minst")
    if kind == "percent_change" and target_value is not None:
        return gettext("%(change)s jämfört med %(base)s till år %(year)s") % {
            "change": pct(target_value, 0),
            "base": base_year,
            "year": target_year,
        }
    if kind == "net_zero":
        if target_value is not None and base_year is not None:
            return gettext(
                "Nettonoll till år %(year)s: utsläppen minst %(cut)s lägre än %(base)s, "
                "resten tas upp av kolsänkor"
            ) % {"year": target_year, "cut": pct(-target_value, 0, signed=False), "base": base_year}
        return gettext("Nettonoll till år %(year)s") % {"year": target_year}
    if kind == "share" and target_value is not None:
        return gettext("%(bound)s %(value)s till år %(year)s") % {
            "bound": bound,
            "value": pct(target_value, 0, signed=False),
            "year": target_year,
        }
    if kind == "per_person" and target_value is not None:
        return gettext("%(bound)s %(value)s %(unit)s per invånare till år %(year)s") % {
            "bound": bound,
            "value": num(target_value, 1 if target_value else 0),  # "0 t", not "0,0 t"
            "unit": unit,
            "year": target_year,
        }
    if kind == "absolute" and target_value is not None:
        return gettext("%(bound)s %(value)s %(unit)s till år %(year)s") % {
            "bound": bound,
            "value": num(target_value, 1 if 0 < abs(target_value) < 100 else 0),
            "unit": unit,
            "year": target_year,
        }
    if direction == "lower":
        return gettext("Ska minska till år %(year)s") % {"year": target_year}
    return gettext("Ska öka till år %(year)s") % {"year": target_year}
