"""Reading the actions workbook back (``actions.xlsx``): a sheet's rows by their headers,
each cell checked, into the rows the import service takes. Every problem is collected
with its sheet, row and column."""

from __future__ import annotations

import unicodedata
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
    get = lambda key: rows.get(values, key)  # noqa: E731 - a local shorthand
    before = len(rows.errors)
    data: dict[str, Any] = {}
    for key, limit in TEXT_FIELDS.items():
        text = cell_text(get(key))
        if len(text) > limit:
            rows.error(row, key, _("Texten är längre än %(n)s tecken.") % {"n": limit}, text)
        data[key] = text
    if not data["title"] and "title" in rows.index:
        rows.error(row, "title", _("Rubrik saknas."))
    data["sector"] = _choice(rows, row, "sector", get("sector")) or OTHER_SECTOR
    data["lever"] = _choice(rows, row, "lever", get("lever"))
    data["status"] = _choice(rows, row, "status", get("status")) or ActionStatus.PLANNED
    data["stage"] = _choice(rows, row, "stage", get("stage"))
    data["funding_status"] = _choice(rows, row, "funding_status", get("funding_status"))
    for key, date_field, precision_field in (
        ("start", "start_date", "start_precision"),
        ("end", "end_date", "end_precision"),
    ):
        try:
            parsed = parse_partial_date(get(key))
        except ValueError as error:
            rows.error(row, key, str(error), get(key))
            parsed = None
        if parsed is None:
            data[date_field], data[precision_field] = None, "day"
        else:
            day, precision = parsed
            data[date_field] = partial_end(day, precision) if key == "end" else day
            data[precision_field] = precision
    for key in NUMBER_FIELDS:
        data[key] = _number(rows, row, key, get(key))
    data["effect_from_year"] = _year(rows, row, "effect_from_year", get("effect_from_year"))
    benefits = []
    for part in cell_text(get("co_benefits")).replace(",", ";").split(";"):
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
    data["co_benefits"] = [code for code in CoBenefit.values if code in benefits]
    data["share_with_other_cities"] = _yes_no(
        rows, row, "share_with_other_cities", get("share_with_other_cities")
    )

    goal_ids = []
    for part in cell_text(get("goals")).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            rows.error(row, "goals", _("Ange klimatmålens ID (siffror), se bladet Listor."), part)
        else:
            goal_ids.append(int(part))
    indicator_ids = []
    for part in cell_text(get("indicators")).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        pk = indicator_keys.get(part)
        if pk is None:
            rows.error(
                row, "indicators", _("Okänd indikator '%(key)s', se bladet Listor.") % {"key": part}
            )
        else:
            indicator_ids.append(pk)

    # A column left out of the file leaves that field as it is (new actions: default).
    sources = {"start_precision": "start", "start_date": "start", "end_precision": "end"}
    sources["end_date"] = "end"
    data = {key: value for key, value in data.items() if sources.get(key, key) in rows.index}

    pk = version = None
    raw_id, raw_version = cell_text(get("id")), cell_text(get("version"))
    if raw_id:
        if raw_id.isdigit():
            pk = int(raw_id)
        else:
            rows.error(row, "id", _("ID ska vara ett heltal; lämna tomt för en ny åtgärd."), raw_id)
    if raw_version:
        if raw_version.isdigit():
            version = int(raw_version)
        else:
            rows.error(row, "version", _("Version ska vara ett heltal."), raw_version)
    if len(rows.errors) > before:
        return None
    return ActionImportRow(
        row=row,
        pk=pk,
        version=version,
        values=data,
        goal_ids=goal_ids if "goals" in rows.index else None,
        indicator_ids=indicator_ids if "indicators" in rows.index else None,
        costs=None,
    )


def read_costs(workbook: Any, filename: str, parsed: list[ActionImportRow]) -> list[RowError]:
    costs = SheetRows(filename, COSTS_SHEET, COST_COLUMNS)
    by_id = {p.pk: p for p in parsed if p.pk is not None}
    by_title: dict[str, list[ActionImportRow]] = {}
    for p in parsed:
        if p.pk is None:
            by_title.setdefault(name_key(p.values["title"]), []).append(p)
    for p in parsed:
        p.costs = []
    sheet = workbook_sheet(workbook, filename, COSTS_SHEET)
    for number, values in sheet_rows(sheet, filename):
        if number == 1:
            if not costs.read_header(values):
                break
            continue
        if all(cell_text(v) == "" for v in values):
            continue
        before = len(costs.errors)
        reference = cell_text(costs.get(values, "action"))
        target = None
        if reference.isdigit() and int(reference) in by_id:
            target = by_id[int(reference)]
        elif reference.isdigit():
            costs.error(
                number,
                "action",
                _("Åtgärd %(id)s finns inte i bladet Åtgärder.") % {"id": reference},
            )
        else:
            matches = by_title.get(name_key(reference), [])
            if len(matches) == 1:
                target = matches[0]
            else:
                costs.error(
                    number,
                    "action",
                    _(
                        "'%(ref)s' matchar ingen ny åtgärd i bladet Åtgärder; ange ID eller exakt "
                        "rubrik."
                    )
                    % {"ref": shorten(reference, 40)}
                    if not matches
                    else _("Flera nya åtgärder har rubriken '%(ref)s'; ge dem olika rubriker.")
                    % {"ref": shorten(reference, 40)},
                )
        year = _year(costs, number, "year", costs.get(values, "year"))
        if year is None and not any(e.row == number for e in costs.errors):
            costs.error(number, "year", _("År saknas."))
        investment = _whole(costs, number, "investment_sek", costs.get(values, "investment_sek"))
        operating = _whole(costs, number, "operating_sek", costs.get(values, "operating_sek"))
        source = cell_text(costs.get(values, "funding_source"))
        status = _choice(costs, number, "funding_status", costs.get(values, "funding_status"))
        if len(costs.errors) == before and target is not None and year is not None:
            target.costs.append(  # type: ignore[union-attr]
                CostValues(
                    year=year,
                    investment_sek=investment,
                    operating_sek=operating,
                    funding_source=source,
                    funding_status=status or "",
                )
            )
    return costs.errors
