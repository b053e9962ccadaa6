"""Officer pages for data imports: upload a file, see what it would change, confirm, follow
the running job, and the history of imports with re-run and downloads.

Who may do what is asked of ``cities.permissions`` (``can_upload_data``,
``can_import_for``); jobs are found through ``ImportJob.objects.visible_to(user)``.
"""

from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cities.models import City
from cities.permissions import (
    can_import_for,
    can_publish,
    can_upload_data,
    is_programme_staff,
)
from core.downloads import CSV_TYPE, XLSX_TYPE, csv_bytes
from core.i18n import gettext as _
from dashboards.uploads.forms import NATIONAL, UploadForm
from indicators.import_jobs import (
    import_job_check,
    import_job_create,
    import_job_progress,
    import_job_rerun,
)
from indicators.models import ImportJob
from indicators.parsers import FORMATS
from indicators.parsers.files import format_size
from indicators.parsers.template import write_template_csv, write_template_xlsx
from indicators.queue import ConfirmRefused, import_job_confirm
from indicators.selectors import template_indicators

#: How many rejected rows the page lists; the CSV report has them all.
ERRORS_ON_PAGE = 200


def _may_upload(request: HttpRequest) -> None:
    if not can_upload_data(request.user):
        raise PermissionDenied(
            _("Bara kommunernas handläggare och programkontoret kan importera data.")
        )


def _visible_job(request: HttpRequest, pk: int) -> ImportJob:
    """The job, if the person may see it; 403 for someone else's job (a job's number
    tells nothing, so refusing says no more than "not found" would), 404 when none."""
    query = ImportJob.objects.select_related("city", "created_by", "confirmed_by", "release")
    job = (
        query.filter(pk=pk)
        .filter(pk__in=ImportJob.objects.visible_to(request.user).values("pk"))
        .first()
    )
    if job is None:
        if ImportJob.objects.filter(pk=pk).exists():
            raise PermissionDenied(_("Du får inte se det här importjobbet."))
        raise Http404(_("Importjobbet finns inte."))
    return job


def _writable_job(request: HttpRequest, pk: int) -> ImportJob:
    job = _visible_job(request, pk)
    if not can_import_for(request.user, job.city):
        raise PermissionDenied(_("Du får inte importera data för det här jobbet."))
    return job


