"""SCB's reference list of counties and municipalities ("Län och kommuner <år>",
``kommunlankod``): a two-column list ``Kod, Namn`` where a 2-digit code starts a county
and the 4-digit codes below it are its municipalities. Yields :class:`County` and
:class:`Municipality`; codes keep their leading zeros. Opened through ``scb``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import County, Municipality, ParsedFile, Record, ReleaseInfo, RowError
from .files import OpenedFile
from .text import clean_text, mojibake_message, shorten
from .workbooks import SheetTable, open_table

SOURCE = "scb"
PUBLISHER = "SCB"


def municipality_list_file(opened: OpenedFile, filename: str) -> ParsedFile:
    """SCB's "Län och kommuner" list in ``opened`` (format id ``scb_municipalities``)."""
    try:
        table = open_table(opened, filename)
    except BaseException:
        opened.close()
        raise
    title = ""
    for _number, cells in table.rows(limit=6):
        text = clean_text(cells[0] if cells else "")
        if re.search(r"län och kommuner", text, re.IGNORECASE):
            title = text
            break
    year_match = re.search(r"(\d{4})", title)
    release = ReleaseInfo(
        source=SOURCE,
        name=title or "Län och kommuner",
        released_on=None,
        covers_to=int(year_match[1]) if year_match else None,
        publisher=PUBLISHER,
    )

    def rows() -> Iterator[Record]:
        yield from _reference_records(table, filename)

    return ParsedFile(
        format="scb_municipalities",
        kind="municipalities",
        release=release,
        total_rows=table.row_count,
        row_source=rows,
        closer=table.close,
    )


def _reference_records(table: SheetTable, filename: str) -> Iterator[Record]:
    county: County | None = None
    seen: set[str] = set()
    started = False
    for number, cells in table.rows():
        raw_code = cells[0] if cells else None
        name = clean_text(cells[1] if len(cells) > 1 else "")
        code = _reference_code(raw_code)
        if code is None:
            if started and clean_text(raw_code):
                yield RowError(
                    filename,
                    number,
                    "Kod",
                    f"'{shorten(raw_code)}' är ingen läns- eller kommunkod (2 eller 4 siffror).",
                    shorten(raw_code),
                )
            continue  # title and header rows above the list
        started = True
        garbled = mojibake_message(name)
        if garbled:
            yield RowError(filename, number, "Namn", garbled + ".", shorten(name))
            continue
        if not name:
            yield RowError(filename, number, "Namn", f"Namn saknas för kod {code}.")
            continue
        if code in seen:
            yield RowError(filename, number, "Kod", f"Koden {code} finns två gånger.", code)
            continue
        seen.add(code)
        if len(code) == 2:
            county = County(code, name)
            yield county
        elif county is None or code[:2] != county.code:
            yield RowError(
                filename,
                number,
                "Kod",
                f"Kommunkoden {code} står inte under sitt län ({code[:2]}); listan ska ha "
                "varje län följt av dess kommuner.",
                code,
            )
        else:
            yield Municipality(code, name, county.code, county.name)


def _reference_code(raw: object) -> str | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float) and float(raw).is_integer():
        # A spreadsheet that stored codes as numbers lost the leading zeros (114 → 0114).
        value = int(raw)
        return f"{value:02d}" if value < 100 else f"{value:04d}"
    text = clean_text(raw)
    return text if re.fullmatch(r"\d{2}|\d{4}", text) else None
