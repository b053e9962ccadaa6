"""Pure parsers for the official data files the dashboard imports (no Django here).

Each format module exposes ``parse(fileobj, *, filename, municipalities=None, ...)``
returning a :class:`ParsedFile` whose ``rows()`` streams records and row errors.
:func:`parse_any` detects the format and dispatches; :data:`FORMATS` lists them.
"""

from .base import (
    DEFAULT_MAX_BYTES,
    County,
    EmissionRecord,
    Municipality,
    ObservationRecord,
    ParsedFile,
    ParseError,
    Record,
    ReleaseInfo,
    RowError,
)
from .detect import FORMATS, FormatInfo, detect_format, parse_any

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "County",
    "EmissionRecord",
    "FormatInfo",
    "Municipality",
    "ObservationRecord",
    "ParseError",
    "ParsedFile",
    "Record",
    "ReleaseInfo",
    "RowError",
    "detect_format",
    "parse_any",
]
