"""Kolada (RKA): municipal key figures (nyckeltal, "KPI"), from the API or a CSV dump.

API data responses (``/v2/data/kpi/<KPI>/municipality/<id>/year/<y,...>`` and the
same under ``/v3/``) look like::

    {"count": 1,
     "values": [{"kpi": "N00401", "municipality": "2480", "period": 2022,
                 "values": [{"count": 1, "gender": "T", "status": "", "value": 2.41}]}],
     "next_page": "https://api.kolada.se/v2/...&page=2"}

Assumptions, since no saved v3 response was available: v3 keeps this shape; we also
accept ``kpi_id``/``municipality_id``/``year`` as key names, a ``period`` inside the
inner values, and ``next_url``/``next`` for the next page. Records with ``ou`` instead
of ``municipality`` are organisational-unit data and are skipped. Only gender ``T``
(total) is read. A ``null`` value is skipped and reported as a warning.

The CSV dump (open-numbers/ddf--kolada--dump) has one file per KPI,
``ddf--datapoints--<kpi>--by--geo--year.csv`` with header ``geo,year,<kpi>``; region
codes lost their leading zeros there ("01", Riket "0") while municipalities keep four
digits. Regions and Riket are skipped, not reported: we store municipalities only.

Every value becomes an :class:`ObservationRecord` with indicator key
``"kolada:" + KPI id in upper case`` ("kolada:N00401"). ``kolada_api`` reads API
responses, ``kolada_ddf`` the dump, ``kolada_kpis`` the KPIs' metadata; ``parse`` here
reads either.
"""

from __future__ import annotations

from typing import Any

from .base import DEFAULT_MAX_BYTES, ParsedFile
from .files import Source, open_source, peek
from .kolada_api import parse_api_json
from .kolada_ddf import parse_ddf_csv


def parse(fileobj: Source, *, filename: str, **options: Any) -> ParsedFile:
    """A Kolada file of either kind: JSON API response or DDF CSV (told apart by the
    first character)."""
    opened = open_source(fileobj, filename, options.get("max_bytes", DEFAULT_MAX_BYTES))
    try:
        head = peek(opened.stream, 64).lstrip(b"\xef\xbb\xbf \t\r\n")
        parser = parse_api_json if head.startswith((b"{", b"[")) else parse_ddf_csv
        parsed = parser(opened.stream, filename=filename, **options)
    except BaseException:
        opened.close()
        raise
    parsed.closer = opened.close  # the inner parser got a file object it does not own
    return parsed
