"""The city page's carbon budget: Klimatkollen's allocation of the remaining CO2 budget,
followed up on SMHI's fossil CO2 emissions."""

from __future__ import annotations

from dataclasses import dataclass

from core.formatting import pct
from core.i18n import gettext as _
from dashboards.charts.chart import Chart
from dashboards.charts.series import budget_chart
from dashboards.city.words import (
    chart_labels,
    credit_lines,
    estimate_notes,
    explanation,
    level,
    observed_points,
)
from indicators.assessments import BudgetProgress
from indicators.progress import BudgetAssessment
from indicators.selectors import Credit


@dataclass
class BudgetCard:
    """The carbon budget section: Klimatkollen's allocation followed on fossil CO2."""

    label: str
    amount_text: str
    span_text: str
    explanation: str
    data_note: str
    facts: list[tuple[str, str]]
    chart: Chart | None
    sources: list[str]


def budget_card(budget: BudgetProgress) -> BudgetCard:
    """The budget, how much of it is used and left, when it runs out with the trend, and
    its chart; a note instead when the emissions it is followed on are missing."""
    row = budget.budget
    unit = f"t {row.substance}"
    sources = [
        _(
            "Källa: %(publisher)s (%(release)s). Härledd siffra från Klimatkollen, inte "
            "officiell statistik."
        )
        % {"publisher": row.release.publisher, "release": row.release.name}
    ]
    span = _("från %(start)s till och med %(end)s") % {
        "start": row.start_year,
        "end": row.end_year,
    }
    facts: list[tuple[str, str]] = [
        (_("Utsläppsutrymme %(span)s") % {"span": span}, level(row.amount, unit)),
    ]
    a = budget.assessment
    data_note = ""
    chart = None
    said = ""
    if budget.series is None or a is None:
        data_note = _(
            "Utsläppen av %(substance)s finns inte inlästa, så budgeten kan inte följas upp."
        ) % {"substance": row.substance}
    else:
        said = explanation(a)
        data_note = _use_facts(budget, a, unit, facts)
        chart = _chart(budget, unit, said, sources)
    return BudgetCard(
        label=_("Klimatkollens fördelning"),
        amount_text=level(row.amount, unit),
        span_text=span,
        explanation=said,
        data_note=data_note,
        facts=facts,
        chart=chart,
        sources=sources,
    )


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _use_facts(
    budget: BudgetProgress, a: BudgetAssessment, unit: str, facts: list[tuple[str, str]]
) -> str:
    """Add to ``facts`` what is used (published and estimated, each with its years) and
    left, when it ran out or runs out with the trend, and the yearly reduction the budget
    allows; return the note on the years not yet published ("" when there are none)."""
    row = budget.budget
    counted_through = max(
        [y for y in (a.observed_through, a.estimated_through) if y is not None], default=None
    )
    if counted_through is not None and counted_through >= row.start_year:
        facts.append(
            (
                _("Använt %(span)s") % {"span": _span(row.start_year, counted_through)},
                level(a.used, unit),
            )
        )
        if a.observed_from is not None and a.observed_through is not None and a.estimated_from:
            facts.append(
                (
                    _("varav publicerat %(span)s")
                    % {"span": _span(a.observed_from, a.observed_through)},
                    level(a.used_published + a.used_interpolated, unit),
                )
            )
        if a.estimated_from is not None and a.estimated_through is not None:
            facts.append(
                (
                    _("varav uppskattat %(span)s")
                    % {"span": _span(a.estimated_from, a.estimated_through)},
                    level(a.used_estimated, unit),
                )
            )
    if a.used_up:
        if a.used_up_year is not None:
            by = (
                _("enligt uppskattningen")
                if a.used_up_by == "estimate"
                else _("enligt publicerad statistik")
            )
            facts.append(
                (_("Förbrukat sedan"), f"{a.used_up_year} ({by})"),
            )
        if a.exceeded_by > 0:
            facts.append((_("Överskridet med"), level(a.exceeded_by, unit)))
    else:
        after = counted_through if counted_through is not None else row.start_year - 1
        label = (
            _("Återstår efter %(year)s") % {"year": after}
            if after >= row.start_year
            else _("Återstår")
        )
        facts.append((label, level(a.remaining, unit)))
        if a.runs_out_year is not None:
            facts.append((_("Tar slut med nuvarande trend"), str(a.runs_out_year)))
        elif a.trend_available:
            facts.append((_("Tar slut med nuvarande trend"), _("inte före 2100")))
    if budget.pathway is not None:
        facts.append(
            (
                _("Minskning per år som ryms i budgeten, från %(start)s")
                % {"start": row.start_year},
                pct(budget.pathway.annual_rate_pct, 1),
            )
        )
    return _lag_note(budget, a)


def _lag_note(budget: BudgetProgress, a: BudgetAssessment) -> str:
    """Which years are published and which are estimated, and how."""
    assert budget.series is not None
    latest = budget.series.latest
    if latest is None or a.estimated_from is None or a.estimated_through is None:
        return ""
    return _(
        "SMHI:s statistik finns till och med %(latest)s. %(span)s är ännu inte publicerade "
        "och räknas som uppskattningar: trenden sedan 2015 (en medianlinje, Theil–Sen) "
        "förlängd från det senast publicerade värdet."
    ) % {"latest": latest.year, "span": _span(latest.year + 1, a.estimated_through)}


def _chart(budget: BudgetProgress, unit: str, summary: str, sources: list[str]) -> Chart:
    """The budget's substance per year, its trend and the pathway that spends the budget."""
    row = budget.budget
    assert budget.series is not None
    labels = chart_labels()
    if budget.window_years:
        labels["trend"] = _("Trend %(first)s–%(last)s") % {
            "first": budget.window_years[0],
            "last": budget.window_years[-1],
        }
    notes = [
        _(
            "Budgeten gäller bara fossil koldioxid (CO2), inte alla växthusgaser, och följs "
            "därför upp på SMHI:s koldioxidutsläpp."
        ),
        _(
            "Banan inom budgeten minskar med samma procent varje år från %(start)s så att "
            "summan av årens utsläpp till och med %(end)s blir lika med utsläppsutrymmet."
        )
        % {"start": row.start_year, "end": row.end_year},
    ]
    if budget.start_from_estimate:
        notes.append(
            _(
                "Banans startvärde %(start)s är uppskattat, eftersom året inte är publicerat "
                "(samma uppskattning som räknas som använt)."
            )
            % {"start": row.start_year}
        )
    if budget.start_from_trend:
        notes.append(
            _("Banans startvärde %(start)s är trendens värde, eftersom året inte är publicerat.")
            % {"start": row.start_year}
        )
    co2 = budget.release
    return budget_chart(
        chart_id="koldioxidbudget",
        title=_("Koldioxidutsläpp och utsläppsutrymme"),
        unit=unit,
        observed=observed_points(budget.series),
        trend=budget.trend,
        pathway=tuple(budget.pathway.points()) if budget.pathway is not None else (),
        labels={
            **labels,
            "caption": _("Koldioxidutsläpp per år, trend och bana inom budgeten (%(unit)s)")
            % {"unit": unit},
        },
        summary=summary,
        notes=notes + estimate_notes(budget.estimates),
        sources=sources + (credit_lines([Credit(co2.publisher, co2.name)]) if co2 else []),
        estimated=budget.estimates.points if budget.estimates is not None else (),
    )
