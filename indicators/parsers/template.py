"""Our own indicator template: what a city officer fills in and uploads, CSV or Excel.

Columns (Swedish, as the officer sees them; the English words are accepted too):

=========  ========================================================================
Kommunkod  4-digit SCB code, e.g. 2480 (a lost leading zero, 114, is put back)
Indikator  the indicator key, e.g. ``andel_hallbara_resor`` or ``kolada:N00401``
År         the year the value is for
Värde      a number: ``1 234,5`` (spaces or no-break spaces, decimal comma) or ``1234.5``
Status     slutligt / preliminärt / uppskattat (or final / preliminary / estimate);
           empty means slutligt
Källa      the document or delivery the number comes from (optional; kept on the value
           and shown as its credit)
Kommentar  a note (optional)
=========  ========================================================================

Two more columns are read and ignored, for the person filling in: ``Indikatornamn``
(the name the pages show) and ``Enhet``. A city's template comes pre-filled with one row
per indicator and missing year (``TemplateIndicator``); a row naming an indicator but
left without a value, status, source or note is one not filled in, skipped with one
notice.

Text is never evaluated: a cell that starts with ``=``, ``+``, ``-`` or ``@`` is kept as
text (with a warning, because a spreadsheet would run it), and exports must pass text
through ``core.downloads``, which guards them. Each data row is checked by ``template_rows``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, Unpack

from core.downloads import Choice, Sheet, csv_bytes, xlsx_bytes
from core.numbers import counted

from .base import (
    OWN_RELEASE_NAME,
    OWN_SOURCE,
    ParsedFile,
    ParseError,
    ParseOptions,
    Record,
    ReleaseInfo,
)
from .files import OpenedFile, Source, csv_head, fail, is_ole, is_zip, open_source, peek, warning
from .template_rows import EXAMPLE_NOTE, RowContext, template_row
from .text import clean_text, mojibake_message, name_key, shorten
from .validation import DuplicateTracker, FileChecks, max_bytes
from .workbooks import open_sheet, sheet_rows

__all__ = [
    "COLUMNS",
    "EXAMPLE_NOTE",
    "TEMPLATE_COLUMNS",
    "TemplateIndicator",
    "parse",
    "write_template_csv",
    "write_template_xlsx",
]

# Every template lands in the cities' own figures (one source); the row's Källa is kept
# on the value as its reference, so a corrected file changes values instead of adding.
SOURCE = OWN_SOURCE
PUBLISHER = OWN_RELEASE_NAME
FIRST_YEAR = 1990
SHEET = "Indikatorer"
COLUMNS = ("Kommunkod", "Indikator", "År", "Värde", "Status", "Källa", "Kommentar")
REQUIRED = ("Kommunkod", "Indikator", "År", "Värde")
#: Read and ignored: they help the person filling in (see the module).
INFO_COLUMNS = ("Indikatornamn", "Enhet")
TEMPLATE_COLUMNS = COLUMNS + INFO_COLUMNS
#: The example row of the empty template: a shared indicator that exists, marked as the
#: example so that it is never imported by mistake.
EXAMPLE_ROW = (
    "2480",
    "sustainable_trips_share",
    2024,
    0,
    "slutligt",
    "Exempel",
    EXAMPLE_NOTE,
    "Andel resor med kollektivtrafik, cykel eller till fots",
    "%",
)
_HEADER_SEARCH_ROWS = 10

# Accepted header spellings (compared with name_key) → our column.
_ALIASES: dict[str, str] = {
    "kommunkod": "Kommunkod",
    "kommun kod": "Kommunkod",
    "municipality_code": "Kommunkod",
    "municipality code": "Kommunkod",
    "indikator": "Indikator",
    "indicator": "Indikator",
    "indicator_key": "Indikator",
    "år": "År",
    "ar": "År",
    "year": "År",
    "värde": "Värde",
    "varde": "Värde",
    "value": "Värde",
    "status": "Status",
    "källa": "Källa",
    "kalla": "Källa",
    "source": "Källa",
    "kommentar": "Kommentar",
    "note": "Kommentar",
    "comment": "Kommentar",
    "indikatornamn": "Indikatornamn",
    "indicator name": "Indikatornamn",
    "enhet": "Enhet",
    "unit": "Enhet",
}

Columns = dict[str, int]


class _Header:
    """The header row: its number, where each template column is, and the columns we
    do not know (ignored, but reported)."""

    def __init__(self, row: int, columns: Columns, ignored: list[str]):
        self.row = row
        self.columns = columns
        self.ignored = ignored


# --- parsing ---------------------------------------------------------------------------


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse a filled-in template, CSV or Excel (told apart by the first bytes: format
    ids ``template_csv`` and ``template_xlsx`` are read alike).

    ``indicator_keys``, when given, is the set of indicator keys that exist; any other
    key is reported. Without it, any well-formed key is accepted.
    """
    opened = open_source(fileobj, filename, max_bytes(options))
    context = RowContext(
        filename,
        FileChecks.of(options, FIRST_YEAR),
        options.get("indicator_keys"),
        options.get("indicator_names"),
    )
    head = peek(opened.stream)
    if is_zip(head) or is_ole(head):
        return _parse_xlsx(opened, context)
    return _parse_csv(opened, context)


