"""Programme staff's follow-up of the contracts (issue 15): a grid of the contract cities ×
the commitments of each city's contract version in force in a year, each cell that
commitment's follow-up status of the year; and, for the agencies' index, each agency's
commitments per city counted by status. Both are built from ``selectors.follow_up_grid``
without further queries, and their downloads hold exactly what the pages show.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from contracts.models import AGENCY_PARTIES, Commitment, FollowUpStatus, Party
from contracts.selectors import CityFollowUp
from core.downloads import Sheet
from core.i18n import gettext as _
from dashboards.contracts.pages import NOT_ASSESSED, not_assessed_label

#: The columns' groups, in the contract's order of parties: the city's, Viable Cities',
#: the agencies' joint ones and each agency's own, then those of all parties together.
GRID_PARTIES: tuple[str, ...] = (
    Party.CITY,
    Party.VIABLE_CITIES,
    Party.AGENCIES,
    *AGENCY_PARTIES,
    Party.JOINT,
)

#: A symbol beside each status's name, so that a status is never told by colour alone.
SYMBOLS = {
    FollowUpStatus.DONE: "✓",
    FollowUpStatus.ONGOING: "◐",
    FollowUpStatus.NOT_STARTED: "○",
    FollowUpStatus.CHANGED: "↻",
    FollowUpStatus.DROPPED: "✕",
    NOT_ASSESSED: "–",
}

#: The statuses in the order the summaries count them: the contract's order, then "ej
#: bedömd" (no follow-up entered).
STATUS_ORDER: tuple[str, ...] = (*FollowUpStatus.values, NOT_ASSESSED)

#: The agencies' index: a column per agency and one for the commitments they share.
MATRIX_COLUMNS: tuple[str, ...] = (*AGENCY_PARTIES, Party.AGENCIES)


def status_label(status: str) -> str:
    return not_assessed_label() if status == NOT_ASSESSED else str(FollowUpStatus(status).label)


def missing_text_label() -> str:
    return _("Kontraktstext saknas i tjänsten")


# --- The year ----------------------------------------------------------------------------


def current_follow_up_year() -> int:
    """The year followed up now: this year, the last year the contract pages' forms offer
    (``contracts.services.follow_up_years``)."""
    return timezone.localdate().year


def grid_years(recorded: list[int]) -> list[int]:
    """The years to choose from, newest first: those with a follow-up, and this year."""
    return sorted({*recorded, current_follow_up_year()}, reverse=True)


def chosen_year(raw: str | None, years: list[int]) -> int:
    """``?ar=``, default this year; 404 for a year without follow-ups."""
    if not raw:
        return current_follow_up_year()
    if not raw.isdigit() or int(raw) not in years:
        raise Http404(
            _("Uppföljning finns för åren %(years)s.")
            % {"years": ", ".join(str(y) for y in sorted(years))}
        )
    return int(raw)


# --- The grid ----------------------------------------------------------------------------


def _number_key(number: str) -> tuple:
    """ "3.10" after "3.9": the parts of a number compared as numbers."""
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[^0-9]+", number) if p)


def _status(commitment: Commitment) -> tuple[str, bool]:
    follow_up = commitment.year_follow_up
    if follow_up is None:
        return NOT_ASSESSED, False
    return follow_up.status, not follow_up.is_published


@dataclass(frozen=True)
class Cell:
    status: str
    draft: bool = False  # a follow-up not yet published (staff see drafts)

    @property
    def label(self) -> str:
        return status_label(self.status)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.status]


@dataclass
class Column:
    """A commitment, by party and number, in the versions of the cities that have it."""

    party: str
    number: str
    titles: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)

    @property
    def key(self) -> tuple[str, str]:
        return (self.party, self.number)

    @property
    def title(self) -> str:
        return " / ".join(self.titles)

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def totals(self) -> list[int]:
        return [self.counts[s] for s in STATUS_ORDER]


@dataclass
class Group:
    party: str
    columns: list[Column]

    @property
    def label(self) -> str:
        return str(Party(self.party).label)


@dataclass
class Row:
    city_name: str
    city_code: str
    city_slug: str
    version: int | None  # the contract version in force, if any
    version_published: bool
    has_text: bool
    cells: list[Cell | None]  # per column; None where the city's version lacks it
    counts: Counter

    @property
    def totals(self) -> list[int]:
        return [self.counts[s] for s in STATUS_ORDER]

    @property
    def anchor(self) -> str:
        return f"kommun-{self.city_slug}"


@dataclass
class StatusHead:
    status: str
    label: str
    symbol: str


#: A row of the grid as the page draws it: the row, its counts beside their status, its
#: cells beside their column.
Line = tuple[Row, list[tuple[StatusHead, int]], list[tuple[Column, Cell | None]]]


@dataclass
class FollowUpGrid:
    year: int
    years: list[int]
    groups: list[Group]
    rows: list[Row]

    @cached_property
    def columns(self) -> list[Column]:
        return [c for g in self.groups for c in g.columns]

    @cached_property
    def statuses(self) -> list[StatusHead]:
        return [StatusHead(s, status_label(s), SYMBOLS[s]) for s in STATUS_ORDER]

    @property
    def with_text(self) -> int:
        return sum(1 for r in self.rows if r.has_text)

    @cached_property
    def totals(self) -> list[int]:
        counts: Counter = Counter()
        for row in self.rows:
            counts.update(row.counts)
        return [counts[s] for s in STATUS_ORDER]

    @property
    def footer(self) -> list[tuple[StatusHead, int, list[tuple[Column, int]]]]:
        """Per status: its head, the count over all cities, and the count per column."""
        totals, columns = self.totals, self.columns
        return [
            (head, totals[i], [(c, c.totals[i]) for c in columns])
            for i, head in enumerate(self.statuses)
        ]

    @cached_property
    def lines(self) -> list[Line]:
        """Each row with its counts beside their status and its cells beside their column
        (a phone shows each value under its column's name)."""
        statuses, columns = self.statuses, self.columns
        return [
            (
                row,
                list(zip(statuses, row.totals, strict=True)),
                list(zip(columns, row.cells, strict=True)),
            )
            for row in self.rows
        ]

    @cached_property
    def span(self) -> int:
        """The columns after the city's name (for a row without contract text)."""
        return len(STATUS_ORDER) + len(self.columns)


def _column_key(commitment: Commitment) -> tuple[str, str]:
    # A commitment without a number (none in Umeå's version) is told apart by its section.
    return (commitment.party, commitment.number or commitment.section.number)


def follow_up_grid_page(cities: list[CityFollowUp], *, year: int, years: list[int]) -> FollowUpGrid:
    """The grid from the selector's rows: a column per commitment (party, number) found
    in any city's version in force, grouped by party; a row per city. No queries."""
    columns: dict[tuple[str, str], Column] = {}
    for city in cities:
        for commitment in city.commitments:
            key = _column_key(commitment)
            column = columns.setdefault(key, Column(*key))
            title = commitment.title or commitment.section.title
            if title and title not in column.titles:
                column.titles.append(title)
    groups = []
    for party in GRID_PARTIES:
        in_party = sorted(
            (c for c in columns.values() if c.party == party), key=lambda c: _number_key(c.number)
        )
        if in_party:
            groups.append(Group(party, in_party))
    ordered = [c for g in groups for c in g.columns]
    rows = []
    for city in cities:
        by_key = {_column_key(c): Cell(*_status(c)) for c in city.commitments}
        counts: Counter = Counter(cell.status for cell in by_key.values())
        for column in ordered:
            if (cell := by_key.get(column.key)) is not None:
                column.counts[cell.status] += 1
        contract = city.contract
        rows.append(
            Row(
                city_name=city.city.name,
                city_code=city.city.code,
                city_slug=city.city.slug,
                version=contract.year if contract else None,
                version_published=bool(contract and contract.is_published),
                has_text=bool(city.commitments),
                cells=[by_key.get(c.key) for c in ordered],
                counts=counts,
            )
        )
    return FollowUpGrid(year=year, years=years, groups=groups, rows=rows)


def _draft_word() -> str:
    return _("utkast")


def grid_download_rows(grid: FollowUpGrid) -> list[list]:
    """The grid as rows of a CSV or a sheet: a row per city, its counts per status, then
    its status per commitment (empty where its version has no such commitment; "(utkast)"
    after a status not yet published)."""
    header = [
        _("Kommunkod"),
        _("Kommun"),
        _("Kontraktsversion"),
        _("Kontraktstext"),
        *[_("Antal: %(status)s") % {"status": s.label} for s in grid.statuses],
        *[f"{Party(c.party).label}: {c.heading}" for c in grid.columns],
    ]
    rows: list[list] = [header]
    for row in grid.rows:
        text = _("finns") if row.has_text else missing_text_label()
        statuses = [
            "" if cell is None else f"{cell.label} ({_draft_word()})" if cell.draft else cell.label
            for cell in row.cells
        ]
        totals: list = row.totals if row.has_text else [None] * len(STATUS_ORDER)
        rows.append([row.city_code, row.city_name, row.version, text, *totals, *statuses])
    return rows


def grid_about(year: int) -> Sheet:
    """The About sheet of the downloads: what, its source, how drafts are marked."""
    return Sheet(
        title=_("Om"),
        rows=[
            [_("Uppföljning av klimatkontrakten %(year)s") % {"year": year}],
            [grid_source()],
            [drafts_note()],
            [_("Hämtad %(date)s") % {"date": timezone.localdate().isoformat()}],
        ],
        heading_rows=(1,),
        widths={"A": 100},
    )


def grid_source() -> str:
    return _(
        "Källa: kommunernas klimatkontrakt (den version som gäller året) och uppföljningen "
        "av åtagandena som kommunerna och Viable Cities programkontor för in i tjänsten."
    )


def drafts_note() -> str:
    return _(
        "Utkast ingår och är märkta ”utkast”: uppföljningar som ännu inte är publicerade. "
        "Ej bedömd: ingen uppföljning är införd för året."
    )


# --- The agencies' index: each agency's commitments per city, by status ------------------


@dataclass
class MatrixCell:
    party: str
    label: str
    total: int
    counts: list[tuple[StatusHead, int]]  # the statuses that occur, with their count
    url: str


@dataclass
class MatrixRow:
    city_name: str
    city_code: str
    city_slug: str
    version: int | None
    has_text: bool
    cells: list[MatrixCell]


@dataclass
class AgencyMatrix:
    year: int
    years: list[int]
    columns: list[tuple[str, str]]  # (party, label)
    rows: list[MatrixRow]

    @property
    def statuses(self) -> list[StatusHead]:
        return [StatusHead(s, status_label(s), SYMBOLS[s]) for s in STATUS_ORDER]


def _binds(column: str, party: str) -> bool:
    """Whether a commitment of ``party`` binds the matrix's ``column``: an agency's own
    and joint ones (``CommitmentQuerySet.of_agency``); the joint column those the agencies
    or all parties make together."""
    joint = (Party.AGENCIES, Party.JOINT)
    return party in joint or party == column


def agency_matrix_page(cities: list[CityFollowUp], *, year: int, years: list[int]) -> AgencyMatrix:
    heads = {s: StatusHead(s, status_label(s), SYMBOLS[s]) for s in STATUS_ORDER}
    grid_url = reverse("contracts:follow-up-grid")
    rows = []
    for city in cities:
        cells = []
        for column in MATRIX_COLUMNS:
            counts = Counter(_status(c)[0] for c in city.commitments if _binds(column, c.party))
            if column == Party.AGENCIES:
                url = f"{grid_url}?ar={year}#kommun-{city.city.slug}"
            else:
                url = reverse("contracts:agency", kwargs={"agency": column})
            cells.append(
                MatrixCell(
                    party=column,
                    label=str(Party(column).label),
                    total=sum(counts.values()),
                    counts=[(heads[s], counts[s]) for s in STATUS_ORDER if counts[s]],
                    url=url,
                )
            )
        rows.append(
            MatrixRow(
                city_name=city.city.name,
                city_code=city.city.code,
                city_slug=city.city.slug,
                version=city.contract.year if city.contract else None,
                has_text=bool(city.commitments),
                cells=cells,
            )
        )
    columns = [(p, str(Party(p).label)) for p in MATRIX_COLUMNS]
    return AgencyMatrix(year=year, years=years, columns=columns, rows=rows)


def matrix_download_rows(matrix: AgencyMatrix) -> list[list]:
    """The matrix as rows: a row per city and agency (or the agencies jointly), the number
    of commitments binding it and the count per status."""
    rows: list[list] = [
        [
            _("Kommunkod"),
            _("Kommun"),
            _("Kontraktsversion"),
            _("Myndighet"),
            _("Åtaganden"),
            *[s.label for s in matrix.statuses],
        ]
    ]
    labels = dict(matrix.columns)
    for row in matrix.rows:
        if not row.has_text:
            rows.append([row.city_code, row.city_name, row.version, missing_text_label()])
            continue
        for cell in row.cells:
            counts = {head.status: n for head, n in cell.counts}
            rows.append(
                [
                    row.city_code,
                    row.city_name,
                    row.version,
                    labels[cell.party],
                    cell.total,
                    *[counts.get(s, 0) for s in STATUS_ORDER],
                ]
            )
    return rows
