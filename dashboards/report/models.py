"""The yearly progress report (lägesrapport): saved, frozen copies."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, ContentQuerySet, Editable

# --- The yearly progress report (lägesrapport): saved, frozen copies ---------------------


class ProgressReportQuerySet(ContentQuerySet):
    """Saved reports: published ones for everyone, drafts for the city's people and
    programme staff (``ContentQuerySet.visible_to``)."""


class ProgressReport(Editable):
    """A city's yearly progress report (lägesrapport) as it was when someone saved it.

    Saving freezes the report: its data, its rendered HTML and its PDF are kept in
    ``ProgressReportContent`` and never change, whatever happens to the data later. The
    row itself is content like any other (``Editable``): a draft until one of the
    city's administrators publishes it, with its history in ``ChangeRecord``. The frozen
    content lives in its own table because the history copies every column of this row
    on every change, and the content (a few hundred kilobytes) never changes.
    """

    city = models.ForeignKey(City, on_delete=models.CASCADE, related_name="progress_reports")
    year = models.PositiveSmallIntegerField(
        _("år"),
        validators=[MinValueValidator(2019), MaxValueValidator(2100)],
        help_text=_("Året rapporten gäller."),
    )
    title = models.CharField(_("titel"), max_length=200)
    note = models.CharField(
        _("anteckning"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. vilket möte rapporten togs fram till."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sparad av"),
    )
    data_read_at = models.DateTimeField(_("uppgifterna hämtade"))
    language = models.CharField(_("språk"), max_length=8, default="sv")
    pdf_bytes = models.PositiveIntegerField(_("PDF-filens storlek (byte)"), default=0)
    # Both set by the PDF job once the PDF is made (empty until then).
    pdf_sha256 = models.CharField(
        _("PDF-filens kontrollsumma (SHA-256)"), max_length=64, blank=True
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("sparad lägesrapport")
        verbose_name_plural = _("sparade lägesrapporter")
        ordering = ["city", "-year", "-created_at", "-id"]
        indexes = [models.Index(fields=["city", "-year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2019, year__lte=2100), name="progress_report_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def progress_report_pdf_path(content: ProgressReportContent, filename: str) -> str:
    """Where a saved report's PDF is kept under MEDIA_ROOT: by city and year, with a
    random part so two saves never share a name."""
    import uuid

    report = content.report
    return f"lagesrapporter/{report.city.code}/{report.year}/{uuid.uuid4().hex}.pdf"


class PdfStatus(models.TextChoices):
    QUEUED = "queued", _("i kö")
    BUILDING = "building", _("görs")
    READY = "ready", _("klar")
    FAILED = "failed", _("misslyckades")


class ProgressReportContent(models.Model):
    """The frozen content of a saved progress report: the report's data (JSON), its
    rendered HTML and its PDF, written once when the report is saved and never
    changed. The PDF (10–20 seconds of layout) is made from the frozen HTML by a Celery
    job after the save commits (``dashboards.report.tasks``); ``pdf_status`` tells how far
    it is."""

    report = models.OneToOneField(
        ProgressReport, on_delete=models.CASCADE, primary_key=True, related_name="content"
    )
    data = models.JSONField(_("uppgifter"))
    html = models.TextField(_("rapportens HTML"))
    pdf = models.FileField(_("PDF"), upload_to=progress_report_pdf_path, max_length=300, blank=True)
    pdf_status = models.CharField(
        _("PDF-filens status"), max_length=10, choices=PdfStatus.choices, default=PdfStatus.READY
    )
    pdf_claimed_at = models.DateTimeField(_("PDF-jobbet startade"), null=True, blank=True)

    class Meta:
        verbose_name = _("sparad lägesrapports innehåll")
        verbose_name_plural = _("sparade lägesrapporters innehåll")

    def __str__(self) -> str:
        return str(self.report)
