"""The comparison table: accessible HTML with sortable column headers (the same table as
CSV and Excel is ``dashboards.compare.export``).

Built as strings rather than in a template: the table can have 290 rows of twelve
cells, and the template engine is several times slower at that. Every text goes
through ``escape``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape  # the standard library's: Django's lazy-aware one is slower per call

from django.utils.safestring import SafeString, mark_safe

from core.formatting import active_language, num, pct
from core.i18n import get_language
from core.i18n import gettext as _
from core.numbers import DASH, format_number
from dashboards.compare.dataset import Municipality
from dashboards.compare.selection import KEY_FIGURE_PREFIX, MEASURES, Selection
from dashboards.compare.selectors import KeyFigure

#: How a Kolada key figure's indicator key begins ("kolada:N00401").
KOLADA_KEY = "kolada:"

#: Placeholder for a municipality's slug in ``Context.city_url``.
SLUG = "__slug__"

#: The order in which a sort by status lists statuses (ascending: worst first).
STATUS_ORDER = ("off_track", "at_risk", "on_track", "achieved", "insufficient_data", "no_data")


@dataclass(frozen=True)
class Context:
    """What the table needs besides its rows."""

    selection: Selection
    latest_year: int | None  # the year most rows' figures are for (said in the header)
    consumption_year: int | None  # likewise for consumption-based emissions
    city_url: str  # the city page's address with ``SLUG`` where the slug goes
    notes_url: str  # the city's staff notes, likewise
    key_figures: tuple[KeyFigure, ...] = ()  # the Kolada key figures loaded
    follow_up_year: int | None = None  # the contracts' follow-up year (this year)
    averages: tuple[tuple[str, Sequence[Municipality]], ...] = ()  # label, rows averaged


def signed(value: float | None, decimals: int = 1, language: str = "sv") -> str:
    """A change with its sign ("+1,7", "−9,6"); "–" for None."""
    if value is None:
        return DASH
    # ``num`` without its check for None, done above (a page of 290 rows has thousands).
    text = format_number(value, decimals, language or active_language())
    if value > 0 and text.strip("0,. \u00a0"):
        text = "+" + text
    return text


def investment_mkr(row: Municipality, selection: Selection) -> float | None:
    total = row.investment_between(selection.invest_from, selection.invest_to)
    return total / 1_000_000 if total is not None else None


# Swedish alphabetical order: å, ä, ö after z (Unicode puts ä before å); é as e.
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def name_key(name: str) -> str:
    """A sort key that orders names as a Swedish reader expects."""
    return name.casefold().translate(_SWEDISH)


def measure_value(row: Municipality, measure: str) -> float | None:
    """A municipality's value of a measure the map colours by (the names are the query's)."""
    if measure == "per_inv":
        return row.per_person
    if measure == "sedan_1990":
        return row.change_pct.get(1990)
    if measure == "sedan_2015":
        return row.change_pct.get(2015)
    if measure == "konsumtion":
        return row.consumption
    raise KeyError(measure)


def sort_value(row: Municipality, key: str, selection: Selection) -> object:
    """The value a column sorts by; None sorts last whichever the direction."""
    if key == "namn":
        return name_key(row.name)
    if key == "lan":
        return name_key(row.county_name)
    if key in MEASURES:
        return measure_value(row, key)
    if key == "trend":
        return row.headline.actual_rate_pct if row.headline else None
    if key == "behov":
        return row.headline.needed_rate_pct if row.headline else None
    if key == "status":
        return STATUS_ORDER.index(row.headline.status) if row.headline else None
    if key == "atgarder":
        return row.actions.total
    if key == "uppfoljda":
        return row.actions.followed_share
    if key == "ataganden":
        return row.commitments.followed_share if row.commitments else None
    if key == "investeringar":
        return investment_mkr(row, selection)
    if key == "utslapp":
        return row.latest_total
    if key == "arsforandring":
        return row.year_change_pct
    if key == "paris":
        return row.paris_ratio
    if key.startswith(KEY_FIGURE_PREFIX):
        found = row.key_figures.get(KOLADA_KEY + key[len(KEY_FIGURE_PREFIX) :])
        return found.value if found else None
    raise KeyError(key)


def sort_rows(rows: Sequence[Municipality], selection: Selection) -> list[Municipality]:
    """Rows in the selection's order; rows without a value last, by name."""
    key = selection.sort
    by_name = sorted(rows, key=lambda r: (name_key(r.name), r.code))
    valued = [(sort_value(r, key, selection), r) for r in by_name]
    present = [(v, r) for v, r in valued if v is not None]
    missing = [r for v, r in valued if v is None]
    # sorted() is stable, so equal values stay in name order either way.
    present.sort(key=lambda pair: pair[0], reverse=selection.descending)  # type: ignore[arg-type,return-value]
    return [r for _v, r in present] + missing


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    numeric: bool = True


