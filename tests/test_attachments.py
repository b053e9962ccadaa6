"""Evidence: files attached to a value, an action or a follow-up; type checked by content
(executables, macros and scripts refused), kept in the media storage, recorded in the
item's history, listed on the public page once the item is published."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cities.attachments import AttachmentRefused, attachment_kind
from cities.history import history_for
from cities.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def office(main: str, *, macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<x/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return buffer.getvalue()


def words(response) -> str:
    plain = re.sub(r"<[^>]+>", " ", response.content.decode()).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the check by content -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (PNG, "png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 16, "jpeg"),
        (office("word/document.xml"), "docx"),
        (office("xl/workbook.xml"), "xlsx"),
    ],
)
def test_accepted_kinds_are_read_from_the_content(data, kind):
    assert attachment_kind(data).kind == kind


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"MZ\x90\x00" + b"\x00" * 60, "Program"),
        (b"\x7fELF\x02\x01", "Program"),
        (b"#!/bin/sh\nrm -rf /\n", "Program"),
        (office("word/document.xml", macro=True), "makron"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "Äldre Office-filer"),
        (b"%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "skript"),
        (b"just some text", "Filtypen tas inte emot"),
        (b"", "tom"),
    ],
)
def test_executables_macros_scripts_and_the_unknown_are_refused(data, why):
    with pytest.raises(AttachmentRefused, match=why):
        attachment_kind(data)


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(AttachmentRefused, match="för stor"):
        attachment_kind(PDF + b"0" * 2048, max_bytes=1024)


# --- the pages ----------------------------------------------------------------------------


def attach(client, action, name, data):
    url = reverse("workspace:attachment-create", args=["umea", "atgarder", action.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_an_officer_attaches_a_decision_to_an_action_and_the_public_sees_it_once_published(
    client, umea, umea_officer, action_factory
):
    action = action_factory(city=umea, title="Cykelstråk", published=True)
    client.force_login(umea_officer)
    page = words(attach(client, action, "beslut.pdf", PDF))
    assert "beslut.pdf är bifogad." in page
    attachment = Attachment.objects.get()
    assert attachment.kind == "pdf" and attachment.size == len(PDF)
    assert attachment.file.read() == PDF  # in the media storage
    assert history_for(action).first().comment == "Bilaga tillagd: beslut.pdf"
    assert "Bilaga tillagd: beslut.pdf" in page  # the item's history shows it

    client.logout()
    public = client.get(reverse("portfolio:action", args=["umea", action.pk]))
    assert "Underlag" in words(public) and "beslut.pdf" in words(public)
    download = client.get(reverse("city:attachment", args=["umea", attachment.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF


def test_an_attachment_of_a_draft_stays_with_the_citys_people(
    client, umea, umea_officer, action_factory
):
    action = action_factory(city=umea, title="Utkast")
    client.force_login(umea_officer)
    attach(client, action, "enkat.png", PNG)
    attachment = Attachment.objects.get()
    assert client.get(reverse("city:attachment", args=["umea", attachment.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("city:attachment", args=["umea", attachment.pk])).status_code == 403


def test_a_macro_file_is_refused_and_nothing_is_kept(client, umea, umea_officer, action_factory):
    action = action_factory(city=umea, published=True)
    client.force_login(umea_officer)
    page = words(attach(client, action, "rapport.docx", office("word/document.xml", macro=True)))
    assert "Filen bifogades inte: Filer med makron tas inte emot" in page
    assert not Attachment.objects.exists()


def test_another_citys_officer_cannot_attach_or_remove(
    client, umea, umea_officer, malmo_officer, action_factory
):
    action = action_factory(city=umea, published=True)
    client.force_login(malmo_officer)
    assert attach(client, action, "x.pdf", PDF).status_code == 403
    client.force_login(umea_officer)
    attach(client, action, "beslut.pdf", PDF)
    attachment = Attachment.objects.get()
    client.force_login(malmo_officer)
    remove = reverse("workspace:attachment-delete", args=["umea", attachment.pk])
    assert client.post(remove).status_code == 403
    client.force_login(umea_officer)
    client.post(remove)
    attachment.refresh_from_db()
    assert attachment.deleted_at is not None
    assert history_for(action).first().comment == "Bilaga borttagen: beslut.pdf"
