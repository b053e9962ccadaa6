"""Page data of a city's portfolio analysis (åtgärdsportfölj): does the portfolio close
the gap to the emission target, which sectors it covers, what it costs, how it is
followed up. One function gathers it from the selectors, runs the pure computations
(``actions.portfolio``, the progress engine) and returns plain data, cached per data
generation, so the page costs the same few queries whatever the number of actions.

Every table on the page is a ``dashboards.charts.figures.Table`` of raw values: the
template formats them and the CSV/XLSX downloads write them as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actions.dates import describe_partial_date
from actions.models import (
    FOLLOWED_UP_STATUSES,
    OTHER_SECTOR,
    SECTOR_CHOICES,
    Action,
    ActionStage,
    ActionStatus,
    CoBenefit,
    FundingStatus,
    Lever,
    sector_name,
)
from actions.portfolio import (
    ActionEffect,
    CostLine,
    Exclusion,
    GapAnalysis,
    GapState,
    Money,
    Span,
    cost_per_tonne,
    counts,
    effect_years,
    investment_plan,
    portfolio_gap,
    sector_coverage,
)
from actions.selectors import portfolio_actions
from cities.models import City
from core.cache import cached
from core.cycles import DueState, follow_up_due
from core.formatting import localized_figure, num, pct
from dashboards.charts.figures import Column, Link, Table, head
from dashboards.portfolio import figures
from indicators.assessments import CityProgress, TargetAssessment, city_progress
from indicators.models import Target, TargetKind
from indicators.parsers.sectors import MAIN_SECTORS
from indicators.progress import (
    DEFAULT_WINDOW,
    MIN_TREND_POINTS,
    DataPoint,
    TrendModel,
    fit_trend,
)
from indicators.selectors import YearEmissions

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SUBSTANCE = "GGT"
UNIT = "t CO2e"
NOT_STATED = ""

_ZERO = Money()


# --- tables ---------------------------------------------------------------------------


def _table(
    slug: str, caption: str, heads: list[Column], rows: list[list[Any]], **extra: Any
) -> Table:
    """One table of the page, downloadable as CSV and XLSX under its ``slug``. Lazy
    translations (choice labels) become text, so the table pickles into the cache and
    writes into a workbook."""
    plain = [[str(v) if isinstance(v, Promise) else v for v in row] for row in rows]
    return Table.from_rows(caption, heads, plain, slug=slug, **extra)


# --- filters --------------------------------------------------------------------------

FILTERS: dict[str, list[tuple[str, StrOrPromise]]] = {
    "sektor": SECTOR_CHOICES,
    "status": list(ActionStatus.choices),
    "skede": list(ActionStage.choices),
    "typ": list(Lever.choices),
    "sidonytta": list(CoBenefit.choices),
}
_FILTER_FIELD = {
    "sektor": "sector",
    "status": "status",
    "skede": "stage",
    "typ": "lever",
    "sidonytta": "co_benefits",
}


@dataclass(frozen=True)
class Filters:
    """The visitor's filters (query parameters in Swedish); unknown values are ignored."""

    values: tuple[tuple[str, str], ...] = ()
    target: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        values = []
        for name, options in FILTERS.items():
            value = query.get(name, "")
            if value and value in dict(options):
                values.append((name, value))
        target = query.get("mal", "")
        return cls(tuple(values), int(target) if target.isdigit() else None)

    @property
    def key(self) -> str:
        parts = [f"{k}={v}" for k, v in self.values]
        if self.target is not None:
            parts.append(f"mal={self.target}")
        return "&".join(parts) or "-"

    def matches(self, action: Action) -> bool:
        for name, value in self.values:
            attribute = getattr(action, _FILTER_FIELD[name])
            if (value not in attribute) if name == "sidonytta" else (attribute != value):
                return False
        return True

    def get(self, name: str) -> str:
        return dict(self.values).get(name, "")


# --- the target and its trend (the progress engine) ------------------------------------


@dataclass(frozen=True)
class GapBasis:
    """What the progress engine says about a city's emission target: the trend's value
    in the target year and the pathway's value, or why they are unknown."""

    target_id: int | None = None
    target_summary: str = ""
    goal_title: str = ""
    target_year: int | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    trend_value: float | None = None
    trend_low: float | None = None
    trend_high: float | None = None
    pathway_value: float | None = None
    explanation: str = ""
    notes: tuple[str, ...] = ()
    choices: tuple[tuple[int, str], ...] = ()