def investments_label(sel: Selection) -> str:
    """The investments column's heading: the selection's years, or all years."""
    if sel.invest_from is not None or sel.invest_to is not None:
        span = f"{sel.invest_from or ''}–{sel.invest_to or ''}"
        return _("Planerade investeringar %(years)s (mnkr)") % {"years": span}
    return _("Planerade investeringar, alla år (mnkr)")


def headers(ctx: Context) -> list[Header]:
    year = ctx.latest_year
    commitments = (
        _("Kontraktets åtaganden uppföljda %(year)s") % {"year": ctx.follow_up_year}
        if ctx.follow_up_year
        else _("Kontraktets åtaganden uppföljda")
    )
    per_person = (
        _("Utsläpp per invånare %(year)s (t CO2e)") % {"year": year}
        if year
        else _("Utsläpp per invånare (t CO2e)")
    )
    consumption = (
        _("Konsumtionsbaserade utsläpp per invånare %(year)s (t CO2e)")
        % {"year": ctx.consumption_year}
        if ctx.consumption_year
        else _("Konsumtionsbaserade utsläpp per invånare (t CO2e)")
    )
    # A soft hyphen lets the longest word break in a narrow column.
    consumption = consumption.replace("Konsumtionsbaserade", "Konsumtions\u00adbaserade")
    sel = ctx.selection
    investments = investments_label(sel)
    total = _("Utsläpp %(year)s (t CO2e)") % {"year": year} if year else _("Utsläpp (t CO2e)")
    every = [
        Header("namn", _("Kommun"), numeric=False),
        Header("lan", _("Län"), numeric=False),
        Header("per_inv", per_person),
        Header("sedan_1990", _("Förändring sedan 1990 (%)")),
        Header("sedan_2015", _("Förändring sedan 2015 (%)")),
        Header("arsforandring", _("Förändring senaste året (%)")),
        Header("utslapp", total),
        Header("trend", _("Huvudmålet: takt hittills (% per år)")),
        Header("behov", _("Huvudmålet: takt som behövs (% per år)")),
        Header("status", _("Huvudmålets status (eller nationell referens)"), numeric=False),
        Header("paris", _("Parislinjen: trendens utsläpp 2025–2050 mot banans"), numeric=False),
        Header("konsumtion", consumption),
        *(
            Header(KEY_FIGURE_PREFIX + f.kolada_id, f"{f.name} ({f.unit}, Kolada {f.kolada_id})")
            for f in ctx.key_figures
        ),
        Header("atgarder", _("Åtgärder")),
        Header("uppfoljda", _("Uppföljda denna period")),
        Header("ataganden", commitments),
        Header("investeringar", investments),
    ]
    return [h for h in every if sel.shows(h.key)]


def _header_html(header: Header, sel: Selection) -> str:
    css = ' class="num"' if header.numeric else ""
    label = escape(header.label)
    if sel.sort == header.key:
        direction = "descending" if sel.descending else "ascending"
        arrow = "▼" if sel.descending else "▲"
        link = sel.query(sort=header.key, descending=not sel.descending)
        action = _("sortera stigande") if sel.descending else _("sortera fallande")
        return (
            f'<th scope="col"{css} aria-sort="{direction}"><a href="{escape(link)}">{label}'
            f'<span class="visually-hidden"> ({escape(action)})</span>'
            f'<span class="sort-arrow" aria-hidden="true">{arrow}</span></a></th>'
        )
    link = sel.query(sort=header.key, descending=False)
    action = _("sortera stigande")
    return (
        f'<th scope="col"{css}><a href="{escape(link)}">{label}'
        f'<span class="visually-hidden"> ({escape(action)})</span></a></th>'
    )


def _why(text: str) -> str:
    return f'<span class="why">{escape(text)}</span>' if text else ""


