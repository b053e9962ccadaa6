"""Which main sector drives each municipality's change since 2015 (issue 15), on the staff
and the public comparison: a table (a card per municipality on a phone) and a chart of
the change by main sector, with the same numbers as CSV and Excel through the chart-data
downloads.

Computed once per data generation (``core.cache.cached``) for all 290 municipalities, in
two queries (the newest GGT release, then its main-sector rows for 2015 and its latest
year); a page cuts its selection from that, so its query count does not depend on the
number of municipalities.

How it is made (the block says the same in its notes):

- The sectors are the main sectors the city page shows (SMHI's huvudsektorer, in the
  newest release of greenhouse gases, GGT), "Utrikes transporter" included.
- A sector's change is its tonnes in the release's latest year minus its tonnes in 2015;
  the total change is the municipality total's (as the source states it, else the sum
  of the sectors, as everywhere else).
- The driving sector is the one with the largest change either way; its share is its
  change ÷ the total change, said only when both go the same way.
- A municipality without sector values for 2015 or the latest year has no change: the
  table says which year is missing, and the chart leaves it out and names it.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from core import i18n, numbers
from core.cache import cached
from core.formatting import active_language
from core.i18n import gettext as _
from core.numbers import DASH
from dashboards.charts.chart import ROUND, Chart, Column, Table, plotly_chart
from dashboards.charts.style import BASE_LAYOUT, PATTERNS, SECTOR_COLORS, TEXT
from dashboards.charts.tables import chart_texts_html, downloads_html, figure_json
from dashboards.compare.selectors import Place, credit_of
from dashboards.compare.table import signed
from indicators.parsers.sectors import ALL, MAIN_SECTORS, sector_label
from indicators.selectors import Credit, emission_release, main_sector_rows

SUBSTANCE = "GGT"
BASE_YEAR = 2015
#: The chart's id (its DOM id and the name in its download addresses).
SECTOR_CHART = "sektorer-sedan-2015"
#: A change smaller than this (tonnes) is no change: no sector drives it.
TOLERANCE = 0.5


@dataclass(frozen=True)
class SectorChange:
    """One municipality's change in emissions from the base year to the latest, in tonnes
    CO2e: each main sector's (SMHI's Swedish name → change) and the total's."""

    by_sector: dict[str, float]
    total: float
    driver: str  # the sector with the largest change either way; "" when none changed

    @property
    def driver_change(self) -> float | None:
        return self.by_sector[self.driver] if self.driver else None


@dataclass(frozen=True)
class SectorChanges:
    """Every municipality's change by main sector, from one release."""

    base_year: int
    latest_year: int | None  # the release's latest year; None without a release
    changes: dict[int, SectorChange]  # city id → change
    # city id → the years of (base, latest) it has sector values for, for the cities
    # without a change (a city with none at all is not in it)
    years_of: dict[int, tuple[int, ...]]
    release: Credit | None

    def missing_years(self, city_id: int) -> tuple[int, ...]:
        """The years (base, latest) a municipality without a change lacks."""
        if city_id in self.changes:
            return ()
        wanted = (
            (self.base_year,) if self.latest_year is None else (self.base_year, self.latest_year)
        )
        have = self.years_of.get(city_id, ())
        return tuple(y for y in wanted if y not in have)


def sector_order(name: str) -> tuple[int, str]:
    """SMHI's order of the main sectors (unknown names after them, alphabetically)."""
    return (MAIN_SECTORS.index(name) if name in MAIN_SECTORS else len(MAIN_SECTORS), name)


