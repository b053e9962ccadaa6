"""What every file import shares: the result and its samples for the preview, the
rejection that means nothing was written, the release the values come from, and the
row errors for municipalities that are unknown or not the uploader's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from django.db import transaction

from cities.models import City
from cities.services import UpsertCounts
from core.cache import bump_generation
from core.numbers import counted
from indicators.models import SourceRelease
from indicators.parsers.base import SEVERITY_WARNING, ReleaseInfo, RowError

BATCH_SIZE = 5000
#: How many new and changed values an import keeps as examples for the preview.
SAMPLE_LIMIT = 100
T = TypeVar("T")
#: Called after each batch with the number of values read so far (progress bars).
Progress = Callable[[int], None]


class ImportRejected(Exception):
    """Raised when rows were rejected; nothing has been written.

    ``refused`` are the rows the person may not import at all (another municipality's
    values in an officer's upload): they block the import even when the person chose to
    import only the valid rows.
    """

    def __init__(self, errors: list[RowError], refused: list[RowError] | None = None):
        self.refused = refused or []
        self.errors = [*self.refused, *errors]
        first = self.errors[0]
        where = f"rad {first.row}" if first.row else "filen"
        super().__init__(
            f"{len(self.errors)} fel i {first.file}; första: {where}"
            + (f", kolumn {first.column}" if first.column else "")
            + f": {first.message}"
        )


@dataclass(frozen=True)
class ChangeSample:
    """One value an import creates or changes, for the preview ("Umeå 2019: 1 → 2")."""

    municipality_code: str
    municipality: str
    what: str  # "Transporter / Alla (GGT)" or the indicator's name
    year: int
    old: float | None  # None for a new value
    new: float


@dataclass
class ImportResult:
    release: SourceRelease | None
    counts: UpsertCounts = field(default_factory=UpsertCounts)
    rows_read: int = 0
    rejected: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)  # notices that did not block
    new_samples: list[ChangeSample] = field(default_factory=list)
    changed_samples: list[ChangeSample] = field(default_factory=list)
    left_aside: int = 0  # rows of other municipalities, counties or Riket, not imported
    jumps: int = 0  # values to confirm (more than 3× or under ⅓ of a neighbouring year)


def release_get_or_create(*, info: ReleaseInfo, substance: str = "") -> SourceRelease:
    """The stored release a file says it is (by source, name and substance), made on first
    import; a later file of the same release that reaches further extends ``covers_to``."""
    release, created = SourceRelease.objects.get_or_create(
        source=info.source,
        name=info.name,
        substance=substance,
        defaults={
            "publisher": info.publisher,
            "released_on": info.released_on,
            "covers_to": info.covers_to,
        },
    )
    if not created and (release.covers_to or 0) < (info.covers_to or 0):
        release.covers_to = info.covers_to
        release.save(update_fields=["covers_to"])
    return release


def release_covers(release: SourceRelease, last_year: int | None) -> None:
    """Files that state no last year (templates, Kolada) learn it from their rows."""
    if last_year is not None and (release.covers_to or 0) < last_year:
        release.covers_to = last_year
        release.save(update_fields=["covers_to"])


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last may be shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def is_not_municipality(code: str) -> bool:
    """Does a code name a county, a region or Riket rather than a municipality? Kolada
    writes Riket as 0000 and regions (counties) as 00 followed by the county code."""
    return len(code) == 4 and code.startswith("00")


def unknown_city(file: str, row: int, code: str) -> RowError:
    """The error for a row of a municipality that is not in the database."""
    return RowError(file=file, row=row, column="Kommun", message=f"Okänd kommunkod {code}.")


def city_names(allowed_city_ids: Collection[int] | None) -> str:
    """The names of the municipalities an upload may hold (for the messages); "" for a
    national import."""
    if allowed_city_ids is None:
        return ""
    names = sorted(City.objects.filter(pk__in=allowed_city_ids).values_list("name", flat=True))
    return ", ".join(names) or "ingen kommun"


@dataclass
class Ledger:
    """What one import has met so far: the rows read and what became of them (counts),
    the rows rejected, refused or noted, and samples of new and changed values for the
    preview. ``cities`` maps a municipality code to (id, name); ``allowed`` is the city
    ids an officer's upload may hold (None: a national import)."""

    file: str  # errors name the file the person has
    skip_rejected: bool
    cities: dict[str, tuple[int, str]]
    allowed: set[int] | None
    allowed_names: str
    errors: list[RowError] = field(default_factory=list)
    refused: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    new_samples: list[ChangeSample] = field(default_factory=list)
    changed_samples: list[ChangeSample] = field(default_factory=list)
    jumps: list[RowError] = field(default_factory=list)  # to confirm (plausibility)
    confirm_jumps: bool = True
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows_read: int = 0
    # An officer's national or county file: the rows of other municipalities (by code)
    # and of entities that are not municipalities (a county, Riket) are left aside and
    # counted, not refused; ``own_rows`` counts the rows of the officer's cities.
    left_aside: dict[str, int] = field(default_factory=dict)
    not_municipalities: int = 0
    own_rows: int = 0

    @classmethod
    def start(
        cls, *, file: str, skip_rejected: bool, allowed_city_ids: Collection[int] | None
    ) -> Ledger:
        """A ledger for a new import, with every municipality looked up once."""
        cities = {
            code: (pk, name) for code, pk, name in City.objects.values_list("code", "pk", "name")
        }
        allowed = set(allowed_city_ids) if allowed_city_ids is not None else None
        return cls(file, skip_rejected, cities, allowed, city_names(allowed))

    @property
    def blocked(self) -> bool:
        """Nothing more is written: a row was refused, or rejected without the person's
        choice to import only the valid rows. Reading goes on, to report every problem."""
        if self.jumps and not self.confirm_jumps:
            return True
        return bool(self.refused) or (bool(self.errors) and not self.skip_rejected)

    def note(self, problem: RowError) -> None:
        """A problem the parser found: an error rejects the row, a warning is a notice."""
        (self.errors if problem.is_error else self.warnings).append(problem)

    def city_of(self, row: int, code: str) -> tuple[int, str] | None:
        """The (id, name) of the row's municipality, or None after noting why the row is
        not imported: an unknown code (an error), an entity that is not a municipality
        (a county or Riket: left aside), or, in an officer's upload, another municipality
        (left aside: a national or county file imports only the officer's own rows)."""
        city = self.cities.get(code)
        if city is None:
            if is_not_municipality(code):
                self.not_municipalities += 1
                return None
            self.errors.append(unknown_city(self.file, row, code))
        elif self.allowed is not None and city[0] not in self.allowed:
            self.left_aside[code] = self.left_aside.get(code, 0) + 1
            return None
        elif self.allowed is not None:
            self.own_rows += 1
        return city

    def check(self) -> None:
        """Raise ``ImportRejected`` (the caller's transaction rolls back) when blocked, or
        when an officer's file holds rows of other municipalities only."""
        if self.allowed is not None and self.left_aside and not self.own_rows:
            count = sum(self.left_aside.values())
            self.refused.append(
                RowError(
                    file=self.file,
                    row=None,
                    column="Kommun",
                    message=(
                        f"Filen har inga värden för {self.allowed_names}; dess {_rows(count)} "
                        f"gäller {_other_cities(len(self.left_aside))}."
                    ),
                )
            )
        if self.blocked:
            unconfirmed = [] if self.confirm_jumps else [_to_confirm(j) for j in self.jumps]
            raise ImportRejected([*self.errors, *unconfirmed], self.refused)
        self._note_left_aside()

    def _note_left_aside(self) -> None:
        """One notice for the rows left aside (not one per row: a national file has
        thousands)."""
        if self.left_aside:
            count = sum(self.left_aside.values())
            self.warnings.append(
                RowError(
                    file=self.file,
                    row=None,
                    column="Kommun",
                    message=(
                        f"{_rows(count)} för {_other_cities(len(self.left_aside))} lämnades "
                        f"utanför; bara värdena för {self.allowed_names} läses in."
                    ),
                    severity=SEVERITY_WARNING,
                )
            )
        if self.not_municipalities:
            self.warnings.append(
                RowError(
                    file=self.file,
                    row=None,
                    column="Kommun",
                    message=(
                        f"{_rows(self.not_municipalities)} för län, regioner eller riket "
                        "lämnades utanför; de är inga kommuner."
                    ),
                    severity=SEVERITY_WARNING,
                )
            )

    def finish(self, release: SourceRelease, *, dry_run: bool) -> ImportResult:
        """What the import did, for the caller's message and the job's preview. A dry run
        rolls the transaction back; an import that changed anything bumps the pages'
        cache generation."""
        if dry_run:
            transaction.set_rollback(True)
        elif self.created or self.updated:
            bump_generation()
        return ImportResult(
            release=release,
            counts=UpsertCounts(self.created, self.updated, self.unchanged),
            rows_read=self.rows_read,
            rejected=self.errors,
            warnings=self.warnings,
            new_samples=self.new_samples,
            changed_samples=self.changed_samples,
            left_aside=sum(self.left_aside.values()) + self.not_municipalities,
            jumps=len(self.jumps),
        )


def _to_confirm(jump: RowError) -> RowError:
    """A jump nobody confirmed, as the error that stops the import."""
    return RowError(
        jump.file,
        jump.row,
        jump.column,
        f"{jump.message} Bekräfta språnget när du bekräftar importen.",
        jump.value,
    )


def _rows(count: int) -> str:
    return counted(count, "rad", "rader")


def _other_cities(count: int) -> str:
    return counted(count, "annan kommun", "andra kommuner")
