"""Import jobs: one import of one data file, from upload (or fetch) to its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import City
from cities.permissions import ALL_CITIES
from indicators.models.choices import ImportJobOrigin, ImportJobStatus
from indicators.models.indicators import SourceRelease


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
    confirm_jumps = models.BooleanField(
        _("språng bekräftade"),
        default=False,
        help_text=_(
            "Personen bekräftade uttryckligen värden som är mer än tre gånger så stora eller "
            "mindre än en tredjedel av ett närliggande publicerat år."
        ),
    )
    jump_count = models.PositiveIntegerField(_("värden att bekräfta"), default=0)
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
        return self.status in (
            ImportJobStatus.SUCCEEDED,
            ImportJobStatus.FAILED,
            ImportJobStatus.EXPIRED,
        )

    @property
    def can_rerun(self) -> bool:
        """Is reading the same file again worth offering? Yes once it finished, unless it
        failed at its preview: then the file itself could not be read (or held rows the
        person may not import), and reading it again gives the same answer. A job that
        failed while importing (a stopped worker) or whose preview expired can succeed."""
        if not self.is_finished:
            return False
        return not (self.status == ImportJobStatus.FAILED and self.confirmed_at is None)

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
