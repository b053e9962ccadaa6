"""A city's actions (åtgärder)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from actions.models.choices import (
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
)
from actions.models.costs import ActionCost, cost_line, cost_order, cost_text
from cities.drafts import show_related
from cities.models import City, ContentQuerySet, Editable, Goal
from indicators.models import Indicator

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class ActionQuerySet(ContentQuerySet):
    def for_city(self, city: City) -> ActionQuerySet:
        return self.filter(city=city)

    def shared(self) -> ActionQuerySet:
        """Actions the city lets other cities learn from (lessons library)."""
        return self.filter(share_with_other_cities=True)

    def shared_visible_to(self, user) -> ActionQuerySet:
        """Shared actions ``user`` may read in the lessons library.

        The public sees those the city has published. Programme staff and people who
        work for any city see every shared action, drafts included: the city's
        "may be shared with other cities" is its consent to show them to colleagues
        before the item is public.
        """
        from cities.permissions import is_programme_staff, roles

        shared = self.alive().shared()
        if is_programme_staff(user) or roles(user):
            return shared
        return shared.filter(is_published=True)

    def readable_by(self, user) -> ActionQuerySet:
        """Actions ``user`` may open: what ``visible_to`` allows, plus the shared actions
        of other cities for people who work for a city (see ``shared_visible_to``)."""
        from cities.permissions import is_programme_staff, roles

        if is_programme_staff(user) or not roles(user):
            return self.visible_to(user)
        return self.alive().filter(
            Q(is_published=True) | Q(city__in=set(roles(user))) | Q(share_with_other_cities=True)
        )


class Action(Editable):
    """Something a city or a partner does to cut emissions (åtgärd), with its owner,
    status and stage, expected effect, cost, co-benefits and lessons learned.

    The expected effect is an annual reduction in t CO2e from ``effect_from_year`` on,
    with an optional low–high range; empty means nobody has estimated it, and pages say
    so rather than counting it as zero.

    Its linked goals and indicators and its cost lines are parts of it in the sense of
    ``cities.drafts``: a pending change of a published action holds them beside its
    columns, so the public's investment plan and links change only when it is published.
    """

    #: Parts kept outside the row, drafted with it (``cities.drafts``): goal ids,
    #: indicator ids, cost lines as [year, investment, operating, source, status].
    draft_parts = ("goals", "indicators", "costs")

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    responsible_body = models.CharField(
        _("ansvarig"),
        max_length=300,
        blank=True,
        help_text=_("Nämnd, kommunalt bolag eller partnerorganisation som äger åtgärden."),
    )
    partners = models.CharField(
        _("samarbetspartner"),
        max_length=500,
        blank=True,
        help_text=_("Andra organisationer som deltar."),
    )
    contact_person = models.CharField(
        _("kontaktperson"),
        max_length=200,
        blank=True,
        help_text=_("Visas öppet när åtgärden är publicerad."),
    )
    sector = models.CharField(
        _("sektor"),
        max_length=100,
        choices=SECTOR_CHOICES,
        default=OTHER_SECTOR,
        help_text=_("Huvudsektor i Nationella emissionsdatabasen som åtgärden minskar."),
    )
    lever = models.CharField(_("åtgärdstyp"), max_length=16, choices=Lever.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    stage = models.CharField(_("skede"), max_length=12, choices=ActionStage.choices, blank=True)
    stage_dates = models.JSONField(
        _("datum för skedena"),
        default=dict,
        blank=True,
        help_text=_("När åtgärden gick in i varje skede (idé, pilot, uppskalning, ordinarie)."),
    )
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("startdatumets precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    end_date = models.DateField(_("slut"), null=True, blank=True)
    end_precision = models.CharField(
        _("slutdatumets precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="actions", verbose_name=_("klimatmål")
    )
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="actions", verbose_name=_("indikatorer")
    )
    expected_reduction = models.FloatField(
        _("förväntad minskning (t CO2e/år)"), null=True, blank=True
    )
    expected_reduction_low = models.FloatField(_("lägsta (t CO2e/år)"), null=True, blank=True)
    expected_reduction_high = models.FloatField(_("högsta (t CO2e/år)"), null=True, blank=True)
    effect_from_year = models.PositiveSmallIntegerField(
        _("första effektår"), null=True, blank=True, validators=YEARS
    )
    funding_source = models.CharField(
        _("finansiering"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. egen budget, Klimatklivet, Formas, EU (Horisont Europa)."),
    )
    funding_status = models.CharField(
        _("finansieringsstatus"), max_length=12, choices=FundingStatus.choices, blank=True
    )
    co_benefits = models.JSONField(_("sidonyttor"), default=list, blank=True)
    kind = models.CharField(
        _("inriktning"),
        max_length=12,
        choices=ActionKind.choices,
        default=ActionKind.MITIGATION,
        help_text=_("Utsläppsminskning, klimatanpassning eller båda."),
    )
    climate_risks = models.JSONField(
        _("klimatrisker"),
        default=list,
        blank=True,
        help_text=_("De klimatrisker en anpassningsåtgärd möter."),
    )
    conflict_note = models.TextField(
        _("målkonflikt"),
        blank=True,
        help_text=_(
            "Om åtgärden motverkar utsläppsminskning eller klimatanpassning: beskriv "
            "konflikten (t.ex. hårdgjorda ytor, energikrävande kylning)."
        ),
    )
    lessons_learned = models.TextField(_("lärdomar"), blank=True)
    share_with_other_cities = models.BooleanField(
        _("får delas med andra kommuner"),
        default=False,
        help_text=_("Visas i lärdomsbiblioteket för andra kommuner och programkontoret."),
    )
    source_reference = models.CharField(_("källa"), max_length=500, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["city", "title", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_reduction__isnull=True) | Q(expected_reduction__gte=0),
                name="action_reduction_not_negative",
                violation_error_message=_("Förväntad minskning kan inte vara negativ."),
            ),
            models.CheckConstraint(
                condition=Q(expected_reduction_low__isnull=True)
                | Q(expected_reduction__isnull=False, expected_reduction_low__gte=0)
                & Q(expected_reduction_low__lte=F("expected_reduction")),
                name="action_low_below_expected",
                violation_error_message=_(
                    "Lägsta förväntade minskning måste vara mellan 0 och den förväntade "
                    "minskningen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expected_reduction_high__isnull=True)
                | Q(
                    expected_reduction__isnull=False,
                    expected_reduction_high__gte=F("expected_reduction"),
                ),
                name="action_high_above_expected",
                violation_error_message=_(
                    "Högsta förväntade minskning måste vara minst lika stor som den "
                    "förväntade minskningen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(expected_reduction__isnull=True) | Q(effect_from_year__isnull=False),
                name="action_effect_needs_first_year",
                violation_error_message=_(
                    "Ange första effektår när du anger en förväntad minskning."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_end_after_start",
                violation_error_message=_("Slutdatum kan inte vara före startdatum."),
            ),
        ]
        indexes = [models.Index(fields=["city", "status"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        known = set(CoBenefit.values)
        if not isinstance(self.co_benefits, list) or any(
            code not in known for code in self.co_benefits
        ):
            raise ValidationError(
                {
                    "co_benefits": _("Okänd sidonytta; välj bland: %(known)s.")
                    % {"known": ", ".join(str(label) for label in CoBenefit.labels)}
                }
            )
        # One order and no repeats, so the same choice always compares equal in history.
        self.co_benefits = [code for code in CoBenefit.values if code in self.co_benefits]
        risks = set(ClimateRisk.values)
        if not isinstance(self.climate_risks, list) or any(
            code not in risks for code in self.climate_risks
        ):
            raise ValidationError(
                {
                    "climate_risks": _("Okänd klimatrisk; välj bland: %(known)s.")
                    % {"known": ", ".join(str(label) for label in ClimateRisk.labels)}
                }
            )
        self.climate_risks = [code for code in ClimateRisk.values if code in self.climate_risks]
        self.stage_dates = clean_stage_dates(self.stage_dates)
        if self.climate_risks and self.kind == ActionKind.MITIGATION:
            raise ValidationError(
                {
                    "climate_risks": _(
                        "Klimatrisker anges för åtgärder som gäller klimatanpassning; välj "
                        "inriktningen klimatanpassning eller båda."
                    )
                }
            )
        # The database constraints' rules again, here with the field they concern, so a
        # form or an import can point at it.
        errors: dict[str, StrOrPromise] = {}
        expected = self.expected_reduction
        low, high = self.expected_reduction_low, self.expected_reduction_high
        if expected is None and (low is not None or high is not None):
            errors["expected_reduction"] = _(
                "Ange den förväntade minskningen när du anger lägsta eller högsta."
            )
        if expected is not None and expected < 0:
            errors["expected_reduction"] = _("Förväntad minskning kan inte vara negativ.")
        if expected is not None and low is not None and not 0 <= low <= expected:
            errors["expected_reduction_low"] = _(
                "Lägsta förväntade minskning måste vara mellan 0 och den förväntade minskningen."
            )
        if expected is not None and high is not None and high < expected:
            errors["expected_reduction_high"] = _(
                "Högsta förväntade minskning måste vara minst lika stor som den förväntade "
                "minskningen."
            )
        if expected is not None and self.effect_from_year is None:
            errors["effect_from_year"] = _(
                "Ange första effektår när du anger en förväntad minskning."
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatum kan inte vara före startdatum.")
        if errors:
            raise ValidationError(errors)

    def climate_risk_labels(self) -> list[str]:
        labels = dict(ClimateRisk.choices)
        return [str(labels[code]) for code in self.climate_risks if code in labels]

    def co_benefit_labels(self) -> list[str]:
        labels = dict(CoBenefit.choices)
        return [str(labels[code]) for code in self.co_benefits if code in labels]

    # --- parts, for cities.drafts ---------------------------------------------------

    def draft_part(self, name: str) -> list[Any]:
        """A part as stored, JSON-ready and in one order (read through a prefetch when
        there is one)."""
        if name == "costs":
            return sorted((cost_line(c) for c in self.costs.all()), key=cost_order)
        if name in ("goals", "indicators"):
            return sorted(obj.pk for obj in getattr(self, name).all())
        raise KeyError(name)

    def draft_part_set(self, name: str, value: list[Any]) -> None:
        """Write a part: make the links or cost lines exactly ``value``. Links go only to
        the city's own goals and to shared or own indicators (a restored version may name
        one that is gone; it is left out)."""
        if name == "goals":
            self.goals.set(Goal.objects.filter(pk__in=value, city_id=self.city_id))
        elif name == "indicators":
            allowed = Indicator.objects.filter(pk__in=value).filter(
                Q(city__isnull=True) | Q(city_id=self.city_id)
            )
            self.indicators.set(allowed)
        elif name == "costs":
            wanted = {(line[0], line[3]): line for line in value}
            existing = {(c.year, c.funding_source): c for c in self.costs.all()}
            gone = [c.pk for key, c in existing.items() if key not in wanted]
            self.costs.filter(pk__in=gone).delete()
            for key, line in wanted.items():
                cost = existing.get(key) or ActionCost(action=self)
                if cost.pk is None or cost_line(cost) != list(line):
                    cost.year, cost.investment_sek, cost.operating_sek = line[0], line[1], line[2]
                    cost.funding_source, cost.funding_status = line[3], line[4]
                    cost.save()
        else:
            raise KeyError(name)
        # The row's prefetched parts (if any) are out of date now.
        getattr(self, "_prefetched_objects_cache", {}).pop(name, None)

    def show_draft_parts(self, parts: dict[str, list[Any]]) -> None:
        """Let this unsaved working copy read its pending parts like stored ones."""
        for name, value in parts.items():
            if name == "costs":
                lines = [cost_from_line(self, line) for line in value]
                show_related(self, "costs", lines)
            elif name == "goals":
                show_related(self, "goals", Goal.objects.filter(pk__in=value))
            elif name == "indicators":
                show_related(self, "indicators", Indicator.objects.filter(pk__in=value))

    @staticmethod
    def draft_part_label(name: str) -> str:
        """How the history names a part."""
        labels = {"goals": _("Klimatmål"), "indicators": _("Indikatorer"), "costs": _("Kostnader")}
        return str(labels[name])

    @staticmethod
    def draft_part_text(name: str, value: list[Any]) -> str:
        """A part's state in words for the history (links are named by the history)."""
        if name == "costs":
            return "; ".join(cost_text(line) for line in value) or "–"
        return ", ".join(f"#{pk}" for pk in value) or "–"


