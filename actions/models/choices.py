"""The fixed lists an action is described by: sectors, statuses, stages, levers, funding,
co-benefits, and how precise a date is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from indicators.parsers.sectors import MAIN_SECTORS, sector_label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIRST_YEAR = 1990
LAST_YEAR = 2100
YEARS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

#: Value of ``Action.sector`` for actions that address no single main sector.
OTHER_SECTOR = "other"

#: The emission database's main sectors (SMHI's spelling, as stored in EmissionRow) and
#: "other", so an action's sector can be matched with the city's emissions.
SECTOR_CHOICES: list[tuple[str, StrOrPromise]] = [
    (name, lazy(sector_label, str)(name)) for name in MAIN_SECTORS
] + [(OTHER_SECTOR, _("Övrigt eller flera sektorer"))]
_SECTOR_NAMES = dict(SECTOR_CHOICES)


def sector_name(sector: str) -> str:
    """An action's sector as it reads in the active language (unknown values as stored)."""
    return str(_SECTOR_NAMES.get(sector, sector))


class ActionStatus(models.TextChoices):
    """Where an action stands."""

    PLANNED = "planned", _("Planerad")
    ONGOING = "ongoing", _("Pågående")
    COMPLETED = "completed", _("Genomförd")
    PAUSED = "paused", _("Pausad")
    CANCELLED = "cancelled", _("Avbruten")


#: Actions that still need regular follow-up (the others are finished).
FOLLOWED_UP_STATUSES = (ActionStatus.PLANNED, ActionStatus.ONGOING, ActionStatus.PAUSED)


class ActionStage(models.TextChoices):
    """How far an action has come from idea to ordinary operation (Östersund: "från
    pilotprojekt och tester till uppskalning och implementering i ordinarie verksamhet")."""

    IDEA = "idea", _("Idé")
    PILOT = "pilot", _("Pilot eller test")
    SCALING = "scaling", _("Uppskalning")
    IMPLEMENTED = "implemented", _("I ordinarie verksamhet")


class Lever(models.TextChoices):
    """The kind of means an action uses (styrmedel/åtgärdstyp)."""

    PLANNING = "planning", _("Fysisk planering")
    INVESTMENT = "investment", _("Investering och infrastruktur")
    PROCUREMENT = "procurement", _("Upphandling")
    REGULATION = "regulation", _("Regler, avgifter och styrmedel")
    BEHAVIOUR = "behaviour", _("Information och beteende")
    PARTNERSHIP = "partnership", _("Samverkan och partnerskap")
    INNOVATION = "innovation", _("Innovation och test")
    FINANCING = "financing", _("Finansiering och bidrag")
    KNOWLEDGE = "knowledge", _("Kunskapsunderlag och analys")
    OTHER = "other", _("Annat")


class FundingStatus(models.TextChoices):
    """Whether the money for an action (or a year's cost) is secured."""

    OWN_BUDGET = "own_budget", _("Egen budget")
    APPLIED = "applied", _("Sökt")
    GRANTED = "granted", _("Beviljad")
    REJECTED = "rejected", _("Avslagen")


class CoBenefit(models.TextChoices):
    """Benefits beyond lower emissions (multipla nyttor), counted across the portfolio."""

    HEALTH = "health", _("Hälsa")
    JOBS = "jobs", _("Arbetstillfällen och näringsliv")
    AIR_QUALITY = "air_quality", _("Luftkvalitet")
    EQUITY = "equity", _("Jämlikhet och rättvis omställning")
    BIODIVERSITY = "biodiversity", _("Biologisk mångfald")
    COST_SAVINGS = "cost_savings", _("Kostnadsbesparingar")
    SAFETY = "safety", _("Trygghet")
    ADAPTATION = "adaptation", _("Klimatanpassning")
    ENGAGEMENT = "engagement", _("Medborgarengagemang")
    INNOVATION = "innovation", _("Innovation och lärande")


class DatePrecision(models.TextChoices):
    """How much of a date is known: plans often name only a year ("under 2024")."""

    DAY = "day", _("Dag")
    MONTH = "month", _("Månad")
    YEAR = "year", _("År")


class ActionKind(models.TextChoices):
    """Whether an action cuts emissions, adapts the city to a changed climate, or both
    (Umeå's contract §3.8: measures that support each other, such as urban trees and
    green space serving both)."""

    MITIGATION = "mitigation", _("Utsläppsminskning")
    ADAPTATION = "adaptation", _("Klimatanpassning")
    BOTH = "both", _("Båda")


class ClimateRisk(models.TextChoices):
    """The climate risks an adaptation action addresses (a short fixed list)."""

    HEAT = "heat", _("Värmeböljor")
    FLOODING = "flooding", _("Översvämning och skyfall")
    DROUGHT = "drought", _("Torka")
    STORMS = "storms", _("Stormar")
    GROUND = "ground_instability", _("Ras, skred och erosion")
    COLD_SEASON = "cold_season", _("Förändrade vintrar")