def _parse_csv(opened: OpenedFile, context: RowContext) -> ParsedFile:
    filename = context.filename
    header, source = csv_head(opened, filename, lambda rows: _find_header(rows, filename))

    def rows() -> Iterator[Record]:
        yield from source.with_notice(_records(source.rows(), header, context))

    return _parsed("template_csv", context, rows, opened.close)


def _parse_xlsx(opened: OpenedFile, context: RowContext) -> ParsedFile:
    filename = context.filename
    (sheet, header), close = open_sheet(
        opened, filename, lambda workbook: _find_sheet(workbook, filename)
    )

    def rows() -> Iterator[Record]:
        yield from _records(sheet_rows(sheet, filename), header, context)

    return _parsed("template_xlsx", context, rows, close)


def _find_sheet(workbook: Any, filename: str) -> tuple[Any, _Header]:
    # Our template's sheet first, then the others in order.
    names = sorted(workbook.sheetnames, key=lambda n: name_key(n) != name_key(SHEET))
    first_problem: Exception | None = None
    for name in names:
        sheet = workbook[name]
        rows = sheet_rows(sheet, filename, max_col=30)
        try:
            header = _find_header(rows, filename)
        except ParseError as exc:  # not this sheet, try the next
            first_problem = first_problem or exc
            continue
        finally:
            rows.close()
        return sheet, header
    if len(names) == 1 and first_problem is not None:
        raise first_problem
    raise fail(
        filename,
        "Hittade inget blad med mallens rubrikrad ("
        + ", ".join(COLUMNS)
        + "); arbetsboken har bladen "
        + ", ".join(f"'{n}'" for n in workbook.sheetnames)
        + ".",
    )


def _find_header(rows: Iterator[tuple[int, Any]], filename: str) -> _Header:
    """The header row (the first row naming Kommunkod) and where each column is."""
    for number, cells in rows:
        if number > _HEADER_SEARCH_ROWS:
            break
        texts = [clean_text(c) for c in cells]
        if not any(texts):
            continue
        for text in texts:
            garbled = mojibake_message(text)
            if garbled:
                raise fail(filename, f"Rubrikraden är felkodad: {garbled}.", row=number)
        columns: Columns = {}
        unknown = []
        for i, text in enumerate(texts):
            if not text:
                continue
            column = _ALIASES.get(name_key(text))
            if column is None:
                unknown.append(text)
            elif column in columns:
                raise fail(
                    filename,
                    f"Kolumnen {column} finns två gånger i rubrikraden.",
                    row=number,
                    column=text,
                )
            else:
                columns[column] = i
        if not columns:
            continue  # a title line above the header
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise fail(
                filename,
                "Rubrikraden saknar kolumnen "
                + ", ".join(missing)
                + ". Mallen har kolumnerna "
                + ", ".join(COLUMNS)
                + "; filen har "
                + ", ".join(f"'{shorten(t, 30)}'" for t in texts if t)
                + ".",
                row=number,
            )
        return _Header(number, columns, unknown)
    raise fail(
        filename,
        "Hittade ingen rubrikrad med kolumnerna " + ", ".join(COLUMNS) + " bland de första "
        f"{_HEADER_SEARCH_ROWS} raderna. Använd mallen (ladda ned den på sidan).",
    )


def _records(
    rows: Iterator[tuple[int, Any]], header: _Header, context: RowContext
) -> Iterator[Record]:
    filename = context.filename
    header_row, columns = header.row, header.columns
    if header.ignored:
        # Extra columns are ignored, but say so: a typo ("Kommentarer") loses data.
        yield warning(
            filename,
            "Kolumnerna " + ", ".join(f"'{c}'" for c in header.ignored) + " känns inte igen "
            "och läses inte; mallens kolumner är " + ", ".join(COLUMNS) + ".",
            row=header_row,
        )
    seen = DuplicateTracker()
    data_rows = not_filled = 0
    for number, cells in rows:
        if number <= header_row:
            continue
        values = {
            c: (cells[i] if i < len(cells) else None)
            for c, i in columns.items()
            if c not in INFO_COLUMNS
        }
        if all(clean_text(v) == "" for v in values.values()):
            continue
        if clean_text(values.get("Indikator")) and not any(
            clean_text(values.get(c)) for c in _FILLED_IN
        ):
            not_filled += 1  # a pre-filled row the person left without a value
            continue
        data_rows += 1
        yield from template_row(number, values, context, seen)
    if not_filled:
        yield warning(
            filename,
            f"{counted(not_filled, 'rad', 'rader')} utan värde (förifyllda rader som inte "
            "fylldes i) hoppades över.",
        )
    if data_rows == 0:
        raise fail(filename, "Filen har inga ifyllda datarader under rubrikraden.", row=header_row)


