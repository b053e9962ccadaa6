"""Saved progress reports: who may save, publish, withdraw and delete them (and that a
refusal writes nothing), who may read them, and that a saved report never changes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cities.history import history_for
from cities.models import ChangeAction, Goal
from cities.services import content_publish, goal_update
from core.cache import bump_generation
from dashboards.report.models import ProgressReport
from dashboards.report.services import progress_report_pdf_make, progress_report_save
from indicators.models import EmissionRow, SourceRelease
from tests.report.conftest import NBSP, words
from tests.report.pdf import pdf_text

SAVE = "/kommuner/umea/lagesrapport/2024/spara/"

pytestmark = pytest.mark.django_db


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.I)
        and "django_session" not in q["sql"]
    ]


def _files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _saved_url(report: ProgressReport, suffix: str = "") -> str:
    return f"/kommuner/umea/lagesrapport/sparade/{report.pk}/{suffix}"


# --- Saving ---------------------------------------------------------------------------------


def test_an_officer_saves_the_report_as_a_draft(
    client, umea_report, umea_officer, report_media, django_capture_on_commit_callbacks
):
    client.force_login(umea_officer)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF job, run here
        response = client.post(SAVE, {"note": "Till kommunstyrelsen i mars"})
    report = ProgressReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _saved_url(report)
    assert (report.year, report.is_published, report.created_by) == (2024, False, umea_officer)
    assert report.title == "Lägesrapport 2024 – Umeå"
    assert report.content.data["year"] == 2024
    pdf = report.content.pdf.read()
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    record = history_for(report).get()
    assert (record.action, record.user) == (ChangeAction.CREATE, umea_officer)

    page = words(client.get(_saved_url(report)).content)
    assert "Sparad rapport, utkast" in page
    assert "Anteckning: Till kommunstyrelsen i mars" in page
    assert "Rapporten är sparad som utkast." in page


def test_a_saved_report_keeps_the_address_it_was_saved_at(
    client, umea_report, umea_officer, report_media, settings
):
    settings.ALLOWED_HOSTS = ["klimat.example.se"]
    client.force_login(umea_officer)
    client.post(SAVE, {"note": ""}, HTTP_HOST="klimat.example.se", secure=True)
    content = ProgressReport.objects.get().content
    assert "https://klimat.example.se/kommuner/umea/lagesrapport/2024/" in content.html
    assert content.data["urls"]["city"] == "https://klimat.example.se/kommuner/umea/"
    assert "127.0.0.1" not in content.html


def test_an_administrator_saves_and_publishes_at_once(
    client, umea_report, umea_admin, report_media, django_capture_on_commit_callbacks
):
    client.force_login(umea_admin)
    with django_capture_on_commit_callbacks(execute=True):  # the PDF job, run here
        client.post(SAVE, {"publish": "on"})
    report = ProgressReport.objects.get()
    assert report.is_published
    assert [r.action for r in history_for(report)] == [ChangeAction.PUBLISH, ChangeAction.CREATE]
    client.logout()
    assert "Sparad och publicerad rapport." in words(client.get(_saved_url(report)).content)
    download = client.get(_saved_url(report, "pdf/"))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("actor", "data", "expected"),
    [
        ("anonymous", {}, 302),
        ("malmo_officer", {}, 403),
        ("staff_user", {}, 403),  # programme staff read every report but edit no city's
        ("umea_officer", {"publish": "on"}, 403),  # officers save drafts only
    ],
)
def test_saving_is_refused_to_others_and_nothing_is_written(
    request, client, umea_report, report_media, actor, data, expected
):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(SAVE, data)
    assert response.status_code == expected
    if actor == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    assert not _writes(queries)
    assert not ProgressReport.objects.exists()
    assert not _files(report_media)


def test_a_too_long_note_is_refused_with_a_message_naming_the_field(
    client, umea_report, umea_officer, report_media
):
    client.force_login(umea_officer)
    response = client.post(SAVE, {"note": "x" * 301}, follow=True)
    assert "Anteckning (frivillig):" in words(response.content)
    assert not ProgressReport.objects.exists()


# --- Publishing, withdrawing, deleting ----------------------------------------------------


@pytest.fixture
def quick_pdf(monkeypatch):
    """A one-page blank PDF instead of the report's, for tests about who may do what
    (WeasyPrint takes a second or two per report; the PDF's content is tested in
    ``test_report_pdf`` and in the snapshot test below)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    monkeypatch.setattr("dashboards.report.services.report_pdf", lambda **kwargs: out.getvalue())


@pytest.fixture
def draft_report(umea_report, umea_officer, report_media, quick_pdf):
    return _saved_with_pdf(progress_report_save(city=umea_report, year=2024, by=umea_officer))


@pytest.fixture
def published_report(umea_report, umea_admin, report_media, quick_pdf):
    return _saved_with_pdf(
        progress_report_save(city=umea_report, year=2024, by=umea_admin, publish=True)
    )


def _saved_with_pdf(report: ProgressReport) -> ProgressReport:
    """The report once its PDF job has run (after the save's commit, by a worker)."""
    assert progress_report_pdf_make(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_an_administrator_publishes_a_draft_report(client, draft_report, umea_admin):
    client.force_login(umea_admin)
    response = client.post(_saved_url(draft_report, "publicera/"), {"version": 1}, follow=True)
    assert "Rapporten är publicerad." in words(response.content)
    draft_report.refresh_from_db()
    assert draft_report.is_published


@pytest.mark.parametrize("route", ["publicera/", "avpublicera/"])
@pytest.mark.parametrize(
    ("actor", "expected"),
    [("anonymous", 302), ("malmo_officer", 403), ("umea_officer", 403), ("staff_user", 403)],
)
def test_publishing_and_withdrawing_are_refused_to_all_but_administrators(
    request, client, route, actor, expected
):
    report = request.getfixturevalue(
        "draft_report" if route == "publicera/" else "published_report"
    )
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_saved_url(report, route), {"version": report.version})
    assert response.status_code == expected
    assert not _writes(queries)
    before = report.is_published
    report.refresh_from_db()
    assert report.is_published == before