def _number_cell(text: str, why: str = "", extra: str = "") -> str:
    return f'<td class="num">{text}{extra}{_why(why) if text == DASH else ""}</td>'


def _per_person_cell(
    value: float | None, year: int | None, header_year: int | None, why: str, language: str
) -> str:
    """Tonnes per inhabitant, with the year when it is not the header's; why when none."""
    note = (
        f' <span class="year">({year})</span>' if value is not None and year != header_year else ""
    )
    return _number_cell(num(value, 2, language) if value is not None else DASH, why, note)


def table_html(rows: Sequence[Municipality], ctx: Context, *, caption: str) -> SafeString:
    """The table, in a keyboard-focusable scroll region (it is wider than a phone)."""
    words = {
        "no_target": _("inget publicerat klimatmål"),
        "no_goal": _("inget mål"),
        "no_actions": _("inga åtgärder att följa upp"),
        "no_contract": _("inget publicerat kontrakt"),
        "no_contract_text": _("kontraktstexten (version %(year)s) saknas i tjänsten"),
        "no_invest": _("inga investeringar angivna"),
        "of": _("%(done)s av %(of)s"),
        "status": _("Status:"),
        "contract": _("klimatkontraktsstad"),
        "not_loaded": _("inte inläst"),
        "notes": _("Anteckningar"),
        "notes_about": _("om %(name)s"),
        "reference": _("nationell referens"),
        "reported": _("rapporterat till CDP-ICLEI"),
        "paris_within": _("Inom banan"),
        "paris_over": _("Över banan: %(times)s gånger"),
        "paris_none": _("för få värden för en trend"),
        "no_emissions": _("utsläpp saknas"),
    }
    language = get_language() or "sv"
    # Only a mixed set marks its contract cities (a visible "K", a word for screen readers).
    mixed = len({row.is_contract_city for row in rows}) > 1
    parts = [
        '<div class="table-scroll compare-table" role="region" aria-labelledby="jamfor-tabell" '
        'tabindex="0"><table class="data">',
        f'<caption id="jamfor-tabell">{escape(caption)}</caption><thead><tr>',
        *(_header_html(h, ctx.selection) for h in headers(ctx)),
        "</tr></thead><tbody>",
    ]
    shown = headers(ctx)[1:]
    labels = {h.key: f' data-label="{escape(h.label)}"' for h in shown}
    keys = {h.key for h in shown}
    status_cells: dict[tuple[str, str, str, str], str] = {}
    for row in rows:
        cells = _cells(row, ctx, words, language, keys, status_cells)
        parts.append(_name_cells(row, ctx, words, mixed))
        parts += [cells[h.key].replace("<td", "<td" + labels[h.key], 1) for h in shown]
        parts.append("</tr>")
    parts.append("</tbody>")
    if ctx.averages:
        parts.append("<tfoot>")
        for label, averaged in ctx.averages:
            means = _averages(averaged, ctx, language)
            parts.append(f'<tr class="average"><th scope="row">{escape(label)}</th>')
            parts += [
                means.get(h.key, f'<td class="num">{DASH}</td>').replace(
                    "<td", "<td" + labels[h.key], 1
                )
                for h in shown
            ]
            parts.append("</tr>")
        parts.append("</tfoot>")
    parts.append("</table></div>")
    # Safe: every piece of text above went through escape() or is a number we formatted.
    return mark_safe("".join(parts))


def _name_cells(row: Municipality, ctx: Context, words: dict[str, str], mixed: bool) -> str:
    """The row's header (the municipality, linked, with its staff notes) and county."""
    marker = (
        f' <span class="contract-mark" aria-hidden="true">K</span>'
        f'<span class="visually-hidden"> ({escape(words["contract"])})</span>'
        if mixed and row.is_contract_city
        else ""
    )
    notes = (
        f'<a class="notes-link" href="{escape(ctx.notes_url.replace(SLUG, row.slug))}">'
        f'{escape(words["notes"])}<span class="visually-hidden"> '
        f"{escape(words['notes_about'] % {'name': row.name})}</span></a>"
        if ctx.notes_url
        else ""
    )
    return (
        f'<tr><th scope="row"><a href="{escape(ctx.city_url.replace(SLUG, row.slug))}">'
        f"{escape(row.name)}</a>{marker}{notes}</th>"
    )


