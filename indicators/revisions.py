"""What a newer emission release revised: the years and sectors whose value changed between
two releases of the same substance, and by how much (SMHI revises the whole history in
each release: Umeå 1990 was 458 141 t CO2e in the 2021 release, 481 807 t in 2026).

``release_revisions`` is pure (plain dicts in, plain data out); ``city_revisions`` reads
the two releases' rows of one municipality in two queries. Read by the revisions API
(``GET /api/v1/emissions/revisions/``) and the city page's note on a revision that
changed a target's status.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cities.models import City
from indicators.models import EmissionRow, EmissionTotal, SourceRelease

#: A change smaller than this (in tonnes) is rounding between file formats, not a revision:
#: pages show whole tonnes.
TOLERANCE_T = 0.5

#: (year, main sector or None for the municipality's total) → tonnes
Values = Mapping[tuple[int, str | None], float]


@dataclass(frozen=True)
class Revision:
    """One year's value of one sector (None: the total) in both releases."""

    year: int
    sector: str | None
    old: float
    new: float

    @property
    def change(self) -> float:
        return self.new - self.old

    @property
    def change_pct(self) -> float | None:
        return None if self.old == 0 else self.change / self.old * 100

    def to_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "sector": self.sector,
            "from_value": self.old,
            "to_value": self.new,
            "change": self.change,
            "change_pct": self.change_pct,
        }


@dataclass(frozen=True)
class Revisions:
    """What changed from ``old`` to ``new``: revised values (total first, then sectors,
    by year), the years only the old release has (``years_removed``) and the years only
    the new one has (``years_added``)."""

    revised: tuple[Revision, ...]
    years_removed: tuple[int, ...]
    years_added: tuple[int, ...]

    def total(self, year: int) -> Revision | None:
        return next((r for r in self.revised if r.year == year and r.sector is None), None)


def release_revisions(old: Values, new: Values, *, tolerance: float = TOLERANCE_T) -> Revisions:
    """Compare two releases' values of one municipality (see ``Values``)."""
    revised = [
        Revision(year, sector, old[(year, sector)], new[(year, sector)])
        for year, sector in old.keys() & new.keys()
        if abs(new[(year, sector)] - old[(year, sector)]) >= tolerance
    ]
    revised.sort(key=lambda r: (r.sector is not None, r.sector or "", r.year))
    old_years = {year for year, sector in old if sector is None}
    new_years = {year for year, sector in new if sector is None}
    return Revisions(
        tuple(revised), tuple(sorted(old_years - new_years)), tuple(sorted(new_years - old_years))
    )


def _values(city: City, release: SourceRelease) -> dict[tuple[int, str | None], float]:
    found: dict[tuple[int, str | None], float] = {}
    totals = EmissionTotal.objects.filter(release=release, city=city)
    for year, tonnes in totals.values_list("year", "tonnes"):
        found[(year, None)] = tonnes
    rows = (
        EmissionRow.objects.filter(release=release, city=city, subsector=EmissionRow.TOTAL)
        .exclude(sector=EmissionRow.TOTAL)
        .values_list("year", "sector", "tonnes")
    )
    for year, sector, tonnes in rows:
        found[(year, sector)] = tonnes
    return found


def city_revisions(*, city: City, old: SourceRelease, new: SourceRelease) -> Revisions:
    """What ``new`` revised of ``old``'s values for ``city`` (four queries)."""
    return release_revisions(_values(city, old), _values(city, new))


def previous_release(
    release: SourceRelease, *, among: Iterable[SourceRelease] | None = None
) -> SourceRelease | None:
    """The newest release of the same substance older than ``release`` (by the years it
    covers, then its date): one query, or none when ``among`` holds the releases already
    read, newest first (``emission_releases_newest_first``)."""
    candidates = (
        SourceRelease.objects.filter(substance=release.substance).exclude(pk=release.pk)
        if among is None
        else [r for r in among if r.substance == release.substance and r.pk != release.pk]
    )
    older = [
        r
        for r in candidates
        if (r.covers_to or 0, r.released_on or r.imported_at.date())
        < (release.covers_to or 0, release.released_on or release.imported_at.date())
    ]
    return older[0] if older else None
