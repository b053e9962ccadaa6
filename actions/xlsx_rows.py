"""Reading the actions workbook back (``actions.xlsx``): a sheet's rows by their headers,
each cell checked, into the rows the import service takes. Every problem is collected
with its sheet, row and column."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from actions.dates import parse_partial_date, partial_end
from actions.imports import ActionImportRow
from actions.models import OTHER_SECTOR, ActionStatus, CoBenefit
from actions.services import CostValues
from actions.xlsx_columns import (
    ACTION_COLUMNS,
    BENEFIT_OF,
    CHOICES,
    COST_COLUMNS,
    COSTS_SHEET,
    LABEL_OF,
    NUMBER_FIELDS,
    TEXT_FIELDS,
    VALUE_OF,
    Column,
)
from core.downloads import looks_like_formula
from indicators.parsers import RowError
from indicators.parsers.numbers import parse_number, parse_year
from indicators.parsers.sectors import canonical_sector
from indicators.parsers.text import name_key, shorten
from indicators.parsers.workbooks import sheet_rows, workbook_sheet


def cell_text(value: Any) -> str:
    """A text cell as stored, minus the apostrophe our export put before formula-like
    text (so "=x" survives a round trip as "=x")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if text.startswith("'") and looks_like_formula(text[1:]):
        text = text[1:]
    return text


class SheetRows:
    """Reads one sheet's rows by header, collecting problems with sheet, row and column."""

    def __init__(self, filename: str, sheet_name: str, columns: tuple[Column, ...]):
        self.filename = filename
        self.sheet_name = sheet_name
        self.columns = columns
        self.errors: list[RowError] = []
        self.index: dict[str, int] = {}

    def where(self) -> str:
        return f"{self.filename}, blad {self.sheet_name}"

    def error(self, row: int | None, key: str | None, message: str, value: Any = "") -> None:
        header = next((c.header for c in self.columns if c.key == key), key) if key else None
        self.errors.append(RowError(self.where(), row, header, message, shorten(value)))

    def read_header(self, values: tuple[Any, ...]) -> bool:
        found = {name_key(cell_text(v)): i for i, v in enumerate(values) if v is not None}
        missing = []
        for column in self.columns:
            position = found.get(name_key(column.header))
            if position is None:
                missing.append(column.header)
            else:
                self.index[column.key] = position
        required = {"title"} if self.columns is ACTION_COLUMNS else {"action", "year"}
        absent = [c.header for c in self.columns if c.key in required and c.key not in self.index]
        if absent:
            self.error(
                1,
                None,
                _("Kolumnerna %(cols)s saknas i rubrikraden; utgå från en exporterad fil.")
                % {"cols": ", ".join(absent)},
            )
            return False
        return True

    def get(self, values: tuple[Any, ...], key: str) -> Any:
        position = self.index.get(key)
        if position is None or position >= len(values):
            return None
        return values[position]


def _choice(rows: SheetRows, row: int, key: str, raw: Any, *, required: bool = False) -> str | None:
    text = cell_text(raw)
    if not text:
        if required:
            rows.error(row, key, _("Värde saknas."))
            return None
        return ""
    if key == "sector":
        canonical = canonical_sector(text)
        if canonical and canonical in LABEL_OF["sector"]:
            return canonical
    value = VALUE_OF[key].get(name_key(text))
    if value is None:
        allowed = ", ".join(label for _, label in CHOICES[key])
        rows.error(
            row,
            key,
            _("'%(value)s' är inte ett tillåtet värde; välj ett av: %(allowed)s.")
            % {"value": shorten(text, 40), "allowed": allowed},
            text,
        )
    return value


def _number(rows: SheetRows, row: int, key: str, raw: Any) -> float | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str) and raw.strip().startswith("="):
        rows.error(row, key, _("Cellen innehåller en formel; skriv in talet i stället."), raw)
        return None
    try:
        value = parse_number(raw)
    except ValueError:
        rows.error(row, key, _("'%(value)s' är inget tal; skriv t.ex. 1 234,5.") % {"value": raw})
        return None
    if value < 0:
        rows.error(row, key, _("Talet kan inte vara negativt."), raw)
        return None
    return value


def _year(rows: SheetRows, row: int, key: str, raw: Any) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        year = parse_year(raw)
    except ValueError:
        rows.error(row, key, _("'%(value)s' är inget årtal; skriv t.ex. 2026.") % {"value": raw})
        return None
    if not 1990 <= year <= 2100:
        rows.error(row, key, _("Året måste vara mellan 1990 och 2100."), raw)
        return None
    return year


