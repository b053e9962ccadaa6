"""A saved report's PDF is made by a Celery job after the save commits: saving never
waits for the PDF's layout, the saved report's page shows how far the job is (a static
script polls a small JSON status), and once made the PDF is served from storage."""

from __future__ import annotations

import time

import pytest

import dashboards.report.services as report_services
from dashboards.report.models import PdfStatus, ProgressReport
from dashboards.report.services import progress_report_pdf_make
from tests.report.conftest import words

SAVE = "/kommuner/umea/lagesrapport/2024/spara/"

pytestmark = pytest.mark.django_db


def _url(report: ProgressReport, suffix: str = "") -> str:
    return f"/kommuner/umea/lagesrapport/sparade/{report.pk}/{suffix}"


@pytest.fixture
def queued(monkeypatch):
    """The job's queue: what was enqueued, not run. Laying out a PDF in the request would
    fail the test."""
    enqueued: list[int] = []
    monkeypatch.setattr(
        "dashboards.report.tasks.progress_report_pdf_task.delay", lambda pk: enqueued.append(pk)
    )

    def refuse(**_kwargs):
        raise AssertionError("the PDF was made in the request")

    monkeypatch.setattr(report_services, "report_pdf", refuse)
    return enqueued


@pytest.fixture
def blank_pdf(monkeypatch):
    monkeypatch.setattr(report_services, "report_pdf", lambda **_kwargs: b"%PDF-1.4 test\n%%EOF")


def test_saving_returns_at_once_and_enqueues_the_pdf_job(
    client, umea_report, umea_officer, report_media, queued, django_capture_on_commit_callbacks
):
    client.force_login(umea_officer)
    client.get("/kommuner/umea/lagesrapport/2024/")  # the report itself, as the officer saw it
    started = time.perf_counter()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SAVE, {"note": ""})
    elapsed = time.perf_counter() - started
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert queued == [report.pk]  # enqueued once, after the commit
    assert report.content.pdf_status == PdfStatus.QUEUED
    assert not report.content.pdf
    assert elapsed < 5  # no PDF layout (10–20 s) in the request

    page = client.get(_url(report)).content.decode()
    assert f'data-status-url="{_url(report, "pdf/status/")}"' in page
    assert "/static/js/report-pdf.js" in page
    assert "PDF-filen görs" in words(page.encode())
    status = client.get(_url(report, "pdf/status/")).json()
    assert (status["status"], status["ready"], status["label"]) == ("queued", False, "i kö")


def test_the_pdf_is_served_from_storage_once_made(
    client, umea_report, umea_officer, report_media, blank_pdf, django_capture_on_commit_callbacks
):
    client.force_login(umea_officer)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(SAVE, {"note": ""})
    report = ProgressReport.objects.get()
    early = client.get(_url(report, "pdf/"), follow=True)
    assert "PDF-filen är inte klar än." in words(early.content)

    assert progress_report_pdf_make(report_id=report.pk)  # the worker's job
    assert not progress_report_pdf_make(report_id=report.pk)  # a second delivery: nothing
    report.refresh_from_db()
    assert report.content.pdf_status == PdfStatus.READY
    assert report.pdf_bytes == len(b"%PDF-1.4 test\n%%EOF")
    download = client.get(_url(report, "pdf/"))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test\n%%EOF"
    assert client.get(_url(report, "pdf/status/")).json()["ready"] is True
    page = client.get(_url(report)).content.decode()
    assert "report-pdf.js" not in page and "data-status-url" not in page


def test_a_failed_job_says_so(client, umea_report, umea_officer, report_media, monkeypatch, queued):
    client.force_login(umea_officer)
    client.post(SAVE, {"note": ""})
    report = ProgressReport.objects.get()
    with pytest.raises(AssertionError):
        progress_report_pdf_make(report_id=report.pk)  # report_pdf refuses (see ``queued``)
    status = client.get(_url(report, "pdf/status/")).json()
    assert (status["failed"], status["ready"]) == (True, False)
    assert "PDF-filen kunde inte göras." in words(client.get(_url(report)).content)


def test_another_citys_officer_gets_no_status_of_a_draft(
    client, umea_report, umea_officer, malmo_officer, report_media, queued
):
    client.force_login(umea_officer)
    client.post(SAVE, {"note": ""})
    report = ProgressReport.objects.get()
    client.force_login(malmo_officer)
    assert client.get(_url(report, "pdf/status/")).status_code == 404
    client.logout()
    assert client.get(_url(report, "pdf/status/")).status_code == 404
