"""Checks shared by the parsers: municipality codes and names, years, duplicates, and
JSON lists with one named municipality an entry."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.downloads import looks_like_formula

from .base import DEFAULT_MAX_BYTES, ParseOptions, RowError
from .files import Source, fail, load_json, open_source, warning
from .text import mojibake_message, name_key, shorten

_CODE = re.compile(r"\d{4}")
_NAME_SUFFIXES = (" kommun", " stad")


def default_current_year(current_year: int | None) -> int:
    return date.today().year if current_year is None else current_year


@dataclass(frozen=True)
class YearRange:
    """The years a value may be for: from ``first`` (e.g. 1990, the base year of
    Sweden's climate goals) to next year (budgets and preliminary figures)."""

    first: int
    last: int

    @classmethod
    def up_to_next_year(cls, first: int, current_year: int | None) -> YearRange:
        return cls(first, default_current_year(current_year) + 1)

    def problem(self, year: int) -> str | None:
        """A Swedish message if ``year`` is out of range, else None."""
        if year < self.first:
            return f"året {year} ligger före {self.first}; tidigaste tillåtna år är {self.first}"
        if year > self.last:
            return f"året {year} ligger i framtiden; senaste tillåtna år är {self.last}"
        return None


class MunicipalityIndex:
    """Look-ups in the reference list of municipalities (code → name).

    Names are matched robustly (case, whitespace, dashes, Unicode form, a trailing
    "kommun"/"stad"), because each publisher writes them slightly differently. Without
    a reference list, any well-formed 4-digit code that is not a county/national code
    ("00xx") is accepted and names cannot be resolved.
    """

    def __init__(self, municipalities: Mapping[str, str] | None):
        self.names: dict[str, str] = dict(municipalities or {})
        self.known = municipalities is not None
        self._by_key: dict[str, str] = {}
        for code, name in self.names.items():
            self._by_key[name_key(name)] = code

    def name_of(self, code: str) -> str:
        return self.names.get(code, code)

    def normalise_code(self, raw: object) -> str | None:
        """A 4-digit code string from a cell ("2480", 2480, 114 → "0114"), or None if
        the cell is not code-shaped."""
        if isinstance(raw, bool):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int):
            # Excel drops the leading zero of Stockholm county's codes (0114 → 114).
            return f"{raw:04d}" if 100 <= raw <= 9999 else None
        text = str(raw or "").strip()
        if re.fullmatch(r"\d{3}", text):
            text = "0" + text
        return text if _CODE.fullmatch(text) else None

    def code_problem(self, code: str) -> str | None:
        """A Swedish message if ``code`` is not a municipality, else None."""
        if code.startswith("00"):
            return f"'{code}' är en läns- eller rikskod, inte en kommunkod"
        if self.known and code not in self.names:
            return f"kommunkoden '{code}' finns inte i kommunlistan"
        return None

    def code_for_name(self, raw: object) -> str | None:
        """The code of the municipality called ``raw``, or None."""
        key = name_key(raw)
        code = self._by_key.get(key)
        if code is None:
            for suffix in _NAME_SUFFIXES:
                if key.endswith(suffix):
                    code = self._by_key.get(key[: -len(suffix)])
                    break
        return code

    def unknown_name_message(self, raw: object) -> str:
        """Why ``raw`` did not match a municipality, in Swedish."""
        text = str(raw or "").strip()
        garbled = mojibake_message(text)
        if garbled:
            return garbled
        if not text:
            return "kommunnamn saknas"
        if looks_like_formula(text):
            return (
                f"'{shorten(text)}' är inget kommunnamn (värdet börjar med '{text[0]}' "
                "och ser ut som en kalkylformel)"
            )
        return f"'{shorten(text)}' är inget känt kommunnamn; stava som i SCB:s kommunlista"


@dataclass(frozen=True)
class FileChecks:
    """What every row of a file is checked against: the reference list of
    municipalities and the years a value may be for."""

    index: MunicipalityIndex
    years: YearRange

    @classmethod
    def of(cls, options: ParseOptions, first_year: int) -> FileChecks:
        """The checks ``options`` ask for; ``first_year`` is the format's earliest year."""
        return cls(
            MunicipalityIndex(options.get("municipalities")),
            YearRange.up_to_next_year(
                options.get("min_year", first_year), options.get("current_year")
            ),
        )

    def require_names(self) -> FileChecks:
        """These checks, for a file that names municipalities only (no codes): the
        reference list is required to find their codes."""
        if not self.index.known:
            raise ValueError("municipalities (code → name) is required: the file has names only")
        return self


