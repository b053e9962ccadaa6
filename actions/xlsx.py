"""A city's actions as an Excel workbook, and back: the export is the import template.

Sheets: "Åtgärder" (one action a row), "Kostnader" (one cost line a row, linked to its
action by id, or by title for an action new in the same file), "Listor" (the allowed
values, which the drop-downs use) and "Instruktioner".

Exporting and importing the same file changes nothing. Every problem is reported with
its sheet, row and column, and a file with any problem writes nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from actions import services
from actions.dates import format_partial_date, parse_partial_date, partial_end
from actions.models import (
    OTHER_SECTOR,
    SECTOR_CHOICES,
    Action,
    ActionStage,
    ActionStatus,
    CoBenefit,
    FundingStatus,
    Lever,
)
from actions.selectors import city_goals_for_actions, indicators_for_actions, portfolio_actions
from cities.models import City
from core.downloads import Choice, Sheet, looks_like_formula, xlsx_bytes
from indicators.parsers import ParseError, RowError
from indicators.parsers.files import (
    column_letter,
    open_source,
    open_workbook,
    sheet_rows,
    workbook_sheet,
)
from indicators.parsers.numbers import parse_number, parse_year
from indicators.parsers.sectors import canonical_sector
from indicators.parsers.text import name_key, shorten

ACTIONS_SHEET = "Åtgärder"
COSTS_SHEET = "Kostnader"
LISTS_SHEET = "Listor"
HELP_SHEET = "Instruktioner"
MAX_ROWS = 5000
YES, NO = "Ja", "Nej"


@dataclass(frozen=True)
class Column:
    key: str  # the action's field (or a pseudo-field) it fills
    header: str
    width: int = 18


ACTION_COLUMNS = (
    Column("id", "ID", 8),
    Column("version", "Version", 9),
    Column("title", "Rubrik", 40),
    Column("description", "Beskrivning", 50),
    Column("responsible_body", "Ansvarig", 28),
    Column("partners", "Samarbetspartner", 28),
    Column("contact_person", "Kontaktperson", 22),
    Column("sector", "Sektor", 30),
    Column("lever", "Åtgärdstyp", 26),
    Column("status", "Status", 14),
    Column("stage", "Skede", 20),
    Column("start", "Start", 12),
    Column("end", "Slut", 12),
    Column("expected_reduction", "Förväntad minskning (t CO2e/år)", 16),
    Column("expected_reduction_low", "Lägsta (t CO2e/år)", 14),
    Column("expected_reduction_high", "Högsta (t CO2e/år)", 14),
    Column("effect_from_year", "Första effektår", 12),
    Column("funding_source", "Finansiering", 24),
    Column("funding_status", "Finansieringsstatus", 18),
    Column("co_benefits", "Sidonyttor", 30),
    Column("goals", "Klimatmål (ID)", 14),
    Column("indicators", "Indikatorer (nyckel)", 24),
    Column("lessons_learned", "Lärdomar", 40),
    Column("share_with_other_cities", "Får delas", 10),
    Column("source_reference", "Källa", 30),
    Column("published", "Publicerad", 11),
)
COST_COLUMNS = (
    Column("action", "Åtgärd (ID eller rubrik)", 30),
    Column("year", "År", 8),
    Column("investment_sek", "Investering (kr)", 16),
    Column("operating_sek", "Drift (kr)", 16),
    Column("funding_source", "Finansiering", 24),
    Column("funding_status", "Finansieringsstatus", 18),
)

#: Choice fields: the labels people see in the file, mapped to stored values.
CHOICES: dict[str, list[tuple[str, str]]] = {
    "sector": [(value, str(label)) for value, label in SECTOR_CHOICES],
    "lever": [(v, str(label)) for v, label in Lever.choices],
    "status": [(v, str(label)) for v, label in ActionStatus.choices],
    "stage": [(v, str(label)) for v, label in ActionStage.choices],
    "funding_status": [(v, str(label)) for v, label in FundingStatus.choices],
}
_LABEL_OF = {key: dict(pairs) for key, pairs in CHOICES.items()}
_VALUE_OF = {
    key: {**{name_key(label): v for v, label in pairs}, **{name_key(v): v for v, _ in pairs}}
    for key, pairs in CHOICES.items()
}
_BENEFIT_OF = {
    **{name_key(label): v for v, label in CoBenefit.choices},
    **{name_key(v): v for v in CoBenefit.values},
}
_BENEFIT_LABEL = dict(CoBenefit.choices)

_TEXT_FIELDS = {
    "title": 300,
    "description": 20000,
    "responsible_body": 300,
    "partners": 500,
    "contact_person": 200,
    "funding_source": 300,
    "lessons_learned": 20000,
    "source_reference": 500,
}
_NUMBER_FIELDS = ("expected_reduction", "expected_reduction_low", "expected_reduction_high")


# --- export ---------------------------------------------------------------------------


def _action_cells(action: Action) -> list[Any]:
    return [
        action.pk,
        action.version,
        action.title,
        action.description,
        action.responsible_body,
        action.partners,
        action.contact_person,
        _LABEL_OF["sector"].get(action.sector, action.sector),
        _LABEL_OF["lever"].get(action.lever, ""),
        _LABEL_OF["status"].get(action.status, ""),
        _LABEL_OF["stage"].get(action.stage, ""),
        format_partial_date(action.start_date, action.start_precision),
        format_partial_date(action.end_date, action.end_precision),
        action.expected_reduction,
        action.expected_reduction_low,
        action.expected_reduction_high,
        action.effect_from_year,
        action.funding_source,
        _LABEL_OF["funding_status"].get(action.funding_status, ""),
        "; ".join(str(_BENEFIT_LABEL[c]) for c in action.co_benefits if c in _BENEFIT_LABEL),
        ", ".join(str(pk) for pk in sorted(g.pk for g in action.goals.all())),
        ", ".join(sorted(i.key for i in action.indicators.all())),
        action.lessons_learned,
        YES if action.share_with_other_cities else NO,
        action.source_reference,
        YES if action.is_published else NO,
    ]


#: The header rows of the action and cost sheets: bold on a light blue, wrapped.
_HEADING = {"heading_rows": (1,), "heading_fill": "DDEBF7", "heading_wrap": True, "freeze": "A2"}


def _widths(columns: Iterable[Column]) -> dict[str, float]:
    return {column_letter(i): column.width for i, column in enumerate(columns)}


def export_workbook(*, city: City, drafts: bool) -> bytes:
    """The city's actions (drafts too when ``drafts``) as an .xlsx file's bytes.

    Text is written through ``core.downloads``, which puts an apostrophe before text that
    starts like a formula; the import takes it off again (``_cell_text``)."""
    actions = portfolio_actions(city=city, drafts=drafts, links=True)
    action_rows = [_action_cells(action) for action in actions]
    cost_rows = [
        [
            action.pk,
            line.year,
            line.investment_sek,
            line.operating_sek,
            line.funding_source,
            _LABEL_OF["funding_status"].get(line.funding_status, ""),
        ]
        for action in actions
        for line in action.costs.all()
    ]
    lists = [
        ("Sektor", [label for _, label in CHOICES["sector"]]),
        ("Åtgärdstyp", [label for _, label in CHOICES["lever"]]),
        ("Status", [label for _, label in CHOICES["status"]]),
        ("Skede", [label for _, label in CHOICES["stage"]]),
        ("Finansieringsstatus", [label for _, label in CHOICES["funding_status"]]),
        ("Sidonyttor", [str(label) for label in CoBenefit.labels]),
        (
            "Klimatmål (ID – rubrik)",
            [f"{g.pk} – {g.title}" for g in city_goals_for_actions(city=city)],
        ),
        (
            "Indikatorer (nyckel – namn)",
            [f"{i.key} – {i.name}" for i in indicators_for_actions(city=city)],
        ),
    ]
    # The lists stand in columns, one list a column, under their titles.
    depth = max(len(values) for _title, values in lists)
    list_rows = [[title for title, _values in lists]] + [
        [values[row] if row < len(values) else None for _title, values in lists]
        for row in range(depth)
    ]

    # Drop-downs on the choice columns, fed from the lists sheet (its first five columns).
    choices = []
    for list_column, key in enumerate(("sector", "lever", "status", "stage", "funding_status")):
        letter = column_letter(list_column)
        column = column_letter(next(i for i, c in enumerate(ACTION_COLUMNS) if c.key == key))
        choices.append(
            Choice(
                f"{column}2:{column}{MAX_ROWS}",
                f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(lists[list_column][1]) + 1}",
                error=_("Välj ett värde i listan."),
                error_title=_("Okänt värde"),
                show_error=True,
            )
        )
    statuses = len(CHOICES["funding_status"])
    cost_choice = Choice(f"F2:F{MAX_ROWS}", f"'{LISTS_SHEET}'!$E$2:$E${statuses + 1}")

    return xlsx_bytes(
        [
            Sheet(
                ACTIONS_SHEET,
                [[c.header for c in ACTION_COLUMNS], *action_rows],
                widths=_widths(ACTION_COLUMNS),
                choices=tuple(choices),
                **_HEADING,
            ),
            Sheet(
                COSTS_SHEET,
                [[c.header for c in COST_COLUMNS], *cost_rows],
                widths=_widths(COST_COLUMNS),
                choices=(cost_choice,),
                **_HEADING,
            ),
            Sheet(
                LISTS_SHEET,
                list_rows,
                heading_rows=(1,),
                heading_fill="DDEBF7",
                widths={column_letter(i): 36 for i in range(len(lists))},
            ),
            Sheet(HELP_SHEET, [[line] for line in INSTRUCTIONS], widths={"A": 110}),
        ]
    )


INSTRUCTIONS = (
    "Så här fyller du i arbetsboken",
    "",
    "Bladet Åtgärder har en åtgärd per rad. Lämna ID tomt för en ny åtgärd; en rad med ID "
    "ändrar den åtgärden.",
    "Version visar vilken version av åtgärden filen exporterades med. Har någon ändrat "
    "åtgärden sedan dess avvisas raden; exportera då på nytt.",
    "Sektor, Åtgärdstyp, Status, Skede och Finansieringsstatus väljs i listorna (bladet Listor).",
    "Start och Slut skrivs som år (2024), månad (2024-12) eller dag (2024-12-01).",
    "Förväntad minskning anges i ton koldioxidekvivalenter per år. Lämna tomt när ingen har "
    "uppskattat effekten; ange då inte heller Lägsta och Högsta. Med en förväntad minskning "
    "behövs Första effektår.",
    "Sidonyttor skrivs med semikolon mellan (t.ex. Hälsa; Luftkvalitet). Klimatmål anges "
    "med ID och Indikatorer med nyckel, kommatecken mellan (se bladet Listor).",
    "Bladet Kostnader har en rad per år och finansiering. Åtgärd är åtgärdens ID, eller "
    "rubriken för en åtgärd som är ny i samma fil. För varje åtgärd i bladet Åtgärder "
    "ersätter raderna här åtgärdens kostnader; tar du bort bladet lämnas kostnaderna orörda.",
    "Publicerad visas bara som information: nya åtgärder sparas som utkast och en "
    "kommunadministratör publicerar dem.",
    "Har filen något fel sparas ingenting, och du får veta blad, rad och kolumn för varje fel.",
)


# --- import ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    ok: bool
    message: str
    errors: list[RowError] = field(default_factory=list)
    counts: services.ImportCounts | None = None


def _cell_text(value: Any) -> str:
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


class _Rows:
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
        found = {name_key(_cell_text(v)): i for i, v in enumerate(values) if v is not None}
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


def _choice(rows: _Rows, row: int, key: str, raw: Any, *, required: bool = False) -> str | None:
    text = _cell_text(raw)
    if not text:
        if required:
            rows.error(row, key, _("Värde saknas."))
            return None
        return ""
    if key == "sector":
        canonical = canonical_sector(text)
        if canonical and canonical in _LABEL_OF["sector"]:
            return canonical
    value = _VALUE_OF[key].get(name_key(text))
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


def _number(rows: _Rows, row: int, key: str, raw: Any) -> float | None:
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


def _year(rows: _Rows, row: int, key: str, raw: Any) -> int | None:
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


def _whole(rows: _Rows, row: int, key: str, raw: Any) -> int | None:
    value = _number(rows, row, key, raw)
    if value is None:
        return None
    if not float(value).is_integer():
        rows.error(row, key, _("Ange hela kronor."), raw)
        return None
    return int(value)


def _yes_no(rows: _Rows, row: int, key: str, raw: Any) -> bool:
    text = name_key(_cell_text(raw))
    if text in ("", "nej", "no", "false", "0"):
        return False
    if text in ("ja", "yes", "true", "1"):
        return True
    rows.error(row, key, _("Skriv Ja eller Nej."), raw)
    return False


def _parse_action_row(
    rows: _Rows,
    row: int,
    values: tuple[Any, ...],
    *,
    indicator_keys: dict[str, int],
) -> services.ActionImportRow | None:
    get = lambda key: rows.get(values, key)  # noqa: E731 - a local shorthand
    before = len(rows.errors)
    data: dict[str, Any] = {}
    for key, limit in _TEXT_FIELDS.items():
        text = _cell_text(get(key))
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
    for key in _NUMBER_FIELDS:
        data[key] = _number(rows, row, key, get(key))
    data["effect_from_year"] = _year(rows, row, "effect_from_year", get("effect_from_year"))
    benefits = []
    for part in _cell_text(get("co_benefits")).replace(",", ";").split(";"):
        if not part.strip():
            continue
        code = _BENEFIT_OF.get(name_key(part))
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
    for part in _cell_text(get("goals")).replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            rows.error(row, "goals", _("Ange klimatmålens ID (siffror), se bladet Listor."), part)
        else:
            goal_ids.append(int(part))
    indicator_ids = []
    for part in _cell_text(get("indicators")).replace(";", ",").split(","):
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
    raw_id, raw_version = _cell_text(get("id")), _cell_text(get("version"))
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
    return services.ActionImportRow(
        row=row,
        pk=pk,
        version=version,
        values=data,
        goal_ids=goal_ids if "goals" in rows.index else None,
        indicator_ids=indicator_ids if "indicators" in rows.index else None,
        costs=None,
    )


def parse_workbook(
    stream: IO[bytes], *, filename: str, city: City
) -> tuple[list[services.ActionImportRow], list[RowError]]:
    """The action rows of an uploaded workbook, with every problem found."""
    workbook = open_workbook(stream, filename)
    indicator_keys = {i.key: i.pk for i in indicators_for_actions(city=city)}
    actions = _Rows(filename, ACTIONS_SHEET, ACTION_COLUMNS)
    parsed: list[services.ActionImportRow] = []
    sheet = workbook_sheet(workbook, filename, ACTIONS_SHEET)
    header_ok = False
    for number, values in sheet_rows(sheet, filename):
        if number == 1:
            header_ok = actions.read_header(values)
            if not header_ok:
                break
            continue
        if all(_cell_text(v) == "" for v in values):
            continue
        if number > MAX_ROWS:
            actions.error(number, None, _("Högst %(n)s rader kan läsas in.") % {"n": MAX_ROWS})
            break
        item = _parse_action_row(actions, number, values, indicator_keys=indicator_keys)
        if item is not None:
            parsed.append(item)
    errors = list(actions.errors)
    if not header_ok:
        return [], errors

    ids = [p.pk for p in parsed if p.pk is not None]
    for pk in {pk for pk in ids if ids.count(pk) > 1}:
        actions.error(None, "id", _("ID %(id)s förekommer på flera rader.") % {"id": pk})
    errors = list(actions.errors)

    if COSTS_SHEET.casefold() in (name.strip().casefold() for name in workbook.sheetnames):
        errors.extend(_read_costs(workbook, filename, parsed))
    return parsed, errors


def _read_costs(
    workbook: Any, filename: str, parsed: list[services.ActionImportRow]
) -> list[RowError]:
    costs = _Rows(filename, COSTS_SHEET, COST_COLUMNS)
    by_id = {p.pk: p for p in parsed if p.pk is not None}
    by_title: dict[str, list[services.ActionImportRow]] = {}
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
        if all(_cell_text(v) == "" for v in values):
            continue
        before = len(costs.errors)
        reference = _cell_text(costs.get(values, "action"))
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
        source = _cell_text(costs.get(values, "funding_source"))
        status = _choice(costs, number, "funding_status", costs.get(values, "funding_status"))
        if len(costs.errors) == before and target is not None and year is not None:
            target.costs.append(  # type: ignore[union-attr]
                services.CostValues(
                    year=year,
                    investment_sek=investment,
                    operating_sek=operating,
                    funding_source=source,
                    funding_status=status or "",
                )
            )
    return costs.errors


_FIELD_HEADERS = {c.key: c.header for c in ACTION_COLUMNS} | {
    "start_date": "Start",
    "end_date": "Slut",
    "costs": COSTS_SHEET,
}


def import_upload(*, city: City, by, upload: Any, max_bytes: int | None = None) -> ImportReport:
    """Read an uploaded workbook and import it, or report every problem (nothing
    written). ``upload`` is a file object with a ``name``."""
    from django.conf import settings

    filename = getattr(upload, "name", "") or "fil.xlsx"
    try:
        opened = open_source(upload, filename, max_bytes or settings.IMPORT_MAX_BYTES)
        try:
            rows, errors = parse_workbook(opened.stream, filename=filename, city=city)
        finally:
            opened.close()
    except ParseError as error:
        return ImportReport(False, _("Filen kunde inte läsas in."), [error.error])
    if errors:
        return ImportReport(False, _("Filen har fel; inget sparades."), errors)
    if not rows:
        return ImportReport(False, _("Bladet Åtgärder har inga rader att läsa in."))
    try:
        counts = services.actions_import(city=city, by=by, rows=rows)
    except services.ActionsImportRejected as rejected:
        problems = [
            RowError(
                f"{filename}, blad {ACTIONS_SHEET}",
                p.row,
                _FIELD_HEADERS.get(p.field, p.field) or None,
                p.message,
            )
            for p in rejected.problems
        ]
        return ImportReport(False, _("Filen har fel; inget sparades."), problems)
    return ImportReport(
        True,
        _("Importen är klar: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade.")
        % {"created": counts.created, "updated": counts.updated, "unchanged": counts.unchanged},
        counts=counts,
    )
