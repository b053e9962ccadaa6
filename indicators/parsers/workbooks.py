"""Reading Excel workbooks safely: zip-bomb checks, openpyxl in read-only (streaming)
mode, xlrd for old .xls files, and a sheet's rows as (row number, cells).

Like ``files``, every way a workbook can be broken becomes a :class:`ParseError` with a
Swedish message.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable, Generator, Iterator
from typing import IO, Any, TypeVar

from .files import OpenedFile, fail, format_size, is_ole, is_zip, peek
from .text import name_key

# Zip-bomb limits for .xlsx. A real workbook compresses 5-20 times (SMHI's 2 MB
# Länsrapport holds a 13.5 MB sheet); a bomb compresses thousands of times. The total
# also bounds memory: openpyxl's read-only reader keeps ~0.5 kB per sheet row (cleared
# row elements stay attached to its XML tree), so 200 MB of sheet XML stays well below
# a few hundred MB of memory.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 1000
T = TypeVar("T")


def check_zip(stream: IO[bytes], filename: str) -> None:
    """Refuse a .xlsx that is not a workbook or is a zip bomb, before any XML is parsed.

    The declared sizes in the zip directory are what ``zipfile`` enforces while
    extracting (it never returns more than a member's declared size), so checking them
    here bounds what openpyxl can be made to inflate.
    """
    head = peek(stream, 8)
    if is_ole(head):
        raise fail(
            filename,
            "Filen är i det gamla Excel-formatet (.xls) eller lösenordsskyddad; öppna den "
            "i Excel och spara som Excel-arbetsbok (.xlsx) utan lösenord.",
        )
    if not is_zip(head):
        raise fail(filename, "Filen är inte en Excel-arbetsbok (.xlsx).")
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise fail(
            filename, "Filen är inte en Excel-arbetsbok (.xlsx); zip-arkivet är trasigt."
        ) from exc
    finally:
        stream.seek(0)
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise fail(filename, "Filen är ett zip-arkiv men inte en Excel-arbetsbok (.xlsx).")
    if len(members) > MAX_ZIP_MEMBERS:
        raise fail(filename, f"Arbetsboken har orimligt många delar ({len(members)}); den avvisas.")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise fail(
            filename,
            f"Arbetsboken packas upp till {format_size(total)}, mer än tillåtna "
            f"{format_size(MAX_UNCOMPRESSED_BYTES)}; den ser ut att vara en zip-bomb och avvisas.",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise fail(
                filename,
                f"Delen {member.filename} i arbetsboken är packad {ratio:.0f} gånger "
                f"(högst {MAX_COMPRESSION_RATIO} tillåts); filen ser ut att vara en "
                "zip-bomb och avvisas.",
            )


def open_workbook(stream: IO[bytes], filename: str) -> Any:
    """An openpyxl workbook in read-only (streaming) mode, after the zip checks.

    Cells are read as stored: a formula comes back as its text ("=A1*2") and is never
    evaluated; the parsers then refuse it where a number belongs.
    """
    import openpyxl  # local: the CSV/JSON formats do not need it

    check_zip(stream, filename)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and data validation it ignores; not our concern.
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(stream, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises KeyError, TypeError, XML errors...
        raise fail(
            filename, f"Arbetsboken kunde inte läsas ({type(exc).__name__}); är den skadad?"
        ) from exc


def open_sheet(
    opened: OpenedFile, filename: str, find: Callable[[Any], T]
) -> tuple[T, Callable[[], None]]:
    """What ``find`` reads from the workbook in ``opened`` (the sheet a parser wants, its
    header, ...), and the closer that lets go of the workbook and the file together.
    When the workbook cannot be opened or ``find`` fails, both are let go at once."""
    workbook = None

    def close() -> None:
        if workbook is not None:
            workbook.close()
        opened.close()

    try:
        workbook = open_workbook(opened.stream, filename)
        return find(workbook), close
    except BaseException:
        close()
        raise


def workbook_sheet(workbook: Any, filename: str, wanted: str) -> Any:
    """The sheet named ``wanted`` (case- and space-insensitive), or ParseError listing
    the sheets that exist."""
    for name in workbook.sheetnames:
        if name.strip().casefold() == wanted.casefold():
            return workbook[name]
    raise fail(
        filename,
        f"Bladet '{wanted}' saknas i arbetsboken; bladen heter: "
        + ", ".join(f"'{n}'" for n in workbook.sheetnames)
        + ".",
    )


def sheet_rows(
    sheet: Any, filename: str, *, min_row: int = 1, max_col: int | None = None
) -> Generator[tuple[int, tuple[Any, ...]], None, None]:
    """(row number, values) for every row of a read-only sheet, streamed.

    openpyxl can fail half-way through a damaged sheet with any exception; that
    becomes a ParseError naming the last good row.
    """
    number = min_row - 1
    iterator = sheet.iter_rows(min_row=min_row, max_col=max_col, values_only=True)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except Exception as exc:
            raise fail(
                filename,
                f"Arbetsboken kunde inte läsas efter rad {number} ({type(exc).__name__}).",
                row=number + 1,
            ) from exc
        number += 1
        yield number, values


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_xls(stream: IO[bytes], filename: str) -> Any:
    """An xlrd book for an old binary .xls file (SCB still publishes some)."""
    import xlrd  # local: only the SCB reference list needs it

    head = peek(stream, 8)
    if not is_ole(head):
        if is_zip(head):
            return None  # an .xlsx; the caller switches to openpyxl
        raise fail(filename, "Filen är inte en Excel-arbetsbok (.xls eller .xlsx).")
    stream.seek(0)
    try:
        return xlrd.open_workbook(file_contents=stream.read(), on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct errors, ...
        raise fail(
            filename,
            "Den gamla Excel-filen (.xls) kunde inte läsas; den kan vara skadad eller "
            "lösenordsskyddad.",
        ) from exc


# --- .xls and .xlsx alike -------------------------------------------------------


class SheetTable:
    """The rows of the first relevant sheet of an .xls or .xlsx file, streamed
    (openpyxl read-only) or from xlrd's in-memory book (old .xls files are small)."""

    def __init__(self, opened: OpenedFile, filename: str):
        self.filename = filename
        self._opened = opened
        self._xls: Any = None
        self._workbook: Any = None
        self._sheet: Any = None
        self.row_count: int | None = None

    def open(self) -> None:
        head = peek(self._opened.stream)
        if is_ole(head):
            self._xls = open_xls(self._opened.stream, self.filename)
            self._sheet = self._xls.sheet_by_index(0)
            self.row_count = self._sheet.nrows
            return
        if not is_zip(head):
            raise fail(self.filename, "Filen är inte en Excel-arbetsbok (.xls eller .xlsx).")
        self._workbook = open_workbook(self._opened.stream, self.filename)
        names = {name_key(n): n for n in self._workbook.sheetnames}
        # BE0101 has "Totalt", "Män", "Kvinnor": only the total is the population.
        self._sheet = self._workbook[names.get("totalt", self._workbook.sheetnames[0])]

    def rows(
        self, *, start: int = 1, limit: int | None = None, width: int | None = None
    ) -> Iterator[tuple[int, tuple[Any, ...]]]:
        if self._xls is not None:
            stop = self._sheet.nrows if limit is None else min(limit, self._sheet.nrows)
            for i in range(start - 1, stop):
                yield i + 1, tuple(self._sheet.row_values(i))
            return
        # Some SCB sheets declare 156 columns for 74 used ones; width keeps rows short.
        source = sheet_rows(self._sheet, self.filename, min_row=start, max_col=width)
        try:
            for number, cells in source:
                if limit is not None and number > limit:
                    return
                yield number, cells
        finally:
            source.close()

    def close_book(self) -> None:
        """Let go of the workbook but not of the file (another parser reads it next)."""
        if self._xls is not None:
            self._xls.release_resources()
            self._xls = None
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def close(self) -> None:
        self.close_book()
        self._opened.close()


def open_table(opened: OpenedFile, filename: str) -> SheetTable:
    """The first relevant sheet of ``opened`` (an .xls or .xlsx file), ready to read."""
    table = SheetTable(opened, filename)
    table.open()
    return table