#: The columns whose cells are made together, by one function of the row.
_EMISSION_KEYS = ("per_inv", "sedan_1990", "sedan_2015")
_HEADLINE_KEYS = ("trend", "behov", "status")
_ACTION_KEYS = ("konsumtion", "atgarder", "uppfoljda")


def _cells(
    row: Municipality,
    ctx: Context,
    words: dict[str, str],
    language: str,
    shown: set[str],
    status_cells: dict[tuple[str, str, str, str], str],
) -> dict[str, str]:
    """The row's cells of the ``shown`` columns (at least), by column key
    (``status_cells``: the status cells written so far, see ``_headline_cells``)."""
    cells = {"lan": f"<td>{escape(row.county_name)}</td>"} if "lan" in shown else {}
    if not shown.isdisjoint(_EMISSION_KEYS):
        cells.update(zip(_EMISSION_KEYS, _emission_cells(row, ctx, language), strict=True))
    if not shown.isdisjoint(_HEADLINE_KEYS):
        cells.update(
            zip(_HEADLINE_KEYS, _headline_cells(row, words, language, status_cells), strict=True)
        )
    if not shown.isdisjoint(_ACTION_KEYS):
        cells.update(
            zip(
                _ACTION_KEYS,
                _consumption_and_action_cells(row, ctx, words, language),
                strict=True,
            )
        )
    if "investeringar" in shown:
        cells["investeringar"] = _investment_cell(row, ctx, words, language)
    if "ataganden" in shown:
        cells["ataganden"] = _commitment_cell(row, words)
    if "utslapp" in shown:
        total = row.latest_total
        cells["utslapp"] = _number_cell(
            num(total, 0, language) if total is not None else DASH, words["no_emissions"]
        )
    if "arsforandring" in shown:
        years = row.year_change_years
        cells["arsforandring"] = _number_cell(
            signed(row.year_change_pct, 1, language),
            "",
            f' <span class="year">({years[0]}–{years[1]})</span>' if years else "",
        )
    if "paris" in shown:
        cells["paris"] = _paris_cell(row, words, language)
    for figure in ctx.key_figures:
        if KEY_FIGURE_PREFIX + figure.kolada_id not in shown:
            continue
        found = row.key_figures.get(figure.key)
        note = (
            f' <span class="year">({found.year})</span>'
            if found is not None and found.year != ctx.latest_year
            else ""
        )
        cells[KEY_FIGURE_PREFIX + figure.kolada_id] = _number_cell(
            num(found.value, 2, language) if found is not None else DASH,
            words["not_loaded"] if found is None else "",
            note,
        )
    return cells


def _paris_cell(row: Municipality, words: dict[str, str], language: str) -> str:
    if not row.paris_status:
        return f"<td>{DASH}{_why(words['no_emissions'])}</td>"
    if row.paris_ratio is None:
        return f"<td>{DASH}{_why(words['paris_none'])}</td>"
    within = row.paris_status == "on_track"
    text = (
        words["paris_within"]
        if within
        else words["paris_over"] % {"times": num(row.paris_ratio, 1, language)}
    )
    status = "on_track" if within else "off_track"
    return (
        f'<td><span class="status status-{status}"><span class="status-icon" '
        f'aria-hidden="true"></span>{escape(text)}</span></td>'
    )


#: Columns whose average the table's last rows show (the mean of the municipalities'
#: values, each municipality counting once).
AVERAGED = ("utslapp", "per_inv", "sedan_1990", "sedan_2015", "arsforandring", "konsumtion")


def _averages(rows: Sequence[Municipality], ctx: Context, language: str) -> dict[str, str]:
    """The mean of each averaged column over ``rows`` (those with a value)."""
    found: dict[str, str] = {}
    keys = [*AVERAGED, *(KEY_FIGURE_PREFIX + f.kolada_id for f in ctx.key_figures)]
    for key in keys:
        values = [v for r in rows if isinstance(v := sort_value(r, key, ctx.selection), float)]
        if not values:
            continue
        mean = sum(values) / len(values)
        decimals = 0 if key == "utslapp" else 2 if key in ("per_inv", "konsumtion") else 1
        text = (
            signed(mean, 1, language)
            if key.startswith(("sedan", "arsfor"))
            else num(mean, decimals, language)
        )
        found[key] = f'<td class="num">{text} <span class="year">(n = {len(values)})</span></td>'
    actions = [float(r.actions.total) for r in rows]
    if actions:
        found["atgarder"] = f'<td class="num">{num(sum(actions) / len(actions), 1, language)}</td>'
    return found


