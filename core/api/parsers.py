"""The API's JSON body parser: the body's size and nesting depth are checked before the
body is parsed, and a number that is not finite (``NaN``, ``Infinity``, ``1e999``) is
refused, all as 400s in JSON.

The standard library's parser recurses once per nesting level, so a 100 KB ``[[[…]]]``
body would raise ``RecursionError`` (a 500); the depth is therefore counted first, by a
loop over the body's brackets outside strings, which never recurses.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as RestJSONParser

#: Deeper than any body the API takes (an action with costs is 3 levels deep).
MAX_DEPTH = 32

# A JSON string with its escapes (an unterminated one runs to the end, so that no match
# ever fails and the scan stays linear); anything but a bracket.
_STRING = re.compile(r'"(?:[^"\\]+|\\.)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def max_body_bytes() -> int:
    """The largest body the API reads: Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (2.5 MB
    unless set; None there means no limit, which the API does not offer: 2.5 MB then)."""
    limit = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", None)
    return int(limit) if limit else 2_621_440


def nesting_depth(text: str) -> int:
    """How deeply the arrays and objects of a JSON text nest (brackets inside strings
    are not counted). Regular expressions and a running sum, so any depth is measured
    without recursion, in linear time."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[c] for c in brackets), default=0)


def _not_a_number(constant: str) -> float:
    raise ValueError(_("%(value)s är inte ett tal.") % {"value": constant})


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(_("%(value)s är för stort för att vara ett tal.") % {"value": text})
    return value


def too_large_detail() -> str:
    return _("Innehållet är för stort (högst %(size)s byte).") % {"size": max_body_bytes()}


class JSONParser(RestJSONParser):
    """JSON bodies: at most ``max_body_bytes()`` bytes and ``MAX_DEPTH`` levels; NaN,
    infinities and numbers beyond a float's range refused. Each refusal is a
    ``ParseError`` (400, ``{"detail": …}`` in Swedish)."""

    def parse(
        self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        if stream is None:
            return None
        limit = max_body_bytes()
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise ParseError(too_large_detail())
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ParseError(_("Innehållet är inte text i UTF-8.")) from None
        if nesting_depth(text) > MAX_DEPTH:
            raise ParseError(
                _("JSON-innehållet är för djupt nästlat (högst %(depth)s nivåer).")
                % {"depth": MAX_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
        except ValueError as exc:
            detail = _("Innehållet är inte giltig JSON: %(error)s") % {"error": exc}
            raise ParseError(detail) from None
        except RecursionError:  # pragma: no cover - MAX_DEPTH keeps far below the limit
            raise ParseError(_("JSON-innehållet är för djupt nästlat.")) from None
