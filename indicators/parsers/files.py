"""Opening uploaded files safely: size limits, text encodings, CSV and JSON. (Excel
workbooks are ``workbooks``.)

Every function here turns the ways a file can be broken (too big, empty, wrong
encoding, not valid JSON) into a :class:`ParseError` with a Swedish message,
so that no parser lets a library exception escape to the person uploading.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, TypeVar

from core.numbers import format_number

from .base import DEFAULT_MAX_BYTES, SEVERITY_WARNING, ParsedFile, ParseError, Record, RowError
from .text import shorten

#: A file to parse: an open binary file object or a path.
Source = BinaryIO | IO[bytes] | str | os.PathLike[str]

_CHUNK = 64 * 1024
T = TypeVar("T")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and encrypted .xlsx)
_ZIP_MAGIC = b"PK\x03\x04"


def fail(
    filename: str,
    message: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = "",
) -> ParseError:
    """A ParseError for the whole file (or a header row), ready to raise."""
    return ParseError(RowError(filename, row, column, message, shorten(value)))


def warning(
    filename: str,
    message: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object = "",
) -> RowError:
    return RowError(filename, row, column, message, shorten(value), severity=SEVERITY_WARNING)


def format_size(size: int) -> str:
    """A byte count for people: "60 MB", "1,5 MB", "12 kB"."""
    mb = size / (1024 * 1024)
    if mb >= 1:
        return f"{format_number(mb, 0 if mb >= 10 else 1)} MB"
    return f"{max(1, round(size / 1024))} kB"


@dataclass
class OpenedFile:
    """A seekable binary stream of an upload, its size, and how to let go of it."""

    stream: IO[bytes]
    size: int
    close: Callable[[], None]


def open_source(source: Source, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> OpenedFile:
    """Open ``source`` for reading and refuse it if larger than ``max_bytes``.

    A path is opened here (and closed by ``OpenedFile.close``); a file object is used
    as is and left open for its owner. A non-seekable stream is spooled to a temporary
    file, reading at most ``max_bytes + 1`` bytes, so the limit holds before we parse.
    """
    if isinstance(source, str | os.PathLike):
        try:
            stream: IO[bytes] = open(source, "rb")  # noqa: SIM115 - closed by OpenedFile
        except OSError as exc:
            raise fail(filename, f"Filen kunde inte öppnas ({exc.strerror}).") from exc
        close = stream.close
    else:
        stream = source
        close = _noop
    try:
        seekable = stream.seekable()
    except (AttributeError, ValueError):
        seekable = False
    if seekable:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
    else:
        spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
        size = 0
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > max_bytes:
                break
            spool.write(chunk)
        spool.seek(0)
        stream, close = spool, spool.close
    if size > max_bytes:
        close()
        raise fail(
            filename,
            f"Filen är för stor ({format_size(size)}); största tillåtna storlek är "
            f"{format_size(max_bytes)}.",
        )
    if size == 0:
        close()
        raise fail(filename, "Filen är tom; den innehåller inga rader.")
    return OpenedFile(stream, size, close)


def parsed_owning(opened: OpenedFile, parse: Callable[[], ParsedFile]) -> ParsedFile:
    """What ``parse()`` returns, made to let go of ``opened`` too when it is closed: for a
    parser that opened the source and handed its stream to another parser, which does not
    own it. When parsing fails, ``opened`` is let go at once."""
    try:
        parsed = parse()
    except BaseException:
        opened.close()
        raise
    inner = parsed.closer

    def close() -> None:
        if inner is not None:
            inner()
        opened.close()

    parsed.closer = close
    return parsed


def _noop() -> None:
    return None


def peek(stream: IO[bytes], size: int = 8192) -> bytes:
    """The first ``size`` bytes of ``stream``, leaving it positioned at the start."""
    stream.seek(0)
    head = stream.read(size)
    stream.seek(0)
    return head


def is_zip(head: bytes) -> bool:
    return head.startswith(_ZIP_MAGIC)


def is_ole(head: bytes) -> bool:
    return head.startswith(_OLE_MAGIC)


# --- text and CSV -------------------------------------------------------------------


def sniff_encoding(stream: IO[bytes], filename: str) -> tuple[str, RowError | None]:
    """The text encoding of ``stream``: UTF-8 (with or without BOM), UTF-16 with BOM,
    or Windows-1252 when the bytes are not valid UTF-8 (Excel's "CSV" on Swedish
    Windows). The whole file is checked in chunks, so memory stays flat; the second
    value is a notice to show when the file was not UTF-8."""
    head = peek(stream, 4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A UTF-16 file's NULs are its own; an odd number of bytes or a lone surrogate
        # would otherwise fail later, while the first line is read, as UnicodeDecodeError.
        if _decodes(stream, "utf-16", nul_allowed=True):
            return "utf-16", None
        raise fail(
            filename,
            "Filen börjar som UTF-16 men är trasig (den slutar mitt i ett tecken eller "
            "har ogiltiga tecken); spara den som 'CSV UTF-8' och försök igen.",
        )
    if is_zip(head) or is_ole(head):
        raise fail(
            filename,
            "Filen är en Excel-arbetsbok, inte en textfil (CSV); ladda upp den som "
            ".xlsx eller spara den som CSV.",
        )
    if _decodes(stream, "utf-8"):
        return "utf-8", None
    if _decodes(stream, "cp1252"):
        return "cp1252", warning(
            filename,
            "Filen var inte sparad som UTF-8 och har lästs som Windows-1252 (ANSI). "
            "Kontrollera att å, ä och ö ser rätt ut; spara helst som 'CSV UTF-8'.",
        )
    raise fail(
        filename,
        "Filens teckenkodning gick inte att känna igen (varken UTF-8 eller "
        "Windows-1252); spara den som 'CSV UTF-8' och försök igen.",
    )


def _decodes(stream: IO[bytes], encoding: str, *, nul_allowed: bool = False) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    stream.seek(0)
    try:
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk and not nul_allowed:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    finally:
        stream.seek(0)
    return True


@contextlib.contextmanager
def text_stream(stream: IO[bytes], encoding: str) -> Iterator[io.TextIOWrapper]:
    """``stream`` decoded as text from the start; the binary stream stays open after."""
    stream.seek(0)
    wrapper = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        yield wrapper
    finally:
        # detach() so closing the wrapper does not close the caller's file.
        with contextlib.suppress(ValueError):
            wrapper.detach()


def csv_rows(
    stream: IO[bytes], encoding: str, filename: str, delimiter: str
) -> Generator[tuple[int, list[str]], None, None]:
    """(line number, cells) for every CSV record, streamed; csv errors (a field over
    the size limit, a NUL byte) become ParseError naming the line."""
    with text_stream(stream, encoding) as text:
        reader = csv.reader(text, delimiter=delimiter)
        while True:
            line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise fail(filename, f"Raden kunde inte läsas som CSV ({exc}).", row=line) from exc
            yield reader.line_num, cells


@dataclass(frozen=True)
class CsvSource:
    """A CSV upload, decoded: its records can be read again from the start."""

    stream: IO[bytes]
    filename: str
    encoding: str
    delimiter: str
    notice: RowError | None  # the file was not UTF-8 (``sniff_encoding``)

    def rows(self) -> Generator[tuple[int, list[str]], None, None]:
        """(line number, cells) for every record, streamed (``csv_rows``)."""
        return csv_rows(self.stream, self.encoding, self.filename, self.delimiter)

    def with_notice(self, records: Iterator[Record]) -> Iterator[Record]:
        """``records``, after the notice about the file's encoding when there is one."""
        if self.notice:
            yield self.notice
        yield from records


