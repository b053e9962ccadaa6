"""A file no parser knows, read with the columns a person names (the column-mapping step
of the upload pages): which column is the municipality (or that the whole file is one
municipality), the indicator (or one for the whole file), the year, or years as columns
(a wide table), and the value. The rows come out as rows of our indicator template, so the
template's checks and the import's preview apply to them like to any file.

Pure: bytes and plain data in, plain data out.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .text import clean_text, fold_name

YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")
PREVIEW_ROWS = 5


@dataclass(frozen=True)
class ColumnMap:
    """What the columns are. ``None`` for a column: the whole file has one value, given
    beside it (``municipality_code``, ``indicator_key``); ``year_column`` None: the years
    are columns (their header cells are years)."""

    municipality_column: int | None
    municipality_code: str = ""
    indicator_column: int | None = None
    indicator_key: str = ""
    year_column: int | None = None
    value_column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Mapped:
    """The rows as template rows, and what was left aside."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    not_municipalities: int = 0
    unknown: list[str] = field(default_factory=list)


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """Every row of a CSV file or of an Excel workbook's first sheet, as text."""
    if data[:2] == b"PK":
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [[_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def header_key(header: list[str]) -> str:
    """The same header (ignoring case and spacing) gives the same key: a saved mapping is
    offered again for a file with this header."""
    text = "\x1f".join(fold_name(h) for h in header)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def year_columns(header: list[str]) -> dict[int, int]:
    """Column index → year, for the header cells that are years (a wide table)."""
    return {i: int(h.strip()) for i, h in enumerate(header) if YEAR.match(h.strip())}


def mapped_rows(
    table: list[list[str]], cmap: ColumnMap, municipalities: Mapping[str, str]
) -> Mapped:
    """The table's data rows (after the header) as template rows (Kommunkod, Indikator,
    År, Värde). ``municipalities``: code → name. A municipality column may hold codes or
    names; rows of a county, a region or Riket are left aside and counted; a name no
    municipality has is reported."""
    by_name = {fold_name(name): code for code, name in municipalities.items()}
    header, body = table[0], table[1:]
    years = {cmap.year_column: None} if cmap.year_column is not None else year_columns(header)
    mapped = Mapped()
    for cells in body:
        if not any(clean_text(c) for c in cells):
            continue

        def cell(index: int | None, row: list[str] = cells) -> str:
            return row[index].strip() if index is not None and index < len(row) else ""

        code: str | None = cmap.municipality_code
        if cmap.municipality_column is not None:
            raw = cell(cmap.municipality_column)
            code = _code(raw, municipalities, by_name)
            if code is None:
                if _is_county_or_country(raw):
                    mapped.not_municipalities += 1
                elif raw and raw not in mapped.unknown:
                    mapped.unknown.append(raw)
                continue
        key = cmap.indicator_key if cmap.indicator_column is None else cell(cmap.indicator_column)
        for column, year in years.items():
            if year is None:  # long: a year column and a value column
                value, when = cell(cmap.value_column), cell(column)
            else:  # wide: each year's column holds the value
                value, when = cell(column), str(year)
            if value:
                mapped.rows.append((code, key, when, value, "", "", ""))
    return mapped


def _code(raw: str, municipalities: Mapping[str, str], by_name: Mapping[str, str]) -> str | None:
    digits = raw.split()[0] if raw else ""
    if digits.isdigit() and digits.zfill(4) in municipalities:
        return digits.zfill(4)
    name = fold_name(raw.removesuffix(" kommun").removesuffix(" stad"))
    return by_name.get(name)


def _is_county_or_country(raw: str) -> bool:
    text = fold_name(raw)
    return (
        (text.isdigit() and (len(text) <= 2 or text.startswith("00")))
        or text in ("riket", "sverige", "hela landet")
        or text.startswith(("region ", "regionen "))
        or text.endswith((" lan", " län"))
    )
