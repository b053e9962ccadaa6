"""What is measured: source releases, indicators and their values per city and year."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, ContentQuerySet, Editable, Scope
from indicators.labels import indicator_label
from indicators.models.choices import Direction, JudgedOn, ObservationStatus
from indicators.parsers.base import OWN_SOURCE

FIRST_YEAR = 1900
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class SourceRelease(models.Model):
    """One publication of a data source, e.g. SMHI's "Länsrapport 2021-10-14".

    Every imported value points at the release it came from. Releases revise history, so
    a newer release never overwrites an older one: both are kept, and pages show the
    newest by default (latest ``covers_to``, then latest ``released_on``).
    """

    source = models.CharField(_("källa"), max_length=32)
    name = models.CharField(_("namn"), max_length=200)
    publisher = models.CharField(_("utgivare"), max_length=200)
    released_on = models.DateField(_("publicerad"), null=True, blank=True)
    covers_to = models.PositiveSmallIntegerField(
        _("data till och med år"), null=True, blank=True, validators=YEAR_VALIDATORS
    )
    substance = models.CharField(
        _("ämne"), max_length=16, blank=True, help_text=_("För utsläppsdata, t.ex. GGT.")
    )
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("dataleverans")
        verbose_name_plural = _("dataleveranser")
        ordering = [F("covers_to").desc(nulls_last=True), F("released_on").desc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "name", "substance"], name="release_unique_natural_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_own(self) -> bool:
        """Is this the cities' own figures (not an official release)?"""
        return self.source == OWN_SOURCE


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    city_path = "city"  # for the history (ChangeRecord.city) of city-specific indicators

    def shared(self) -> IndicatorQuerySet:
        return self.filter(city__isnull=True)

    def alive(self) -> IndicatorQuerySet:
        return self.filter(deleted_at__isnull=True)

    def available_to(self, city: City | int) -> IndicatorQuerySet:
        """Indicators a city can record values for: the shared ones and its own."""
        return self.alive().filter(Q(city__isnull=True) | Q(city=city))


class Indicator(models.Model):
    """A measured series, e.g. territorial greenhouse-gas emissions (t CO2e) or the share
    of trips made by public transport, bicycle or on foot (%).

    An indicator whose ``emission_substance`` is set reads its values from the emission
    inventory (the total, or one main sector) instead of from observations.
    Indicators without a city are shared by all cities; a city may define its own.
    """

    key = models.CharField(_("nyckel"), max_length=64, unique=True)
    name = models.CharField(_("namn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=40)
    direction = models.CharField(
        _("riktning"), max_length=8, choices=Direction.choices, default=Direction.LOWER
    )
    scope = models.CharField(
        _("avgränsning"), max_length=16, choices=Scope.choices, default=Scope.AREA
    )
    source = models.CharField(_("källa"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    kolada_id = models.CharField(_("Kolada-id"), max_length=12, blank=True)
    emission_substance = models.CharField(
        _("ämne i utsläppsdatabasen"),
        max_length=16,
        blank=True,
        help_text=_("T.ex. GGT (växthusgaser totalt). Tomt för indikatorer med egna värden."),
    )
    emission_sector = models.CharField(
        _("huvudsektor"),
        max_length=100,
        blank=True,
        help_text=_("Tomt betyder kommunens totala utsläpp."),
    )
    judged_on = models.CharField(
        _("målen bedöms på"),
        max_length=8,
        choices=JudgedOn.choices,
        default=JudgedOn.OWN,
        help_text=_(
            "När både kommunens egna uppgifter och officiell statistik har värden: vilken "
            "källa målen bedöms på. Den andra visas som jämförelse i diagrammet."
        ),
    )
    # The valid range of a value; empty: derived from the unit (``indicators.plausibility``).
    value_min = models.FloatField(_("lägsta rimliga värde"), null=True, blank=True)
    value_max = models.FloatField(_("högsta rimliga värde"), null=True, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_indicators",
        verbose_name=_("kommunspecifik för"),
    )
    updated_at = models.DateTimeField(auto_now=True)
    # A city-specific indicator is edited by the city's administrators directly (its
    # definition is not drafted; what the public sees of it are published targets and
    # values). ``version`` gives it the same optimistic locking as other content, and
    # deleting is soft so that its history and values are never lost.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senast ändrad av"),
    )
    deleted_at = models.DateTimeField(_("borttagen"), null=True, blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(emission_substance="") | Q(kolada_id=""),
                name="indicator_one_data_origin",
            ),
            models.CheckConstraint(
                condition=~Q(emission_sector="") & ~Q(emission_substance="")
                | Q(emission_sector=""),
                name="indicator_sector_needs_substance",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    @property
    def label(self) -> str:
        """The name in the visitor's language (``indicators.labels``)."""
        return indicator_label(self.name, shared=self.city_id is None)

    @property
    def is_emission_series(self) -> bool:
        return bool(self.emission_substance)


class ObservationQuerySet(ContentQuerySet):
    def for_city(self, city: City) -> ObservationQuerySet:
        return self.filter(city=city)


class Observation(Editable):
    """One value (utfall) of an indicator for a city and year, from one source release.

    There is one value per city, indicator, year and source: a city's own figures are
    one source (the release ``OWN_SOURCE``), so a corrected delivery changes the value
    (old → new in the history) instead of adding a second one; ``reference`` names the
    document or delivery the value comes from and is its credit on public pages.
    Official releases (SMHI, Kolada, SCB, SEI, CDP) are each a source of their own.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="observations")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    value = models.FloatField(_("värde"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ObservationStatus.choices,
        default=ObservationStatus.FINAL,
    )
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("dataleverans"),
    )
    uncertainty_low = models.FloatField(_("osäkerhet, lägsta"), null=True, blank=True)
    uncertainty_high = models.FloatField(_("osäkerhet, högsta"), null=True, blank=True)
    reference = models.CharField(
        _("underlag"),
        max_length=500,
        blank=True,
        help_text=_("Dokumentet eller leveransen värdet kommer från, t.ex. RVU 2023."),
    )
    note = models.TextField(_("kommentar"), blank=True)

    objects = ObservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        ordering = ["indicator", "city", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "city", "year", "release"],
                condition=Q(deleted_at__isnull=True),
                name="observation_unique_natural_key",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="observation_year_range",
            ),
            models.CheckConstraint(
                condition=Q(uncertainty_low__isnull=True) | Q(uncertainty_low__lte=F("value")),
                name="observation_low_below_value",
            ),
            models.CheckConstraint(
                condition=Q(uncertainty_high__isnull=True) | Q(uncertainty_high__gte=F("value")),
                name="observation_high_above_value",
            ),
        ]
        indexes = [models.Index(fields=["city", "indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.city_id} {self.year} = {self.value}"

    def clean(self) -> None:
        """The range rules of the check constraints, said in words on their fields."""
        errors = {}
        if self.uncertainty_low is not None and self.uncertainty_low > self.value:
            errors["uncertainty_low"] = _("får inte vara större än värdet.")
        if self.uncertainty_high is not None and self.uncertainty_high < self.value:
            errors["uncertainty_high"] = _("får inte vara mindre än värdet.")
        if errors:
            raise ValidationError(errors)
