"""Pages of the yearly progress report (lägesrapport): the report of a year as it is now
(HTML and PDF), the saved reports of a city, and the forms that save, publish, withdraw
and delete them.

Reading: everyone reads the current report (it is built from published data only) and
published saved reports; the city's people and programme staff also read saved drafts.
Writing: see ``dashboards.report.services``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cities.models import City
from cities.selectors import city_get
from contracts.selectors import contract_versions
from core.cache import cached
from core.i18n import gettext as _
from dashboards.editing import button_press
from dashboards.report.data import site_of
from dashboards.report.forms import ReportSaveForm, ReportVersionForm
from dashboards.report.models import PdfStatus, ProgressReport
from dashboards.report.pages import live_report, report_year_choices, valid_year
from dashboards.report.pdf import report_pdf
from dashboards.report.services import (
    may_delete,
    may_publish,
    may_save,
    progress_report_delete,
    progress_report_publish,
    progress_report_save,
    progress_report_unpublish,
)

PDF = "application/pdf"


def _saved_reports(city: City, user, *, year: int | None = None):
    """The city's saved reports ``user`` may read, newest first (one query)."""
    query = (
        ProgressReport.objects.visible_to(user)
        .filter(city=city)
        .select_related("created_by")
        .order_by("-year", "-created_at", "-id")
    )
    return query if year is None else query.filter(year=year)


def _saved_get(city: City, pk: int, user) -> ProgressReport:
    report = (
        ProgressReport.objects.visible_to(user)
        .filter(city=city, pk=pk)
        .select_related("content", "created_by", "city")
        .first()
    )
    if report is None:
        raise Http404(_("Rapporten finns inte."))
    return report


def _attachment(name: str) -> str:
    return f'attachment; filename="{name}"'


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The years a report can be read for, and the city's saved reports."""
    city = city_get(slug=slug)
    versions = [v.year for v in contract_versions(city=city, user=request.user) if v.is_published]
    saved_reports = list(_saved_reports(city, request.user))
    for report in saved_reports:
        report.may_delete = may_delete(request.user, report)
    return render(
        request,
        "report/index.html",
        {
            "city": city,
            "years": report_year_choices(city, versions),
            "saved": saved_reports,
            "may_save": may_save(request.user, city),
            "may_publish": may_publish(request.user, city),
        },
    )


@require_GET
def live(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The report of ``year`` from today's published data."""
    city = city_get(slug=slug)
    valid_year(year)
    report = live_report(city, year).at(site_of(request))
    saving = may_save(request.user, city)
    form = ReportSaveForm() if saving else None
    if form is not None and not may_publish(request.user, city):
        del form.fields["publish"]
    return render(
        request,
        "report/report.html",
        {
            "city": city,
            "year": year,
            "title": report.title,
            # Safe: rendered by our own template from escaped data (``render_body``).
            "body": mark_safe(report.body),
            "years": report.years,
            "saved": list(_saved_reports(city, request.user, year=year)),
            "form": form,
        },
    )


@require_GET
def live_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """The report of ``year`` as a PDF, made once per data generation and day."""
    city = city_get(slug=slug)
    valid_year(year)
    site = site_of(request)
    report = live_report(city, year).at(site)
    day = timezone.localdate().isoformat()
    pdf = cached(
        f"report-pdf:{city.code}:{year}:{day}:{site}",
        lambda: report_pdf(body=report.body, title=report.title, language=report.data["language"]),
    )
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = _attachment(f"lagesrapport-{city.slug}-{year}.pdf")
    return response


@login_required
@require_POST
def save(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    city = city_get(slug=slug)
    valid_year(year)
    if not may_save(request.user, city):
        raise PermissionDenied(_("Du kan inte spara lägesrapporter för %(city)s.") % {"city": city})
    form = ReportSaveForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("reports:live", slug=city.slug, year=year)
    try:
        report = progress_report_save(
            city=city,
            year=year,
            by=request.user,
            note=form.cleaned_data["note"],
            publish=bool(form.cleaned_data.get("publish")),
            site=site_of(request),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("reports:live", slug=city.slug, year=year)
    messages.success(
        request,
        _("Rapporten är sparad och publicerad.")
        if report.is_published
        else _("Rapporten är sparad som utkast. En administratör kan publicera den."),
    )
    return redirect("reports:saved", slug=city.slug, pk=report.pk)


@require_GET
def saved(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A saved report exactly as it was frozen."""
    city = city_get(slug=slug)
    report = _saved_get(city, pk, request.user)
    return render(
        request,
        "report/saved.html",
        {
            "city": city,
            "report": report,
            # Safe: the HTML was rendered by our own template when the report was saved.
            "body": mark_safe(report.content.html),
            "may_publish": may_publish(request.user, city),
            "may_delete": may_delete(request.user, report),
        },
    )


@require_GET
def saved_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse | FileResponse:
    """The saved report's PDF, from storage; while its job runs, the saved report's page
    (which shows how far the PDF is)."""
    city = city_get(slug=slug)
    report = _saved_get(city, pk, request.user)
    if report.content.pdf_status != PdfStatus.READY:
        messages.info(request, _("PDF-filen är inte klar än."))
        return redirect("reports:saved", slug=city.slug, pk=report.pk)
    try:
        handle = report.content.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("PDF-filen finns inte längre.")) from None
    day = timezone.localtime(report.created_at).date().isoformat()
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"lagesrapport-{city.slug}-{report.year}-sparad-{day}.pdf",
        content_type=PDF,
    )


@require_GET
def saved_pdf_status(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    """How far the saved report's PDF is, for the page's progress indicator
    (``static/js/report-pdf.js``)."""
    city = city_get(slug=slug)
    report = _saved_get(city, pk, request.user)
    status = report.content.pdf_status
    return JsonResponse(
        {
            "status": status,
            "label": str(PdfStatus(status).label),
            "ready": status == PdfStatus.READY,
            "failed": status == PdfStatus.FAILED,
            "url": reverse("reports:saved-pdf", args=[city.slug, report.pk]),
        },
        headers={"Cache-Control": "no-store"},
    )


#: The buttons on a saved report: the service each calls, who may press it in the city,
#: and what is said after.
CHANGES = {
    "publish": (progress_report_publish, may_publish, gettext_lazy("Rapporten är publicerad.")),
    "unpublish": (
        progress_report_unpublish,
        may_publish,
        gettext_lazy("Rapporten är tillbakadragen."),
    ),
    "delete": (progress_report_delete, may_save, gettext_lazy("Rapporten är borttagen.")),
}


@login_required
@require_POST
def change(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    """Publish, withdraw or delete (``action``) a saved report with the version the
    person saw.

    Whether the person may do it for this city is asked first, so someone else gets
    403 whether or not the report is one they may read."""
    service, allowed, done = CHANGES[action]
    city = city_get(slug=slug)
    if not allowed(request.user, city):
        raise PermissionDenied(_("Du kan inte ändra lägesrapporter för %(city)s.") % {"city": city})
    report = _saved_get(city, pk, request.user)
    form = ReportVersionForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else report.version
    saving = button_press(
        request, lambda: service(report=report, by=request.user, expected_version=version)
    )
    if saving.done:
        messages.success(request, str(done))
    return redirect(reverse("reports:index", kwargs={"slug": city.slug}))
