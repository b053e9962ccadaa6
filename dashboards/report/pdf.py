"""The progress report as a PDF, made from its HTML by WeasyPrint, offline.

WeasyPrint lays the report out with the print stylesheet (A4, a page break before each
section, tables never cut mid-row, link addresses printed), the same rules a browser
uses when the page is printed. It runs no JavaScript, which is why the report's charts
are inline SVG. It fetches nothing: the stylesheets are read from our static files and
handed over as text, and its URL fetcher only accepts ``data:`` URLs, so a report can
never make the server request anything from the network.

Needs Pango (Debian: ``libpango-1.0-0``, ``libpangoft2-1.0-0``, ``libharfbuzz-subset0``)
and a font with Swedish letters (``fonts-dejavu-core`` or ``fonts-liberation``).
"""

from __future__ import annotations

import functools
import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLESHEETS = ("css/site.css", "css/report.css")

# WeasyPrint reports every CSS property it does not implement (``position: sticky``,
# ``-webkit-…``) as a warning; the report's print rules do not need them.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@functools.cache
def _stylesheets() -> tuple:
    from weasyprint import CSS

    sheets = []
    for name in STYLESHEETS:
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"static file {name} is missing")
        with open(path, encoding="utf-8") as fileobj:
            sheets.append(CSS(string=fileobj.read()))
    return tuple(sheets)


def report_pdf(*, body: str, title: str, language: str) -> bytes:
    """The PDF of a rendered report body (``dashboards.report.pages.render_body``)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = render_to_string(
        "report/pdf.html", {"body": body, "title": title, "language": language}
    )
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    return HTML(string=document, url_fetcher=fetcher, media_type="print").write_pdf(
        stylesheets=list(_stylesheets())
    )