def sector_changes(
    rows: Iterable[tuple[int, int, str, float]], *, base_year: int, latest_year: int
) -> tuple[dict[int, SectorChange], dict[int, tuple[int, ...]]]:
    """The change of every municipality from ``base_year`` to ``latest_year``, from rows
    (city id, year, sector, tonnes) of main-sector totals and stated totals (sector
    "Alla"); and, for those without both years, the years they have. Pure."""
    sectors: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    stated: dict[tuple[int, int], float] = {}
    for city_id, year, sector, tonnes in rows:
        if year not in (base_year, latest_year):
            continue
        if sector == ALL:
            stated[(city_id, year)] = tonnes
        else:
            sectors[(city_id, year)][sector] = tonnes
    changes: dict[int, SectorChange] = {}
    years_of: dict[int, tuple[int, ...]] = {}
    for city_id in sorted({c for c, _y in sectors.keys() | stated.keys()}):
        base = sectors.get((city_id, base_year))
        last = sectors.get((city_id, latest_year))
        if not base or not last:
            years_of[city_id] = tuple(
                y for y in (base_year, latest_year) if (city_id, y) in sectors
            )
            continue
        names = sorted(base.keys() | last.keys(), key=sector_order)
        by_sector = {n: last.get(n, 0.0) - base.get(n, 0.0) for n in names}
        if (city_id, base_year) in stated and (city_id, latest_year) in stated:
            total = stated[(city_id, latest_year)] - stated[(city_id, base_year)]
        else:
            total = sum(last.values()) - sum(base.values())
        moved = [n for n in names if abs(by_sector[n]) >= TOLERANCE]
        # max() keeps the first of equals: SMHI's order decides a tie.
        driver = max(moved, key=lambda n: abs(by_sector[n])) if moved else ""
        changes[city_id] = SectorChange(by_sector, total, driver)
    return changes, years_of


def build_sector_changes() -> SectorChanges:
    """Every municipality's change by main sector in the newest GGT release: two queries."""
    release = emission_release(substance=SUBSTANCE)
    if release is None:
        return SectorChanges(BASE_YEAR, None, {}, {}, None)
    if release.covers_to:
        latest: int | None = release.covers_to
        rows = main_sector_rows(release=release, years=(BASE_YEAR, release.covers_to))
    else:
        rows = main_sector_rows(release=release, from_year=BASE_YEAR)
        latest = max((row[1] for row in rows), default=None)
    if latest is None or latest <= BASE_YEAR:
        return SectorChanges(BASE_YEAR, None, {}, {}, credit_of(release))
    changes, years_of = sector_changes(rows, base_year=BASE_YEAR, latest_year=latest)
    return SectorChanges(BASE_YEAR, latest, changes, years_of, credit_of(release))


def sector_data() -> SectorChanges:
    """``build_sector_changes``, cached per data generation."""
    return cached("compare-sectors", build_sector_changes)


# --- The chart and its table for a selection -----------------------------------------


def _kt(tonnes: float | None) -> float | None:
    # ``rounded(tonnes / 1000)`` without a second call per cell (290 rows, ten columns).
    return round(tonnes / 1000, ROUND) if tonnes is not None else None


@functools.cache
def _driver_words(language: str) -> dict[str, str]:
    """``driver_text``'s fixed words and the sectors' names in ``language``, translated
    once per process: a page of 290 rows would otherwise ask gettext over a thousand
    times."""
    with i18n.override(language):
        return {
            "none": _("ingen sektor förändrades"),
            "flat": _("%(sector)s: %(change)s kt (totalen oförändrad)"),
            "share_down": _("%(sector)s: %(change)s kt, %(share)s av minskningen"),
            "share_up": _("%(sector)s: %(change)s kt, %(share)s av ökningen"),
            "against_down": _("%(sector)s: %(change)s kt, fast totalen minskade (%(total)s kt)"),
            "against_up": _("%(sector)s: %(change)s kt, fast totalen ökade (%(total)s kt)"),
            **{SECTOR_KEY + name: sector_label(name) for name in MAIN_SECTORS},
        }


SECTOR_KEY = "sector:"