def _emission_targets(progress: CityProgress) -> list[TargetAssessment]:
    """Targets on the city's total territorial greenhouse-gas emissions with a number."""
    found = [
        assessed
        for assessed in progress.targets()
        if assessed.indicator.emission_substance == SUBSTANCE
        and not assessed.indicator.emission_sector
        and assessed.target.kind
        in (TargetKind.ABSOLUTE, TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO)
    ]
    return sorted(found, key=lambda a: (a.target.target_year, a.target.pk))


def gap_basis(progress: CityProgress, *, target_id: int | None = None) -> GapBasis:
    """The trend and pathway values in the target year of the city's emission target,
    read from the shared assessments (``indicators.assessments``: the city page and the
    goals API read the same ones), so the portfolio can never disagree with them about
    the trend, the pathway or the target value.

    The target is the one chosen by id, else the first whose target year is after the
    latest data year (else the latest target).
    """
    emissions = progress.emissions.get(SUBSTANCE, [])
    latest = emissions[-1] if emissions else None
    candidates = _emission_targets(progress)
    choices = tuple(
        (
            a.target.pk,
            f"{a.target.target_year}: {a.goal.title}"
            if len(a.goal.title) < 90
            else f"{a.target.target_year}",
        )
        for a in candidates
    )
    if not candidates:
        return GapBasis(
            latest_year=latest.year if latest else None,
            latest_value=latest.total if latest else None,
        )
    chosen = next((a for a in candidates if a.target.pk == target_id), None)
    if chosen is None:
        upcoming = [a for a in candidates if latest is None or a.target.target_year > latest.year]
        chosen = upcoming[0] if upcoming else candidates[-1]
    target, result = chosen.target, chosen.assessment
    # The values the target is judged on (net of removals when a net-zero target has
    # them): their latest year is where the trend starts.
    judged_latest = result.latest
    common: dict[str, Any] = {
        "target_id": target.pk,
        "goal_title": chosen.goal.title,
        "target_year": target.target_year,
        "choices": choices,
        "latest_year": judged_latest.year if judged_latest else latest.year if latest else None,
        "latest_value": (
            judged_latest.value if judged_latest else latest.total if latest else None
        ),
        "notes": tuple(chosen.notes),
    }
    if chosen.spec is None:  # the engine cannot follow the target up as stated
        return GapBasis(**common, explanation=result.explanation)
    pathway_value = result.pathway[-1][1] if result.pathway else result.target_value
    if len(result.window_years) < MIN_TREND_POINTS:
        # Two points always lie on a line: the engine calls that too little data for a
        # trend, and so does the gap.
        return GapBasis(**common, pathway_value=pathway_value, explanation=result.explanation)
    return GapBasis(
        **common,
        target_summary=_target_summary(target, result.target_value),
        trend_value=result.projected_value,
        trend_low=result.projected_low,
        trend_high=result.projected_high,
        pathway_value=pathway_value,
        explanation=result.explanation,
    )


def _target_summary(target: Target, value: float | None) -> str:
    """The target's own terms, e.g. "−85 % mot 1990" ("" for a level in tonnes)."""
    if value is None or target.kind == TargetKind.ABSOLUTE:
        return ""
    change = -100.0 if target.target_value is None else target.target_value
    return _("%(change)s mot %(base)s") % {"change": pct(change, 0), "base": target.base_year}


def _sector_trend(emissions: Sequence[YearEmissions], sector: str, year: int) -> float | None:
    points = [DataPoint(e.year, e.sectors[sector]) for e in emissions if sector in e.sectors]
    fit = fit_trend(points[-DEFAULT_WINDOW:], TrendModel.LOG_LINEAR)
    return None if fit is None else fit.predict(year)


# --- the page -------------------------------------------------------------------------


@dataclass
class PortfolioPage:
    city_name: str
    city_slug: str
    drafts: bool
    total_actions: int  # before filters
    shown_actions: int
    draft_actions: int
    changed_actions: int  # published, with a change waiting for publishing
    missing_effect: int  # shown actions without an expected effect
    filters: Filters
    basis: GapBasis
    gap: GapAnalysis
    gap_summary: list[str]
    gap_figure: dict | None
    gap_steps: bool  # the chart shows planned reductions
    credit: str
    sector_summary: str
    sector_figure: dict | None
    uncovered_large: list[str]
    investment_summary: str
    investment_figure: dict | None
    follow_up_summary: str
    tables: dict[str, Table]
    cycle_label: str
    today: date

    def table(self, slug: str) -> Table:
        return self.tables[slug]