def _may_import_posted_city(request: HttpRequest) -> None:
    """A posted choice of municipality the person may not import for is refused (403)
    before anything is read or stored, like every other write route."""
    value = request.POST.get("city", "")
    if value == NATIONAL:
        allowed = can_import_for(request.user, None)
    elif value.isdigit():
        city = City.objects.filter(pk=value).first()
        allowed = city is None or can_import_for(request.user, city)  # unknown: the form says
    else:
        return  # empty or malformed: the form names the field
    if not allowed:
        raise PermissionDenied(_("Du får inte importera data för det valet."))


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Choose a file; on upload the job's preview page follows."""
    _may_upload(request)
    if request.method == "POST":
        _may_import_posted_city(request)
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            job = import_job_create(
                upload=upload_file,
                original_name=upload_file.name,
                by=request.user,
                city=form.cleaned_data["city"],
                format=form.cleaned_data["format"],
            )
            return redirect("uploads:job", pk=job.pk)
        status = 400
    else:
        form = UploadForm(user=request.user)
        status = 200
    return render(
        request,
        "uploads/upload.html",
        {
            "form": form,
            "formats": FORMATS.values(),
            "max_size": format_size(settings.IMPORT_MAX_BYTES),
            # a pre-filled template per city of the person's (programme staff: none)
            "template_cities": []
            if is_programme_staff(request.user)
            else list(City.objects.editable_by(request.user)),
        },
        status=status,
    )


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: its preview and confirm form, its progress while it runs, its summary."""
    job = import_job_check(_visible_job(request, pk))  # a dead worker's job: failed
    errors = [e for e in job.errors if e.get("severity") == "error"][:ERRORS_ON_PAGE]
    warnings = [e for e in job.errors if e.get("severity") != "error"][:ERRORS_ON_PAGE]
    return render(
        request,
        "uploads/job.html",
        {
            "job": job,
            "progress": import_job_progress(job),
            "errors": errors,
            "warnings": warnings,
            "may_write": can_import_for(request.user, job.city),
            # A city's values land as drafts; its administrator may choose to publish.
            "may_publish": job.city_id is not None and can_publish(request.user, job.city_id),
            "confirm_error": request.GET.get("fel") == "bekrafta",
            "jump_error": request.GET.get("fel") == "sprang",
        },
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _writable_job(request, pk)
    try:
        import_job_confirm(
            job=job,
            by=request.user,
            skip_rejected=request.POST.get("skip_rejected") == "1",
            publish=request.POST.get("publish") == "1",  # refused unless the person may
            confirm_jumps=request.POST.get("confirm_jumps") == "1",
        )
    except ConfirmRefused as refused:
        why = "sprang" if refused.reason == "jumps" else "bekrafta"
        return redirect(reverse("uploads:job", kwargs={"pk": job.pk}) + f"?fel={why}")
    return redirect("uploads:job", pk=job.pk)


@login_required
@require_POST
def rerun(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_check(_writable_job(request, pk))  # a dead worker's job: failed
    if not job.can_rerun:
        return redirect("uploads:job", pk=job.pk)
    new = import_job_rerun(job=job, by=request.user)
    return redirect("uploads:job", pk=new.pk)


@login_required
@require_GET
def status(request: HttpRequest, pk: int) -> JsonResponse:
    """The progress of a job as JSON, polled by the progress bar."""
    return JsonResponse(import_job_progress(_visible_job(request, pk)))


@login_required
@require_GET
def original(request: HttpRequest, pk: int) -> FileResponse:
    job = _visible_job(request, pk)
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("Originalfilen finns inte längre.")) from None
    return FileResponse(handle, as_attachment=True, filename=job.original_name)


@login_required
@require_GET
def error_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem found in the file as CSV (Excel opens it with a double click). Text
    that starts like a formula is exported with a leading apostrophe, never as one."""
    job = _visible_job(request, pk)
    header = [_("Fil"), _("Rad"), _("Kolumn"), _("Typ"), _("Meddelande"), _("Värde")]
    rows = [
        [
            str(e.get("file") or ""),
            e.get("row") or "",
            str(e.get("column") or ""),
            _("fel") if e.get("severity") == "error" else _("notering"),
            str(e.get("message") or ""),
            str(e.get("value") or ""),
        ]
        for e in job.errors
    ]
    body = csv_bytes([header, *rows], delimiter=";", bom=True)
    response = HttpResponse(body, content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="felrapport-jobb-{job.pk}.csv"'
    return response


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """Every import the person may see, newest first, 50 a page."""
    _may_upload(request)
    jobs = ImportJob.objects.visible_to(request.user).select_related("city", "created_by")
    page = Paginator(jobs, 50).get_page(request.GET.get("sida"))
    return render(request, "uploads/history.html", {"page": page})


#: How many years back a city's pre-filled template offers rows for.
TEMPLATE_YEARS = 5


@login_required
@require_GET
def template_download(request: HttpRequest, ext: str) -> HttpResponse:
    """Our indicator template. With ``?kommun=<kortnamn>`` (a city the person may import
    for) it is pre-filled: a row per indicator and year of the last five without a value,
    with the indicator's name and unit beside its key. Without it, empty but for its
    example row."""
    if ext not in ("csv", "xlsx"):
        raise Http404
    city, indicators = None, []
    slug = request.GET.get("kommun", "")
    if slug:
        city = City.objects.filter(slug=slug).first()
        if city is None:
            raise Http404(_("Kommunen finns inte."))
        if not can_import_for(request.user, city):
            raise PermissionDenied(_("Du får inte importera data för %(city)s.") % {"city": city})
        last = dt.date.today().year - 1
        years = range(last - TEMPLATE_YEARS + 1, last + 1)
        indicators = template_indicators(city=city, years=years)
    buffer = io.BytesIO()
    code = city.code if city else None
    if ext == "csv":
        write_template_csv(buffer, city_code=code, indicators=indicators)
        content_type = CSV_TYPE
    else:
        write_template_xlsx(buffer, city_code=code, indicators=indicators)
        content_type = XLSX_TYPE
    name = f"indikatormall-{city.slug}" if city else "indikatormall"
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response
