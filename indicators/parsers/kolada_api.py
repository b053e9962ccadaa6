"""Kolada (RKA) API responses: municipal key figures (nyckeltal, "KPI").

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

Every value becomes an :class:`ObservationRecord` with indicator key
``"kolada:" + KPI id in upper case`` ("kolada:N00401").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Unpack

from .base import ObservationRecord, ParsedFile, ParseOptions, Record, ReleaseInfo, RowError
from .files import Source, fail, load_json, open_source, warning
from .kolada_kpis import FIRST_YEAR, KPI_ID, PUBLISHER, SOURCE, indicator_key
from .numbers import not_a_number, parse_number, year_or_none
from .text import shorten
from .validation import DuplicateTracker, FileChecks, MunicipalityIndex, duplicate_row, max_bytes

MAX_PAGES = 10_000  # a guard against a next_page loop in a broken response


def iter_pages(
    first_page_json: Mapping[str, Any],
    fetch: Callable[[str], Mapping[str, Any]],
    *,
    max_pages: int = MAX_PAGES,
) -> Iterator[Mapping[str, Any]]:
    """Every page of a paginated Kolada response, starting with ``first_page_json``.

    ``fetch(url)`` returns the decoded JSON of ``url`` (the caller owns HTTP, retries and
    timeouts; tests inject a dict look-up). Pages are fetched lazily, one at a time.
    Stops at a page without a next link, on a link already followed (a loop), or after
    ``max_pages``.
    """
    page: Mapping[str, Any] | None = first_page_json
    followed: set[str] = set()
    count = 0
    while page is not None:
        yield page
        count += 1
        url = next_page_url(page)
        if not url or url in followed or count >= max_pages:
            return
        followed.add(url)
        page = fetch(url)


def next_page_url(page: Mapping[str, Any]) -> str | None:
    """The next-page link of a response page (v2 ``next_page``; v3 and v1 variants)."""
    for key in ("next_page", "next_url", "next"):
        value = page.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def parse_api_json(
    fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]
) -> ParsedFile:
    """A saved Kolada API data response (format id ``kolada_api_json``). Only this page
    is read; a ``next_page`` link is reported as a warning (use :func:`iter_pages` with
    :func:`parse_api_pages` to follow it)."""
    opened = open_source(fileobj, filename, max_bytes(options))
    try:
        page = load_json(opened.stream, filename)
    finally:
        opened.close()
    _check_page(page, filename, 1)
    parsed = parse_api_pages([page], filename=filename, **options)
    years = [
        year
        for item in page["values"]
        if isinstance(item, dict)
        for year in [year_or_none(item.get("period", item.get("year")))]
        if year is not None
    ]
    parsed.release = ReleaseInfo(
        source=SOURCE,
        name=_release_name(page),
        released_on=None,
        covers_to=max(years) if years else None,
        publisher=PUBLISHER,
    )
    parsed.total_rows = len(page["values"])
    parsed.format = "kolada_api_json"
    inner = parsed.row_source
    url = next_page_url(page)

    def rows() -> Iterator[Record]:
        if url:
            yield warning(
                filename,
                "Svaret har fler sidor (next_page); bara den här sidan läses. Hämta alla "
                "sidor för att få med allt.",
                value=url,
            )
        yield from inner()

    parsed.row_source = rows
    return parsed


def parse_api_pages(
    pages: Iterable[Mapping[str, Any]],
    *,
    filename: str = "Kolada API",
    **options: Unpack[ParseOptions],
) -> ParsedFile:
    """Records from Kolada API response pages, e.g. ``iter_pages(first, fetch)``.

    Pages are consumed lazily while ``rows()`` is iterated (so only one page is in
    memory at a time, and ``rows()`` can be iterated once when ``pages`` is a
    generator). ``row`` numbers count value entries across all pages.
    """
    checks = FileChecks.of(options, FIRST_YEAR)

    def rows() -> Iterator[Record]:
        seen = DuplicateTracker()
        number = 0
        for page_number, page in enumerate(pages, start=1):
            _check_page(page, filename, page_number)
            for item in page["values"]:
                number += 1
                yield from _api_item(item, number, page_number, filename, checks, seen)

    return ParsedFile(
        format="kolada_api_json",
        kind="observations",
        release=ReleaseInfo(SOURCE, "Kolada API", None, None, PUBLISHER),
        total_rows=None,
        row_source=rows,
    )


def _release_name(page: Mapping[str, Any]) -> str:
    kpis = sorted(
        {
            str(item.get("kpi") or item.get("kpi_id")).upper()
            for item in page.get("values", [])
            if isinstance(item, dict) and (item.get("kpi") or item.get("kpi_id"))
        }
    )
    shown = ", ".join(kpis[:5]) + (" m.fl." if len(kpis) > 5 else "")
    return f"Kolada API ({shown})" if kpis else "Kolada API"


def _check_page(page: Any, filename: str, page_number: int) -> None:
    if not isinstance(page, Mapping) or not isinstance(page.get("values"), list):
        raise fail(
            filename,
            f"Sida {page_number} är inget Kolada-datasvar; förväntade "
            '{"count": n, "values": [{"kpi", "municipality", "period", "values": [...]}]}.',
        )


def _api_item(
    item: Any,
    number: int,
    page_number: int,
    filename: str,
    checks: FileChecks,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    """The values of one entry of a response page (one KPI and municipality)."""
    where = f"sida {page_number}, post {number}"
    found = _item_key(item, number, where, filename, checks.index)
    if isinstance(found, RowError):
        yield found
    if not isinstance(found, tuple):
        return
    kpi, code = found
    entries = item.get("values")
    if not isinstance(entries, list):
        yield RowError(
            filename, number, "values", f"'values' saknas eller är ingen lista ({where})."
        )
        return
    for entry in entries:
        if not isinstance(entry, Mapping):
            yield RowError(filename, number, "values", f"Ett värde är inget objekt ({where}).")
            continue
        if entry.get("gender", "T") != "T":
            continue  # women/men split; we keep the total
        raw_period = entry.get("period", item.get("period", item.get("year")))
        year = year_or_none(raw_period)
        if year is None:
            message = f"'{shorten(raw_period)}' är inget årtal ({where})."
            yield RowError(filename, number, "period", message, shorten(raw_period))
            continue
        yield from _value(filename, number, code, kpi, year, entry, where, checks, seen)


def _item_key(
    item: Any, number: int, where: str, filename: str, index: MunicipalityIndex
) -> tuple[str, str] | RowError | None:
    """The entry's KPI (upper case) and municipality code; the error saying why it has
    none; None for data we do not store (organisational units, regions, Riket)."""
    if not isinstance(item, Mapping):
        return RowError(filename, number, None, f"Posten ({where}) är inget objekt.")
    if "ou" in item and "municipality" not in item:
        return None  # organisational-unit data (a school, a care home): not a municipality
    kpi = item.get("kpi", item.get("kpi_id"))
    if not isinstance(kpi, str) or not KPI_ID.fullmatch(kpi.strip()):
        message = f"'{shorten(kpi)}' är inget Kolada-nyckeltal ({where}); förväntade t.ex. N00401."
        return RowError(filename, number, "kpi", message, shorten(kpi))
    raw_code = item.get("municipality", item.get("municipality_id"))
    code = index.normalise_code(raw_code)
    if code is None:
        message = f"'{shorten(raw_code)}' är ingen kommunkod ({where})."
        return RowError(filename, number, "municipality", message, shorten(raw_code))
    if code.startswith("00"):
        return None  # a region (0001-0025) or Riket (0000): we store municipalities only
    problem = index.code_problem(code)
    if problem:
        return RowError(filename, number, "municipality", f"{problem} ({where}).", code)
    return kpi.strip().upper(), code


def _value(
    filename: str,
    number: int,
    code: str,
    kpi: str,
    year: int,
    entry: Mapping[str, Any],
    where: str,
    checks: FileChecks,
    seen: DuplicateTracker,
) -> Iterator[Record]:
    """One year's value of an entry, or why it is not read."""
    label = f"{kpi}, {checks.index.name_of(code)} {year}"
    problem = checks.years.problem(year)
    if problem:
        yield RowError(filename, number, "period", f"{label}: {problem}.", str(year))
        return
    raw = entry.get("value")
    if raw is None:
        yield warning(
            filename,
            f"Värde saknas för {label} (Kolada anger null); värdet hoppas över.",
            row=number,
            column="value",
        )
        return
    try:
        value = parse_number(raw)
    except ValueError:
        yield RowError(filename, number, "value", f"{label}: {not_a_number(raw)}", shorten(raw))
        return
    duplicate = seen.check((kpi, code, year), value, number)
    if duplicate is not None:
        yield duplicate_row(
            filename,
            number,
            duplicate,
            label=label,
            each="varje kommun och år",
            column="value",
            note_column="value",
        )
        return
    status, note = _status(entry.get("status"))
    yield ObservationRecord(
        municipality_code=code,
        indicator_key=indicator_key(kpi),
        year=year,
        value=value,
        status=status,
        source=PUBLISHER,
        note=note,
        row=number,
    )


def _status(raw: object) -> tuple[str, str]:
    """Our status for Kolada's free-text status ("" when the value is ordinary)."""
    text = str(raw or "").strip()
    if not text:
        return "final", ""
    lowered = text.casefold()
    if "prel" in lowered:
        return "preliminary", f"Kolada-status: {text}"
    if any(word in lowered for word in ("beräkn", "uppskatt", "estim")):
        return "estimate", f"Kolada-status: {text}"
    return "final", f"Kolada-status: {text}"