def portfolio_page(city: City, *, drafts: bool, filters: Filters) -> PortfolioPage:
    """Everything the portfolio page shows, cached per data generation and day."""
    today = timezone.localdate()
    key = f"portfolio:{city.code}:{int(drafts)}:{filters.key}:{today.isoformat()}"
    return cached(key, lambda: _build(city, drafts=drafts, filters=filters, today=today))


def action_effect(action: Action) -> ActionEffect:
    return ActionEffect(
        key=action.pk,
        title=action.title,
        sector=action.sector,
        status=action.status,
        expected=action.expected_reduction,
        low=action.expected_reduction_low,
        high=action.expected_reduction_high,
        first_year=action.effect_from_year,
    )


def _label(choices: Any, value: str) -> str:
    if not value:
        return _("Ej angivet")
    return str(dict(choices).get(value, value))


def _build(city: City, *, drafts: bool, filters: Filters, today: date) -> PortfolioPage:
    # The published targets, assessed as the public city page assesses them.
    progress = city_progress(city)
    release = progress.releases.get(SUBSTANCE)
    emissions = progress.emissions.get(SUBSTANCE, [])
    everything = portfolio_actions(city=city, drafts=drafts)
    actions = [a for a in everything if filters.matches(a)]
    urls = {a.pk: f"/kommuner/{city.slug}/atgarder/{a.pk}/" for a in actions}
    effects = [action_effect(a) for a in actions]
    basis = gap_basis(progress, target_id=filters.target)
    gap = portfolio_gap(
        actions=effects,
        target_year=basis.target_year,
        latest_year=basis.latest_year,
        trend_value=basis.trend_value,
        pathway_value=basis.pathway_value,
        has_target=basis.target_id is not None,
    )
    latest = emissions[-1] if emissions else None
    tables: dict[str, Table] = {}
    page = PortfolioPage(
        city_name=city.name,
        city_slug=city.slug,
        drafts=drafts,
        total_actions=len(everything),
        shown_actions=len(actions),
        draft_actions=sum(1 for a in actions if not a.is_published),
        changed_actions=sum(1 for a in actions if a.is_published and a.draft),
        missing_effect=sum(1 for e in effects if not e.has_effect),
        filters=filters,
        basis=basis,
        gap=gap,
        gap_summary=[],
        gap_figure=None,
        gap_steps=False,
        credit=f"{release.publisher} ({release.name})" if release else "",
        sector_summary="",
        sector_figure=None,
        uncovered_large=[],
        investment_summary="",
        investment_figure=None,
        follow_up_summary="",
        tables=tables,
        cycle_label=city.get_follow_ups_per_year_display(),
        today=today,
    )
    _gap_part(page, actions, effects, emissions, urls)
    _sector_part(page, actions, effects, latest)
    _investment_part(page, actions, effects, urls)
    _overview_part(page, actions, urls, city, today)
    return page


