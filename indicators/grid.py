"""Many values at once: reading a block of typed or pasted cells (indicators down, years
across) and checking each, before anything is saved. Pure: plain data in and out, no
database; the workspace's grid page reads the current values, calls :func:`grid_check`
and hands what is new or changed to ``indicators.services.values.observations_save``.

The checks of one value are :func:`value_checks`, which asks ``indicators.plausibility``
(the rules every entry path shares): out of range is an error, a big jump from a
neighbouring year a warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from core.i18n import gettext as _
from indicators.parsers.numbers import parse_number
from indicators.plausibility import problems

State = Literal["empty", "unchanged", "new", "changed", "error"]
Key = tuple[int, int]  # (indicator id, year)


@dataclass(frozen=True)
class GridIndicator:
    """What the checks need to know of an indicator (``plausibility.Rules``)."""

    id: int
    name: str
    unit: str
    value_min: float | None = None
    value_max: float | None = None


@dataclass
class CellCheck:
    """One cell after reading: its value, what it would do, and what the checks say."""

    indicator_id: int
    year: int
    raw: str
    value: float | None = None
    current: float | None = None
    state: State = "empty"
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class GridCheck:
    """Every cell of the block, by (indicator id, year)."""

    cells: dict[Key, CellCheck]

    def count(self, state: State) -> int:
        return sum(1 for c in self.cells.values() if c.state == state)

    @property
    def count_new(self) -> int:
        return self.count("new")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def errors(self) -> list[CellCheck]:
        return [c for c in self.cells.values() if c.errors]

    @property
    def warnings(self) -> list[CellCheck]:
        return [c for c in self.cells.values() if c.warnings]

    @property
    def to_save(self) -> list[CellCheck]:
        return [c for c in self.cells.values() if c.state in ("new", "changed")]


def value_checks(
    indicator: GridIndicator, year: int, value: float, neighbours: Mapping[int, float]
) -> tuple[list[str], list[str]]:
    """Errors and warnings about one value of ``indicator`` in ``year``, given the values
    of the years around it (typed or stored): the rules every entry path shares
    (``indicators.plausibility``: out of the indicator's range is an error, more than 3×
    or under ⅓ of a neighbouring year a warning)."""
    found = problems(indicator, year, value, neighbours)
    return [p.message for p in found if p.is_error], [p.message for p in found if not p.is_error]


def grid_check(
    *,
    indicators: list[GridIndicator],
    years: list[int],
    typed: Mapping[Key, str],
    current: Mapping[Key, float],
) -> GridCheck:
    """Read every typed cell (Swedish numbers: ``1 234,5``; empty: left as it is) and
    check it against the current values (``current``: what is stored now, drafts
    included) and the year before (typed or stored)."""
    cells: dict[Key, CellCheck] = {}
    for indicator in indicators:
        for year in years:
            key = (indicator.id, year)
            raw = (typed.get(key) or "").strip()
            cell = CellCheck(indicator.id, year, raw, current=current.get(key))
            cells[key] = cell
            if not raw:
                continue
            try:
                cell.value = parse_number(raw)
            except ValueError:
                cell.state = "error"
                cell.errors.append(_("'%(raw)s' är inget tal; skriv t.ex. 1 234,5.") % {"raw": raw})
                continue
            if cell.current is not None and cell.current == cell.value:
                cell.state = "unchanged"
                continue
            cell.state = "new" if cell.current is None else "changed"
    # The neighbouring years as they would be after saving: typed over stored.
    by_id = {i.id: i for i in indicators}
    for (indicator_id, year), cell in cells.items():
        if cell.value is None or cell.state == "unchanged":
            continue
        neighbours = {y: v for (i, y), v in current.items() if i == indicator_id and y != year}
        for (i, y), other in cells.items():
            if i == indicator_id and y != year and other.value is not None:
                neighbours[y] = other.value
        errors, warnings = value_checks(by_id[indicator_id], year, cell.value, neighbours)
        cell.errors += errors
        cell.warnings += warnings
        if errors:
            cell.state = "error"
    return GridCheck(cells)