def max_bytes(options: ParseOptions) -> int:
    """The largest file a parser reads."""
    return options.get("max_bytes", DEFAULT_MAX_BYTES)


class DuplicateTracker:
    """Remembers which natural keys were already seen while a file is streamed.

    Only a 64-bit hash of each key is kept, with a hash of its value and the row it
    was on, so memory grows with the number of distinct keys (about 150 bytes each),
    never with the size of the rows. A hash collision between two different keys is
    astronomically unlikely for files of this size (< 10^6 keys in 2^64).
    """

    def __init__(self) -> None:
        self._seen: dict[int, tuple[int, int]] = {}

    def check(self, key: tuple[object, ...], value: object, row: int) -> tuple[int, bool] | None:
        """None the first time ``key`` is seen; else (first row, same value?)."""
        key_hash = hash(key)
        value_hash = hash(value)
        previous = self._seen.get(key_hash)
        if previous is None:
            self._seen[key_hash] = (value_hash, row)
            return None
        return previous[1], previous[0] == value_hash

    def __len__(self) -> int:
        return len(self._seen)


def duplicate_row(
    filename: str,
    number: int,
    duplicate: tuple[int, bool],
    *,
    label: str,
    each: str,
    column: str | None,
    value: str = "",
    differs: str = "med ett annat värde",
    note_column: str | None = None,
    repeated: str = "{label} upprepar rad {row} och hoppas över.",
) -> RowError:
    """What to say about row ``number``, whose natural key row ``duplicate[0]`` already
    had (``DuplicateTracker.check``): a notice that it is skipped when it repeats that
    row's values (worded by ``repeated``), an error when they differ. ``label`` names the
    key ("Umeå 2022"), ``each`` what may appear only once ("varje kommun och år")."""
    first_row, same = duplicate
    if same:
        return warning(
            filename,
            repeated.format(label=label, row=first_row),
            row=number,
            column=note_column,
        )
    return RowError(
        filename,
        number,
        column,
        f"{label} finns redan på rad {first_row} {differs}; {each} får bara förekomma en gång.",
        value,
    )


def municipality_list(
    fileobj: Source, filename: str, *, options: ParseOptions, shape: str
) -> tuple[MunicipalityIndex, list[dict[str, Any]]]:
    """A JSON list with one object per municipality, named rather than coded (Klimatkollen's
    files), and the index that finds their codes. ``shape`` shows, in the message for a
    file that is no such list, what each object holds."""
    index = FileChecks.of(options, 0).require_names().index
    opened = open_source(fileobj, filename, max_bytes(options))
    try:
        document = load_json(opened.stream, filename)
    finally:
        opened.close()
    if not isinstance(document, list) or not all(isinstance(x, dict) for x in document):
        raise fail(filename, f"Filen ska vara en JSON-lista med ett objekt per kommun: {shape}.")
    if not document:
        raise fail(filename, "JSON-listan är tom; den innehåller inga kommuner.")
    return index, document


def named_municipality(
    item: Mapping[str, Any],
    *,
    key: str,
    number: int,
    filename: str,
    index: MunicipalityIndex,
    seen: DuplicateTracker,
) -> str | RowError:
    """The code of the municipality that entry ``number`` of such a list names under
    ``key``, or the error saying why the entry cannot be read: no name, a name not in the
    reference list, or a municipality an earlier entry already had."""
    name = item.get(key)
    if not isinstance(name, str):
        return RowError(filename, number, key, f"Kommunnamn ('{key}') saknas i posten.")
    code = index.code_for_name(name)
    if code is None:
        message = index.unknown_name_message(name) + "."
        return RowError(filename, number, key, message, shorten(name))
    duplicate = seen.check((code,), None, number)
    if duplicate is not None:
        return RowError(
            filename,
            number,
            key,
            f"{index.name_of(code)} finns redan i post {duplicate[0]}; varje kommun får bara "
            "förekomma en gång.",
            shorten(name),
        )
    return code