def _gap_part(
    page: PortfolioPage,
    actions: list[Action],
    effects: list[ActionEffect],
    emissions: Sequence[YearEmissions],
    urls: dict[int, str],
) -> None:
    gap, basis = page.gap, page.basis
    ty = basis.target_year
    page.gap_summary = _gap_sentences(page)

    rows: list[list[Any]] = []
    if basis.latest_value is not None:
        rows.append([_("Utsläpp %(year)s") % {"year": basis.latest_year}, basis.latest_value])
    if gap.trend_value is not None and ty is not None:
        rows.append(
            [_("Utsläpp %(year)s på nuvarande trend") % {"year": ty}, gap.trend_value],
        )
        if basis.trend_low is not None:
            rows.append([_("Trendens osäkerhet, lägsta (95 %)"), basis.trend_low])
            rows.append([_("Trendens osäkerhet, högsta (95 %)"), basis.trend_high])
    if gap.pathway_value is not None and ty is not None:
        rows.append([_("Målbanans värde %(year)s") % {"year": ty}, gap.pathway_value])
    if gap.gap is not None and not gap.counted_keys:
        rows.append([_("Glapp (trend minus målbana)"), gap.gap])
        rows.append([_("Åtgärdernas förväntade minskning (ingen uppskattad)"), None])
    elif gap.gap is not None:
        rows.append([_("Glapp (trend minus målbana)"), gap.gap])
        rows.append([_("Åtgärdernas förväntade minskning"), gap.counted.central])
        rows.append([_("  lägsta"), gap.counted.low])
        rows.append([_("  högsta"), gap.counted.high])
        remaining = gap.remaining
        assert remaining is not None
        rows.append([_("Kvar av glappet efter åtgärderna"), remaining.central])
        rows.append([_("  lägsta"), remaining.low])
        rows.append([_("  högsta"), remaining.high])
    page.tables["glapp"] = _table(
        "glapp",
        _("Glappet till målet (t CO2e per år)"),
        [head(_("Post")), head(_("t CO2e/år"), "num")],
        rows,
    )

    # Which actions count, and why the others do not.
    reasons = dict(gap.excluded)
    reason_text = {
        Exclusion.NO_EFFECT: _("Nej: förväntad effekt saknas"),
        Exclusion.CANCELLED: _("Nej: avbruten"),
        Exclusion.NO_FIRST_YEAR: _("Nej: första effektår saknas"),
        Exclusion.AFTER_TARGET_YEAR: _("Nej: effekt först efter målåret"),
        Exclusion.ALREADY_IN_DATA: _("Nej: effekten syns redan i utsläppsdata"),
    }
    page.tables["effekt"] = _table(
        "effekt",
        _("Åtgärdernas förväntade effekt och om den räknas mot glappet"),
        [
            head(_("Åtgärd")),
            head(_("Sektor")),
            head(_("Status")),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Lägsta"), "num"),
            head(_("Högsta"), "num"),
            head(_("Första effektår"), "year"),
            head(_("Räknas mot glappet")),
        ],
        [
            [
                Link(a.title, urls[a.pk]),
                sector_name(a.sector),
                a.get_status_display(),
                e.expected,
                e.span.low if e.has_effect else None,
                e.span.high if e.has_effect else None,
                e.first_year,
                reason_text[reasons[a.pk]] if a.pk in reasons else _("Ja"),
            ]
            for a, e in zip(actions, effects, strict=True)
        ],
    )

    # By sector: latest emissions, trend in the target year, planned reductions.
    latest = emissions[-1] if emissions else None
    sector_rows = []
    if latest is not None and ty is not None:
        names = [s for s in MAIN_SECTORS if s in latest.sectors]
        if OTHER_SECTOR in gap.by_sector:
            names.append(OTHER_SECTOR)
        for sector in names:
            trend = (
                _sector_trend(emissions, sector, ty)
                if sector != OTHER_SECTOR and latest.year < ty
                else None
            )
            span = gap.by_sector.get(sector, Span())
            sector_rows.append(
                [
                    sector_name(sector),
                    latest.sectors.get(sector),
                    trend,
                    span.central,
                    span.low,
                    span.high,
                    None if trend is None else trend - span.central,
                ]
            )
    page.tables["glapp-sektor"] = _table(
        "glapp-sektor",
        _("Glappet per sektor (t CO2e per år)"),
        [
            head(_("Sektor")),
            head(_("Utsläpp %(year)s") % {"year": latest.year if latest else ""}, "num"),
            head(_("Trend %(year)s") % {"year": ty or ""}, "num"),
            head(_("Förväntad minskning"), "num"),
            head(_("Lägsta"), "num"),
            head(_("Högsta"), "num"),
            head(_("Kvar på trenden efter åtgärder"), "num"),
        ],
        sector_rows,
        note=_(
            "Varje sektors trend är anpassad för sig (samma metod som för totalen), så "
            "sektorernas trender summerar inte exakt till totalens trend."
        ),
    )

    if gap.gap is None or basis.latest_value is None or ty is None:
        return
    steps = [
        figures.Step(
            label=_("Åtgärder: %(sector)s") % {"sector": figures.short(sector_name(sector))},
            central=span.central,
            low=span.low,
            high=span.high,
        )
        for sector, span in sorted(gap.by_sector.items(), key=lambda kv: -kv[1].central)
        if span.central > 0
    ]
    after = gap.after_actions if steps else None
    page.gap_steps = bool(steps)
    page.gap_figure = localized_figure(
        figures.gap_waterfall(
            latest_label=_("Utsläpp %(year)s") % {"year": basis.latest_year},
            latest_value=basis.latest_value,
            trend_label=_("Trend %(year)s") % {"year": ty},
            trend_value=gap.trend_value or 0.0,
            steps=steps,
            after_label=_("Efter åtgärder %(year)s") % {"year": ty},
            after_value=after.central if after else None,
            after_low=after.low if after else None,
            after_high=after.high if after else None,
            target_label=_("Målbana %(year)s") % {"year": ty},
            target_value=gap.pathway_value or 0.0,
            unit=_("t CO2e/år"),
        )
    )


