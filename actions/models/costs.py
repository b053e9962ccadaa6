"""An action's yearly costs: the lines of its investment plan, and the form in which the
drafts and the history keep them."""

from __future__ import annotations

from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.models.choices import FIRST_YEAR, LAST_YEAR, YEARS, FundingStatus
from indicators.forms import format_number


def cost_line(cost: ActionCost) -> list[Any]:
    """A cost line as the history and drafts keep it."""
    return [
        cost.year,
        cost.investment_sek,
        cost.operating_sek,
        cost.funding_source,
        cost.funding_status,
    ]


def cost_order(line: list[Any]) -> tuple[int, str]:
    """Cost lines in order of year and source (a line's identity in the plan)."""
    return (line[0], line[3])


def cost_text(line: list[Any]) -> str:
    """A cost line in words: "2025: investering 4 000 000 kr, drift 250 000 kr
    (Klimatklivet, beviljad)"."""
    year, investment, operating, source, status = line
    amounts = []
    if investment is not None:
        amounts.append(_("investering %(sek)s kr") % {"sek": format_number(investment)})
    if operating is not None:
        amounts.append(_("drift %(sek)s kr") % {"sek": format_number(operating)})
    funding = [source] if source else []
    if status:
        funding.append(str(dict(FundingStatus.choices).get(status, status)).lower())
    text = f"{year}: " + (", ".join(amounts) or "–")
    return text + (f" ({', '.join(funding)})" if funding else "")


class ActionCostQuerySet(models.QuerySet["ActionCost"]):
    city_path = "action__city"


class ActionCost(models.Model):
    """One year's money for an action (a line of the investment plan): investment and
    operating cost in SEK, and where the money comes from and whether it is secured.

    An empty funding source or status means the action's own (``Action.funding_*``).
    """

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="costs")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEARS)
    investment_sek = models.BigIntegerField(
        _("investering (kr)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    operating_sek = models.BigIntegerField(
        _("driftkostnad (kr)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_source = models.CharField(_("finansiering"), max_length=300, blank=True)
    funding_status = models.CharField(
        _("finansieringsstatus"), max_length=12, choices=FundingStatus.choices, blank=True
    )

    objects = ActionCostQuerySet.as_manager()

    class Meta:
        verbose_name = _("kostnad")
        verbose_name_plural = _("kostnader")
        ordering = ["action", "year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "year", "funding_source"],
                name="actioncost_unique_line",
                violation_error_message=_(
                    "Åtgärden har redan en kostnadsrad för det året och den finansieringen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="actioncost_year_range",
                violation_error_message=_("Året måste vara mellan 1990 och 2100."),
            ),
            models.CheckConstraint(
                condition=Q(investment_sek__isnull=True) | Q(investment_sek__gte=0),
                name="actioncost_investment_not_negative",
                violation_error_message=_("Investeringen kan inte vara negativ."),
            ),
            models.CheckConstraint(
                condition=Q(operating_sek__isnull=True) | Q(operating_sek__gte=0),
                name="actioncost_operating_not_negative",
                violation_error_message=_("Driftkostnaden kan inte vara negativ."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.title}: {self.year}"

    @property
    def total_sek(self) -> int:
        return (self.investment_sek or 0) + (self.operating_sek or 0)

    @property
    def effective_funding_status(self) -> str:
        return self.funding_status or self.action.funding_status
