"""Carbon budget follow-up: how much of a budget is used, what remains, when it runs out.

A budget B (``amount``) counts the emissions of its substance from its start year S on.
The sum adds up year by year, and every part of it names the years it covers:

- Published: SMHI's values for the years from S through the latest published year.
  A year missing *between* two published years is filled by linear interpolation
  between them for this sum only — a cumulative total needs every year, and leaving a
  year out would count it as zero emissions. The filled years are listed in
  ``interpolated_years`` and summed apart (``used_interpolated``); they are never shown
  as values. Years at the start with no published neighbour before them cannot be filled
  and are listed in ``missing_years``. (Klimatkollen's budgets start in 2024 and SMHI has
  published every year since 2020, so with real data nothing is filled.)
- Estimated: the years after the latest published year up to ``last_year`` (the last
  year that has ended) have passed but are not published yet (SMHI publishes about 16
  months late). They are estimated by the nowcast (``indicators.progress.nowcast``: a
  Theil–Sen line anchored on the last published value, never below zero) and summed apart
  (``used_estimated``, ``estimated_from``–``estimated_through``). When the nowcast cannot
  estimate them (too few published values since 2010) they are listed in
  ``unestimated_years`` and the explanation says the sum lacks them.
- used = published + interpolated + estimated; remaining = max(B − used, 0), so
  used + remaining = B whenever something remains; ``exceeded_by`` = max(used − B, 0).
- Used up: when used reaches B, the budget ran out in the first counted year the running
  total reached it (``used_up_year``), either by published statistics or by the estimate
  (``used_up_by``); ``runs_out_year`` is then that year.
- Runs out: while something remains, the trend's projected annual emissions (never below
  zero) are added year by year from the year after ``last_year`` (or after the latest
  published year if that is later, and never before S), so the year it runs out is never
  a year that has already passed. None means not before 2100 (or, with
  ``trend_available`` False, that there were too few values for a trend).

``last_year`` is passed in by the caller (normally today's year − 1); the engine never
reads the clock. Without it (None) the engine cannot know which years have passed: it
estimates nothing and projects from the year after the latest published year, so a
caller that knows the date must pass it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from indicators.progress.formatting import EN_DASH
from indicators.progress.model import CarbonBudget
from indicators.progress.nowcast import Nowcast, NowcastOutcome, nowcast
from indicators.progress.phrases import ENGLISH, SWEDISH, Language
from indicators.progress.series import Series
from indicators.progress.trend import TrendFit

HORIZON = 2100
PUBLISHED = "published"
ESTIMATE = "estimate"


@dataclass(frozen=True)
class BudgetAssessment:
    """Where a city stands against its carbon budget (utsläppsutrymme).

    Amounts are in ``unit``. ``observed_from``–``observed_through`` are the published
    years counted, ``estimated_from``–``estimated_through`` the estimated ones (None when
    there are none); ``last_year`` is the year the assessment is made as of.
    """

    label_sv: str
    label_en: str
    unit: str
    amount: float
    start_year: int
    end_year: int
    last_year: int | None
    used: float
    used_published: float
    used_interpolated: float
    used_estimated: float
    observed_from: int | None
    observed_through: int | None
    estimated_from: int | None
    estimated_through: int | None
    remaining: float
    exceeded_by: float
    used_up: bool
    used_up_year: int | None
    used_up_by: str | None
    runs_out_year: int | None
    trend_available: bool
    nowcast_method: str | None
    nowcast_outcome: str | None
    nowcast_base_years: tuple[int, ...]
    interpolated_years: tuple[int, ...]
    missing_years: tuple[int, ...]
    unestimated_years: tuple[int, ...]
    pathway_rate_pct: float | None
    explanation: str
    explanation_en: str

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready data."""
        return {
            "label_sv": self.label_sv,
            "label_en": self.label_en,
            "unit": self.unit,
            "amount": self.amount,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "last_year": self.last_year,
            "used": self.used,
            "used_published": self.used_published,
            "used_interpolated": self.used_interpolated,
            "used_estimated": self.used_estimated,
            "observed_from": self.observed_from,
            "observed_through": self.observed_through,
            "estimated_from": self.estimated_from,
            "estimated_through": self.estimated_through,
            "remaining": self.remaining,
            "exceeded_by": self.exceeded_by,
            "used_up": self.used_up,
            "used_up_year": self.used_up_year,
            "used_up_by": self.used_up_by,
            "runs_out_year": self.runs_out_year,
            "trend_available": self.trend_available,
            "nowcast_method": self.nowcast_method,
            "nowcast_outcome": self.nowcast_outcome,
            "nowcast_base_years": list(self.nowcast_base_years),
            "interpolated_years": list(self.interpolated_years),
            "missing_years": list(self.missing_years),
            "unestimated_years": list(self.unestimated_years),
            "pathway_rate_pct": self.pathway_rate_pct,
            "explanation": self.explanation,
            "explanation_en": self.explanation_en,
        }