def _gap_sentences(page: PortfolioPage) -> list[str]:
    gap, basis, name = page.gap, page.basis, page.city_name
    ty = basis.target_year
    state = gap.state
    lines: list[str] = []
    if state is GapState.NO_TARGET:
        lines.append(
            _(
                "%(city)s har inget publicerat mål för de territoriella utsläppen av "
                "växthusgaser med ett målvärde, så glappet till målet kan inte beräknas."
            )
            % {"city": name}
        )
    elif state is GapState.NO_DATA:
        lines.append(
            _("Det finns inga utsläppsdata för %(city)s, så glappet kan inte beräknas.")
            % {"city": name}
        )
    elif state is GapState.TARGET_YEAR_IN_DATA:
        lines.append(
            _(
                "Målåret %(year)s har redan utsläppsdata, så det finns ingen trend att "
                "jämföra med; se utfallet på kommunens sida."
            )
            % {"year": ty}
        )
    elif state is GapState.TOO_LITTLE_DATA:
        lines.append(
            _(
                "Det finns för lite utsläppsdata för en trend fram till %(year)s, så glappet "
                "kan inte beräknas."
            )
            % {"year": ty}
        )
    else:
        assert gap.trend_value is not None and gap.pathway_value is not None and ty is not None
        lines.append(
            _(
                "På nuvarande trend blir utsläppen %(trend)s t CO2e år %(year)s. Målet%(target)s "
                "kräver att de då är högst %(path)s t."
            )
            % {
                "trend": num(gap.trend_value),
                "year": ty,
                "target": f" ({basis.target_summary})" if basis.target_summary else "",
                "path": num(gap.pathway_value),
            }
        )
        if state is GapState.TREND_REACHES_TARGET:
            lines.append(_("Trenden räcker alltså för att nå målet, om den håller i sig."))
        else:
            assert gap.gap is not None
            lines.append(_("Glappet är %(gap)s t CO2e per år.") % {"gap": num(gap.gap)})
            if state is GapState.NO_EFFECTS:
                lines.append(
                    _(
                        "Ingen åtgärd har en förväntad effekt som kan räknas mot glappet, så "
                        "det går inte att säga hur mycket av glappet portföljen sluter."
                    )
                )
            else:
                remaining = gap.remaining
                assert remaining is not None
                lines.append(
                    _(
                        "Åtgärdernas förväntade minskning är %(central)s t per år "
                        "(%(low)s–%(high)s), %(share)s av glappet. Kvar efter åtgärderna: "
                        "%(left)s t per år."
                    )
                    % {
                        "central": num(gap.counted.central),
                        "low": num(gap.counted.low),
                        "high": num(gap.counted.high),
                        "share": pct(gap.share_of_gap_pct, 0, signed=False),
                        "left": num(max(remaining.central, 0)),
                    }
                )
                verdict = {
                    GapState.CLOSES: _("Portföljen räcker för att sluta glappet."),
                    GapState.MAY_CLOSE: _(
                        "Portföljen kan räcka: glappet ligger inom spannet av förväntad minskning."
                    ),
                    GapState.DOES_NOT_CLOSE: _(
                        "Portföljen räcker inte: även den högsta förväntade minskningen är "
                        "mindre än glappet."
                    ),
                }[state]
                lines.append(verdict)
        if basis.trend_low is not None and basis.trend_high is not None:
            lines.append(
                _("Trenden är osäker: 95 %% prognosintervall %(low)s–%(high)s t år %(year)s.")
                % {"low": num(basis.trend_low), "high": num(basis.trend_high), "year": ty}
            )
    if page.shown_actions:
        lines.append(
            _("Förväntad effekt saknas för %(missing)s av %(total)s åtgärder.")
            % {"missing": page.missing_effect, "total": page.shown_actions}
            if page.missing_effect
            else ngettext(
                "Åtgärden har en förväntad effekt.",
                "Alla %(total)s åtgärder har en förväntad effekt.",
                page.shown_actions,
            )
            % {"total": page.shown_actions}
        )
    n = gap.excluded_count(Exclusion.ALREADY_IN_DATA)
    if n:
        lines.append(
            ngettext(
                "%(n)s åtgärd räknas inte eftersom effekten började senast %(year)s och därför "
                "redan syns i utsläppsdata och trenden.",
                "%(n)s åtgärder räknas inte eftersom effekten började senast %(year)s och "
                "därför redan syns i utsläppsdata och trenden.",
                n,
            )
            % {"n": n, "year": basis.latest_year}
        )
    n = gap.excluded_count(Exclusion.AFTER_TARGET_YEAR)
    if n:
        lines.append(
            ngettext(
                "%(n)s åtgärd räknas inte eftersom effekten börjar efter målåret.",
                "%(n)s åtgärder räknas inte eftersom effekten börjar efter målåret.",
                n,
            )
            % {"n": n}
        )
    n = gap.excluded_count(Exclusion.CANCELLED)
    if n:
        lines.append(
            ngettext(
                "%(n)s avbruten åtgärd räknas inte.", "%(n)s avbrutna åtgärder räknas inte.", n
            )
            % {"n": n}
        )
    lines.extend(basis.notes)
    return lines