def csv_head(
    opened: OpenedFile,
    filename: str,
    read: Callable[[Iterator[tuple[int, list[str]]]], T],
    *,
    delimiter: str | None = None,
) -> tuple[T, CsvSource]:
    """What ``read`` finds at the top of the CSV in ``opened`` (the header, the report
    lines), and the source to read all its records from. ``delimiter`` None: the header
    line's own (``sniff_delimiter``). When reading fails, ``opened`` is let go."""
    try:
        encoding, notice = sniff_encoding(opened.stream, filename)
        if delimiter is None:
            delimiter = sniff_delimiter(first_text_line(opened.stream, encoding))
        source = CsvSource(opened.stream, filename, encoding, delimiter, notice)
        head_rows = source.rows()
        try:
            return read(head_rows), source
        finally:
            head_rows.close()
    except BaseException:
        opened.close()
        raise


def sniff_delimiter(first_line: str) -> str:
    """The delimiter of a header line: the most frequent of ; , and tab."""
    counts = {d: first_line.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def first_text_line(stream: IO[bytes], encoding: str) -> str:
    with text_stream(stream, encoding) as text:
        for line in text:
            if line.strip():
                return line
    return ""


# --- JSON ---------------------------------------------------------------------------


class JsonObject(dict[str, Any]):
    """A JSON object that remembers keys that appeared more than once (the stdlib keeps
    only the last, silently losing data)."""

    duplicate_keys: tuple[str, ...] = ()


def _object_pairs(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject()
    duplicates = []
    for key, value in pairs:
        if key in obj:
            duplicates.append(key)
        obj[key] = value
    if duplicates:
        obj.duplicate_keys = tuple(duplicates)
    return obj


def load_json(stream: IO[bytes], filename: str) -> Any:
    """The JSON document in ``stream``.

    The stdlib has no streaming JSON parser, so the document is read whole; the size
    limit checked by :func:`open_source` bounds the memory this takes. Records are
    still produced lazily from it.
    """
    stream.seek(0)
    raw = stream.read()
    encoding, _ = _json_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise fail(
            filename,
            "JSON-filen är inte sparad som UTF-8 (JSON ska alltid vara UTF-8).",
        ) from exc
    try:
        return json.loads(text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise fail(
            filename,
            f"Filen är inte giltig JSON: {exc.msg} (rad {exc.lineno}, tecken {exc.colno}).",
            row=exc.lineno,
        ) from exc
    except ValueError as exc:
        raise fail(filename, f"Filen är inte giltig JSON: {exc}.") from exc
    except RecursionError as exc:
        raise fail(filename, "JSON-filen är för djupt nästlad för att läsas.") from exc


def _json_encoding(raw: bytes) -> tuple[str, bool]:
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", True
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", True
    return "utf-8", False


def _reject_constant(name: str) -> float:
    # NaN/Infinity are not JSON; a value we cannot compare must not slip through.
    raise ValueError(f"'{name}' är inte ett giltigt JSON-värde")


def as_path_name(source: Source, filename: str | None) -> str:
    """The file name to show in messages."""
    if filename:
        return filename
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return getattr(source, "name", "") or "fil"
