"""Matching the city names CDP uses ("City of Stockholm", "Göteborgs Stad", "Gothenburg")
to SCB's municipality codes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from .text import name_key

# --- municipality matching ------------------------------------------------------------

_PREFIXES = ("the city of ", "city of ", "municipality of ", "town of ", "kommune ")
_SUFFIXES = (
    " municipality",
    " municipal council",
    " city council",
    " kommun",
    " stad",
    " city",
)
# English names CDP uses for Swedish municipalities ("Gothenburg" in OpenClimate's copy).
_EXONYMS = {"gothenburg": "göteborg"}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class MunicipalityMatcher:
    """Finds the SCB code of a municipality from the names CDP gives it.

    CDP names the reporting body ("City of Stockholm", "Göteborgs Stad", "Umeå
    municipality", "Falkoping Kommun"): affixes are removed, a genitive "s" dropped
    ("Göteborgs"), diacritics ignored when that leaves one candidate ("Falkoping"), and
    English names translated ("Gothenburg"). Its "City" is sometimes a town, not the
    municipality ("Tumba" for Botkyrka, "Åseda" for Uppvidinge), which is why callers try
    the organisation first.

    ``municipalities`` maps code → name as the other parsers take it (or name → code: the
    direction is recognised from the 4-digit codes).
    """

    def __init__(self, municipalities: Mapping[str, str]):
        pairs = list(municipalities.items())
        if pairs and not re.fullmatch(r"\d{4}", str(pairs[0][0])):
            pairs = [(code, name) for name, code in pairs]
        self.names = {str(code): str(name) for code, name in pairs}
        self._by_key: dict[str, str] = {}
        folded: dict[str, set[str]] = {}
        for code, name in self.names.items():
            key = name_key(name)
            self._by_key[key] = code
            folded.setdefault(_fold(key), set()).add(code)
        # Folding "Håbo" and "Habo" together would be a guess: keep unique ones only.
        self._by_fold = {k: next(iter(v)) for k, v in folded.items() if len(v) == 1}

    def code_for(self, *names: str) -> str | None:
        """The code of the first of ``names`` that is a municipality, or None."""
        for name in names:
            code = self._code(name)
            if code is not None:
                return code
        return None

    def _code(self, raw: str) -> str | None:
        key = name_key(re.sub(r"\([^)]*\)", " ", raw or ""))
        if not key:
            return None
        candidates = [key]
        for prefix in _PREFIXES:
            if key.startswith(prefix):
                candidates.append(key[len(prefix) :])
        for candidate in list(candidates):
            for suffix in _SUFFIXES:
                if candidate.endswith(suffix):
                    candidates.append(candidate[: -len(suffix)])
        candidates += [c[:-1] for c in candidates if c.endswith("s")]  # "göteborgs stad"
        candidates += [_EXONYMS[c] for c in candidates if c in _EXONYMS]
        for candidate in candidates:
            if candidate.strip() in self._by_key:
                return self._by_key[candidate.strip()]
        for candidate in candidates:
            code = self._by_fold.get(_fold(candidate.strip()))
            if code is not None:
                return code
        return None