@dataclass(frozen=True)
class CumulativeEmissions:
    """Published annual emissions summed year by year from a start year.

    ``total`` = ``published_total`` + ``interpolated_total``; ``through`` is the latest
    published year counted (None when none is at or after the start year); ``by_year``
    is the running total after each counted year.
    """

    total: float
    through: int | None
    by_year: tuple[tuple[int, float], ...]
    interpolated_years: tuple[int, ...]
    missing_years: tuple[int, ...]
    published_total: float = 0.0
    interpolated_total: float = 0.0


def cumulative_emissions(series: Series, start_year: int) -> CumulativeEmissions:
    """Sum the published annual emissions from ``start_year`` through the latest year."""
    latest = series.latest
    if latest is None or latest.year < start_year:
        return CumulativeEmissions(0.0, None, (), (), ())
    published = {p.year: p.value for p in series}
    years = sorted(published)
    running = published_total = interpolated_total = 0.0
    by_year: list[tuple[int, float]] = []
    filled: list[int] = []
    missing: list[int] = []
    for year in range(start_year, latest.year + 1):
        if year in published:
            value = published[year]
            published_total += value
        else:
            before = [y for y in years if y < year]
            after = [y for y in years if y > year]
            if not before:
                missing.append(year)
                continue
            y0, y1 = before[-1], after[0]
            v0, v1 = published[y0], published[y1]
            value = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
            interpolated_total += value
            filled.append(year)
        running += value
        by_year.append((year, running))
    return CumulativeEmissions(
        running,
        latest.year,
        tuple(by_year),
        tuple(filled),
        tuple(missing),
        published_total,
        interpolated_total,
    )


@dataclass(frozen=True)
class _Used:
    """The published and estimated parts of the sum, year by year."""

    published: CumulativeEmissions
    estimated: tuple[tuple[int, float], ...]
    estimate: Nowcast | None
    unestimated: tuple[int, ...]
    as_of: int | None  # the last year counted or known to have passed; None: nothing known

    @property
    def estimated_total(self) -> float:
        return sum(value for _, value in self.estimated)

    @property
    def total(self) -> float:
        return self.published.total + self.estimated_total

    def running(self) -> list[tuple[int, float, str]]:
        """(year, running total, "published" | "estimate") for every counted year; an
        interpolated year counts as an estimate (it was not published)."""
        rows = [
            (year, total, ESTIMATE if year in self.published.interpolated_years else PUBLISHED)
            for year, total in self.published.by_year
        ]
        total = self.published.total
        for year, value in self.estimated:
            total += value
            rows.append((year, total, ESTIMATE))
        return rows


def _used(budget: CarbonBudget, series: Series, last_year: int | None) -> _Used:
    published = cumulative_emissions(series, budget.start_year)
    latest = series.latest
    if last_year is None:
        return _Used(published, (), None, (), None if latest is None else latest.year)
    estimate = nowcast(series, last_year)
    estimated = tuple((y, v) for y, v in estimate.points if y >= budget.start_year)
    unestimated: tuple[int, ...] = ()
    latest_year = budget.start_year - 1 if latest is None else latest.year
    if not estimate.points and latest_year < last_year:
        unestimated = tuple(range(max(latest_year + 1, budget.start_year), last_year + 1))
    return _Used(published, estimated, estimate, unestimated, max(latest_year, last_year))


