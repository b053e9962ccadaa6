"""What is measured: indicators, their values per city and year, emission inventories, targets."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City, ContentQuerySet, Editable, Goal, Scope
from cities.permissions import ALL_CITIES
from indicators.labels import indicator_label

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


class Direction(models.TextChoices):
    LOWER = "lower", _("Lägre är bättre")
    HIGHER = "higher", _("Högre är bättre")


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


class ObservationStatus(models.TextChoices):
    FINAL = "final", _("Slutligt")
    PRELIMINARY = "preliminary", _("Preliminärt")
    ESTIMATE = "estimate", _("Uppskattat")


class ObservationQuerySet(ContentQuerySet):
    def for_city(self, city: City) -> ObservationQuerySet:
        return self.filter(city=city)


class Observation(Editable):
    """One value (utfall) of an indicator for a city and year, from one source release."""

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


class EmissionRow(models.Model):
    """One cell of a territorial emission inventory (Nationella emissionsdatabasen):
    a municipality's emissions of one substance in one year from one (sub)sector.

    ``sector == "Alla"`` is the municipality's total as the source states it;
    ``subsector == "Alla"`` is a main sector's total.
    """

    TOTAL = "Alla"

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="emission_rows")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    substance = models.CharField(_("ämne"), max_length=16)
    sector = models.CharField(_("huvudsektor"), max_length=100)
    subsector = models.CharField(_("undersektor"), max_length=150)
    tonnes = models.FloatField(_("ton per år"))
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.PROTECT,
        related_name="emission_rows",
        verbose_name=_("dataleverans"),
    )

    class Meta:
        verbose_name = _("utsläppsrad")
        verbose_name_plural = _("utsläppsrader")
        constraints = [
            # Ordered so that this one index also serves reading a city's series
            # (city, substance, release, year): one index to maintain on import, not two.
            models.UniqueConstraint(
                fields=["city", "substance", "release", "year", "sector", "subsector"],
                name="emissionrow_unique_natural_key",
            ),
            models.CheckConstraint(condition=Q(tonnes__gte=0), name="emissionrow_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="emissionrow_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year} {self.substance} {self.sector}/{self.subsector}"


class EmissionTotal(models.Model):
    """A municipality's total emissions of one substance in one year of one release.

    Derived from ``EmissionRow`` by the import service (``emission_totals_refresh``), so
    pages read 290 × years rows instead of aggregating every sector row. ``stated`` tells
    whether the source states the total itself (SMHI's "Alla/Alla" row) or gives main
    sectors only, in which case the total is their sum.
    """

    release = models.ForeignKey(
        SourceRelease, on_delete=models.CASCADE, related_name="emission_totals"
    )
    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="emission_totals")
    year = models.PositiveSmallIntegerField(_("år"), validators=YEAR_VALIDATORS)
    tonnes = models.FloatField(_("ton per år"))
    stated = models.BooleanField(_("angiven av källan"), default=True)

    class Meta:
        verbose_name = _("utsläpp totalt")
        verbose_name_plural = _("utsläpp totalt")
        constraints = [
            models.UniqueConstraint(
                fields=["release", "city", "year"], name="emissiontotal_unique_natural_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.year}: {self.tonnes}"


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Nivå")
    PERCENT_CHANGE = "percent_change", _("Förändring i procent mot basår")
    PER_PERSON = "per_person", _("Per invånare")
    SHARE = "share", _("Andel (%)")
    NET_ZERO = "net_zero", _("Nettonoll")
    DECREASE = "decrease", _("Minska (utan siffra)")


class PathwayKind(models.TextChoices):
    LINEAR = "linear", _("Rak linje")
    CONSTANT_RATE = "constant_rate", _("Konstant minskningstakt")
    BUDGET = "budget", _("Inom koldioxidbudgeten")


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
        errors: dict[str, str] = {}
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


# --- Import jobs ---------------------------------------------------------------------------


class ImportJobStatus(models.TextChoices):
    PREVIEW = "preview", _("Väntar på bekräftelse")
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    SUCCEEDED = "succeeded", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ImportJobOrigin(models.TextChoices):
    UPLOAD = "upload", _("Uppladdning")
    COMMAND = "command", _("Kommando")
    FETCH = "fetch", _("Schemalagd hämtning")


def import_upload_path(job: ImportJob, filename: str) -> str:
    """Where an uploaded original is kept under MEDIA_ROOT: a random name (the person's
    file name is kept in ``original_name``), so names never clash or escape the folder."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, user) -> ImportJobQuerySet:
        """Jobs ``user`` may see: programme staff every job; officers and city
        administrators the jobs of the cities they work for, and their own."""
        from cities.permissions import editable_city_ids, is_programme_staff

        if is_programme_staff(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        ids = editable_city_ids(user)
        if ids is ALL_CITIES:
            return self.all()
        return self.filter(Q(city__in=ids) | Q(created_by=user))


class ImportJob(models.Model):
    """One import of one data file: who asked for it and when, the original file as
    uploaded or fetched, what the preview said would change, and how the run went.

    A job is created when a file is uploaded (status ``preview``: changes computed,
    nothing written), queued when the person confirms, and run by a Celery task that
    passes the job's id. The import and the job's final status are committed in one
    transaction, so a job still ``running`` has written nothing; a retried task simply
    runs it again. ``city`` is the municipality an officer uploaded for (rows of other
    municipalities are refused); empty means a national import by programme staff.
    """

    file = models.FileField(_("fil"), upload_to=import_upload_path, max_length=300)
    original_name = models.CharField(_("filnamn"), max_length=255)
    file_size = models.PositiveBigIntegerField(_("storlek (byte)"), default=0)
    sha256 = models.CharField(_("kontrollsumma (SHA-256)"), max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=32, blank=True)
    format_requested = models.CharField(
        _("valt format"), max_length=32, blank=True, help_text=_("Tomt: känns igen ur filen.")
    )
    origin = models.CharField(
        _("ursprung"),
        max_length=12,
        choices=ImportJobOrigin.choices,
        default=ImportJobOrigin.UPLOAD,
    )
    city = models.ForeignKey(
        City,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("kommun"),
        help_text=_("Tomt för en nationell import."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("uppladdad av"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekräftad av"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.PREVIEW,
        db_index=True,
    )
    skip_rejected = models.BooleanField(
        _("importera bara giltiga rader"),
        default=False,
        help_text=_("Personen bekräftade uttryckligen att avvisade rader hoppas över."),
    )
    publish = models.BooleanField(
        _("publicera direkt"),
        default=False,
        help_text=_(
            "Kommunens administratör bekräftade uttryckligen att värdena publiceras direkt "
            "i stället för att sparas som utkast."
        ),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    started_at = models.DateTimeField(_("startad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    rows_total = models.PositiveIntegerField(_("värden totalt"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("värden lästa"), default=0)
    created_count = models.PositiveIntegerField(_("nya"), default=0)
    updated_count = models.PositiveIntegerField(_("ändrade"), default=0)
    unchanged_count = models.PositiveIntegerField(_("oförändrade"), default=0)
    rejected_count = models.PositiveIntegerField(_("avvisade"), default=0)
    warning_count = models.PositiveIntegerField(_("noteringar"), default=0)
    preview = models.JSONField(_("förhandsgranskning"), default=dict, blank=True)
    errors = models.JSONField(_("felrapport"), default=list, blank=True)
    message = models.TextField(_("meddelande"), blank=True)
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
        verbose_name=_("dataleverans"),
    )
    rerun_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reruns",
        verbose_name=_("omkörning av"),
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("importjobb")
        verbose_name_plural = _("importjobb")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["city", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.SUCCEEDED, ImportJobStatus.FAILED)

    @property
    def is_active(self) -> bool:
        return self.status in (ImportJobStatus.QUEUED, ImportJobStatus.RUNNING)

    @property
    def publishes(self) -> bool:
        """Do the indicator values land published? National imports (official statistics
        by programme staff, the scheduled fetch): yes. A city's own upload follows the
        draft rule of the forms unless its administrator chose to publish at once."""
        return self.city_id is None or self.publish

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class CarbonBudgetQuerySet(models.QuerySet["CarbonBudget"]):
    def newest_per_city(self, city_ids: list[int]) -> dict[int, CarbonBudget]:
        """The newest budget of each city (newest release first), in one query."""
        budgets: dict[int, CarbonBudget] = {}
        query = self.filter(city_id__in=city_ids).select_related("release")
        for budget in query.order_by(
            "city_id",
            F("release__covers_to").desc(nulls_last=True),
            F("release__released_on").desc(nulls_last=True),
            "-release_id",
        ):
            budgets.setdefault(budget.city_id, budget)
        return budgets


class CarbonBudget(models.Model):
    """A municipality's carbon budget (utsläppsutrymme, koldioxidbudget): the emissions
    of one substance it may still emit from ``start_year`` through ``end_year``, as one
    source release allocates them.

    The budgets we load are Klimatkollen's allocation of Uppsala University's national
    CO2 budget over the municipalities: derived figures from a peer, not an official
    table, always shown as "Klimatkollens fördelning". They cover fossil CO2 only, so
    they are followed on the CO2 inventory, never on all greenhouse gases.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="carbon_budgets")
    release = models.ForeignKey(
        SourceRelease,
        on_delete=models.PROTECT,
        related_name="carbon_budgets",
        verbose_name=_("dataleverans"),
    )
    substance = models.CharField(_("ämne"), max_length=16, default="CO2")
    amount = models.FloatField(_("utsläppsutrymme (ton)"))
    start_year = models.PositiveSmallIntegerField(_("från år"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("till och med år"), validators=YEAR_VALIDATORS)

    objects = CarbonBudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("koldioxidbudget")
        verbose_name_plural = _("koldioxidbudgetar")
        ordering = ["city", "-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["release", "city"], name="carbonbudget_unique_key"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="carbonbudget_not_negative"),
            models.CheckConstraint(
                condition=Q(end_year__gt=F("start_year")), name="carbonbudget_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city_id} {self.substance} {self.start_year}–{self.end_year}: {self.amount}"
