"""One row of facts per municipality, for all 290, from the comparison's selectors.

The dataset does not depend on which municipalities a page shows, how it sorts or what
the map colours: it is built once per data generation, language and day (the current
follow-up period depends on the date) and every selection is cut from it. Building it
costs the fixed set of queries in ``dashboards.compare.selectors``.

How each figure is made (the page says the same in its notes):

- **Per inhabitant**: the municipality's total territorial emissions (newest release of
  greenhouse gases, GGT) in its latest year ÷ its inhabitants the same year. No
  inhabitants for that year → no value, and the row says so; another year's population
  is never used.
- **Change since 1990 / 2015**: latest year's total against the base year's, same
  release; none when the base year is not published.
- **Pace**: the headline target's (``indicators.assessments.main_target``) recent trend
  and the yearly change its pathway needs, both in % a year, from the progress engine.
- **Consumption-based**: SEI's latest year, t CO2e per person, with that year.
- **Actions**: published actions; the share of those still being followed up (planned,
  ongoing, paused) that have a published follow-up for the current period of the
  city's cycle.
- **Contract follow-up**: of the commitments (every party's) of the published contract
  version in force this year, those with a published follow-up for the year.
- **Investments**: planned investments per year (see ``selectors.planned_investments``);
  a page sums the years it asks for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cities.models import GoalOrigin
from core.formatting import is_swedish
from core.i18n import gettext as _
from dashboards.city.words import rate_text
from dashboards.compare import selectors as s
from dashboards.compare.references import National, references
from indicators import progress as p
from indicators.assessments import STATUS_LABELS, STATUS_LABELS_EN, HeadlineStatus
from indicators.labels import target_summary, unit_label
from indicators.selectors import Credit, emission_release, emission_totals

SUBSTANCE = "GGT"
BASE_YEARS = (1990, 2015)


@dataclass(frozen=True)
class Headline:
    """A city's headline target as the comparison shows it."""

    status: str  # the engine's status value ("off_track", ...)
    status_label: str
    summary: str  # what the target asks for ("Nettonoll till år 2040")
    goal_title: str
    actual_rate_pct: float | None  # the recent trend, % a year
    needed_rate_pct: float | None  # what the pathway needs, % a year
    actual_note: str = ""  # why there is no trend rate
    needed_note: str = ""  # why there is no needed rate
    window: tuple[int, int] | None = None  # years the trend was fitted on
    # "own": the city's own goal; "reported": what it reported to CDP-ICLEI; "reference":
    # Sweden's goal applied to it (the city has no target of its own to follow here).
    origin: str = "own"


@dataclass(frozen=True)
class Municipality(s.Place):
    """Everything the comparison knows about one municipality (its name, county and
    whether it is a contract city are the ``Place`` it is)."""

    totals: dict[int, float]  # year → t CO2e (newest GGT release)
    latest_year: int | None
    per_person: float | None  # t CO2e per inhabitant in ``latest_year``
    per_person_note: str
    change_pct: dict[int, float | None]  # base year → % change to ``latest_year``
    change_notes: dict[int, str]
    headline: Headline | None
    headline_note: str  # why there is no headline target
    consumption: float | None
    consumption_year: int | None
    actions: s.ActionCounts
    investments: dict[int, int] = field(default_factory=dict)  # year → SEK
    latest_total: float | None = None  # t CO2e in ``latest_year``
    year_change_pct: float | None = None  # from the previous published year to the latest
    year_change_years: tuple[int, int] | None = None
    paris_status: str = ""  # Klimatkollen's Paris check ("on_track", "off_track", ...)
    paris_label: str = ""
    paris_ratio: float | None = None  # the trend's cumulative 2025–2050 / the path's
    key_figures: dict[str, s.YearValue] = field(default_factory=dict)  # Kolada key → value
    # The contract's commitments followed up this year; None: no published contract.
    commitments: s.CommitmentCounts | None = None

    def investment_between(self, first: int | None, last: int | None) -> int | None:
        """Planned investments in the years ``first``–``last`` (either end open); None
        when the city has no investment line in them."""
        years = self._investment_years(first, last)
        return sum(self.investments[y] for y in years) if years else None

    def investment_years(self, first: int | None, last: int | None) -> tuple[int, int] | None:
        """The first and last year with investments in ``first``–``last``."""
        years = self._investment_years(first, last)
        return (years[0], years[-1]) if years else None

    def _investment_years(self, first: int | None, last: int | None) -> list[int]:
        return sorted(
            y
            for y in self.investments
            if (first is None or y >= first) and (last is None or y <= last)
        )


