"""Reading a PDF in tests: its page count and its text (pypdf)."""

from __future__ import annotations

import io
import re


def pdf_text(data: bytes) -> tuple[int, str]:
    """(page count, the text of every page) with no-break spaces as spaces and
    spacing normalised, so "365 010" matches however the PDF spaces it."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return len(reader.pages), re.sub(r"\s+", " ", text)