def _sector_part(
    page: PortfolioPage,
    actions: list[Action],
    effects: list[ActionEffect],
    latest: YearEmissions | None,
) -> None:
    sectors = [s for s in MAIN_SECTORS if latest and s in latest.sectors] or list(MAIN_SECTORS)
    rows = sector_coverage(
        sectors=sectors, emissions=latest.sectors if latest else {}, actions=effects
    )
    page.uncovered_large = [sector_name(r.sector) for r in rows if r.stands_out]
    page.tables["sektorer"] = _table(
        "sektorer",
        _("Sektorer och åtgärder"),
        [
            head(_("Sektor")),
            head(_("Utsläpp %(year)s (t CO2e)") % {"year": latest.year if latest else ""}, "num"),
            head(_("Andel av utsläppen"), "pct"),
            head(_("Åtgärder"), "int"),
            head(_("med förväntad effekt"), "int"),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Stor sektor utan åtgärd")),
        ],
        [
            [
                sector_name(r.sector),
                r.emissions,
                r.share_pct,
                r.actions,
                r.with_effect,
                r.expected.central if r.with_effect else None,
                _("Ja") if r.stands_out else "",
            ]
            for r in rows
        ],
        highlight=[r.stands_out for r in rows],
    )
    shown = [r for r in rows if r.share_pct is not None]
    if latest and shown:
        page.sector_figure = localized_figure(
            figures.sector_coverage_chart(
                sectors=[sector_name(r.sector) for r in shown],
                shares=[r.share_pct or 0.0 for r in shown],
                actions=[r.actions for r in shown],
            )
        )
        covered = [r for r in shown if r.covered]
        share_covered = sum(r.share_pct or 0 for r in covered)
        text = _(
            "%(covered)s av %(total)s huvudsektorer har minst en åtgärd; de står för "
            "%(share)s av utsläppen %(year)s."
        ) % {
            "covered": len(covered),
            "total": len(shown),
            "share": pct(share_covered, 0, signed=False),
            "year": latest.year,
        }
        page.sector_summary = text