def _used_up_in(amount: float, used: _Used) -> tuple[int | None, str | None]:
    """The first counted year whose running total reaches ``amount``, and whether that
    year was published or estimated; (None, None) when no year was counted."""
    for year, running, by in used.running():
        if running >= amount:
            return year, by
    return None, None


def _projected_run_out(
    budget: CarbonBudget, used: _Used, trend: TrendFit | None, horizon: int
) -> int | None:
    """The first year after ``as_of`` (and not before the start year) in which the
    running total, continued on the trend, reaches the budget; None if not by ``horizon``."""
    if trend is None:
        return None
    running = used.total
    first = budget.start_year if used.as_of is None else max(used.as_of + 1, budget.start_year)
    for year in range(first, horizon + 1):
        running += max(0.0, trend.predict(year))
        if running >= budget.amount:
            return year
    return None


def assess_budget(
    budget: CarbonBudget,
    series: Series,
    trend: TrendFit | None,
    *,
    last_year: int | None = None,
    pathway_rate_pct: float | None = None,
    horizon: int = HORIZON,
) -> BudgetAssessment:
    """Used, remaining and run-out year of ``budget`` for a published emissions ``series``.

    ``last_year`` is the last year that has ended (today's year − 1): the years after the
    latest published one up to it are estimated and counted. ``trend`` projects the
    years after that. See the module docstring for every rule.
    """
    used = _used(budget, series, last_year)
    total = used.total
    remaining = max(budget.amount - total, 0.0)
    used_up = remaining <= 0.0
    used_up_year, used_up_by = _used_up_in(budget.amount, used) if used_up else (None, None)
    runs_out = used_up_year if used_up else _projected_run_out(budget, used, trend, horizon)
    published = used.published
    counted_published = [y for y, _ in published.by_year if y not in published.interpolated_years]
    estimate = used.estimate
    result = BudgetAssessment(
        label_sv=budget.label_sv,
        label_en=budget.label_en,
        unit=budget.unit,
        amount=budget.amount,
        start_year=budget.start_year,
        end_year=budget.end_year,
        last_year=last_year,
        used=total,
        used_published=published.published_total,
        used_interpolated=published.interpolated_total,
        used_estimated=used.estimated_total,
        observed_from=counted_published[0] if counted_published else None,
        observed_through=published.through,
        estimated_from=used.estimated[0][0] if used.estimated else None,
        estimated_through=used.estimated[-1][0] if used.estimated else None,
        remaining=remaining,
        exceeded_by=max(total - budget.amount, 0.0),
        used_up=used_up,
        used_up_year=used_up_year,
        used_up_by=used_up_by,
        runs_out_year=runs_out,
        trend_available=trend is not None,
        nowcast_method=estimate.method if estimate is not None and estimate.points else None,
        nowcast_outcome=estimate.outcome.value if estimate is not None else None,
        nowcast_base_years=estimate.base_years if estimate is not None else (),
        interpolated_years=published.interpolated_years,
        missing_years=published.missing_years,
        unestimated_years=used.unestimated,
        pathway_rate_pct=pathway_rate_pct,
        explanation="",
        explanation_en="",
    )
    sv, en = _sentences(result, used.as_of, estimate, horizon)
    return replace(result, explanation=sv, explanation_en=en)


# --- the explanation -------------------------------------------------------------------------


def _span(first: int, last: int) -> str:
    """ "2024" for one year, "2024–2026" for several."""
    return str(first) if first == last else f"{first}{EN_DASH}{last}"


def _years_text(years: tuple[int, ...]) -> str:
    """Years as compact runs: (2016, 2017, 2018, 2021) → "2016–2018, 2021"."""
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return ", ".join(_span(a, b) for a, b in runs)


