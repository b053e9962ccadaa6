"""One row of our indicator template (``template``) checked and read: the municipality
code, the indicator key, the year, the value and its status, the free-text source and
note. Every problem of the row is reported, not only the first.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from core.downloads import looks_like_formula

from .base import ObservationRecord, Record, RowError
from .files import warning
from .numbers import NUMBER_HINT, parse_number, parse_year
from .text import clean_text, mojibake_message, shorten
from .validation import DuplicateTracker, MunicipalityIndex, YearRange

EXAMPLE_NOTE = "Exempel – ta bort raden"
MAX_TEXT = 2000
#: A well-formed indicator key: ``andel_hallbara_resor``, ``kolada:N00401``.
KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:\-]{0,99}")

STATUSES: dict[str, str] = {
    "": "final",
    "slutligt": "final",
    "slutlig": "final",
    "final": "final",
    "preliminärt": "preliminary",
    "preliminär": "preliminary",
    "prel": "preliminary",
    "prel.": "preliminary",
    "preliminary": "preliminary",
    "uppskattat": "estimate",
    "uppskattad": "estimate",
    "uppskattning": "estimate",
    "estimate": "estimate",
    "estimated": "estimate",
}


class RowContext:
    """What every row needs to be checked against."""

    def __init__(
        self,
        filename: str,
        municipalities: Mapping[str, str] | None,
        current_year: int | None,
        min_year: int,
        indicator_keys: Collection[str] | None,
    ):
        self.filename = filename
        self.index = MunicipalityIndex(municipalities)
        self.years = YearRange.up_to_next_year(min_year, current_year)
        self.indicator_keys = set(indicator_keys) if indicator_keys is not None else None


def template_row(
    number: int, values: dict[str, Any], context: RowContext, seen: DuplicateTracker
) -> Iterator[Record]:
    """The observation of one filled-in row, or every problem it has (``values``: the
    template's column → the cell)."""
    filename = context.filename
    errors: list[RowError] = []
    notices: list[RowError] = []

    def error(column: str, message: str, raw: object = "") -> None:
        errors.append(RowError(filename, number, column, message, shorten(raw)))

    # Free text first: a garbled or formula-like note is reported whatever else is wrong.
    texts: dict[str, str] = {}
    for column in ("Källa", "Kommentar"):
        raw = values.get(column)
        text = "" if raw is None else str(raw).strip()
        texts[column] = text
        if not text:
            continue
        garbled = mojibake_message(text)
        if garbled:
            error(column, garbled + ".", text)
        elif len(text) > MAX_TEXT:
            error(column, f"Texten är {len(text)} tecken; högst {MAX_TEXT} tillåts.", text)
        elif looks_like_formula(text):
            notices.append(
                warning(
                    filename,
                    f"'{shorten(text)}' börjar med '{text[0]}' som i en kalkylformel; "
                    "värdet sparas som text och räknas aldrig ut.",
                    row=number,
                    column=column,
                    value=text,
                )
            )
    if texts["Kommentar"] == EXAMPLE_NOTE:
        error("Kommentar", "Exempelraden från mallen finns kvar; ta bort den.", EXAMPLE_NOTE)

    raw_code = values.get("Kommunkod")
    code = context.index.normalise_code(raw_code)
    if code is None:
        error(
            "Kommunkod",
            f"'{shorten(raw_code)}' är ingen kommunkod; förväntade fyra siffror, t.ex. 2480.",
            raw_code,
        )
    else:
        problem = context.index.code_problem(code)
        if problem:
            error("Kommunkod", problem[0].upper() + problem[1:] + ".", code)

    key = clean_text(values.get("Indikator"))
    if not key:
        error("Indikator", "Indikator saknas; ange indikatorns nyckel, t.ex. andel_hallbara_resor.")
    elif mojibake_message(key):
        error("Indikator", f"{mojibake_message(key)}.", key)
    elif not KEY.fullmatch(key):
        hint = " (den börjar som en kalkylformel)" if looks_like_formula(key) else ""
        error(
            "Indikator",
            f"'{shorten(key)}' är ingen giltig indikatornyckel{hint}; använd bokstäver, "
            "siffror och _ : . -, t.ex. andel_hallbara_resor.",
            key,
        )
    elif context.indicator_keys is not None and key not in context.indicator_keys:
        error("Indikator", f"Indikatorn '{shorten(key)}' finns inte; kontrollera nyckeln.", key)

    raw_year = values.get("År")
    year: int | None = None
    try:
        year = parse_year(raw_year)
    except ValueError:
        error("År", f"'{shorten(raw_year)}' är inget årtal; förväntade t.ex. 2024.", raw_year)
    else:
        problem = context.years.problem(year)
        if problem:
            error("År", problem[0].upper() + problem[1:] + ".", raw_year)

    raw_value = values.get("Värde")
    value: float | None = None
    if clean_text(raw_value) == "":
        error("Värde", "Värde saknas; lämna inte cellen tom (ta bort raden om värdet saknas).")
    else:
        try:
            value = parse_number(raw_value)
        except ValueError:
            formula = (
                " Cellen innehåller en formel; klistra in värdet i stället."
                if isinstance(raw_value, str) and raw_value.startswith("=")
                else ""
            )
            error(
                "Värde",
                f"'{shorten(raw_value)}' är inte ett tal; {NUMBER_HINT}.{formula}",
                raw_value,
            )

    raw_status = clean_text(values.get("Status"))
    status = STATUSES.get(raw_status.casefold())
    if status is None:
        error(
            "Status",
            f"'{shorten(raw_status)}' är ingen status; förväntade slutligt, preliminärt eller "
            "uppskattat.",
            raw_status,
        )

    yield from notices
    if errors:
        yield from errors
        return
    assert code is not None and year is not None and value is not None and status is not None
    duplicate = seen.check((code, key, year), value, number)
    if duplicate is not None:
        first_row, same = duplicate
        label = f"{key} för {context.index.name_of(code)} {year}"
        if same:
            yield warning(
                filename, f"{label} upprepar rad {first_row} och hoppas över.", row=number
            )
        else:
            yield RowError(
                filename,
                number,
                "Värde",
                f"{label} finns redan på rad {first_row} med ett annat värde; varje kommun, "
                "indikator och år får bara förekomma en gång.",
                shorten(raw_value),
            )
        return
    yield ObservationRecord(
        municipality_code=code,
        indicator_key=key,
        year=year,
        value=value,
        status=status,
        source=texts["Källa"],
        note=texts["Kommentar"],
        row=number,
    )