def _investment_part(
    page: PortfolioPage, actions: list[Action], effects: list[ActionEffect], urls: dict
) -> None:
    status_labels = dict(FundingStatus.choices)
    lines = [
        CostLine(
            action_key=a.pk,
            year=c.year,
            sector=a.sector,
            funding_status=c.funding_status or a.funding_status,
            investment=c.investment_sek,
            operating=c.operating_sek,
        )
        for a in actions
        for c in a.costs.all()
    ]
    plan = investment_plan(lines)
    statuses = [s for s in [*FundingStatus.values, NOT_STATED] if s in plan.by_status]
    page.tables["investeringar"] = _table(
        "investeringar",
        _("Investeringar och driftkostnader per år och finansieringsstatus (kr)"),
        [
            head(_("År"), "year"),
            *[head(_label(status_labels, s), "sek") for s in statuses],
            head(_("Investering"), "sek"),
            head(_("Drift"), "sek"),
            head(_("Summa"), "sek"),
        ],
        [
            [
                year,
                *[plan.by_year_status.get((year, s), _ZERO).total for s in statuses],
                plan.by_year[year].investment,
                plan.by_year[year].operating,
                plan.by_year[year].total,
            ]
            for year in plan.years
        ],
    )
    page.tables["investeringar-sektor"] = _table(
        "investeringar-sektor",
        _("Investeringar och driftkostnader per år och sektor (kr)"),
        [
            head(_("År"), "year"),
            head(_("Sektor")),
            head(_("Investering"), "sek"),
            head(_("Drift"), "sek"),
            head(_("Summa"), "sek"),
        ],
        [
            [
                year,
                sector_name(sector),
                money.investment,
                money.operating,
                money.total,
            ]
            for (year, sector), money in sorted(
                plan.by_year_sector.items(),
                key=lambda kv: (kv[0][0], _sector_order(kv[0][1])),
            )
        ],
    )
    horizon = page.basis.target_year
    per_tonne_rows = []
    for action, effect in zip(actions, effects, strict=True):
        money = plan.by_action.get(action.pk)
        if money is None or not effect.has_effect:
            continue
        span = cost_per_tonne(total_cost=money.total, action=effect, horizon_year=horizon)
        if span is None:
            continue
        per_tonne_rows.append(
            [
                Link(action.title, urls[action.pk]),
                money.total,
                effect.expected,
                effect_years(effect.first_year, horizon),
                span.central,
                span.low,
                span.high,
            ]
        )
    page.tables["kostnad-per-ton"] = _table(
        "kostnad-per-ton",
        _("Kostnad per ton minskade utsläpp"),
        [
            head(_("Åtgärd")),
            head(_("Kostnad, alla år (kr)"), "sek"),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("År med effekt till %(year)s") % {"year": horizon or "målåret"}, "int"),
            head(_("Kr per ton"), "sek"),
            head(_("lägst"), "sek"),
            head(_("högst"), "sek"),
        ],
        per_tonne_rows,
        note=_(
            "Kostnad per ton = åtgärdens kostnader (investering och drift, alla år) delat med "
            "den förväntade minskningen summerad från första effektåret till och med "
            "målåret. Visas bara där både kostnad och effekt är kända."
        ),
    )
    if plan.years:
        page.investment_figure = localized_figure(
            figures.investment_chart(
                years=plan.years,
                series=[
                    (
                        _label(status_labels, s),
                        [plan.by_year_status.get((y, s), _ZERO).total for y in plan.years],
                    )
                    for s in statuses
                ],
                unit=_("kr"),
            )
        )
        granted = sum(
            plan.by_status.get(s, _ZERO).total
            for s in (FundingStatus.OWN_BUDGET, FundingStatus.GRANTED)
        )
        page.investment_summary = _(
            "Planerade kostnader %(first)s–%(last)s: %(total)s kr, varav investeringar "
            "%(inv)s kr och drift %(op)s kr. Finansierat (egen budget eller beviljat): "
            "%(secured)s kr."
        ) % {
            "first": plan.years[0],
            "last": plan.years[-1],
            "total": num(plan.total.total),
            "inv": num(plan.total.investment),
            "op": num(plan.total.operating),
            "secured": num(granted),
        }
    else:
        page.investment_summary = _("Ingen åtgärd har kostnader inlagda ännu.")


def _sector_order(sector: str) -> int:
    order = [*MAIN_SECTORS, OTHER_SECTOR]
    return order.index(sector) if sector in order else len(order)


