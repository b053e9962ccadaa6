"""The two references of a municipality's territorial emissions (``progress.references``)
from what the selectors fetched: no query of their own, so a page or the API adds them
for one city or 290 at no cost in queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.i18n import get_language
from core.i18n import gettext as _
from indicators import progress as p
from indicators.progress.references import (
    NATIONAL_BASE_YEAR,
    NATIONAL_CHANGE_PCT,
    NATIONAL_TARGET_YEAR,
    ParisCheck,
    national_reference,
    paris_check,
)
from indicators.selectors import YearEmissions


@dataclass(frozen=True)
class References:
    """Sweden's goal applied to the municipality, and Klimatkollen's Paris check."""

    national: p.Assessment
    paris: ParisCheck

    def to_dict(self) -> dict[str, object]:
        """The API's ``references``: each labelled as a reference, never the city's goal."""
        return {
            "national": {
                "label": str(national_label()),
                "is_reference": True,
                "definition": {
                    "indicator": "territorial_ghg",
                    "base_year": NATIONAL_BASE_YEAR,
                    "target_year": NATIONAL_TARGET_YEAR,
                    "change_pct": NATIONAL_CHANGE_PCT,
                },
                **self.national.to_dict(),
            },
            "paris": {"label": str(paris_label()), "is_reference": True, **self.paris.to_dict()},
        }


def national_label() -> str:
    return _("Referens: Sveriges klimatmål (−85 % mot 1990 till 2045)")


def paris_label() -> str:
    return _("Referens: Klimatkollens Parislinje (−11,72 % per år från 2025)")


def references_of(emissions: Iterable[YearEmissions]) -> References:
    """Both references of one municipality's territorial series (years → t CO2e)."""
    series = p.Series.from_mapping({e.year: e.total for e in emissions})
    return References(national_reference(series), paris_check(series))


def explanation_of(reference: p.Assessment | ParisCheck) -> str:
    """The reference's explanation in the active language."""
    english = (get_language() or "sv").startswith("en")
    return reference.explanation_en if english else reference.explanation