#: A row naming an indicator but none of these is one the person did not fill in.
_FILLED_IN = ("Värde", "Status", "Källa", "Kommentar")


def _parsed(format_id: str, context: RowContext, rows: Any, close: Any) -> ParsedFile:
    return ParsedFile(
        format=format_id,
        kind="observations",
        release=ReleaseInfo(
            source=SOURCE,
            name=OWN_RELEASE_NAME,
            released_on=None,
            covers_to=None,  # known only after reading every row
            publisher=PUBLISHER,
        ),
        total_rows=None,
        row_source=rows,
        closer=close,
    )


# --- writing the empty template ---------------------------------------------------------


@dataclass(frozen=True)
class TemplateIndicator:
    """One of a city's indicators in its pre-filled template, with the years it lacks."""

    key: str
    name: str
    unit: str
    missing_years: tuple[int, ...]


def template_rows(
    city_code: str | None = None, indicators: Sequence[TemplateIndicator] = ()
) -> list[tuple[Any, ...]]:
    """The template's rows: header, the example row (for the city's first indicator when
    there is one), then a row to fill in per indicator and missing year."""
    example: tuple[Any, ...] = EXAMPLE_ROW
    if indicators:
        first = indicators[0]
        year = first.missing_years[-1] if first.missing_years else EXAMPLE_ROW[2]
        example = (city_code, first.key, year, 0, "slutligt", "Exempel", EXAMPLE_NOTE)
        example += (first.name, first.unit)
    elif city_code:
        example = (city_code, *EXAMPLE_ROW[1:])
    rows: list[tuple[Any, ...]] = [TEMPLATE_COLUMNS, example]
    for indicator in indicators:
        for year in indicator.missing_years:
            empty = (None, None, None, None)  # Värde, Status, Källa, Kommentar
            rows.append((city_code, indicator.key, year, *empty, indicator.name, indicator.unit))
    return rows


def write_template_csv(
    fileobj: IO[bytes],
    *,
    city_code: str | None = None,
    indicators: Sequence[TemplateIndicator] = (),
) -> None:
    """Write the CSV template: header, one example row to delete, and (for a city) a row
    per indicator and missing year.

    UTF-8 with BOM, ``;`` and CRLF, which is what Excel on a Swedish Windows opens
    correctly with a double-click.
    """
    rows = [["" if v is None else v for v in row] for row in template_rows(city_code, indicators)]
    fileobj.write(csv_bytes(rows, delimiter=";", bom=True))


def write_template_xlsx(
    fileobj: IO[bytes],
    *,
    city_code: str | None = None,
    indicators: Sequence[TemplateIndicator] = (),
) -> None:
    """Write the Excel template: sheet "Indikatorer" (header, one example row, for a city a
    row per indicator and missing year, status drop-down, Kommunkod as text so leading
    zeros stay) and sheet "Instruktioner"."""
    values = Sheet(
        SHEET,
        template_rows(city_code, indicators),
        heading_rows=(1,),
        freeze="A2",
        widths={"A": 12, "B": 30, "C": 8, "D": 14, "E": 14, "F": 30, "G": 40, "H": 50, "I": 14},
        text_cells="A2:A1000",  # keep 0114 as text
        choices=(
            Choice(
                "E2:E1000",
                '"slutligt,preliminärt,uppskattat"',
                error="Välj slutligt, preliminärt eller uppskattat.",
            ),
        ),
    )
    help_sheet = Sheet(
        "Instruktioner",
        [("Kolumn", "Vad den ska innehålla"), *_INSTRUCTIONS],
        heading_rows=(1,),
        widths={"A": 12, "B": 100},
    )
    fileobj.write(xlsx_bytes([values, help_sheet]))


_INSTRUCTIONS = (
    ("Kommunkod", "Kommunens fyrsiffriga kod enligt SCB, t.ex. 2480 för Umeå."),
    (
        "Indikator",
        "Indikatorns nyckel (den står på indikatorsidan, t.ex. sustainable_trips_share) "
        "eller dess namn som sidorna visar det, på svenska eller engelska.",
    ),
    ("År", "Året värdet gäller, t.ex. 2024."),
    ("Värde", "Ett tal: 1 234,5 eller 1234.5. Inga enheter eller procenttecken i cellen."),
    ("Status", "slutligt, preliminärt eller uppskattat. Tom cell betyder slutligt."),
    ("Källa", "Var siffran kommer ifrån (frivilligt)."),
    ("Kommentar", "En kort anteckning (frivilligt)."),
    ("Indikatornamn, Enhet", "Till hjälp när du fyller i; läses inte in."),
    ("", "Rader utan värde läses inte in: fyll i de år du har och lämna resten."),
    ("", "Ta bort exempelraden innan du laddar upp filen."),
)