def _overview_part(
    page: PortfolioPage, actions: list[Action], urls: dict, city: City, today: date
) -> None:
    stages = [*ActionStage.values, NOT_STATED]
    status_labels, stage_labels = dict(ActionStatus.choices), dict(ActionStage.choices)
    matrix: dict[tuple[str, str], int] = {}
    for action in actions:
        key = (action.status, action.stage)
        matrix[key] = matrix.get(key, 0) + 1
    page.tables["status"] = _table(
        "status",
        _("Åtgärder per status och skede"),
        [
            head(_("Status")),
            *[head(_label(stage_labels, s), "int") for s in stages],
            head(_("Totalt"), "int"),
        ],
        [
            [
                status_labels[status],
                *[matrix.get((status, s), 0) for s in stages],
                sum(matrix.get((status, s), 0) for s in stages),
            ]
            for status in ActionStatus.values
        ],
    )
    benefit_counts = counts(
        [code for a in actions for code in a.co_benefits], list(CoBenefit.values)
    )
    benefit_labels = dict(CoBenefit.choices)
    page.tables["sidonyttor"] = _table(
        "sidonyttor",
        _("Sidonyttor"),
        [head(_("Sidonytta")), head(_("Åtgärder"), "int")],
        [[str(benefit_labels.get(code, code)), n] for code, n in benefit_counts],
    )
    lever_labels = dict(Lever.choices)
    page.tables["typer"] = _table(
        "typer",
        _("Åtgärder per åtgärdstyp"),
        [head(_("Åtgärdstyp")), head(_("Åtgärder"), "int")],
        [
            [_label(lever_labels, code), n]
            for code, n in counts([a.lever for a in actions], list(Lever.values))
        ],
    )

    due_rows, highlight = [], []
    overdue = 0
    for action in actions:
        if action.status not in FOLLOWED_UP_STATUSES:
            continue
        follow_ups = list(action.follow_ups.all())
        latest = follow_ups[0] if follow_ups else None
        due = follow_up_due(
            per_year=city.follow_ups_per_year,
            today=today,
            required_from=timezone.localtime(action.created_at).date(),
            latest_covered=max((f.period_end for f in follow_ups), default=None),
        )
        if due.state is DueState.DONE:
            continue
        late = due.state is DueState.OVERDUE
        overdue += late
        due_rows.append(
            [
                Link(action.title, urls[action.pk]),
                action.get_status_display(),
                latest.period_label if latest else _("Ingen ännu"),
                due.period.label,
                due.due_on,
                _("Försenad") if late else _("Att göra"),
                due.missed,
            ]
        )
        highlight.append(late)
    order = sorted(range(len(due_rows)), key=lambda i: (not highlight[i], due_rows[i][4]))
    page.tables["uppfoljning"] = _table(
        "uppfoljning",
        _("Uppföljningar som ska göras"),
        [
            head(_("Åtgärd")),
            head(_("Status")),
            head(_("Senaste uppföljning")),
            head(_("Uppföljning saknas för")),
            head(_("Periodens sista dag"), "date"),
            head(_("Läge")),
            head(_("Missade perioder"), "int"),
        ],
        [due_rows[i] for i in order],
        highlight=[highlight[i] for i in order],
    )
    due_now = len(due_rows) - overdue
    page.follow_up_summary = " ".join(
        [
            _("%(city)s följer upp sina åtgärder %(cycle)s.")
            % {"city": city.name, "cycle": str(city.get_follow_ups_per_year_display()).lower()},
            ngettext(
                "%(n)s åtgärd har en försenad uppföljning.",
                "%(n)s åtgärder har en försenad uppföljning.",
                overdue,
            )
            % {"n": overdue},
            ngettext(
                "%(n)s ska följas upp under innevarande period.",
                "%(n)s ska följas upp under innevarande period.",
                due_now,
            )
            % {"n": due_now},
        ]
    )

    page.tables["atgarder"] = _table(
        "atgarder",
        _("Åtgärder"),
        [
            head(_("Åtgärd")),
            head(_("Ansvarig")),
            head(_("Sektor")),
            head(_("Status")),
            head(_("Skede")),
            head(_("Start")),
            head(_("Förväntad minskning (t CO2e/år)"), "num"),
            head(_("Första effektår"), "year"),
            head(_("Senaste uppföljning")),
            head(_("Publicerad")),
        ],
        [
            [
                Link(a.title, urls[a.pk]),
                a.responsible_body,
                sector_name(a.sector),
                a.get_status_display(),
                _label(stage_labels, a.stage),
                describe_partial_date(a.start_date, a.start_precision),
                a.expected_reduction,
                a.effect_from_year,
                next((f.period_label for f in a.follow_ups.all()), ""),
                _("Ja") if a.is_published else _("Utkast"),
            ]
            for a in actions
        ],
    )
