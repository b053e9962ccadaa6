"""Follow-ups of actions (uppföljningar), one per period of the city's cycle."""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actions.models.actions import Action
from actions.models.choices import YEARS
from cities.models import ContentQuerySet, Editable
from core.cycles import CYCLES, Period


class FollowUpStatus(models.TextChoices):
    """How the action is doing at a follow-up (the usual green, yellow, red)."""

    ON_TRACK = "on_track", _("Enligt plan")
    MINOR = "minor", _("Mindre avvikelse")
    MAJOR = "major", _("Större avvikelse")


class FollowUpQuerySet(ContentQuerySet):
    city_path = "action__city"


class FollowUp(Editable):
    """One follow-up of an action (uppföljning) for a period of the city's cycle, e.g.
    the first tertial of 2025: how it is going, how far it has come, what was done, and,
    at an effect follow-up (effektuppföljning), the reduction actually achieved.

    The period is stored as year, number and the cycle it was reported in, so a label
    ("T1 2025") stays right if the city later changes how often it follows up.
    ``period_end`` is the period's last day, for comparing periods across cycles.
    """

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("datum"), default=date.today)
    period_year = models.PositiveSmallIntegerField(_("periodens år"), validators=YEARS)
    period_number = models.PositiveSmallIntegerField(
        _("period"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    periods_per_year = models.PositiveSmallIntegerField(_("perioder per år"))
    period_end = models.DateField(_("periodens sista dag"))
    status = models.CharField(
        _("läge"), max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.ON_TRACK
    )
    progress_pct = models.PositiveSmallIntegerField(
        _("genomfört (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("beskrivning"), blank=True)
    is_effect_follow_up = models.BooleanField(_("effektuppföljning"), default=False)
    realised_reduction = models.FloatField(
        _("uppnådd minskning (t CO2e/år)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        ordering = ["action", "-period_end", "-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_number__gte=1, period_number__lte=F("periods_per_year")),
                name="followup_period_in_cycle",
                violation_error_message=_("Perioden finns inte i kommunens uppföljningscykel."),
            ),
            models.CheckConstraint(
                condition=Q(periods_per_year__in=list(CYCLES)),
                name="followup_known_cycle",
                violation_error_message=_(
                    "Uppföljningscykeln måste ha 1, 2, 3, 4 eller 12 perioder per år."
                ),
            ),
            models.CheckConstraint(
                condition=Q(progress_pct__isnull=True) | Q(progress_pct__lte=100),
                name="followup_progress_is_percent",
                violation_error_message=_("Genomfört anges i procent, 0–100."),
            ),
            models.CheckConstraint(
                condition=Q(realised_reduction__isnull=True) | Q(realised_reduction__gte=0),
                name="followup_realised_not_negative",
                violation_error_message=_("Uppnådd minskning kan inte vara negativ."),
            ),
        ]
        indexes = [models.Index(fields=["action", "-period_end"])]

    def __str__(self) -> str:
        return f"{self.action.title}: {self.period_label}"

    @property
    def period_label(self) -> str:
        return Period(self.period_year, self.period_number, self.periods_per_year).label
