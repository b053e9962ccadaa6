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

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cities import permissions
from cities.history import mark_published, record_change, save_edited
from cities.models import ChangeAction, City
from cities.services import content_delete, content_publish, content_unpublish
from dashboards.report.models import ProgressReport, ProgressReportContent
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
    """Save the city's report for ``year`` as it is now: its data, HTML and PDF are
    frozen in a ``ProgressReportContent`` that later data changes never touch.

    The report and its PDF are made before the transaction opens (the PDF takes a
    second or two), so the transaction only writes. A failed write leaves no file
    behind. ``site``: the address the site is served at ("https://klimat.example.se"),
    which the frozen report's links carry; ``settings.SITE_URL`` when not given.
    """
    note = _checked_note(city=city, year=year, by=by, note=note, publish=publish)
    live = live_report(city, year).at(site)
    pdf = report_pdf(body=live.body, title=live.title, language=live.data["language"])
    stored = ""
    try:
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
                pdf_bytes=len(pdf),
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            )
            report.full_clean()
            save_edited(report, by=by)
            content = ProgressReportContent(report=report, data=live.data, html=live.body)
            content.pdf.save("lagesrapport.pdf", ContentFile(pdf), save=False)
            stored = content.pdf.name or ""
            content.save()
            record_change(report, action=ChangeAction.CREATE, by=by)
            if publish:
                mark_published(report, by=by)
    except BaseException:
        if stored:
            content.pdf.storage.delete(stored)
        raise
    return report


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
