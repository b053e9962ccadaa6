"""What is done: a city's actions (åtgärder), their yearly costs and their follow-ups.

A city's actions together are its portfolio (åtgärdsportfölj); ``actions.portfolio``
analyses it (does it close the gap to the target, which sectors it covers, what it
costs). Actions and follow-ups are edited content: drafts until a city administrator
publishes them, every change recorded in the history (``cities.history``).

One module per concern (``choices``, ``actions``, their ``costs``, ``follow_ups``);
Django finds the models here.
"""

from actions.models.actions import Action, ActionQuerySet, cost_from_line
from actions.models.choices import (
    FIRST_YEAR,
    FOLLOWED_UP_STATUSES,
    LAST_YEAR,
    OTHER_SECTOR,
    SECTOR_CHOICES,
    YEARS,
    ActionKind,
    ActionStage,
    ActionStatus,
    ClimateRisk,
    CoBenefit,
    DatePrecision,
    FundingStatus,
    Lever,
    sector_name,
)
from actions.models.costs import ActionCost, ActionCostQuerySet, cost_line, cost_order, cost_text
from actions.models.follow_ups import FollowUp, FollowUpQuerySet, FollowUpStatus

__all__ = [
    "FIRST_YEAR",
    "FOLLOWED_UP_STATUSES",
    "LAST_YEAR",
    "OTHER_SECTOR",
    "SECTOR_CHOICES",
    "YEARS",
    "Action",
    "ActionCost",
    "ActionCostQuerySet",
    "ActionKind",
    "ActionQuerySet",
    "ActionStage",
    "ActionStatus",
    "ClimateRisk",
    "CoBenefit",
    "DatePrecision",
    "FollowUp",
    "FollowUpQuerySet",
    "FollowUpStatus",
    "FundingStatus",
    "Lever",
    "cost_from_line",
    "cost_line",
    "cost_order",
    "cost_text",
    "sector_name",
]
