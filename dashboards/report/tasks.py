"""Celery task of the progress report: make a saved report's PDF."""

from __future__ import annotations

from celery import shared_task

from dashboards.report.services import progress_report_pdf_make


@shared_task(name="dashboards.progress_report_pdf", acks_late=True)
def progress_report_pdf_task(report_id: int) -> bool:
    """Make the PDF of the saved report ``report_id`` (idempotent; see the service)."""
    return progress_report_pdf_make(report_id=report_id)