def clean_stage_dates(value: Any) -> dict[str, str]:
    """``{stage: "YYYY-MM-DD"}`` in the stages' order, or ValidationError: a known stage
    each, a real date each, and the stages in time order (a pilot cannot start before its
    idea, nor scale up before its pilot)."""
    import datetime as dt

    if not isinstance(value, dict) or any(k not in ActionStage.values for k in value):
        raise ValidationError({"stage_dates": _("Okänt skede.")})
    dates: dict[str, str] = {}
    for stage in ActionStage.values:
        raw = value.get(stage)
        if not raw:
            continue
        try:
            dates[stage] = dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValidationError({"stage_dates": _("Ange datum som ÅÅÅÅ-MM-DD.")}) from None
    ordered = list(dates.values())
    if ordered != sorted(ordered):
        raise ValidationError(
            {"stage_dates": _("Skedena måste komma i ordning: idé, pilot, uppskalning, ordinarie.")}
        )
    return dates


def cost_from_line(action: Action, line: list[Any]) -> ActionCost:
    """An unsaved cost line of ``action`` (for showing a pending investment plan)."""
    year, investment, operating, source, status = line
    return ActionCost(
        action=action,
        year=year,
        investment_sek=investment,
        operating_sek=operating,
        funding_source=source,
        funding_status=status,
    )
