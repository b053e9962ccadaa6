"""Speed of the yearly progress report (lägesrapport) with the demo data: Umeå's report
of this year.

- ``report_build_ms``: gathering the report's data and rendering its HTML (cold cache).
- ``report_page_ms_uncached`` / ``report_page_ms_cached``: the page through Django's
  test client with an empty and a warm cache (median).
- ``report_page_queries``: queries of an uncached request (pinned in the tests too).
- ``report_pdf_s``: WeasyPrint making the PDF from the rendered HTML (median of
  three), the time the PDF job takes (a worker's, after the save);
- ``report_save_request_ms``: the request that saves a report (its PDF job enqueued).
  Goal ≤ 300; ``report_pdf_pages`` and
  ``report_pdf_kb`` its size.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

from benchmarks.site import getter, load_demo, served, uncached_queries

ROUNDS = 11


def _median_ms(action, rounds: int = ROUNDS) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples) * 1000, 1)


def run() -> Iterator[tuple[str, float, str]]:
    import io

    from django.test import Client
    from django.utils import timezone
    from pypdf import PdfReader

    from cities.models import City
    from dashboards.report.pages import build_report, render_body, report_dict, report_title

    load_demo()
    umea = City.objects.select_related("county").get(code="2480")
    year = timezone.localdate().year
    with served():
        build_ms, cold, warm, queries, body = _page_figures(
            getter(Client(HTTP_ACCEPT_LANGUAGE="sv")),
            f"/kommuner/umea/lagesrapport/{year}/",
            lambda: render_body(report_dict(build_report(umea, year))),
        )
        pdf_s, pdf = _pdf_figures(body, report_title(umea.name, year))
        save_ms = _save_request_ms(f"/kommuner/umea/lagesrapport/{year}/spara/")

    yield "report_build_ms", build_ms, "ms"
    yield "report_page_ms_uncached", cold, "ms"
    yield "report_page_ms_cached", warm, "ms"
    yield "report_page_queries", queries, "queries"
    yield "report_pdf_s", pdf_s, "s"
    yield "report_save_request_ms", save_ms, "ms"
    yield "report_pdf_pages", len(PdfReader(io.BytesIO(pdf)).pages), "pages"
    yield "report_pdf_kb", round(len(pdf) / 1024, 1), "KB"


def _page_figures(get, url: str, render) -> tuple[float, float, float, int, str]:
    """Milliseconds to build and render the report (cold cache), to get its page with an
    empty and a warm cache, the queries of an uncached request, and the rendered body."""
    from django.core.cache import cache

    get(url)  # warm imports and template loaders

    def build():
        cache.clear()
        return render()

    build_ms = _median_ms(build, 5)

    def uncached():
        cache.clear()
        get(url)

    cold = _median_ms(uncached)
    get(url)
    warm = _median_ms(lambda: get(url))
    queries, _answer = uncached_queries(get, url)
    return build_ms, cold, warm, queries, build()


def _pdf_figures(body: str, title: str) -> tuple[float, bytes]:
    """Seconds WeasyPrint takes to make the PDF (median of three, fonts loaded), and it."""
    from dashboards.report.pdf import report_pdf

    report_pdf(body=body, title=title, language="sv")  # load fonts once
    pdf = b""
    samples = []
    for _ in range(3):
        start = time.perf_counter()
        pdf = report_pdf(body=body, title=title, language="sv")
        samples.append(time.perf_counter() - start)
    return round(statistics.median(samples), 2), pdf


def _save_request_ms(url: str) -> float:
    """Median ms of the request that saves a report (as a superuser); its PDF job is
    enqueued, not run (a worker makes it)."""
    from unittest import mock

    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _created = get_user_model().objects.get_or_create(
        username="bench.report", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    client.get(url.removesuffix("spara/"))  # the report as the person saw it (cached)
    with mock.patch("dashboards.report.tasks.progress_report_pdf_task.delay"):

        def save() -> None:
            response = client.post(url, {"note": ""})
            assert response.status_code == 302, response.status_code

        return round(_median_ms(save, 5), 1)