def driver_text(change: SectorChange, language: str) -> str:
    """The driving sector with its change and share of the total change, e.g.
    "Transporter: −41,2 kt, 63 % av minskningen"."""
    said = _driver_words(language)
    value = change.driver_change
    if value is None:
        return said["none"]
    words = {
        "sector": said.get(SECTOR_KEY + change.driver) or sector_label(change.driver),
        "change": signed(value / 1000, 1, language),
        "total": signed(change.total / 1000, 1, language),
    }
    total = change.total
    if abs(total) < TOLERANCE:
        return said["flat"] % words
    if (value < 0) == (total < 0):
        words["share"] = numbers.format_percent(value / total * 100, 0, language, signed=False)
        return said["share_down" if total < 0 else "share_up"] % words
    return said["against_down" if total < 0 else "against_up"] % words


def _missing_text(years: tuple[int, ...]) -> str:
    if len(years) >= 2:
        return _("värden för %(first)s och %(last)s saknas") % {
            "first": years[0],
            "last": years[1],
        }
    if years:
        return _("värden för %(year)s saknas") % {"year": years[0]}
    return _("sektorvärden saknas")


def sector_chart(rows: Sequence[Place]) -> Chart | None:
    """The selection's change by main sector since 2015 (rows in the selection's order):
    the chart and the table of exactly its numbers, with the driving sector; None when no
    emission release is loaded."""
    data = sector_data()
    last = data.latest_year
    if last is None:
        return None
    language = active_language()
    base = data.base_year
    changes = [data.changes.get(r.pk) for r in rows]
    names = sorted(
        {n for c in changes if c is not None for n in c.by_sector},
        key=sector_order,
    )
    years = {"base": base, "last": last}
    drivers = [
        driver_text(c, language) if c is not None else _missing_text(data.missing_years(r.pk))
        for r, c in zip(rows, changes, strict=True)
    ]
    # Each sector's change and the total in kt, a value per row: the table's columns and
    # (for the rows with values) the chart's bars.
    kt = {
        n: tuple(_kt(c.by_sector.get(n)) if c is not None else None for c in changes) for n in names
    }
    totals = tuple(_kt(c.total) if c else None for c in changes)
    columns = [Column(_("%(sector)s (kt)") % {"sector": sector_label(n)}, kt[n], 1) for n in names]
    columns.append(Column(_("Totalt (kt)"), totals, 1))
    columns.append(Column(_("Drivande sektor"), tuple(drivers), kind="text"))
    table = Table(
        _("Förändring av utsläppen %(base)s–%(last)s per huvudsektor (kt CO2e)") % years,
        _("Kommun"),
        tuple(r.name for r in rows),
        tuple(columns),
    )
    at = [i for i, c in enumerate(changes) if c is not None]
    drawn = [(r.name, c) for r, c in zip(rows, changes, strict=True) if c is not None]
    missing = [r.name for r, c in zip(rows, changes, strict=True) if c is None]
    bars = {n: [kt[n][i] for i in at] for n in names}
    return plotly_chart(
        SECTOR_CHART,
        _("Vilken sektor driver förändringen %(base)s–%(last)s?") % years,
        _traces([name for name, _c in drawn], bars, [totals[i] for i in at]) if drawn else [],
        _layout([name for name, _c in drawn], years),
        table,
        _summary(drawn, years, language),
        _notes(missing, years),
        [
            _("Källa: %(publisher)s (%(release)s)")
            % {"publisher": data.release.publisher, "release": data.release.release}
        ]
        if data.release is not None
        else [],
        tall=True,
    )


