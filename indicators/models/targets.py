"""Targets (målvärden): the numbers on indicators that a city's goals are measured by."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import ContentQuerySet, Editable, Goal
from indicators.models.choices import PathwayKind, TargetKind
from indicators.models.indicators import YEAR_VALIDATORS, Indicator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class TargetQuerySet(ContentQuerySet):
    city_path = "goal__city"

    def published(self) -> TargetQuerySet:
        return super().published().filter(goal__is_published=True, goal__deleted_at__isnull=True)


class Target(Editable):
    """A number on an indicator that a goal is measured by (målvärde).

    ``target_value`` means, by ``kind``: a level in the indicator's unit (absolute,
    per_person), a % change against ``base_year`` (percent_change, e.g. −85), a share in
    % (share), the residual emissions allowed as % change against ``base_year``
    (net_zero, e.g. −85 means at most 15 % of the base year remain, to be balanced by
    removals; empty means net emissions of zero) or nothing (decrease).
    """

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("typ"), max_length=16, choices=TargetKind.choices)
    base_year = models.PositiveSmallIntegerField(
        _("basår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    base_value = models.FloatField(
        _("basvärde"),
        null=True,
        blank=True,
        help_text=_("Tomt: basårets värde hämtas ur indikatorns utfall."),
    )
    target_year = models.PositiveSmallIntegerField(_("målår"), validators=YEAR_VALIDATORS)
    target_value = models.FloatField(_("målvärde"), null=True, blank=True)
    pathway = models.CharField(
        _("bana"), max_length=16, choices=PathwayKind.choices, default=PathwayKind.LINEAR
    )
    note = models.TextField(_("kommentar"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        ordering = ["goal", "order", "target_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(base_year__isnull=True) | Q(base_year__lt=F("target_year")),
                name="target_base_before_target_year",
            ),
            models.CheckConstraint(
                condition=~Q(kind="share") | Q(target_value__gte=0, target_value__lte=100),
                name="target_share_is_percent",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["percent_change", "net_zero"])
                | Q(target_value__isnull=True)
                | Q(target_value__gte=-100),
                name="target_change_not_below_minus_100",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent_change")
                | Q(base_year__isnull=False, target_value__isnull=False),
                name="target_change_needs_base_and_value",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["decrease", "net_zero"]) | Q(target_value__isnull=False),
                name="target_value_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.target_year}"

    def clean(self) -> None:
        """The rules of the check constraints, said in words on their fields."""
        errors: dict[str, StrOrPromise] = {}
        value = self.target_value
        if self.base_year is not None and self.target_year and self.base_year >= self.target_year:
            errors["base_year"] = _("måste vara före målåret.")
        if self.kind == TargetKind.SHARE and value is not None and not 0 <= value <= 100:
            errors["target_value"] = _("en andel anges i procent, mellan 0 och 100.")
        elif (
            self.kind in (TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO)
            and value is not None
            and value < -100
        ):
            errors["target_value"] = _("en minskning kan inte vara större än 100 %.")
        elif self.kind not in (TargetKind.DECREASE, TargetKind.NET_ZERO) and value is None:
            errors["target_value"] = _("ange målets värde för den här typen av mål.")
        if self.kind == TargetKind.PERCENT_CHANGE and self.base_year is None:
            errors.setdefault("base_year", _("förändring i procent behöver ett basår."))
        if errors:
            raise ValidationError(errors)
