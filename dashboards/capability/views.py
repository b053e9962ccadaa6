"""Pages of capability self-assessments (issue 16).

- ``city``: public; the scale, the chart over the years and the newest justifications
  (the city's people and programme staff also see drafts);
- ``edit``: the city's administrators enter or change one year's assessment;
- ``staff``: programme staff compare the contract cities' newest published assessments.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_http_methods

from actions.models import ActionStage
from capability.models import CapabilityAssessment
from capability.scale import DIMENSIONS, LEVELS
from capability.selectors import city_assessments, latest_assessments, stage_flow
from capability.services import assessment_create, assessment_update
from cities.models import City
from cities.permissions import can_edit, can_view_drafts, is_programme_staff
from cities.selectors import city_get
from cities.services import content_publish
from core.downloads import CSV_TYPE, XLSX_TYPE
from core.i18n import gettext as _
from dashboards.capability.figures import capability_chart
from dashboards.capability.forms import AssessmentForm
from dashboards.charts.tables import chart_about, chart_html, table_csv, table_xlsx
from dashboards.editing import attempt


def _chart_block(city: City, assessments: list[CapabilityAssessment]):
    chart = capability_chart(city.name, assessments)
    if chart is None:
        return None, None

    def url(fmt: str) -> str:
        return f"/kommuner/{city.slug}/formaga/diagram.{fmt}"

    labels = {"table": _("Tabell: %(title)s"), "download": _("Ladda ner värdena:")}
    return chart, chart_html(chart, csv_url=url("csv"), xlsx_url=url("xlsx"), labels=labels)


@require_GET
def city(request: HttpRequest, slug: str) -> HttpResponse:
    found = city_get(slug=slug)
    assessments = city_assessments(found, drafts=can_view_drafts(request.user, found))
    chart, block = _chart_block(found, assessments)
    newest = assessments[-1] if assessments else None
    rows = (
        [
            (name, getattr(newest, code), getattr(newest, f"{code}_note"))
            for code, name, _what in DIMENSIONS
        ]
        if newest
        else []
    )
    scripts = (static("vendor/plotly/plotly-basic.min.js"), static("js/charts.js")) if chart else ()
    return render(
        request,
        "capability/city.html",
        {
            "city": found,
            "assessments": assessments,
            "newest": newest,
            "rows": rows,
            "chart": block,
            "scripts": scripts,
            "dimensions": DIMENSIONS,
            "levels": LEVELS,
            "may_edit": can_edit(request.user, found, needs="admin"),
            "flow": stage_flow(found),
            "stages": ActionStage.choices,
        },
    )


@require_GET
def chart_data(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    found = city_get(slug=slug)
    chart = capability_chart(found.name, city_assessments(found))
    if chart is None:
        raise Http404
    if fmt == "csv":
        response = HttpResponse(table_csv(chart.table), content_type=CSV_TYPE)
    else:
        response = HttpResponse(
            table_xlsx(chart.table, about=chart_about(chart)), content_type=XLSX_TYPE
        )
    response["Content-Disposition"] = f'attachment; filename="{slug}-formaga.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    found = city_get(slug=slug)
    if not can_edit(request.user, found, needs="admin"):
        raise PermissionDenied(_("Bara kommunens administratörer skattar förmågan."))
    year_raw = request.GET.get("ar", "")
    existing = (
        CapabilityAssessment.objects.alive().filter(city=found, year=int(year_raw)).first()
        if year_raw.isdigit()
        else None
    )
    if request.method == "POST":
        form = AssessmentForm(request.POST)
        if form.is_valid():
            values = form.values()
            publish = form.cleaned_data["publish"]
            year = form.cleaned_data["year"]

            def save() -> CapabilityAssessment:
                if existing is not None:
                    version = form.cleaned_data["version"] or existing.version
                    assessment_update(
                        assessment=existing, by=request.user, expected_version=version, **values
                    )
                    item = CapabilityAssessment.objects.get(pk=existing.pk)
                else:
                    item = assessment_create(city=found, year=year, by=request.user, **values)
                if publish:
                    content_publish(item=item, by=request.user, expected_version=item.version)
                return item

            saving = attempt(save, form=form)
            if saving.done:
                messages.success(request, _("Självskattningen är sparad."))
                return redirect("capability:city", slug=found.slug)
    else:
        initial = {"year": existing.year, "version": existing.version} if existing else {}
        if existing is not None:
            for code, _n, _w in DIMENSIONS:
                initial[code] = getattr(existing, code)
                initial[f"{code}_note"] = getattr(existing, f"{code}_note")
        form = AssessmentForm(initial=initial)
    return render(
        request, "capability/form.html", {"city": found, "form": form, "existing": existing}
    )


@require_GET
def staff(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_programme_staff(request.user):
        raise PermissionDenied(_("Sidan är till för Viable Cities programkontor."))
    newest = latest_assessments()
    cities = City.objects.contract_cities().order_by("name")
    rows = [
        (
            c,
            newest.get(c.pk),
            [
                getattr(newest[c.pk], code) if c.pk in newest else None
                for code, _n, _w in DIMENSIONS
            ],
        )
        for c in cities
    ]
    return render(request, "capability/staff.html", {"rows": rows, "dimensions": DIMENSIONS})
