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
from .numbers import formula_hint, not_a_number, parse_number, parse_year
from .text import clean_text, fold_name, mojibake_message, shorten
from .validation import DuplicateTracker, FileChecks, duplicate_row

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
        checks: FileChecks,
        indicator_keys: Collection[str] | None,
        indicator_names: Mapping[str, str] | None = None,
    ):
        self.filename = filename
        self.index = checks.index
        self.years = checks.years
        self.indicator_keys = set(indicator_keys) if indicator_keys is not None else None
        self.indicator_names = indicator_names or {}


def template_row(
    number: int, values: dict[str, Any], context: RowContext, seen: DuplicateTracker
) -> Iterator[Record]:
    """The observation of one filled-in row, or every problem it has (``values``: the
    template's column → the cell)."""
    check = _Check(context.filename, number)
    # Free text first: a garbled or formula-like note is reported whatever else is wrong.
    texts = {column: _free_text(check, column, values.get(column)) for column in FREE_TEXT}
    if texts["Kommentar"] == EXAMPLE_NOTE:
        check.error("Kommentar", "Exempelraden från mallen finns kvar; ta bort den.", EXAMPLE_NOTE)
    code = _code(check, context, values.get("Kommunkod"))
    key = _key(check, context, clean_text(values.get("Indikator")))
    year = _year(check, context, values.get("År"))
    raw_value = values.get("Värde")
    value = _value(check, raw_value)
    status = _status(check, clean_text(values.get("Status")))

    yield from check.notices
    if check.errors:
        yield from check.errors
        return
    assert code is not None and year is not None and value is not None and status is not None
    duplicate = seen.check((code, key, year), value, number)
    if duplicate is not None:
        yield duplicate_row(
            context.filename,
            number,
            duplicate,
            label=f"{key} för {context.index.name_of(code)} {year}",
            each="varje kommun, indikator och år",
            column="Värde",
            value=shorten(raw_value),
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


#: The optional free-text columns.
FREE_TEXT = ("Källa", "Kommentar")


class _Check:
    """The problems of one row: errors that reject it, notices that do not."""

    def __init__(self, filename: str, number: int):
        self.filename, self.number = filename, number
        self.errors: list[RowError] = []
        self.notices: list[RowError] = []

    def error(self, column: str, message: str, raw: object = "") -> None:
        self.errors.append(RowError(self.filename, self.number, column, message, shorten(raw)))


def _sentence(problem: str) -> str:
    """A validation message ("kommunkoden ... finns inte") as a sentence."""
    return problem[0].upper() + problem[1:] + "."


def _free_text(check: _Check, column: str, raw: object) -> str:
    """A source or note as text: never evaluated, at most ``MAX_TEXT`` characters."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return text
    garbled = mojibake_message(text)
    if garbled:
        check.error(column, garbled + ".", text)
    elif len(text) > MAX_TEXT:
        check.error(column, f"Texten är {len(text)} tecken; högst {MAX_TEXT} tillåts.", text)
    elif looks_like_formula(text):
        check.notices.append(
            warning(
                check.filename,
                f"'{shorten(text)}' börjar med '{text[0]}' som i en kalkylformel; "
                "värdet sparas som text och räknas aldrig ut.",
                row=check.number,
                column=column,
                value=text,
            )
        )
    return text


def _code(check: _Check, context: RowContext, raw: object) -> str | None:
    """The municipality's 4-digit code, when it is one the file may name."""
    code = context.index.normalise_code(raw)
    if code is None:
        check.error(
            "Kommunkod",
            f"'{shorten(raw)}' är ingen kommunkod; förväntade fyra siffror, t.ex. 2480.",
            raw,
        )
        return None
    problem = context.index.code_problem(code)
    if problem:
        check.error("Kommunkod", _sentence(problem), code)
    return code


def _key(check: _Check, context: RowContext, key: str) -> str:
    """The indicator key, checked for its form and (when known) that it exists. The name
    the pages show (Swedish or English, any case, with or without accents) is read as
    its key."""
    known = context.indicator_keys
    if key and (known is None or key not in known):
        named = context.indicator_names.get(fold_name(key))
        if named is not None:
            return named
    if not key:
        check.error(
            "Indikator",
            "Indikator saknas; ange indikatorns namn eller nyckel, t.ex. sustainable_trips_share.",
        )
    elif mojibake_message(key):
        check.error("Indikator", f"{mojibake_message(key)}.", key)
    elif not KEY.fullmatch(key):
        hint = " (den börjar som en kalkylformel)" if looks_like_formula(key) else ""
        check.error(
            "Indikator",
            f"'{shorten(key)}' är varken ett indikatornamn eller en giltig "
            f"indikatornyckel{hint}; ange namnet som det står på indikatorsidan eller "
            "nyckeln, t.ex. sustainable_trips_share.",
            key,
        )
    elif context.indicator_keys is not None and key not in context.indicator_keys:
        check.error(
            "Indikator",
            f"Indikatorn '{shorten(key)}' finns inte; kontrollera namnet eller nyckeln.",
            key,
        )
    return key


def _year(check: _Check, context: RowContext, raw: object) -> int | None:
    """The year the value is for, within the years a file may hold."""
    try:
        year = parse_year(raw)
    except ValueError:
        check.error("År", f"'{shorten(raw)}' är inget årtal; förväntade t.ex. 2024.", raw)
        return None
    problem = context.years.problem(year)
    if problem:
        check.error("År", _sentence(problem), raw)
    return year


def _value(check: _Check, raw: object) -> float | None:
    """The value: a number as Swedish files write it, never a formula."""
    if clean_text(raw) == "":
        check.error(
            "Värde", "Värde saknas; lämna inte cellen tom (ta bort raden om värdet saknas)."
        )
        return None
    try:
        return parse_number(raw)
    except ValueError:
        check.error("Värde", not_a_number(raw) + formula_hint(raw), raw)
        return None


def _status(check: _Check, raw: str) -> str | None:
    """Our status for the template's (slutligt, preliminärt, uppskattat; empty: slutligt)."""
    status = STATUSES.get(raw.casefold())
    if status is None:
        check.error(
            "Status",
            f"'{shorten(raw)}' är ingen status; förväntade slutligt, preliminärt eller uppskattat.",
            raw,
        )
    return status
