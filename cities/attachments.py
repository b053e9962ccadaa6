"""What an attached file is, read from its content (never from its name): the evidence a
city attaches to a value, an action or a follow-up (a decision, a survey report).

Pure: bytes in, a kind or a refusal out. Accepted: PDF, Word (.docx), Excel (.xlsx) and
images (PNG, JPEG, GIF, WebP). Refused: executables and scripts, macro-enabled Office
files (a ``vbaProject.bin`` inside), the old binary Office formats (which carry macros
unseen), PDFs that run JavaScript or launch programs, and anything else.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

#: The largest attachment accepted (20 MB), unless settings say otherwise.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}

_EXECUTABLE_HEADS = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa",
    b"\xca\xfe\xba\xbe",
)
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx) eller en bild (PNG, JPEG, GIF, WebP)"


class AttachmentRefused(ValueError):
    """The file is not accepted; the message says why, in Swedish."""


@dataclass(frozen=True)
class AttachmentKind:
    kind: str  # "pdf", "docx", …
    content_type: str


def attachment_kind(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentKind:
    """The kind of an attachment read from its bytes, or ``AttachmentRefused``."""
    if not data:
        raise AttachmentRefused("Filen är tom.")
    if len(data) > max_bytes:
        raise AttachmentRefused(
            f"Filen är för stor ({len(data) // (1024 * 1024)} MB); högst "
            f"{max_bytes // (1024 * 1024)} MB tas emot."
        )
    if data.startswith(_EXECUTABLE_HEADS):
        raise AttachmentRefused("Program och skript tas inte emot som bilaga.")
    kind = _sniff(data)
    return AttachmentKind(kind, CONTENT_TYPES[kind])


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        if b"/JavaScript" in data or b"/Launch" in data:
            raise AttachmentRefused("PDF-filen innehåller skript; spara den utan skript först.")
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise AttachmentRefused(
            "Äldre Office-filer (.doc, .xls) tas inte emot; spara som .docx, .xlsx eller PDF."
        )
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    raise AttachmentRefused(f"Filtypen tas inte emot; ladda upp {ACCEPTED}.")


def _office(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, KeyError):
        raise AttachmentRefused("Filen är trasig eller inget Office-dokument.") from None
    if any(n.lower().endswith("vbaproject.bin") for n in names) or b"macroEnabled" in types:
        raise AttachmentRefused(
            "Filer med makron tas inte emot; spara som .docx eller .xlsx utan makron."
        )
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise AttachmentRefused(f"Filtypen tas inte emot; ladda upp {ACCEPTED}.")