def _sentences(
    a: BudgetAssessment, as_of: int | None, estimate: Nowcast | None, horizon: int
) -> tuple[str, str]:
    """The explanation in Swedish and in English, from the one sentence builder."""
    sv, en = (_sentence(lang, a, as_of, estimate, horizon) for lang in (SWEDISH, ENGLISH))
    return sv, en


def _sentence(
    lang: Language, a: BudgetAssessment, as_of: int | None, estimate: Nowcast | None, horizon: int
) -> str:
    """The budget's explanation in ``lang``: what is used (each part with its years), what
    remains after which year, or since when it is used up, and when it runs out."""

    def level(value: float) -> str:
        return lang.level(value, a.unit)

    label = a.label_sv if lang.code == "sv" else a.label_en
    amount = lang.say("budget_amount", amount=level(a.amount), start_year=a.start_year)
    used = _used_sentence(lang, a, level)
    notes = _notes(lang, a, estimate)
    if a.used_up:
        when = ""
        if a.used_up_year is not None:
            key = (
                "budget_ran_out_published"
                if a.used_up_by == PUBLISHED
                else "budget_ran_out_estimate"
            )
            when = lang.say(key, year=a.used_up_year)
        over = lang.say("budget_over", value=level(a.exceeded_by)) if a.exceeded_by > 0 else ""
        first = lang.say("budget_used_up", label=label, amount=amount, when=when)
        return " ".join([first, f"{used}{over}.", *notes])
    if a.runs_out_year is not None:
        tail = lang.say("budget_runs_out", year=a.runs_out_year)
    elif a.trend_available:
        tail = lang.say("budget_lasts", year=horizon)
    else:
        tail = lang.say("budget_no_trend")
    if as_of is None:
        # No published value and no "last year": nothing is known about what was used.
        return lang.say("budget_nothing_known", label=label, amount=amount)
    if as_of < a.start_year:
        return f"{lang.say('budget_none_used', label=label, amount=amount)} {tail}"
    first = lang.say(
        "budget_remaining", label=label, amount=amount, remaining=level(a.remaining), year=as_of
    )
    return " ".join([first, f"{used}.", *notes, tail])


def _used_sentence(lang: Language, a: BudgetAssessment, level: Callable[[float], str]) -> str:
    """ "Använt: X (publicerat 2024: …, uppskattat 2025–2026: …)"."""
    parts: list[str] = []
    if a.observed_from is not None and a.observed_through is not None:
        span = _span(a.observed_from, a.observed_through)
        parts.append(lang.say("budget_part_published", span=span, value=level(a.used_published)))
    if a.interpolated_years:
        years = _years_text(a.interpolated_years)
        parts.append(
            lang.say("budget_part_interpolated", years=years, value=level(a.used_interpolated))
        )
    if a.estimated_from is not None and a.estimated_through is not None:
        span = _span(a.estimated_from, a.estimated_through)
        parts.append(lang.say("budget_part_estimated", span=span, value=level(a.used_estimated)))
    if not parts:
        return lang.say("budget_used_nothing", used=level(0.0))
    separator = lang.say("budget_parts_separator")
    return lang.say("budget_used", used=level(a.used), parts=separator.join(parts))


def _notes(lang: Language, a: BudgetAssessment, estimate: Nowcast | None) -> list[str]:
    """How the estimate was made, and the years the sum lacks."""
    notes: list[str] = []
    if a.estimated_from is not None and estimate is not None and estimate.anchor is not None:
        base = _span(estimate.base_years[0], estimate.base_years[-1])
        notes.append(lang.say("budget_estimate_note", base=base, anchor=estimate.anchor[0]))
    if a.missing_years:
        notes.append(lang.say("budget_missing_note", years=_years_text(a.missing_years)))
    if a.unestimated_years:
        those = "budget_those_years" if len(a.unestimated_years) > 1 else "budget_that_year"
        why = ""
        if estimate is not None and estimate.outcome is NowcastOutcome.TOO_FEW_POINTS:
            why = lang.say("budget_too_few_values")
        notes.append(
            lang.say(
                "budget_unestimated_note",
                years=_years_text(a.unestimated_years),
                why=why,
                those=lang.say(those),
            )
        )
    return notes
