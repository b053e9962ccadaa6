"""Fixtures for the import pages and jobs: uploaded files go to a temporary MEDIA_ROOT,
and the Celery tasks queued on commit run at once (eager, as without Redis)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import EmissionRow, ImportJob, Observation, SourceRelease
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def login(client, user):
    assert client.login(username=user.get_username(), password=PASSWORD)
    return client


def upload(client, name: str, content: bytes, *, city="national", format="", follow=True):
    """POST a file to the upload page as a person would; returns the response."""
    return client.post(
        "/import/",
        {"file": SimpleUploadedFile(name, content), "city": str(city), "format": format},
        follow=follow,
    )


def text_of(response) -> str:
    """The page's visible text, whitespace collapsed (for asserting what people read)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").strip()


def last_job() -> ImportJob:
    return ImportJob.objects.order_by("-pk").first()


def nothing_written() -> bool:
    return not (EmissionRow.objects.exists() or Observation.objects.exists()) and not (
        SourceRelease.objects.exists()
    )


@pytest.fixture
def confirm(client, django_capture_on_commit_callbacks):
    """Confirm a previewed job through its page; the queued task runs on commit."""

    def run(job: ImportJob, *, skip_rejected: bool = False):
        data = {"skip_rejected": "1"} if skip_rejected else {}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/import/jobb/{job.pk}/bekrafta/", data)
        assert response.status_code == 302
        return client.get(response["Location"])

    return run


def data_file(data_dir: Path, relative: str) -> tuple[str, bytes]:
    path = data_dir / relative
    return path.name, path.read_bytes()
