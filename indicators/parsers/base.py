"""Plain data shapes shared by every file parser.

The parsers turn an official data file (an emission inventory, a population table, a
Kolada response, our own indicator template...) into these dataclasses. Nothing here
knows about Django: the service layer maps the records onto models in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import TracebackType
from typing import TypedDict

from .cdp_records import CdpInventory, CdpTarget

#: Default upper limit for an uploaded file. Large enough for every national file we know
#: (the biggest, SMHI's Länsrapport CSV, is 4 MB), small enough to refuse junk early.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

#: Severity of a :class:`RowError`. An "error" means the row (or file) is wrong and the
#: import must not land; a "warning" is a notice the person should read (a missing value
#: that was skipped, a file decoded as Windows-1252) but that does not block the import.
SEVERITY_ERROR = "error"

#: The one source of every value a city records itself (forms, API, template uploads,
#: ``import_data`` of template files): "kommunens egna uppgifter". The document or
#: delivery each value comes from is kept on the value (``Observation.reference``).
OWN_SOURCE = "kommun"
OWN_RELEASE_NAME = "Kommunens egna uppgifter"
SEVERITY_WARNING = "warning"


class ParseOptions(TypedDict, total=False):
    """What a parser may be told besides the file. ``parse_any`` passes one set to every
    format; each parser reads what it uses and leaves the rest."""

    municipalities: Mapping[str, str] | None  # the reference list, code → name
    current_year: int | None  # this year by default; values may be for next year
    max_bytes: int  # the largest file read (``DEFAULT_MAX_BYTES``)
    min_year: int  # the earliest year a value may be for (each format has its own)
    year: int | None  # SEI's files: the data year, when the file name does not say it
    indicator_keys: Collection[str] | None  # the template: the keys that exist
    # the template: the names the UI shows (Swedish and English), folded with
    # ``text.fold_name``, → the indicator's key
    indicator_names: Mapping[str, str] | None


@dataclass(frozen=True)
class ReleaseInfo:
    """Which publication a file is, e.g. SMHI's "Länsrapport 2021-10-14".

    Releases revise history, so every stored value remembers the release it came from.
    """

    source: str  # "smhi-ned", "kolada", "scb", "sei", "klimatkollen", "kommun" (own figures)
    name: str  # human label in Swedish, e.g. "Länsrapport 2021-10-14"
    released_on: date | None  # read from the file when it states it
    covers_to: int | None  # last data year in the file
    publisher: str  # credit line, e.g. "SMHI, Nationella emissionsdatabasen"


@dataclass(frozen=True)
class EmissionRecord:
    """One cell of a territorial emission inventory: a municipality's emissions of one
    substance from one (sub)sector in one year."""

    municipality_code: str  # 4-digit SCB code, e.g. "2480"
    year: int
    substance: str  # "GGT", "CO2", "CH4", "N2O", ... (short code)
    sector: str  # canonical main sector, or "Alla" for the municipality total
    subsector: str  # canonical subsector, or "Alla" for the main-sector total
    tonnes: float  # t/year (t CO2e for GGT)
    row: int  # 1-based line/row number in the source file (for error reports)


@dataclass(frozen=True)
class ObservationRecord:
    """One value of an indicator for a municipality and year (utfall)."""

    municipality_code: str
    indicator_key: str  # "kolada:N01951", "consumption_emissions_per_person", "population"...
    year: int
    value: float
    status: str = "final"  # "final" | "preliminary" | "estimate"
    source: str = ""  # the row's own credit (the template's Källa): the value's reference
    note: str = ""
    row: int = 0


@dataclass(frozen=True)
class County:
    """A county (län), identified by its 2-digit SCB code, e.g. "24" Västerbottens län."""

    code: str
    name: str


@dataclass(frozen=True)
class Municipality:
    """A municipality (kommun) in SCB's reference list, e.g. "2480" Umeå in county "24"."""

    code: str
    name: str
    county_code: str
    county_name: str


@dataclass(frozen=True)
class RowError:
    """A problem found in a file, worded for the person who uploaded it.

    ``message`` says what was wrong and what was expected; ``file``, ``row`` and
    ``column`` say where. ``str(error)`` joins them into one Swedish sentence such as
    "utslapp.csv, rad 12, kolumn 2015: 'abc' är inte ett tal ...".
    """

    file: str  # file name
    row: int | None  # 1-based row/line in the file (None = the whole file)
    column: str | None  # column name/letter as the person sees it
    message: str  # Swedish: what was wrong and what was expected
    value: str = ""  # offending raw value, truncated
    severity: str = SEVERITY_ERROR  # "error" blocks the import, "warning" is a notice

    @property
    def is_error(self) -> bool:
        return self.severity == SEVERITY_ERROR

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn {self.column}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class ParseError(Exception):
    """The file as a whole cannot be read: empty, not a workbook, wrong columns, a zip
    bomb, too big... Raised by ``parse()`` or while iterating ``rows()``."""

    def __init__(self, error: RowError):
        super().__init__(str(error))
        self.error = error


#: Everything ``ParsedFile.rows()`` can yield.
Record = (
    EmissionRecord | ObservationRecord | Municipality | County | CdpTarget | CdpInventory | RowError
)


@dataclass
class ParsedFile:
    """A recognised file whose records can be streamed with :meth:`rows`.

    ``rows()`` is a generator: records are produced while the file is read, so memory
    stays flat however large the file is. Calling ``rows()`` again reads the file again
    from the start. Workbook-based formats keep the workbook open until :meth:`close`
    (or the end of a ``with`` block).
    """

    format: str  # format id, e.g. "ned_csv" (see detect.FORMATS)
    kind: str  # "emissions" | "observations" | "municipalities"
    release: ReleaseInfo
    total_rows: int | None  # data rows in the file when known up front, else None
    row_source: Callable[[], Iterator[Record]] = field(repr=False, compare=False)
    closer: Callable[[], None] | None = field(default=None, repr=False, compare=False)
    substance: str | None = None  # emission files: the substance code of every record

    def rows(self) -> Iterator[Record]:
        return self.row_source()

    def close(self) -> None:
        if self.closer is not None:
            closer, self.closer = self.closer, None
            closer()

    def __enter__(self) -> ParsedFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