def _whole(rows: SheetRows, row: int, key: str, raw: Any) -> int | None:
    value = _number(rows, row, key, raw)
    if value is None:
        return None
    if not float(value).is_integer():
        rows.error(row, key, _("Ange hela kronor."), raw)
        return None
    return int(value)


def _yes_no(rows: SheetRows, row: int, key: str, raw: Any) -> bool:
    text = name_key(cell_text(raw))
    if text in ("", "nej", "no", "false", "0"):
        return False
    if text in ("ja", "yes", "true", "1"):
        return True
    rows.error(row, key, _("Skriv Ja eller Nej."), raw)
    return False


def parse_action_row(
    rows: SheetRows,
    row: int,
    values: tuple[Any, ...],
    *,
    indicator_keys: dict[str, int],
) -> ActionImportRow | None:
    """One row of the actions sheet as the import service takes it, or None when it has
    problems (each recorded in ``rows`` with its column)."""
    cell = functools.partial(rows.get, values)
    before = len(rows.errors)
    data = _texts(rows, row, cell)
    data |= {key: _choice(rows, row, key, cell(key)) for key in CHOICE_FIELDS}
    data["sector"] = data["sector"] or OTHER_SECTOR
    data["status"] = data["status"] or ActionStatus.PLANNED
    data |= _dates(rows, row, cell)
    data |= {key: _number(rows, row, key, cell(key)) for key in NUMBER_FIELDS}
    data["effect_from_year"] = _year(rows, row, "effect_from_year", cell("effect_from_year"))
    data["co_benefits"] = _benefits(rows, row, cell("co_benefits"))
    data["share_with_other_cities"] = _yes_no(
        rows, row, "share_with_other_cities", cell("share_with_other_cities")
    )
    goal_ids = _goal_ids(rows, row, cell("goals"))
    indicator_ids = _indicator_ids(rows, row, cell("indicators"), indicator_keys)
    pk = _whole_number(
        rows, row, "id", _("ID ska vara ett heltal; lämna tomt för en ny åtgärd."), values
    )
    version = _whole_number(rows, row, "version", _("Version ska vara ett heltal."), values)
    if len(rows.errors) > before:
        return None
    # A column left out of the file leaves that field as it is (new actions: default).
    sources = {"start_date": "start", "start_precision": "start"}
    sources |= {"end_date": "end", "end_precision": "end"}
    return ActionImportRow(
        row=row,
        pk=pk,
        version=version,
        values={key: value for key, value in data.items() if sources.get(key, key) in rows.index},
        goal_ids=goal_ids if "goals" in rows.index else None,
        indicator_ids=indicator_ids if "indicators" in rows.index else None,
        costs=None,
    )


#: The choice fields in the order their problems are reported.
CHOICE_FIELDS = ("sector", "lever", "status", "stage", "funding_status")

Cell = Callable[[str], Any]


def _texts(rows: SheetRows, row: int, cell: Cell) -> dict[str, Any]:
    """The free-text fields, each within its length; a row without a title is refused."""
    data: dict[str, Any] = {}
    for key, limit in TEXT_FIELDS.items():
        text = cell_text(cell(key))
        if len(text) > limit:
            rows.error(row, key, _("Texten är längre än %(n)s tecken.") % {"n": limit}, text)
        data[key] = text
    if not data["title"] and "title" in rows.index:
        rows.error(row, "title", _("Rubrik saknas."))
    return data


def _dates(rows: SheetRows, row: int, cell: Cell) -> dict[str, Any]:
    """Start and end as a day and how precise it is (an end is the period's last day)."""
    data: dict[str, Any] = {}
    for key in ("start", "end"):
        try:
            parsed = parse_partial_date(cell(key))
        except ValueError as error:
            rows.error(row, key, str(error), cell(key))
            parsed = None
        if parsed is None:
            data[f"{key}_date"], data[f"{key}_precision"] = None, "day"
        else:
            day, precision = parsed
            data[f"{key}_date"] = partial_end(day, precision) if key == "end" else day
            data[f"{key}_precision"] = precision
    return data


def _benefits(rows: SheetRows, row: int, raw: Any) -> list[str]:
    """The co-benefits named in the cell (by label or code), in their one order."""
    benefits = []
    for part in cell_text(raw).replace(",", ";").split(";"):
        if not part.strip():
            continue
        code = BENEFIT_OF.get(name_key(part))
        if code is None:
            rows.error(
                row,
                "co_benefits",
                _("Okänd sidonytta '%(value)s'; välj bland: %(allowed)s.")
                % {"value": part.strip(), "allowed": ", ".join(map(str, CoBenefit.labels))},
            )
        elif code not in benefits:
            benefits.append(code)
    return [code for code in CoBenefit.values if code in benefits]


