"""Text helpers: name normalisation and mojibake detection. (Spreadsheet-formula safety is
``core.downloads``: the downloads share it.)"""

from __future__ import annotations

import re
import unicodedata

# Characters that show up when UTF-8 bytes are decoded as Latin-1/Windows-1252:
# "å" (C3 A5) becomes "Ã¥", "é" becomes "Ã©", "–" becomes "â€“".
_MOJIBAKE_HINT = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u2122]"
)
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")


def shorten(value: object, limit: int = 80) -> str:
    """The raw value as text for an error message, cut to ``limit`` characters."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_text(value: object) -> str:
    """A cell as trimmed NFC text with runs of whitespace (incl. non-breaking) collapsed.

    SCB pads names with spaces to 50 characters and some exports mix NFD and NFC forms
    of å/ä/ö; both must compare equal to the reference list.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def name_key(value: object) -> str:
    """Comparison key for names (municipalities, sectors): case-, space-, dash- and
    Unicode-form-insensitive."""
    text = unicodedata.normalize("NFKC", clean_text(value)).translate(_DASHES)
    return text.casefold()


def fold_name(value: object) -> str:
    """Comparison key for a name a person types: like ``name_key``, and also accent- and
    spacing-insensitive ("andel fossilfria  DRIVMEDEL" = "Andel fossilfria drivmedel",
    "Umea" = "Umeå")."""
    decomposed = unicodedata.normalize("NFKD", name_key(value))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.split())


def repair_mojibake(text: str) -> str | None:
    """The intended text if ``text`` is UTF-8 that was decoded as Latin-1/Windows-1252
    ("UmeÃ¥" → "Umeå"), else None.

    A string counts as mojibake only if it contains the tell-tale "Ã", "Â" or "â"
    followed by a continuation character *and* re-encoding it gives valid UTF-8, so
    real Swedish text (which never decodes that way) is never flagged.
    """
    if not _MOJIBAKE_HINT.search(text):
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return None


def mojibake_message(text: str) -> str | None:
    """A Swedish explanation if ``text`` is double-encoded UTF-8, else None."""
    fixed = repair_mojibake(text)
    if fixed is None:
        return None
    return (
        f"'{shorten(text)}' är felkodad text (UTF-8 som lästs som Windows-1252), "
        f"troligen menas '{shorten(fixed)}'; spara filen som UTF-8 och ladda upp den igen"
    )