@dataclass(frozen=True)
class Dataset:
    """All 290 municipalities' facts and where they come from."""

    rows: tuple[Municipality, ...]  # by name
    counties: tuple[tuple[str, str], ...]  # (code, name) by code
    years: tuple[int, ...]  # years the newest GGT release publishes
    release: Credit | None
    population_credits: tuple[Credit, ...]
    consumption_credits: tuple[Credit, ...]
    today: date
    investment_years: tuple[int, ...]  # every year with a planned investment
    key_figures: tuple[s.KeyFigure, ...] = ()  # Kolada key figures loaded, by id
    key_figure_credits: tuple[Credit, ...] = ()


def _labels() -> dict:
    return STATUS_LABELS if is_swedish() else STATUS_LABELS_EN


def _reference_headline(national: National, why: _Why, labels: dict) -> Headline:
    """Sweden's goal applied to a city without a target of its own, labelled as such."""
    return Headline(
        status=national.status.value,
        status_label=labels[national.status],
        summary=why.reference_summary,
        goal_title=why.reference_title,
        actual_rate_pct=national.actual_rate_pct,
        needed_rate_pct=national.needed_rate_pct,
        window=(
            (national.window_years[0], national.window_years[-1])
            if len(national.window_years) >= 2
            else None
        ),
        origin="reference",
    )


def _headline(a: HeadlineStatus) -> Headline:
    target = a.target
    actual_note = needed_note = ""
    window = (a.window_years[0], a.window_years[-1]) if len(a.window_years) >= 2 else None
    if a.actual_rate_pct is None:
        if a.status is p.Status.NO_DATA:
            actual_note = _("inga värden")
        elif a.kind is p.TargetKind.SHARE:
            actual_note = _("målet gäller en andel (procentenheter)")
        else:
            actual_note = _("för få år för en trend")
    if a.needed_rate_pct is None:
        if a.status is p.Status.ACHIEVED:
            needed_note = _("målet är nått")
        elif a.kind is p.TargetKind.SHARE:
            needed_note = _("målet gäller en andel (procentenheter)")
        elif a.kind is p.TargetKind.DECREASE:
            needed_note = _("målet anger ingen nivå")
        elif a.status is p.Status.NO_DATA:
            needed_note = _("inga värden")
        elif a.reason is p.Reason.DEADLINE_MISSED:
            needed_note = _("målåret har passerat")
        elif a.reason is p.Reason.BASE_VALUE_MISSING:
            # The target is a change from a base year whose value no source published.
            needed_note = _("basårets värde saknas")
        elif a.needed_change_per_year is not None:
            # A target of zero (or a value at or below zero): no rate in per cent gets
            # there; the change a year in the unit, as the city's page tells it.
            unit = unit_label(target.indicator.unit)
            needed_note = _("%(change)s: en takt i procent når inte noll eller lägre") % {
                "change": rate_text(None, a.needed_change_per_year, unit, share=False)
            }
        else:
            needed_note = _("kan inte räknas ut")
    return Headline(
        status=a.status.value,
        status_label=_labels()[a.status],
        summary=target_summary(
            kind=target.kind,
            unit=unit_label(target.indicator.unit),
            direction=target.indicator.direction,
            target_year=target.target_year,
            target_value=target.target_value,
            base_year=target.base_year,
        ),
        goal_title=a.goal.title,
        actual_rate_pct=a.actual_rate_pct,
        needed_rate_pct=a.needed_rate_pct,
        actual_note=actual_note,
        needed_note=needed_note,
        window=window,
        origin="reported" if a.goal.origin == GoalOrigin.REPORTED else "own",
    )


#: The counts of a municipality without actions.
NO_ACTIONS = s.ActionCounts(0, 0, 0)


@dataclass(frozen=True)
class _Why:
    """Why a cell is empty, and the national reference's words, translated once: a page
    of 290 rows would otherwise ask gettext thousands of times."""

    no_emissions: str
    no_population: str
    base_missing: str
    no_goal: str
    no_target: str
    reference_summary: str
    reference_title: str

    @classmethod
    def translated(cls) -> _Why:
        return cls(
            no_emissions=_("utsläpp saknas"),
            no_population=_("folkmängd %(year)s saknas"),
            base_missing=_("%(year)s saknas"),
            no_goal=_("inget publicerat klimatmål"),
            no_target=_("inget målvärde att följa upp"),
            reference_summary=_("Referens: Sveriges mål, −85 % mot 1990 till 2045"),
            reference_title=_("Nationell referens (inte kommunens beslut)"),
        )


