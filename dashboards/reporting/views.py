"""A city's reporting page (``/kommuner/<namn>/rapportering/``): the same published data
as the other pages, exported once for every framework the cities report to — the Global
Covenant of Mayors (CRF), CDP-ICLEI Track, the EU Climate City Contract and CSRD/ESRS E1.
``?ar=`` picks the inventory year (the newest by default)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from cities.selectors import city_get
from core.downloads import CSV_TYPE, XLSX_TYPE
from dashboards.reporting import exports
from dashboards.reporting.data import ReportingData, reporting_data


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("ar", "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None


@require_GET
def index(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    data = reporting_data(city, _year(request))
    return render(
        request,
        "reporting/index.html",
        {
            "city": city,
            "data": data,
            "gcom": exports.gcom_rows(data.inventory)[1:] if data.inventory else [],
            "esrs": exports.esrs_rows(data),
            "query": f"?ar={data.year}" if data.year else "",
        },
    )


def _file(data: ReportingData, name: str) -> tuple[bytes, str]:
    if name == "gcom-crf.xlsx":
        if data.inventory is None:
            raise Http404
        return exports.gcom_inventory_xlsx(data), XLSX_TYPE
    if name == "cdp.csv":
        return exports.cdp_csv(data), CSV_TYPE
    if name == "eu-klimatkontrakt.xlsx":
        return exports.eu_contract_xlsx(data), XLSX_TYPE
    if not data.organisation:
        raise Http404
    return exports.esrs_xlsx(data), XLSX_TYPE


@require_GET
def download(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    city = city_get(slug=slug)
    data = reporting_data(city, _year(request))
    content, content_type = _file(data, name)
    response = HttpResponse(content, content_type=content_type)
    stem, suffix = name.rsplit(".", 1)
    year = f"-{data.year}" if data.year else ""
    response["Content-Disposition"] = f'attachment; filename="{city.slug}-{stem}{year}.{suffix}"'
    return response