def test_an_administrator_withdraws_a_published_report(client, published_report, umea_admin):
    client.force_login(umea_admin)
    client.post(_saved_url(published_report, "avpublicera/"), {"version": published_report.version})
    published_report.refresh_from_db()
    assert not published_report.is_published
    client.logout()
    assert client.get(_saved_url(published_report)).status_code == 404


def test_a_stale_publish_is_refused_and_says_so(client, draft_report, umea_admin):
    client.force_login(umea_admin)
    response = client.post(_saved_url(draft_report, "publicera/"), {"version": 7}, follow=True)
    assert "ändrat detta efter att du öppnade det" in words(response.content)
    draft_report.refresh_from_db()
    assert not draft_report.is_published


def test_an_officer_deletes_a_draft_report(client, draft_report, umea_officer):
    client.force_login(umea_officer)
    client.post(_saved_url(draft_report, "ta-bort/"), {"version": draft_report.version})
    draft_report.refresh_from_db()
    assert draft_report.deleted_at is not None
    assert client.get(_saved_url(draft_report)).status_code == 404
    assert "Inga sparade rapporter ännu." in words(
        client.get("/kommuner/umea/lagesrapport/").content
    )


def test_a_published_report_is_withdrawn_before_it_can_be_deleted(
    client, published_report, umea_admin
):
    client.force_login(umea_admin)
    response = client.post(
        _saved_url(published_report, "ta-bort/"), {"version": published_report.version}, follow=True
    )
    assert "En administratör behöver dra tillbaka den först." in words(response.content)
    published_report.refresh_from_db()
    assert published_report.deleted_at is None


@pytest.mark.parametrize(
    ("actor", "expected"), [("anonymous", 302), ("malmo_officer", 403), ("staff_user", 403)]
)
def test_deleting_is_refused_to_others_and_nothing_is_written(
    request, client, draft_report, actor, expected
):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_saved_url(draft_report, "ta-bort/"), {"version": 1})
    assert response.status_code == expected
    assert not _writes(queries)
    draft_report.refresh_from_db()
    assert draft_report.deleted_at is None


# --- Reading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "expected"),
    [
        ("anonymous", 404),
        ("malmo_officer", 404),
        ("umea_officer", 200),
        ("umea_admin", 200),
        ("staff_user", 200),  # programme staff read every city's drafts
    ],
)
def test_a_draft_report_is_read_only_by_the_citys_people_and_staff(
    request, client, draft_report, actor, expected
):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    assert client.get(_saved_url(draft_report)).status_code == expected
    assert client.get(_saved_url(draft_report, "pdf/")).status_code == expected


def test_the_index_lists_published_reports_for_everyone_and_drafts_for_the_city(
    client, draft_report, published_report, umea_officer
):
    public = client.get("/kommuner/umea/lagesrapport/").content.decode()
    assert _saved_url(published_report, "pdf/") in public
    assert _saved_url(draft_report) not in public
    client.force_login(umea_officer)
    own = client.get("/kommuner/umea/lagesrapport/").content.decode()
    assert _saved_url(draft_report, "pdf/") in own
    assert "Utkast" in own


# --- A saved report never changes ----------------------------------------------------------


def test_a_saved_report_and_its_pdf_keep_the_numbers_of_the_day_it_was_saved(
    client, umea_report, umea_admin, report_media
):
    published_report = _saved_with_pdf(
        progress_report_save(city=umea_report, year=2024, by=umea_admin, publish=True)
    )
    stored_pdf = published_report.content.pdf.read()
    # Later data: SMHI's value for transport in 2024 is revised and the goal reworded.
    release = SourceRelease.objects.filter(substance="GGT").first()
    EmissionRow.objects.filter(
        release=release, city__code="2480", year=2024, sector="Transporter", subsector="Alla"
    ).update(tonnes=200_000.0)
    bump_generation()
    goal = Goal.objects.get(title__startswith="Umeå ska vara klimatneutralt 2040")
    goal_update(goal=goal, by=umea_admin, expected_version=goal.version, title="Nytt ordval 2040")
    goal.refresh_from_db()
    content_publish(item=goal, by=umea_admin, expected_version=goal.version)

    live = words(client.get("/kommuner/umea/lagesrapport/2024/").content)
    assert f"400{NBSP}660 t CO2e" in live  # 365 009.52 − 164 349.08 + 200 000
    assert "Nytt ordval 2040" in live

    saved = words(client.get(_saved_url(published_report)).content)
    assert f"365{NBSP}010 t CO2e" in saved
    assert f"400{NBSP}660" not in saved
    assert "Umeå ska vara klimatneutralt 2040" in saved
    assert "Nytt ordval 2040" not in saved

    download = b"".join(client.get(_saved_url(published_report, "pdf/")).streaming_content)
    assert download == stored_pdf
    _, text = pdf_text(download)
    assert "365 010" in text
    assert "400 660" not in text
    assert "Nytt ordval 2040" not in text

    _, live_pdf = pdf_text(client.get("/kommuner/umea/lagesrapport/2024/pdf/").content)
    assert "400 660" in live_pdf
