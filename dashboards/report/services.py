"""Writes of the progress report: saving a frozen copy, publishing, withdrawing and
deleting it.

Who may do what (``cities.permissions``, the same rules as all of a city's content):

- save a report (a draft): the city's officers and administrators;
- save and publish at once, publish, withdraw: the city's administrators;
- delete a saved report that is not published: the city's officers and administrators
  (a published report is withdrawn first, by an administrator);
- programme staff read every city's saved reports, drafts included, but change none
  (staff do not edit a city's content); superusers may do everything.

Every service checks the person itself (``PermissionDenied`` before anything is
written), is one transaction and records the change in the history.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from cities import permissions
from cities.history import mark_published, record_change, save_edited
from cities.models import ChangeAction, City
from cities.services import content_delete, content_publish, content_unpublish
from core.i18n import gettext as _
from dashboards.report.models import PdfStatus, ProgressReport, ProgressReportContent
from dashboards.report.pages import FIRST_YEAR, live_report
from dashboards.report.pdf import report_pdf

Actor = User | AnonymousUser

NOTE_MAX_CHARS = 300


def may_save(user: Actor, city: City) -> bool:
    return permissions.can_edit(user, city, needs="officer")


def may_publish(user: Actor, city: City) -> bool:
    return permissions.can_publish(user, city)


def may_delete(user: Actor, report: ProgressReport) -> bool:
    return not report.is_published and permissions.can_edit(user, report.city_id, needs="officer")


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _checked_note(*, city: City, year: int, by: Actor, note: str, publish: bool) -> str:
    """Refuse a save the person may not make (PermissionDenied) or that breaks a rule
    (ValidationError naming the field); the note as it is saved."""
    _require(
        may_save(by, city), _("Du kan inte spara lägesrapporter för %(city)s.") % {"city": city}
    )
    if publish:
        _require(
            may_publish(by, city),
            _("Bara kommunens administratörer kan publicera lägesrapporter."),
        )
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise ValidationError(
            {
                "year": _("Lägesrapporter kan sparas för åren %(first)s–%(last)s.")
                % {"first": FIRST_YEAR, "last": this_year}
            }
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError(
            {"note": _("Anteckningen får vara högst %(n)s tecken.") % {"n": NOTE_MAX_CHARS}}
        )
    return note


def progress_report_save(
    *, city: City, year: int, by: Actor, note: str = "", publish: bool = False, site: str = ""
) -> ProgressReport:
    """Save the city's report for ``year`` as it is now: its data and HTML are frozen
    in a ``ProgressReportContent`` that later data changes never touch; its PDF is made
    from that HTML by a Celery job once the save commits (``progress_report_pdf_make``),
    so saving never waits for the PDF's layout. ``site``: the address the site is served
    at ("https://klimat.example.se"), which the frozen report's links carry;
    ``settings.SITE_URL`` when not given.
    """
    note = _checked_note(city=city, year=year, by=by, note=note, publish=publish)
    live = live_report(city, year).at(site)
    with transaction.atomic():
        user = by if by.is_authenticated else None
        report = ProgressReport(
            city=city,
            year=year,
            title=live.title,
            note=note,
            created_by=user,
            data_read_at=parse_datetime(live.data["built_at"]) or timezone.now(),
            language=live.data["language"],
        )
        report.full_clean()
        save_edited(report, by=by)
        ProgressReportContent.objects.create(
            report=report, data=live.data, html=live.body, pdf_status=PdfStatus.QUEUED
        )
        record_change(report, action=ChangeAction.CREATE, by=by)
        if publish:
            mark_published(report, by=by)
        report_id = report.pk
        transaction.on_commit(lambda: _enqueue_pdf(report_id))
    return report


def _enqueue_pdf(report_id: int) -> None:
    from dashboards.report.tasks import progress_report_pdf_task

    progress_report_pdf_task.delay(report_id)


#: A PDF job that has not finished after this long is taken as dead (its worker killed)
#: and may be claimed again by the redelivered task.
PDF_JOB_STALE = timedelta(minutes=10)


def progress_report_pdf_make(*, report_id: int) -> bool:
    """Make a saved report's PDF from its frozen HTML and store it; False when there is
    nothing to do (made already, or another worker is making it).

    Idempotent: the job claims the report with a conditional UPDATE, so a task delivered
    twice makes the PDF once. The PDF is laid out outside any transaction; the file and
    the row are written at the end, and a failed write leaves no file behind. The PDF is
    derived from the frozen HTML, so writing it is no change of the report's content (no
    history record, no new version).
    """
    now = timezone.now()
    claimable = Q(pdf_status=PdfStatus.QUEUED) | Q(
        pdf_status=PdfStatus.BUILDING, pdf_claimed_at__lt=now - PDF_JOB_STALE
    )
    claimed = ProgressReportContent.objects.filter(claimable, report_id=report_id).update(
        pdf_status=PdfStatus.BUILDING, pdf_claimed_at=now
    )
    if not claimed:
        return False
    content = ProgressReportContent.objects.select_related("report").get(report_id=report_id)
    report = content.report
    try:
        pdf = report_pdf(body=content.html, title=report.title, language=report.language)
    except Exception:
        ProgressReportContent.objects.filter(report_id=report_id).update(
            pdf_status=PdfStatus.FAILED
        )
        raise
    stored = ""
    try:
        with transaction.atomic():
            content.pdf.save("lagesrapport.pdf", ContentFile(pdf), save=False)
            stored = content.pdf.name or ""
            ProgressReportContent.objects.filter(report_id=report_id).update(
                pdf=stored, pdf_status=PdfStatus.READY
            )
            ProgressReport.objects.filter(pk=report_id).update(
                pdf_bytes=len(pdf), pdf_sha256=hashlib.sha256(pdf).hexdigest()
            )
    except BaseException:
        if stored:
            content.pdf.storage.delete(stored)
        raise
    return True


@transaction.atomic
def progress_report_publish(*, report: ProgressReport, by: Actor, expected_version: int) -> bool:
    """Publish a saved report: the public sees it in the city's list of reports."""
    _require(
        may_publish(by, report.city),
        _("Bara kommunens administratörer kan publicera lägesrapporter."),
    )
    return content_publish(item=report, by=by, expected_version=expected_version)


@transaction.atomic
def progress_report_unpublish(*, report: ProgressReport, by: Actor, expected_version: int) -> bool:
    """Withdraw a published report from the public; it becomes a draft again."""
    _require(
        may_publish(by, report.city),
        _("Bara kommunens administratörer kan dra tillbaka lägesrapporter."),
    )
    return content_unpublish(item=report, by=by, expected_version=expected_version)


@transaction.atomic
def progress_report_delete(*, report: ProgressReport, by: Actor, expected_version: int) -> bool:
    """Delete a saved report that is not published (softly: the history keeps it)."""
    _require(
        permissions.can_edit(by, report.city_id, needs="officer"),
        _("Du kan inte ta bort lägesrapporter för %(city)s.") % {"city": report.city},
    )
    if report.is_published:
        raise ValidationError(
            _("Rapporten är publicerad. En administratör behöver dra tillbaka den först.")
        )
    return content_delete(item=report, by=by, expected_version=expected_version)
