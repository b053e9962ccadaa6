"""Public pages: the home page with the contract cities and a page per municipality."""

from __future__ import annotations

import functools

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static

from cities.selectors import city_get
from core.downloads import CSV_TYPE, XLSX_TYPE
from core.stored_pages import accepts_gzip, framed, stored_content, stored_response
from dashboards.charts.tables import chart_about, table_csv, table_xlsx
from dashboards.city.pages import RenderedCityPage, city_chart, city_page_html

# Where the stored content goes in the rendered frame (see home.html and city.html).
HOME_MARKER = b"<!--home-page-body-->"
BODY_MARKER = b"<!--city-page-body-->"


def home(request: HttpRequest) -> HttpResponse:
    # A visitor with no cookie gets the whole page as stored (frame included).
    if (stored := stored_response(request, "home")) is not None:
        return stored
    return home_framed(request, stored_content("home", gzipped=accepts_gzip(request)).body)


def home_framed(request: HttpRequest, body: bytes) -> HttpResponse:
    """The home page: the frame (menu, login state) for ``request`` around the stored
    content ``body``."""
    return framed(request, render(request, "city/home.html"), HOME_MARKER, body)


@functools.cache
def _chart_scripts() -> tuple[str, ...]:
    # Resolved once per process: the static files (and their hashed names) only change
    # with a deployment, which starts new processes.
    return (static("vendor/plotly/plotly-basic.min.js"), static("js/charts.js"))


def city(request: HttpRequest, slug: str) -> HttpResponse:
    # A visitor with no cookie gets the whole page as stored (frame included).
    if (stored := stored_response(request, "city", slug)) is not None:
        return stored
    return city_framed(request, city_page_html(slug, gzipped=accepts_gzip(request)))


def city_framed(request: HttpRequest, page: RenderedCityPage) -> HttpResponse:
    """The city page: the frame (menu, login state) for ``request`` around the stored
    content."""
    scripts = _chart_scripts() if page.has_charts else ()
    response = render(request, "city/city.html", {"page": page, "scripts": scripts})
    return framed(request, response, BODY_MARKER, page.body)


def city_chart_data(request: HttpRequest, slug: str, chart: str, fmt: str) -> HttpResponse:
    """Exactly what one chart of the city page plots, as CSV or Excel."""
    found = city_chart(city_get(slug=slug), chart)
    filename = f"{slug}-{found.id}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(table_csv(found.table), content_type=CSV_TYPE)
    elif fmt == "xlsx":
        response = HttpResponse(
            table_xlsx(found.table, about=chart_about(found)), content_type=XLSX_TYPE
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