def _parts(raw: Any) -> list[str]:
    """A list cell's items: separated by commas or semicolons."""
    return [part.strip() for part in cell_text(raw).replace(";", ",").split(",") if part.strip()]


def _goal_ids(rows: SheetRows, row: int, raw: Any) -> list[int]:
    goal_ids = []
    for part in _parts(raw):
        if not part.isdigit():
            rows.error(row, "goals", _("Ange klimatmålens ID (siffror), se bladet Listor."), part)
        else:
            goal_ids.append(int(part))
    return goal_ids


def _indicator_ids(
    rows: SheetRows, row: int, raw: Any, indicator_keys: dict[str, int]
) -> list[int]:
    indicator_ids = []
    for part in _parts(raw):
        pk = indicator_keys.get(part)
        if pk is None:
            rows.error(
                row, "indicators", _("Okänd indikator '%(key)s', se bladet Listor.") % {"key": part}
            )
        else:
            indicator_ids.append(pk)
    return indicator_ids


def _whole_number(
    rows: SheetRows, row: int, key: str, message: str, values: tuple[Any, ...]
) -> int | None:
    """An id or version: empty, or digits."""
    raw = cell_text(rows.get(values, key))
    if not raw:
        return None
    if raw.isdigit():
        return int(raw)
    rows.error(row, key, message, raw)
    return None


def read_costs(workbook: Any, filename: str, parsed: list[ActionImportRow]) -> list[RowError]:
    """Read the costs sheet into the cost lines of the parsed actions it names; returns
    its problems. Every action of the actions sheet gets the lines found (maybe none)."""
    costs = SheetRows(filename, COSTS_SHEET, COST_COLUMNS)
    by_id = {p.pk: p for p in parsed if p.pk is not None}
    by_title: dict[str, list[ActionImportRow]] = {}
    for p in parsed:
        if p.pk is None:
            by_title.setdefault(name_key(p.values["title"]), []).append(p)
    lines: dict[int, list[CostValues]] = {id(p): [] for p in parsed}
    sheet = workbook_sheet(workbook, filename, COSTS_SHEET)
    for number, values in sheet_rows(sheet, filename):
        if number == 1:
            if not costs.read_header(values):
                break
            continue
        if all(cell_text(v) == "" for v in values):
            continue
        before = len(costs.errors)
        target = _cost_action(
            costs, number, cell_text(costs.get(values, "action")), by_id, by_title
        )
        line = _cost_line(costs, number, values)
        if len(costs.errors) == before and target is not None and line is not None:
            lines[id(target)].append(line)
    for p in parsed:
        p.costs = lines[id(p)]
    return costs.errors


def _cost_action(
    costs: SheetRows,
    number: int,
    reference: str,
    by_id: dict[int, ActionImportRow],
    by_title: dict[str, list[ActionImportRow]],
) -> ActionImportRow | None:
    """The action a cost line names: by id, or by title for an action new in the file."""
    if reference.isdigit() and int(reference) in by_id:
        return by_id[int(reference)]
    if reference.isdigit():
        message = _("Åtgärd %(id)s finns inte i bladet Åtgärder.") % {"id": reference}
        costs.error(number, "action", message)
        return None
    matches = by_title.get(name_key(reference), [])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        message = _(
            "'%(ref)s' matchar ingen ny åtgärd i bladet Åtgärder; ange ID eller exakt rubrik."
        ) % {"ref": shorten(reference, 40)}
    else:
        message = _("Flera nya åtgärder har rubriken '%(ref)s'; ge dem olika rubriker.") % {
            "ref": shorten(reference, 40)
        }
    costs.error(number, "action", message)
    return None


def _cost_line(costs: SheetRows, number: int, values: tuple[Any, ...]) -> CostValues | None:
    """The year's money of one row; None when it has no year."""
    year = _year(costs, number, "year", costs.get(values, "year"))
    if year is None and not any(e.row == number for e in costs.errors):
        costs.error(number, "year", _("År saknas."))
    investment = _whole(costs, number, "investment_sek", costs.get(values, "investment_sek"))
    operating = _whole(costs, number, "operating_sek", costs.get(values, "operating_sek"))
    source = cell_text(costs.get(values, "funding_source"))
    status = _choice(costs, number, "funding_status", costs.get(values, "funding_status"))
    if year is None:
        return None
    return CostValues(
        year=year,
        investment_sek=investment,
        operating_sek=operating,
        funding_source=source,
        funding_status=status or "",
    )
