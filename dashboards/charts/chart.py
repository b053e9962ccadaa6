"""A chart and the table of exactly what it plots: the plain data every page, download
and the PDF share.

Every chart builder (``dashboards.charts.targets``, ``.sectors``, ``.series``) returns a
``Chart``: the Plotly figure and a ``Table`` made from the same numbers, so the table beside
a chart and its CSV/XLSX download (``dashboards.charts.tables``) hold exactly what is drawn.
Values are rounded once, here, to at most three decimals (a tonne to the kilogram, a share
to a thousandth of a percentage point) for both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ROUND = 3


def rounded(value: float | None) -> float | None:
    """A value as the chart and its table both hold it (to ``ROUND`` decimals)."""
    return None if value is None else round(value, ROUND)


#: Column kinds whose values are words (left aligned, no number formatting).
TEXT_KINDS = ("text", "date")


@dataclass(frozen=True)
class Column:
    """One column of a table: its header (with unit), a value per row, and how the values
    read: ``kind`` "num" (a number with ``decimals``), "int" or "sek" (whole numbers,
    kronor), "pct" (a share in per cent, one decimal), "year", "date" or "text"."""

    label: str
    values: tuple[Any, ...]
    decimals: int = 0
    kind: str = "num"

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


def head(label: str, kind: str = "text", decimals: int = 0) -> Column:
    """A column's header and kind, for :meth:`Table.from_rows` (which fills its values)."""
    return Column(label, (), decimals, kind)


@dataclass(frozen=True)
class Link:
    """A table cell that links to a page (an action's title, say). Its text is data, and
    the pages mark it ``lang="sv"`` (entered in Swedish)."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Table:
    """A table beside a chart (exactly the numbers it plots) or on a page: one row per
    ``index`` value (a year, a category, an action), named by the first column
    (``index_label``, read as ``index_kind``), and a value per row in each column.

    The pages show it as HTML and offer it as CSV and Excel (``dashboards.charts.tables``);
    ``slug`` names a table's download on a page with many, ``highlight`` marks rows that
    stand out and ``note`` is said under it.
    """

    caption: str
    index_label: str
    index: tuple[Any, ...]
    columns: tuple[Column, ...]
    index_kind: str = "text"
    note: str = ""
    slug: str = ""
    highlight: tuple[bool, ...] = ()

    @classmethod
    def from_rows(
        cls,
        caption: str,
        heads: Sequence[Column],
        rows: Sequence[Sequence[Any]],
        *,
        slug: str = "",
        note: str = "",
        highlight: Sequence[bool] = (),
    ) -> Table:
        """The table of ``rows`` (the first value of each is its index) under ``heads``
        (see :func:`head`)."""
        first, *rest = heads
        return cls(
            caption,
            first.label,
            tuple(row[0] for row in rows),
            tuple(
                Column(h.label, tuple(row[i] for row in rows), h.decimals, h.kind)
                for i, h in enumerate(rest, start=1)
            ),
            index_kind=first.kind,
            note=note,
            slug=slug,
            highlight=tuple(highlight),
        )

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Every column, the index first."""
        return (Column(self.index_label, self.index, 0, self.index_kind), *self.columns)

    def rows(self) -> list[tuple[Any, list[Any]]]:
        """(index value, the row's values) for each row."""
        return [
            (key, [column.values[i] for column in self.columns]) for i, key in enumerate(self.index)
        ]


@dataclass(frozen=True)
class Chart:
    """A figure, its table, and the words that go with it.

    ``id`` is a slug used for DOM ids and download addresses; ``summary`` is the text
    alternative (what the chart shows, in a sentence or two); ``notes`` explain how to
    read it (gaps, derived figures); ``sources`` credit the publishers.
    """

    id: str
    title: str
    figure: dict
    table: Table
    summary: str
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    tall: bool = False


def plotly_chart(
    chart_id: str,
    title: str,
    data: list[dict],
    layout: dict,
    table: Table,
    summary: str,
    notes: Sequence[str],
    sources: Sequence[str],
    *,
    tall: bool = False,
) -> Chart:
    """What a builder returns: the Plotly figure of ``data`` and ``layout``, the table of
    what it plots, and its words."""
    figure = {"data": data, "layout": with_year_ticks(data, layout)}
    return Chart(chart_id, title, figure, table, summary, tuple(notes), tuple(sources), tall)


#: Steps between year ticks, the smallest that keeps at most ``MAX_YEAR_TICKS`` ticks.
YEAR_STEPS = (1, 2, 5, 10, 20, 50)
MAX_YEAR_TICKS = 12


def with_year_ticks(data: list[dict], layout: dict) -> dict:
    """``layout`` with whole-year ticks on a year axis (``tickformat`` "d"): left alone,
    Plotly puts ticks at half years over a short span, which "d" prints as the same year
    twice ("2024 2024 2025"). One tick per year, or every 2, 5, 10 … years over a long
    span."""
    axis = layout.get("xaxis") or {}
    if axis.get("tickformat") != "d" or "dtick" in axis or axis.get("type") == "category":
        return layout
    years = [
        x
        for trace in data
        for x in trace.get("x") or ()
        if isinstance(x, int | float) and not isinstance(x, bool)
    ]
    bounds = axis.get("range") or ([min(years), max(years)] if years else None)
    if not bounds:
        return layout
    span = max(1.0, float(bounds[1]) - float(bounds[0]))
    step = next((s for s in YEAR_STEPS if span / s <= MAX_YEAR_TICKS), YEAR_STEPS[-1])
    return {**layout, "xaxis": {**axis, "tickmode": "linear", "tick0": 0, "dtick": step}}


def decimals_for(values: Sequence[float | None]) -> int:
    """Display decimals for a column: none for tonnes, two for t per person or small %;
    none for a column of zeros (SMHI's international transport of a municipality, a
    target of 0 t: "0", not "0,00")."""
    largest = max((abs(v) for v in values if v is not None), default=None)
    if not largest:
        return 0
    if largest >= 1000:
        return 0
    if largest >= 100:
        return 1
    return 2


def column(label: str, by_year: Mapping[Any, float | None], index: Sequence) -> Column:
    """The column of ``by_year``'s values for each row of ``index``, rounded, with the
    decimals they read best with."""
    # As ``rounded`` does, without a call per cell (a page's charts have thousands).
    found = [by_year.get(key) for key in index]
    values = tuple(None if v is None else round(v, ROUND) for v in found)
    return Column(label, values, decimals_for(values))


def runs_of_years(years: Iterable[int]) -> list[list[int]]:
    """Published years split into runs of consecutive years: [1990], [2000], [2020..2024]."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


@dataclass(frozen=True)
class Point:
    """One year's value of a series."""

    year: int
    value: float


def with_gaps(points: Sequence[Point]) -> tuple[list[int], list[float | None]]:
    """Years and values with ``None`` inserted for every unpublished year in between, so a
    line breaks where the source has no value instead of drawing a silent interpolation."""
    if not points:
        return [], []
    by_year = {p.year: p.value for p in points}
    years = list(range(min(by_year), max(by_year) + 1))
    return years, [by_year.get(year) for year in years]


@dataclass(frozen=True)
class Observed:
    """A published value as the chart shows it."""

    year: int
    value: float
    status: str = "final"  # final | preliminary | estimate
    low: float | None = None
    high: float | None = None
