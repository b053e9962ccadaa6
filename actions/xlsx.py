"""A city's actions as an Excel workbook, and back: the export is the import template.

Sheets: "Åtgärder" (one action a row), "Kostnader" (one cost line a row, linked to its
action by id, or by title for an action new in the same file), "Listor" (the allowed
values, which the drop-downs use) and "Instruktioner".

Exporting and importing the same file changes nothing. Every problem is reported with
its sheet, row and column, and a file with any problem writes nothing. The layout is
``actions.xlsx_columns``; reading the rows back, ``actions.xlsx_rows``; writing them,
``actions.imports``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from actions.dates import format_partial_date
from actions.imports import ActionImportRow, ActionsImportRejected, ImportCounts, actions_import
from actions.models import Action, CoBenefit, cost_line
from actions.selectors import city_goals_for_actions, indicators_for_actions, portfolio_actions
from actions.xlsx_columns import (
    ACTION_COLUMNS,
    ACTIONS_SHEET,
    BENEFIT_LABEL,
    CHOICES,
    COST_COLUMNS,
    COSTS_SHEET,
    HELP_SHEET,
    LABEL_OF,
    LISTS_SHEET,
    MAX_ROWS,
    NO,
    YES,
    Column,
)
from actions.xlsx_rows import SheetRows, cell_text, parse_action_row, read_costs
from cities.models import City
from core.downloads import Choice, Sheet, xlsx_bytes
from indicators.parsers import ParseError, RowError
from indicators.parsers.files import open_source
from indicators.parsers.workbooks import column_letter, open_workbook, sheet_rows, workbook_sheet

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
        LABEL_OF["sector"].get(action.sector, action.sector),
        LABEL_OF["lever"].get(action.lever, ""),
        LABEL_OF["status"].get(action.status, ""),
        LABEL_OF["stage"].get(action.stage, ""),
        format_partial_date(action.start_date, action.start_precision),
        format_partial_date(action.end_date, action.end_precision),
        action.expected_reduction,
        action.expected_reduction_low,
        action.expected_reduction_high,
        action.effect_from_year,
        action.funding_source,
        LABEL_OF["funding_status"].get(action.funding_status, ""),
        "; ".join(str(BENEFIT_LABEL[c]) for c in action.co_benefits if c in BENEFIT_LABEL),
        ", ".join(str(pk) for pk in sorted(g.pk for g in action.goals.all())),
        ", ".join(sorted(i.key for i in action.indicators.all())),
        action.lessons_learned,
        YES if action.share_with_other_cities else NO,
        action.source_reference,
        YES if action.is_published else NO,
    ]


def _table(
    title: str, columns: tuple[Column, ...], rows: Iterable[list[Any]], choices: tuple[Choice, ...]
) -> Sheet:
    """The action or cost sheet: a row an item under the columns' headers, which are bold
    on a light blue, wrapped and frozen."""
    return Sheet(
        title,
        [[c.header for c in columns], *rows],
        widths=_widths(columns),
        choices=choices,
        heading_rows=(1,),
        heading_fill="DDEBF7",
        heading_wrap=True,
        freeze="A2",
    )


def _widths(columns: Iterable[Column]) -> dict[str, float]:
    return {column_letter(i): column.width for i, column in enumerate(columns)}


def export_workbook(*, city: City, drafts: bool) -> bytes:
    """The city's actions (drafts too when ``drafts``) as an .xlsx file's bytes.

    Text is written through ``core.downloads``, which puts an apostrophe before text that
    starts like a formula; the import takes it off again (``xlsx_rows.cell_text``)."""
    actions = portfolio_actions(city=city, drafts=drafts, links=True)
    lists = _lists(city)
    statuses = len(CHOICES["funding_status"])
    cost_choice = Choice(f"F2:F{MAX_ROWS}", f"'{LISTS_SHEET}'!$E$2:$E${statuses + 1}")
    return xlsx_bytes(
        [
            _table(ACTIONS_SHEET, ACTION_COLUMNS, map(_action_cells, actions), _drop_downs(lists)),
            _table(COSTS_SHEET, COST_COLUMNS, _cost_rows(actions), (cost_choice,)),
            Sheet(
                LISTS_SHEET,
                _list_rows(lists),
                heading_rows=(1,),
                heading_fill="DDEBF7",
                widths={column_letter(i): 36 for i in range(len(lists))},
            ),
            Sheet(HELP_SHEET, [[line] for line in INSTRUCTIONS], widths={"A": 110}),
        ]
    )


def _cost_rows(actions: Iterable[Action]) -> list[list[Any]]:
    """The cost sheet's rows: one a cost line, naming its action by id."""
    return [
        [action.pk, *cost_line(line)[:4], LABEL_OF["funding_status"].get(line.funding_status, "")]
        for action in actions
        for line in action.costs.all()
    ]


#: The choice fields whose drop-downs the lists sheet feeds, from its first five columns.
_DROP_DOWNS = ("sector", "lever", "status", "stage", "funding_status")


def _lists(city: City) -> list[tuple[str, list[str]]]:
    """The allowed values, under their titles: the choices, then the city's goals and
    the indicators an action may name."""
    return [
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


def _list_rows(lists: list[tuple[str, list[str]]]) -> list[list[str | None]]:
    """The lists sheet's rows: one list a column, under its title."""
    depth = max(len(values) for _title, values in lists)
    titles: list[str | None] = [title for title, _values in lists]
    return [titles] + [
        [values[row] if row < len(values) else None for _title, values in lists]
        for row in range(depth)
    ]


def _drop_downs(lists: list[tuple[str, list[str]]]) -> tuple[Choice, ...]:
    """Drop-downs on the action sheet's choice columns, fed from the lists sheet."""
    choices = []
    for list_column, key in enumerate(_DROP_DOWNS):
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
    return tuple(choices)


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
    counts: ImportCounts | None = None


def parse_workbook(
    stream: IO[bytes], *, filename: str, city: City
) -> tuple[list[ActionImportRow], list[RowError]]:
    """The action rows of an uploaded workbook, with every problem found."""
    workbook = open_workbook(stream, filename)
    indicator_keys = {i.key: i.pk for i in indicators_for_actions(city=city)}
    actions = SheetRows(filename, ACTIONS_SHEET, ACTION_COLUMNS)
    parsed: list[ActionImportRow] = []
    sheet = workbook_sheet(workbook, filename, ACTIONS_SHEET)
    header_ok = False
    for number, values in sheet_rows(sheet, filename):
        if number == 1:
            header_ok = actions.read_header(values)
            if not header_ok:
                break
            continue
        if all(cell_text(v) == "" for v in values):
            continue
        if number > MAX_ROWS:
            actions.error(number, None, _("Högst %(n)s rader kan läsas in.") % {"n": MAX_ROWS})
            break
        item = parse_action_row(actions, number, values, indicator_keys=indicator_keys)
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
        errors.extend(read_costs(workbook, filename, parsed))
    return parsed, errors


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
        counts = actions_import(city=city, by=by, rows=rows)
    except ActionsImportRejected as rejected:
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