def _traces(ys: list[str], bars: dict[str, list], totals: list) -> list[dict]:
    """A bar trace per sector (``bars``: its change in kt for each of ``ys``, in the
    sectors' order; decreases left of zero, increases right, stacked), and the total
    change as a marker. Colours and hatching follow SMHI's sector order, so a sector
    looks the same whatever the selection."""
    data: list[dict] = []
    for name, xs in bars.items():
        i = sector_order(name)[0]
        label = sector_label(name)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": ys,
                "x": xs,
                "marker": {
                    "color": SECTOR_COLORS[i % len(SECTOR_COLORS)],
                    "line": {"color": TEXT, "width": 0.5},
                    "pattern": {
                        "shape": PATTERNS[i % len(PATTERNS)],
                        "fgcolor": TEXT,
                        "solidity": 0.25,
                        "fillmode": "overlay",
                    },
                },
                "hovertemplate": "%{y}: %{x:+,.1f} kt<extra>" + label + "</extra>",
            }
        )
    total = _("Total förändring")
    data.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": total,
            "y": ys,
            "x": totals,
            "marker": {
                "symbol": "diamond",
                "size": 10,
                "color": TEXT,
                "line": {"color": "#ffffff", "width": 1.5},
            },
            "hovertemplate": "%{y}: %{x:+,.1f} kt<extra>" + total + "</extra>",
        }
    )
    return data


def _layout(names: list[str], years: dict[str, int]) -> dict:
    """Horizontal bars, the first row of the table at the top, zero marked."""
    return {
        **BASE_LAYOUT,
        "barmode": "relative",
        "bargap": 0.3,
        "hovermode": "closest",
        # Room for the legend, which takes a line per sector on a phone, above the bars.
        "height": 28 * len(names) + 380,
        "margin": {"l": 16, "r": 16, "t": 8, "b": 40},
        "legend": {"orientation": "h", "y": 1.0, "yanchor": "bottom", "font": {"size": 11}},
        "xaxis": {
            "gridcolor": "#e5e5e5",
            "zeroline": True,
            "zerolinecolor": TEXT,
            "zerolinewidth": 1.5,
            "tickformat": ",.0f",
            "title": {"text": _("Förändring %(base)s–%(last)s (kt CO2e)") % years},
            "automargin": True,
        },
        "yaxis": {
            "automargin": True,
            "tickfont": {"size": 11},
            "categoryorder": "array",
            "categoryarray": list(reversed(names)),
        },
    }


def _summary(drawn: list[tuple[str, SectorChange]], years: dict[str, int], language: str) -> str:
    if not drawn:
        return _("Ingen av kommunerna har sektorvärden för både %(base)s och %(last)s.") % years
    text = _(
        "Förändringen av de territoriella utsläppen %(base)s–%(last)s per huvudsektor för "
        "%(n)s kommuner."
    ) % {**years, "n": len(drawn)}
    if len(drawn) <= 4:
        return (
            text
            + " "
            + "; ".join(
                _("%(name)s: %(driver)s") % {"name": name, "driver": driver_text(c, language)}
                for name, c in drawn
            )
            + "."
        )
    common = Counter(c.driver for _n, c in drawn if c.driver).most_common(1)
    if common:
        sector, count = common[0]
        text += " " + _("Vanligast drivande sektor: %(sector)s (%(n)s av %(of)s kommuner).") % {
            "sector": sector_label(sector),
            "n": count,
            "of": len(drawn),
        }
    return text


def _notes(missing: list[str], years: dict[str, int]) -> list[str]:
    notes = [
        _(
            "Varje stapel är en huvudsektors förändring från %(base)s till %(last)s: "
            "minskningar till vänster om noll, ökningar till höger. Romben är den totala "
            "förändringen. Drivande sektor är den som förändrats mest åt något håll; "
            "andelen är dess del av den totala förändringen."
        )
        % years
    ]
    if missing:
        notes.append(
            _("Saknar sektorvärden för %(base)s eller %(last)s och visas inte: %(names)s.")
            % {**years, "names": ", ".join(missing)}
        )
    return notes


# --- The block on the page -------------------------------------------------------------


