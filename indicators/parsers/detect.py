"""Which format is this file? Detection from content (first bytes, sheet names, header
words), with the file name only as a last hint, and dispatch to the right parser."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Unpack

from . import cdp, consumption, klimatkollen, kolada_api, kolada_ddf, ned, scb, template
from .base import DEFAULT_MAX_BYTES, ParsedFile, ParseOptions
from .cdp_columns import format_for_header as cdp_format
from .cdp_records import FORMAT_INVENTORIES, FORMAT_TARGETS, KIND_INVENTORIES, KIND_TARGETS
from .files import OpenedFile, Source, fail, is_ole, is_zip, open_source, parsed_owning, peek
from .text import name_key
from .validation import max_bytes
from .workbooks import check_zip, open_xls


@dataclass(frozen=True)
class FormatInfo:
    """A file format we can import."""

    id: str
    label: str  # Swedish, for the upload form and messages
    kind: str  # "emissions" | "observations" | "municipalities" | "cdp_targets" | ...
    parse: Callable[..., ParsedFile]
    extensions: tuple[str, ...]


FORMATS: dict[str, FormatInfo] = {
    info.id: info
    for info in (
        FormatInfo(
            "ned_csv",
            "SMHI Nationella emissionsdatabasen, Länsrapport (CSV)",
            "emissions",
            ned.parse,
            (".csv",),
        ),
        FormatInfo(
            "ned_xlsx",
            "SMHI Nationella emissionsdatabasen, Länsrapport (Excel)",
            "emissions",
            ned.parse,
            (".xlsx",),
        ),
        FormatInfo(
            "klimatkollen_json",
            "SMHI:s utsläpp per sektor via Klimatkollen (JSON)",
            "emissions",
            klimatkollen.parse,
            (".json",),
        ),
        FormatInfo(
            "scb_municipalities",
            "SCB Län och kommuner (kommunlista)",
            "municipalities",
            scb.parse_municipality_list,
            (".xls", ".xlsx"),
        ),
        FormatInfo(
            "scb_population_series",
            "SCB Folkmängd per kommun, tidsserie (Excel)",
            "observations",
            scb.parse_population_series,
            (".xlsx",),
        ),
        FormatInfo(
            "scb_population_year",
            "SCB Folkmängd per kommun, ett år (BE0101, Excel)",
            "observations",
            scb.parse_population_year,
            (".xlsx",),
        ),
        FormatInfo(
            "kolada_api_json",
            "Kolada API-svar (JSON)",
            "observations",
            kolada_api.parse_api_json,
            (".json",),
        ),
        FormatInfo(
            "kolada_ddf_csv",
            "Kolada datadump (CSV, geo,year,nyckeltal)",
            "observations",
            kolada_ddf.parse_ddf_csv,
            (".csv",),
        ),
        FormatInfo(
            "sei_county_json",
            "SEI Konsumtionskompassen per län (JSON)",
            "observations",
            consumption.parse_county_json,
            (".json",),
        ),
        FormatInfo(
            "sei_xlsx",
            "SEI Konsumtionsbaserade utsläpp per kommun (Excel)",
            "observations",
            consumption.parse_xlsx,
            (".xlsx",),
        ),
        FormatInfo(
            FORMAT_TARGETS,
            "CDP-ICLEI, städernas rapporterade utsläppsmål (CSV)",
            KIND_TARGETS,
            lambda f, *, filename, **o: _cdp(f, filename, KIND_TARGETS, o),
            (".csv",),
        ),
        FormatInfo(
            FORMAT_INVENTORIES,
            "CDP-ICLEI, städernas rapporterade utsläppsinventeringar (CSV)",
            KIND_INVENTORIES,
            lambda f, *, filename, **o: _cdp(f, filename, KIND_INVENTORIES, o),
            (".csv",),
        ),
        FormatInfo(
            "template_csv",
            "Indikatormall (CSV)",
            "observations",
            template.parse,
            (".csv", ".txt"),
        ),
        FormatInfo(
            "template_xlsx",
            "Indikatormall (Excel)",
            "observations",
            template.parse,
            (".xlsx",),
        ),
    )
}


def _cdp(fileobj: Source, filename: str, kind: str, options: dict[str, Any]) -> ParsedFile:
    """CDP's parser takes the options it uses only; ``parse_any`` passes every format's."""
    return cdp.parse(
        fileobj,
        filename=filename,
        kind=kind,
        municipalities=options.get("municipalities"),
        max_bytes=options.get("max_bytes", DEFAULT_MAX_BYTES),
    )


_SAMPLE = 256 * 1024  # how much of a workbook's XML to look at


def detect_format(fileobj: Source, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The format id of ``fileobj`` (a key of :data:`FORMATS`), or ParseError saying
    which formats are supported. The file object is left at its start."""
    opened = open_source(fileobj, filename, max_bytes)
    try:
        return _detect(opened, filename)
    finally:
        opened.close()


