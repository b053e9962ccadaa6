"""Kolada (RKA): municipal key figures (nyckeltal, "KPI"), from the API or a CSV dump.

``kolada_api`` reads API data responses (v2 and v3), ``kolada_ddf`` the CSV dump
(open-numbers/ddf--kolada--dump), ``kolada_kpis`` the KPIs' metadata; ``parse`` here
reads either, told apart by the first character. Every value becomes an
:class:`ObservationRecord` with indicator key ``"kolada:" + KPI id`` ("kolada:N00401").
"""

from __future__ import annotations

from typing import Unpack

from .base import ParsedFile, ParseOptions
from .files import Source, open_source, peek
from .kolada_api import parse_api_json
from .kolada_ddf import parse_ddf_csv
from .validation import max_bytes


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """A Kolada file of either kind: JSON API response or DDF CSV (told apart by the
    first character)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    try:
        head = peek(opened.stream, 64).lstrip(b"\xef\xbb\xbf \t\r\n")
        parser = parse_api_json if head.startswith((b"{", b"[")) else parse_ddf_csv
        parsed = parser(opened.stream, filename=filename, **options)
    except BaseException:
        opened.close()
        raise
    parsed.closer = opened.close  # the inner parser got a file object it does not own
    return parsed
