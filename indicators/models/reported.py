"""What municipalities reported about themselves (CDP-ICLEI's open data) and their
climate plans as Klimatkollen lists them: each stored as the source states it, beside
(never instead of) the official statistics and the goals the city's people enter."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, Goal
from indicators.models.indicators import YEAR_VALIDATORS, SourceRelease


class ReportedTargetType(models.TextChoices):
    """CDP's kinds of emission reduction target (``parsers.cdp_records.TargetType``)."""

    BASE_YEAR_ABSOLUTE = "base_year_absolute", _("Minskning mot basår (absolut)")
    BASE_YEAR_INTENSITY = "base_year_intensity", _("Minskning mot basår (per invånare)")
    FIXED_LEVEL = "fixed_level", _("Fast nivå")
    BASELINE_SCENARIO = "baseline_scenario", _("Minskning mot referensscenario")
    NO_TARGET = "no_target", _("Inget mål")


class ReportedTarget(models.Model):
    """One emission reduction target as a city reported it to CDP-ICLEI, e.g. Lund:
    city-wide, base year 2010 (372 176 t CO2e), −100 % by 2045. Every field as reported.

    The import makes a goal of the city (``goal``, origin "reported") with the targets
    that can be followed on an indicator here; the reported numbers stay on this row.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="reported_targets")
    release = models.ForeignKey(
        SourceRelease, on_delete=models.PROTECT, related_name="reported_targets"
    )
    # A row has no id in CDP's file; this fingerprint of what it says is its natural key.
    key = models.CharField(_("nyckel"), max_length=64)
    goal = models.OneToOneField(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_target"
    )
    row = models.PositiveIntegerField(_("rad i filen"), default=0)
    reporting_year = models.PositiveSmallIntegerField(_("rapporteringsår"), null=True)
    account_number = models.PositiveIntegerField(_("CDP-kontonummer"), null=True, blank=True)
    organization = models.CharField(_("rapporterande organisation"), max_length=200, blank=True)
    target_type = models.CharField(
        _("typ av mål"), max_length=24, choices=ReportedTargetType.choices, blank=True
    )
    target_type_text = models.CharField(_("typ av mål (som rapporterat)"), max_length=200)
    sector = models.CharField(_("sektor"), max_length=16, blank=True)
    sector_text = models.CharField(_("sektor (som rapporterad)"), max_length=300, blank=True)
    scopes = models.JSONField(_("scope enligt GHG-protokollet"), default=list, blank=True)
    base_year = models.PositiveSmallIntegerField(
        _("basår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    base_year_emissions = models.FloatField(_("basårets utsläpp (t CO2e)"), null=True, blank=True)
    base_year_intensity = models.FloatField(_("basårets intensitet"), null=True, blank=True)
    reduction_percent = models.FloatField(_("minskning (%)"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("målår"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    target_year_emissions = models.FloatField(_("målårets utsläpp (t CO2e)"), null=True, blank=True)
    bau_emissions = models.FloatField(
        _("referensscenariots utsläpp (t CO2e)"), null=True, blank=True
    )
    intensity_unit = models.CharField(_("intensitetens enhet"), max_length=200, blank=True)
    percent_achieved = models.FloatField(_("uppnått hittills (%)"), null=True, blank=True)
    year_set = models.PositiveSmallIntegerField(_("år då målet sattes"), null=True, blank=True)
    target_boundary = models.CharField(_("målets avgränsning"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    methodology = models.TextField(_("metod"), blank=True)
    imported_at = models.DateTimeField(_("importerad"), auto_now=True)

    class Meta:
        verbose_name = _("rapporterat mål")
        verbose_name_plural = _("rapporterade mål")
        ordering = ["city", "target_year", "row"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "city", "key"], name="reportedtarget_unique_natural_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.target_type} {self.target_year}"


def headline_of(
    basic: float | None, total: float | None, scope1: float | None, scope2: float | None
) -> float | None:
    """The figure of a reported inventory to set beside the territorial series: BASIC
    where reported (GPC's scope 1 + 2 without the double counting of grid energy), else
    the total, else scope 1 + 2."""
    if basic is not None:
        return basic
    if total is not None:
        return total
    parts = [p for p in (scope1, scope2) if p is not None]
    return sum(parts) if parts else None


class ReportedInventory(models.Model):
    """A city's own city-wide emission inventory for one accounting year as it reported it
    to CDP-ICLEI (GPC scopes 1–3, BASIC/BASIC+), e.g. Göteborg 2018. Not the territorial
    statistics (SMHI): a different method, shown beside them with the difference explained.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="reported_inventories")
    release = models.ForeignKey(
        SourceRelease, on_delete=models.PROTECT, related_name="reported_inventories"
    )
    accounting_year = models.PositiveSmallIntegerField(
        _("redovisningsår"), validators=YEAR_VALIDATORS
    )
    period_start = models.DateField(_("period från"), null=True, blank=True)
    period_end = models.DateField(_("period till och med"), null=True, blank=True)
    row = models.PositiveIntegerField(_("rad i filen"), default=0)
    reporting_year = models.PositiveSmallIntegerField(_("rapporteringsår"), null=True)
    account_number = models.PositiveIntegerField(_("CDP-kontonummer"), null=True, blank=True)
    organization = models.CharField(_("rapporterande organisation"), max_length=200, blank=True)
    protocol = models.CharField(_("metod (protokoll)"), max_length=300, blank=True)
    is_gpc = models.BooleanField(_("enligt GPC"), default=False)
    total = models.FloatField(_("totalt (t CO2e)"), null=True, blank=True)
    scope1 = models.FloatField(_("scope 1 (t CO2e)"), null=True, blank=True)
    scope2 = models.FloatField(_("scope 2 (t CO2e)"), null=True, blank=True)
    scope3 = models.FloatField(_("scope 3 (t CO2e)"), null=True, blank=True)
    scope1_grid_generation = models.FloatField(null=True, blank=True)
    basic = models.FloatField(_("GPC BASIC (t CO2e)"), null=True, blank=True)
    basic_plus = models.FloatField(_("GPC BASIC+ (t CO2e)"), null=True, blank=True)
    population = models.FloatField(_("folkmängd"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("folkmängdens år"), null=True, blank=True)
    imported_at = models.DateTimeField(_("importerad"), auto_now=True)

    class Meta:
        verbose_name = _("rapporterad inventering")
        verbose_name_plural = _("rapporterade inventeringar")
        ordering = ["city", "accounting_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["release", "city", "accounting_year"],
                name="reportedinventory_unique_natural_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.accounting_year}"

    @property
    def headline(self) -> float | None:
        """The figure to set beside the territorial series (``headline_of``)."""
        return headline_of(self.basic, self.total, self.scope1, self.scope2)


class ClimatePlan(models.Model):
    """A municipality's climate plan (klimatplan, klimatstrategi) as a source lists it:
    Klimatkollen's survey names the document, its year and a link for all 290."""

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="climate_plans")
    release = models.ForeignKey(
        SourceRelease, on_delete=models.PROTECT, related_name="climate_plans"
    )
    title = models.CharField(_("namn"), max_length=500, blank=True)
    year = models.PositiveSmallIntegerField(
        _("år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    year_text = models.CharField(
        _("år (som angivet)"), max_length=100, blank=True, help_text=_("T.ex. 'Saknas'.")
    )
    link = models.URLField(_("länk"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("klimatplan")
        verbose_name_plural = _("klimatplaner")
        constraints = [
            models.UniqueConstraint(fields=["release", "city"], name="climateplan_unique_key"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1990), name="climateplan_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.title}"

    @property
    def exists(self) -> bool:
        return bool(self.link or self.year)