def _emission_cells(row: Municipality, ctx: Context, language: str) -> list[str]:
    """Per inhabitant (with the year when it is not the header's), and the changes since
    1990 and 2015."""
    cells = [
        _per_person_cell(
            row.per_person, row.latest_year, ctx.latest_year, row.per_person_note, language
        )
    ]
    for base in (1990, 2015):
        value = row.change_pct.get(base)
        cells.append(_number_cell(signed(value, 1, language), row.change_notes.get(base, "")))
    return cells


def _headline_cells(
    row: Municipality,
    words: dict[str, str],
    language: str,
    status_cells: dict[tuple[str, str, str, str], str],
) -> list[str]:
    """The headline target's rate so far, rate needed and status (or why there is none).
    ``status_cells``: the status cells written so far, by what they say; most rows share
    one (the national reference's, say), so each is written once a page."""
    h = row.headline
    if h is None:
        reason = row.headline_note or words["no_target"]
        return [
            _number_cell(DASH, words["no_goal"]),
            _number_cell(DASH, words["no_goal"]),
            f"<td>{DASH}{_why(reason)}</td>",
        ]
    window = f' <span class="year">({h.window[0]}–{h.window[1]})</span>' if h.window else ""
    said = (h.status, h.status_label, h.origin, h.summary)
    status = status_cells.get(said)
    if status is None:
        status = status_cells[said] = (
            f'<td><span class="status status-{escape(h.status)}">'
            f'<span class="visually-hidden">{escape(words["status"])} </span>'
            f'<span class="status-icon" aria-hidden="true"></span>'
            f"{escape(h.status_label)}</span>"
            + (
                f'<span class="origin">{escape(words[h.origin])}</span>'
                if h.origin in ("reference", "reported")
                else ""
            )
            + f'<span class="why">{escape(h.summary)}</span></td>'
        )
    return [
        _number_cell(signed(h.actual_rate_pct, 1, language), h.actual_note, window),
        _number_cell(signed(h.needed_rate_pct, 1, language), h.needed_note),
        status,
    ]


def _consumption_and_action_cells(
    row: Municipality, ctx: Context, words: dict[str, str], language: str
) -> list[str]:
    """Consumption-based emissions, the actions and the share followed up this period."""
    cells = [
        _per_person_cell(
            row.consumption,
            row.consumption_year,
            ctx.consumption_year,
            words["not_loaded"] if row.consumption is None else "",
            language,
        ),
        f'<td class="num">{row.actions.total}</td>',
    ]
    share = row.actions.followed_share
    if share is None:
        cells.append(_number_cell(DASH, words["no_actions"]))
    else:
        done = words["of"] % {"done": row.actions.followed, "of": row.actions.needing}
        cells.append(
            f'<td class="num">{pct(share, 0, signed=False)}'
            f' <span class="year">({escape(done)})</span></td>'
        )
    return cells


def _commitment_cell(row: Municipality, words: dict[str, str]) -> str:
    """The share of the contract's commitments with a published follow-up this year."""
    counts = row.commitments
    if counts is None:
        return _number_cell(DASH, words["no_contract"] if row.is_contract_city else "")
    share = counts.followed_share
    if share is None:
        return _number_cell(DASH, words["no_contract_text"] % {"year": counts.contract_year})
    done = words["of"] % {"done": counts.followed, "of": counts.total}
    return (
        f'<td class="num">{pct(share, 0, signed=False)}'
        f' <span class="year">({escape(done)})</span></td>'
    )


def _investment_cell(row: Municipality, ctx: Context, words: dict[str, str], language: str) -> str:
    """The planned investments in the selection's years."""
    sel = ctx.selection
    amount = investment_mkr(row, sel)
    if amount is None:
        return _number_cell(DASH, words["no_invest"])
    years = row.investment_years(sel.invest_from, sel.invest_to)
    span = f' <span class="year">({years[0]}–{years[1]})</span>' if years else ""
    return f'<td class="num">{num(amount, 1, language)}{span}</td>'