def sector_block_html(
    chart: Chart, *, csv_url: str, xlsx_url: str, figure_url: str = ""
) -> SafeString:
    """The block: heading, the table (the comparison table's conventions: the first
    column kept in view, a card per municipality on a phone), its downloads, then the
    chart with its summary, notes and source. The table is the chart's table: exactly
    its numbers, and exactly the downloads' (which are the chart's). ``figure_url``: the
    figure's address, for a page of many municipalities (the script fetches it there
    instead of the page carrying some 60 kB of it); else the figure is in the page."""
    cid = escape(chart.id)
    title = escape(chart.title)
    table = chart.table
    parts = [
        f'<div class="chart-block sector-block" id="{cid}">',
        f'<h4 class="chart-title" id="{cid}-title">{title}</h4>',
        _table_html(table, f"{cid}-tabell"),
        downloads_html(_("Ladda ner värdena:"), chart.title, csv_url=csv_url, xlsx_url=xlsx_url),
        '<figure class="chart-figure">',
    ]
    labelled = f'aria-labelledby="{cid}-title" aria-describedby="{cid}-summary"'
    if chart.figure["data"] and figure_url:
        parts.append(f'<div class="chart" data-figure-src="{escape(figure_url)}" {labelled}></div>')
    elif chart.figure["data"]:
        parts += [
            f'<div class="chart" data-figure="{cid}-figure" {labelled}></div>',
            f'<script id="{cid}-figure" type="application/json">'
            f"{figure_json(chart.figure)}</script>",
        ]
    parts += [
        f"<figcaption>{chart_texts_html(chart, summary_id=f'{cid}-summary')}",
        "</figcaption></figure></div>",
    ]
    # Safe: every piece of text above went through escape() or figure_json().
    return mark_safe("".join(parts))


#: Where the sectors' long Swedish words may break in a narrow column heading (a soft
#: hyphen, as the comparison table does for "Konsumtionsbaserade"): without them the
#: nine sectors' table is wider than the page at 1280 px.
_BREAKS = {
    word.replace("|", ""): word.replace("|", "\u00ad")
    for word in (
        "Produkt|användning",
        "lösnings|medel",
        "Arbets|maskiner",
        "fjärr|värme",
        "upp|värmning",
        "Jord|bruk",
    )
}


def _head(column: Column) -> str:
    """A column heading, long words breakable, numbers' headings right aligned."""
    label = escape(column.label)
    for word, broken in _BREAKS.items():
        label = label.replace(word, broken)
    css = "" if column.is_text else ' class="num"'
    return f'<th scope="col"{css}>{label}</th>'


def _table_html(table: Table, caption_id: str) -> str:
    language = active_language()
    parts = [
        f'<div class="table-scroll compare-table" role="region" '
        f'aria-labelledby="{caption_id}" tabindex="0"><table class="data">',
        f'<caption id="{caption_id}">{escape(table.caption)}</caption><thead><tr>',
        f'<th scope="col">{escape(table.index_label)}</th>',
        *(_head(c) for c in table.columns),
        "</tr></thead><tbody>",
    ]
    # Column by column (then row by row): a column's label and kind are looked at once.
    columns = [_column_cells(column, language) for column in table.columns]
    for i, name in enumerate(table.index):
        parts.append(f'<tr><th scope="row">{escape(str(name))}</th>')
        parts += [cells[i] for cells in columns]
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _column_cells(column: Column, language: str) -> list[str]:
    """A column's cells, in row order. A number is written once per distinct value (the
    changes are rounded to 0.1 kt, and many municipalities share one: no change, say)."""
    label = f' data-label="{escape(column.label)}"'
    if column.is_text:
        return [f"<td{label}>{escape(str(value))}</td>" for value in column.values]
    written: dict[float | None, str] = {}
    cells = []
    for value in column.values:
        cell = written.get(value)
        if cell is None:
            text = DASH if value is None else signed(value, column.decimals, language)
            cell = written[value] = f'<td class="num"{label}>{text}</td>'
        cells.append(cell)
    return cells
