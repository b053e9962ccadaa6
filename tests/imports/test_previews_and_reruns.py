"""Abandoned previews expire after a day; "Kör om importen" is offered only where reading
the file again can succeed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from indicators.import_jobs import import_previews_expire
from indicators.models import ImportJob, ImportJobStatus

from .conftest import last_job, login, text_of, upload

TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


@pytest.fixture
def trips(municipalities):
    from indicators.demo import shared_indicators_load

    return shared_indicators_load()["sustainable_trips_share"]


def test_a_preview_left_for_a_day_expires_and_can_be_run_again(client, umea_officer, umea, trips):
    login(client, umea_officer)
    upload(
        client,
        "resor.csv",
        (TEMPLATE + "2480;sustainable_trips_share;2023;61\r\n").encode(),
        city=umea.pk,
    )
    job = last_job()
    assert import_previews_expire(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert import_previews_expire(now=timezone.now() + dt.timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert job.status == ImportJobStatus.EXPIRED
    page = text_of(client.get(f"/import/jobb/{job.pk}/"))
    assert "Förhandsgranskningen gick ut efter ett dygn" in page
    assert "Kör om importen" in page and "Bekräfta" not in page
    client.post(f"/import/jobb/{job.pk}/kor-igen/")
    assert last_job().rerun_of == job and last_job().status == ImportJobStatus.PREVIEW


def test_a_file_that_cannot_be_read_is_not_offered_a_rerun(client, umea_officer, umea):
    login(client, umea_officer)
    upload(client, "okand.csv", b"helt;annat\r\n1;2\r\n", city=umea.pk)
    job = last_job()
    assert job.status == ImportJobStatus.FAILED
    assert "Kör om importen" not in text_of(client.get(f"/import/jobb/{job.pk}/"))
    client.post(f"/import/jobb/{job.pk}/kor-igen/")
    assert ImportJob.objects.count() == 1
