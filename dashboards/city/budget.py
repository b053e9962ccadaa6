"""The city page's carbon budget: Klimatkollen's allocation of the remaining CO2 budget,
followed up on SMHI's fossil CO2 emissions."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.formatting import pct
from dashboards.charts.chart import Chart
from dashboards.charts.series import budget_chart
from dashboards.city.words import chart_labels, credit_lines, explanation, level, observed_points
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


def _use_facts(
    budget: BudgetProgress, a: BudgetAssessment, unit: str, facts: list[tuple[str, str]]
) -> str:
    """Add to ``facts`` what is used and left, when it runs out with the trend, and the
    yearly reduction the budget allows; the note when no year of the budget is published
    yet ("" otherwise)."""
    row = budget.budget
    data_note = ""
    if a.observed_through is None:
        assert budget.series is not None and budget.series.latest is not None
        data_note = _(
            "Utsläppsdata finns till och med %(latest)s; inga utsläpp från %(start)s är "
            "publicerade ännu, så hela utsläppsutrymmet återstår i statistiken. När det tar "
            "slut räknas fram med trenden."
        ) % {"latest": budget.series.latest.year, "start": row.start_year}
    else:
        facts.append(
            (
                _("Använt %(start)s–%(end)s")
                % {"start": row.start_year, "end": a.observed_through},
                level(a.used, unit),
            )
        )
    facts.append((_("Återstår"), level(a.remaining, unit)))
    if a.runs_out_year is not None:
        facts.append((_("Tar slut med nuvarande trend"), str(a.runs_out_year)))
    elif a.trend_available:
        facts.append((_("Tar slut med nuvarande trend"), _("inte före 2100")))
    if budget.pathway is not None:
        facts.append(
            (_("Minskning per år som ryms i budgeten"), pct(budget.pathway.annual_rate_pct, 1))
        )
    return data_note


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
        notes=notes,
        sources=sources + (credit_lines([Credit(co2.publisher, co2.name)]) if co2 else []),
    )
