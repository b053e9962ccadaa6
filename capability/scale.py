"""The maturity scale a city assesses its own capability on, once a year (issue 16).

Why: the contract cities measure more than emissions. Nacka measures its innovation
capability, Malmö works on the transformative capacity of its change process, Östersund
asks for a structure for learning from pilots to scale-up (Viable Cities Insikt 2025:3).
Six dimensions, each scored 1–5 with a short justification; the levels mean the same on
every dimension, so a score is comparable across dimensions, years and cities (as far as
any self-assessment is).

No models here: the names are lazy translations, read in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: The six dimensions: (code, name, what is assessed).
DIMENSIONS: tuple[tuple[str, StrOrPromise, StrOrPromise], ...] = (
    (
        "governance",
        _("Styrning"),
        _(
            "Klimatarbetet har politiskt mandat, ansvar och ägarskap i ordinarie styrning "
            "och budget."
        ),
    ),
    (
        "data",
        _("Data och uppföljning"),
        _(
            "Utsläpp, indikatorer och åtgärder följs upp regelbundet med kända källor och "
            "osäkerheter."
        ),
    ),
    (
        "portfolio",
        _("Portföljstyrning"),
        _("Åtgärderna styrs som en portfölj: effekt, kostnad, glapp mot målet och omprioritering."),
    ),
    (
        "financing",
        _("Finansiering"),
        _(
            "Investeringsbehov är kända, kopplade till budgeten och finansieringen är "
            "säkrad eller sökt."
        ),
    ),
    (
        "engagement",
        _("Medborgarengagemang"),
        _("Invånare, näringsliv och civilsamhälle deltar i att forma och genomföra omställningen."),
    ),
    (
        "learning",
        _("Lärande från piloter"),
        _("Piloter utvärderas och det som fungerar skalas upp till ordinarie verksamhet."),
    ),
)
DIMENSION_CODES = tuple(code for code, _name, _what in DIMENSIONS)

#: The levels, the same on every dimension: (score, name, what it means).
LEVELS: tuple[tuple[int, StrOrPromise, StrOrPromise], ...] = (
    (1, _("Början"), _("Enstaka initiativ; inget systematiskt arbetssätt.")),
    (2, _("Under uppbyggnad"), _("Arbetssätt finns på delar av organisationen eller på prov.")),
    (3, _("Etablerad"), _("Ett gemensamt arbetssätt används i hela organisationen.")),
    (
        4,
        _("Integrerad"),
        _("Arbetssättet är en del av ordinarie styrning, budget och uppföljning."),
    ),
    (5, _("Ledande"), _("Arbetssättet förbättras systematiskt och andra lär av det.")),
)
LOWEST, HIGHEST = 1, 5


@dataclass(frozen=True)
class Scores:
    """One assessment's scores per dimension (None: not assessed)."""

    by_dimension: dict[str, int | None]

    @property
    def mean(self) -> float | None:
        given = [s for s in self.by_dimension.values() if s is not None]
        return sum(given) / len(given) if given else None