def build_dataset(*, today: date) -> Dataset:
    """Read and combine everything (the queries of ``selectors``; see the module
    docstring for how each figure is made)."""
    cities = s.municipalities()
    release = emission_release(substance=SUBSTANCE)
    totals = emission_totals(release=release) if release is not None else {}
    latest = {cid: max(years) for cid, years in totals.items() if years}
    population, consumption = s.population_and_consumption(years=set(latest.values()))
    headlines = s.headline_targets()
    actions = s.action_counts(today=today)
    commitments = s.commitment_counts(year=today.year)
    investments = s.planned_investments()
    key_figures, key_values = s.kolada_latest()
    why = _Why.translated()
    status_labels = _labels()
    rows, population_credits = [], []  # sources in the order the rows first use them
    for city in cities:
        series = totals.get(city.pk, {})
        year = latest.get(city.pk)
        total = series.get(year) if year is not None else None
        per_person, per_person_note, credit = _per_person(
            total, year, population.get((city.pk, year)) if year is not None else None, why
        )
        if credit is not None:
            population_credits.append(credit)
        change, change_notes = _changes(series, year, total, why)
        headline, headline_note = _headline_of(city.pk, headlines, why)
        national = paris = None
        if series:
            national, paris = references(series)
        if headline is None and national is not None and national.status is not p.Status.NO_DATA:
            headline = _reference_headline(national, why, status_labels)
        year_change, year_change_years = _year_change(series)
        bought = consumption.get(city.pk)
        rows.append(
            Municipality(
                pk=city.pk,
                code=city.code,
                name=city.name,
                slug=city.slug,
                county_code=city.county_code,
                county_name=city.county_name,
                is_contract_city=city.is_contract_city,
                totals=dict(sorted(series.items())),
                latest_year=year,
                per_person=per_person,
                per_person_note=per_person_note,
                change_pct=change,
                change_notes=change_notes,
                headline=headline,
                headline_note=headline_note,
                consumption=bought.value if bought else None,
                consumption_year=bought.year if bought else None,
                actions=actions.get(city.pk, NO_ACTIONS),
                commitments=commitments.get(city.pk),
                investments=investments.get(city.pk, {}),
                latest_total=total,
                year_change_pct=year_change,
                year_change_years=year_change_years,
                paris_status=paris.status.value if paris else "",
                paris_label=status_labels[paris.status] if paris else "",
                paris_ratio=paris.ratio if paris else None,
                key_figures={
                    f.key: key_values[(city.pk, f.key)]
                    for f in key_figures
                    if (city.pk, f.key) in key_values
                },
            )
        )
    return Dataset(
        rows=tuple(rows),
        counties=tuple(sorted({(c.county_code, c.county_name) for c in cities})),
        years=tuple(sorted({y for series in totals.values() for y in series})),
        release=s.credit_of(release),
        population_credits=tuple(_unique(population_credits)),
        consumption_credits=_by_release(f.credit for f in consumption.values()),
        today=today,
        investment_years=tuple(sorted({y for by_year in investments.values() for y in by_year})),
        key_figures=tuple(key_figures),
        key_figure_credits=_by_release(v.credit for v in key_values.values()),
    )


def _year_change(series: dict[int, float]) -> tuple[float | None, tuple[int, int] | None]:
    """The change from the previous published year to the latest (consecutive years
    only: SMHI leaves gaps, and a change over five years is not a year's)."""
    years = sorted(series)
    if len(years) < 2 or years[-1] - years[-2] != 1 or not series[years[-2]]:
        return None, None
    last, previous = years[-1], years[-2]
    return (series[last] / series[previous] - 1) * 100, (previous, last)


def _unique(credits: Iterable[Credit]) -> list[Credit]:
    """Each source once, in the order first met."""
    return list(dict.fromkeys(credits))


def _by_release(credits: Iterable[Credit]) -> tuple[Credit, ...]:
    """Each source once, by release name."""
    return tuple(sorted(_unique(credits), key=lambda c: c.release))


def _per_person(
    total: float | None, year: int | None, population: Any, why: _Why
) -> tuple[float | None, str, Credit | None]:
    """Emissions per inhabitant in the latest year, why there is none, and the source of
    the population figure used (``population``: that year's, or None)."""
    if year is None:
        return None, why.no_emissions, None
    if population is None or population.value <= 0:
        return None, why.no_population % {"year": year}, None
    per_person = total / population.value if total is not None else None
    return per_person, "", population.credit


def _changes(
    series: dict[int, float], year: int | None, total: float | None, why: _Why
) -> tuple[dict[int, float | None], dict[int, str]]:
    """The change in per cent from each base year to the latest, and why one is missing."""
    change: dict[int, float | None] = {}
    notes: dict[int, str] = {}
    for base_year in BASE_YEARS:
        base = series.get(base_year)
        if year is None or total is None:
            change[base_year], notes[base_year] = None, why.no_emissions
        elif base is None or base <= 0:
            change[base_year] = None
            notes[base_year] = why.base_missing % {"year": base_year}
        else:
            change[base_year] = (total / base - 1) * 100
    return change, notes


def _headline_of(city_id: int, headlines: dict, why: _Why) -> tuple[Headline | None, str]:
    """The city's headline target as the table shows it, or why it has none: no
    published goal, or no target to follow up."""
    if city_id not in headlines:
        return None, why.no_goal
    assessed = headlines[city_id]
    if assessed is None:
        return None, why.no_target
    return _headline(assessed), ""
