"""The comparison table as CSV and Excel have it: the same rows and columns as the page,
a composite cell (a value with its year) split into one column each, plus the
municipality code, and the reasons for empty cells in a last column. Text that a
spreadsheet would run as a formula is written with a leading apostrophe
(``core.downloads``); numbers are plain numbers (CSV: decimal point, UTF-8)."""

from __future__ import annotations

from collections.abc import Sequence

from core.i18n import gettext as _
from dashboards.charts.chart import Table, head, rounded
from dashboards.compare.dataset import Municipality
from dashboards.compare.selection import Selection
from dashboards.compare.table import Context, investment_mkr, investments_label


def export_table(rows: Sequence[Municipality], ctx: Context, *, caption: str) -> Table:
    """The table as CSV and Excel have it: plain values, a composite cell (a value with
    its year) split into one column each, the municipality code first."""
    heads = [
        head(_("Kommunkod")),
        head(_("Kommun")),
        head(_("Län")),
        head(_("Klimatkontraktsstad")),
        head(_("År"), "year"),
        head(_("Utsläpp per invånare (t CO2e)"), "num", 2),
        head(_("Förändring sedan 1990 (%)"), "num", 1),
        head(_("Förändring sedan 2015 (%)"), "num", 1),
        head(_("Huvudmålet: takt hittills (% per år)"), "num", 1),
        head(_("Trendens år")),
        head(_("Huvudmålet: takt som behövs (% per år)"), "num", 1),
        head(_("Huvudmålets status")),
        head(_("Huvudmålets ursprung")),
        head(_("Huvudmålet")),
        head(_("Utsläpp (t CO2e)"), "num", 0),
        head(_("Förändring senaste året (%)"), "num", 1),
        head(_("Parislinjen")),
        head(_("Trendens utsläpp 2025–2050 / banans"), "num", 2),
        head(_("Konsumtionsbaserade utsläpp per invånare (t CO2e)"), "num", 2),
        head(_("Konsumtionens år"), "year"),
        head(_("Åtgärder"), "int"),
        head(_("Åtgärder som följs upp"), "int"),
        head(_("Uppföljda denna period"), "int"),
        head(_("Andel uppföljda denna period (%)"), "num", 1),
        head(_("Kontraktsversion i kraft"), "year"),
        head(_("Kontraktets åtaganden"), "int"),
        head(_("Åtaganden uppföljda i år"), "int"),
        head(_("Andel åtaganden uppföljda i år (%)"), "num", 1),
        head(investments_label(ctx.selection), "num", 1),
        head(_("Investeringarnas år")),
        head(_("Anmärkningar")),
    ]
    return Table.from_rows(caption, heads, [_export_row(row, ctx.selection) for row in rows])


def _export_row(row: Municipality, sel: Selection) -> list:
    h, c = row.headline, row.commitments
    years = row.investment_years(sel.invest_from, sel.invest_to)
    return [
        row.code,
        row.name,
        row.county_name,
        _("ja") if row.is_contract_city else _("nej"),
        row.latest_year,
        rounded(row.per_person),
        rounded(row.change_pct.get(1990)),
        rounded(row.change_pct.get(2015)),
        rounded(h.actual_rate_pct) if h else None,
        f"{h.window[0]}–{h.window[1]}" if h and h.window else "",
        rounded(h.needed_rate_pct) if h else None,
        h.status_label if h else "",
        _origin_label(h.origin) if h else "",
        h.summary if h else "",
        rounded(row.latest_total),
        rounded(row.year_change_pct),
        row.paris_label,
        rounded(row.paris_ratio),
        rounded(row.consumption),
        row.consumption_year,
        row.actions.total,
        row.actions.needing,
        row.actions.followed,
        rounded(row.actions.followed_share),
        c.contract_year if c else None,
        c.total if c and c.total else None,
        c.followed if c and c.total else None,
        rounded(c.followed_share) if c else None,
        rounded(investment_mkr(row, sel)),
        f"{years[0]}–{years[1]}" if years else "",
        "; ".join(_export_notes(row)),
    ]


def _export_notes(row: Municipality) -> list[str]:
    """Why cells of the row are empty, for the last column."""
    h = row.headline
    return [
        n
        for n in (
            row.per_person_note and _("per invånare: %(why)s") % {"why": row.per_person_note},
            *(
                _("sedan %(year)s: %(why)s") % {"year": y, "why": row.change_notes[y]}
                for y in (1990, 2015)
                if row.change_notes.get(y)
            ),
            (row.headline_note or _("inget klimatmål"))
            if h is None or h.origin == "reference"
            else "",
            h.actual_note if h else "",
            h.needed_note if h else "",
        )
        if n
    ]


def _origin_label(origin: str) -> str:
    if origin == "reference":
        return _("nationell referens")
    if origin == "reported":
        return _("rapporterat till CDP-ICLEI")
    return _("kommunens eget mål")