def parse_any(
    fileobj: Source,
    *,
    filename: str,
    format: str | None = None,  # shadows the builtin, but it is the agreed public name
    **options: Unpack[ParseOptions],
) -> ParsedFile:
    """Detect (unless ``format`` is given) and parse ``fileobj``.

    ``options`` go to the format's parser (``municipalities``, ``max_bytes``,
    ``current_year``, ``min_year``, ``year`` for SEI files, ``indicator_keys`` for the
    template); each parser reads the ones it uses, so callers can pass one set for every
    format.
    """
    opened = open_source(fileobj, filename, max_bytes(options))

    def parse() -> ParsedFile:
        format_id = format or _detect(opened, filename)
        info = FORMATS.get(format_id)
        if info is None:
            raise fail(filename, f"Okänt format '{format_id}'; kända format: {_known()}.")
        return info.parse(opened.stream, filename=filename, **options)

    return parsed_owning(opened, parse)


def _known() -> str:
    return "; ".join(info.label for info in FORMATS.values())


def _unknown(filename: str, what: str) -> Exception:
    return fail(
        filename,
        f"Filformatet känns inte igen ({what}). Filer som kan läsas: {_known()}.",
    )


def _detect(opened: OpenedFile, filename: str) -> str:
    head = peek(opened.stream, 8192)
    if is_zip(head):
        return _detect_xlsx(opened, filename)
    if is_ole(head):
        return _detect_xls(opened, filename)
    text = _head_text(head)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        return _detect_json(stripped, filename)
    return _detect_csv(stripped, filename)


def _head_text(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="ignore")
    # The markers we look for are ASCII, so a cp1252 file or a sample cut inside a
    # multi-byte character reads well enough.
    return head.decode("utf-8", errors="replace")


def _detect_json(text: str, filename: str) -> str:
    if '"sectors"' in text:
        return "klimatkollen_json"
    if re.search(r'"kpi(_id)?"\s*:', text) and re.search(r'"(period|year)"\s*:', text):
        return "kolada_api_json"
    if '"emissions"' in text and '"code"' in text:
        return "sei_county_json"
    if re.search(r'"values"\s*:\s*\[\s*\]', text):
        return "kolada_api_json"  # an empty Kolada page
    raise _unknown(filename, "JSON-filen liknar ingen av de kända")


def _detect_csv(text: str, filename: str) -> str:
    lines = [line for line in text.splitlines()[:12] if line.strip()]
    if not lines:
        raise _unknown(filename, "filen innehåller ingen text")
    first = name_key(lines[0])
    if first.startswith("rapportnamn") or any(
        name_key(line).startswith("huvudsektor") for line in lines
    ):
        return "ned_csv"
    found = cdp_format(lines[0])
    if found is not None:
        return found
    if re.match(r"geo\s*,\s*year\s*,\s*[a-z]\d{5}\s*$", first):
        return "kolada_ddf_csv"
    for line in lines[:10]:
        words = set(re.split(r"\s*[;,\t]\s*", name_key(line)))
        if {"kommunkod", "indikator"} <= words or {"municipality_code", "indicator"} <= words:
            return "template_csv"
    raise _unknown(filename, "textfilens rubrikrad liknar ingen av de kända")


def _detect_xlsx(opened: OpenedFile, filename: str) -> str:
    check_zip(opened.stream, filename)  # refuse a zip bomb before reading any XML
    try:
        with zipfile.ZipFile(opened.stream) as archive:
            workbook_xml = _read_member(archive, "xl/workbook.xml")
            sample = workbook_xml + _read_member(archive, "xl/sharedStrings.xml")
            sheets = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
            for sheet in sheets[:3]:
                sample += _read_member(archive, sheet)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as exc:
        raise fail(filename, "Arbetsboken kunde inte läsas; är den skadad?") from exc
    finally:
        opened.stream.seek(0)
    sheet_names = [
        name_key(n) for n in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]+)"', workbook_xml)
    ]
    text = name_key(sample)
    if "huvudsektor" in text and "undersektor" in text:
        return "ned_xlsx"
    if "municipal_grouped" in sheet_names or "total_emissions_per_capita" in text:
        return "sei_xlsx"
    if "kommunkod" in text and "indikator" in text:
        return "template_xlsx"
    if "kommunnamn" in text and "folkmängd" in text:
        return "scb_population_year"
    if "folkmängden i sveriges kommuner" in text or "folkmängd" in text:
        return "scb_population_series"
    if "län och kommuner" in text:
        return "scb_municipalities"
    raise _unknown(
        filename,
        "arbetsboken liknar ingen av de kända; bladen heter "
        + ", ".join(f"'{n}'" for n in sheet_names),
    )


def _read_member(archive: zipfile.ZipFile, name: str) -> str:
    try:
        with archive.open(name) as member:
            return member.read(_SAMPLE).decode("utf-8", errors="ignore")
    except KeyError:
        return ""


def _detect_xls(opened: OpenedFile, filename: str) -> str:
    book = open_xls(opened.stream, filename)
    try:
        sheet = book.sheet_by_index(0)
        texts = " ".join(str(v) for i in range(min(sheet.nrows, 12)) for v in sheet.row_values(i))
    finally:
        book.release_resources()
        opened.stream.seek(0)
    key = name_key(texts)
    if "län och kommuner" in key or ("kod" in key and "namn" in key):
        return "scb_municipalities"
    raise _unknown(filename, "den gamla Excel-filen (.xls) liknar ingen av de kända")
