"""Many values at once: reading a block of typed or pasted cells (indicators down, years
across) and checking each, before anything is saved. Pure: plain data in and out, no
database; the workspace's grid page reads the current values, calls :func:`grid_check`
and hands what is new or changed to ``indicators.services.values.observations_save``.

The checks of one value are :func:`value_checks`: the one place the grid asks whether a
value is plausible (out of range: an error; a big jump from the year before: a warning).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from django.utils.translation import gettext as _

from core.formatting import num
from indicators.forms import format_number
from indicators.parsers.numbers import parse_number

#: A change from the year before larger than this share is worth a second look.
JUMP_SHARE = 0.5

State = Literal["empty", "unchanged", "new", "changed", "error"]
Key = tuple[int, int]  # (indicator id, year)


@dataclass(frozen=True)
class GridIndicator:
    """What the checks need to know of an indicator."""

    id: int
    name: str
    unit: str


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
    indicator: GridIndicator, value: float, previous: float | None, previous_year: int
) -> tuple[list[str], list[str]]:
    """Errors and warnings about one value of ``indicator`` given the year before's value
    (``previous``, or None). A share in per cent lies between 0 and 100; a change of more
    than half from the year before is flagged for a second look."""
    errors: list[str] = []
    warnings: list[str] = []
    if indicator.unit.strip() == "%" and not 0 <= value <= 100:
        errors.append(_("en andel i procent ligger mellan 0 och 100."))
    if (
        previous is not None
        and previous != 0
        and abs(value - previous) > JUMP_SHARE * abs(previous)
    ):
        change = (value - previous) / abs(previous) * 100
        warnings.append(
            _("%(change)s %% jämfört med %(year)s (%(previous)s); stämmer det?")
            % {
                "change": ("+" if change > 0 else "") + num(change, 0),
                "year": previous_year,
                "previous": format_number(previous),
            }
        )
    return errors, warnings


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
    # The year before, as it would be after saving: typed over stored.
    for (indicator_id, year), cell in cells.items():
        if cell.value is None or cell.state == "unchanged":
            continue
        before = cells.get((indicator_id, year - 1))
        previous = before.value if before and before.value is not None else None
        if previous is None:
            previous = current.get((indicator_id, year - 1))
        indicator = next(i for i in indicators if i.id == indicator_id)
        errors, warnings = value_checks(indicator, cell.value, previous, year - 1)
        cell.errors += errors
        cell.warnings += warnings
        if errors:
            cell.state = "error"
    return GridCheck(cells)
