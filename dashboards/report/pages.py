"""The yearly progress report (lägesrapport) of a city: goals and their status with
charts, emissions by sector, the action portfolio and its gap, the contract's
commitments with their follow-up for the year, and the parties' follow-up texts.

The report is a public document, so it is always built from **published** data,
whoever looks at it or saves it: a saved report that is later published can never
carry a draft. (The city's people publish their drafts first; the workspace shows what
waits.)

How it is made:

1. ``build_report(city, year)`` gathers everything from the selectors and the progress
   engine (``indicators.assessments.city_progress`` as of ``year``: later values are
   left out), the portfolio analysis (``dashboards.portfolio.pages.portfolio_page``) and the
   contract selectors, and returns ``ReportData``: plain dataclasses of raw numbers and
   Swedish text.
2. ``report_dict`` turns it into JSON-ready data; that dict is what a saved report
   freezes, and what the template renders (the same template reads a fresh report and
   a frozen one alike).
3. ``render_body`` renders the report's HTML, charts included as inline SVG
   (``dashboards.charts.svg``), so the PDF (``dashboards.report.pdf``), which runs no
   JavaScript, shows exactly what the page shows.

Each section has its module (``goals``, ``emissions``, ``portfolio``, ``contract``);
``data`` holds what they share (a chart and a table as data).

``live_report`` caches the rendered report per data generation, language and day: the
page costs a fixed number of queries when cold and one when warm.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from contracts.models import Contract
from contracts.selectors import contract_versions
from core.cache import cached
from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.report.contract import ContractPart, contract_part
from dashboards.report.data import absolute, served_at
from dashboards.report.emissions import EmissionsPart, emissions_part
from dashboards.report.goals import GoalPart, goals_part, status_counts
from dashboards.report.portfolio import PortfolioPart, portfolio_part
from indicators.assessments import city_progress

#: The first year a report can be made for: Klimatkontrakt 2030 began in 2019 (the
#: earliest year a contract version may have).
FIRST_YEAR = 2019

#: The order of the report's sections (their anchors); the print stylesheet starts each
#: on a new page.
SECTIONS = ("sammanfattning", "mal", "utslapp", "atgarder", "kontrakt", "texter", "om")


@dataclass
class ReportData:
    """Everything one report shows, as plain data."""

    city_name: str
    city_slug: str
    city_code: str
    county_name: str
    is_contract_city: bool
    year: int
    built_at: str  # ISO time the data was read
    language: str
    urls: dict[str, str]
    goals: list[GoalPart]
    status_counts: list[list[Any]]  # [status, label, n] over all targets
    target_count: int
    emissions: EmissionsPart
    portfolio: PortfolioPart | None
    contract: ContractPart | None
    sources: list[str]


def valid_year(year: int) -> int:
    """The report's year, or 404 outside the years a report can cover."""
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404(
            _("Lägesrapporter finns för åren %(first)s–%(last)s.")
            % {"first": FIRST_YEAR, "last": timezone.localdate().year}
        )
    return year


def report_years(versions: Sequence[int]) -> list[int]:
    """The years offered for a city: from its first published contract version (or
    this year, for a city without one) up to this year, newest first."""
    this_year = timezone.localdate().year
    first = max(FIRST_YEAR, min([*versions, this_year]))
    return list(range(this_year, first - 1, -1))


@dataclass(frozen=True)
class ReportYear:
    """A year the report can be read for, and the figures that year lacks."""

    year: int
    lacks: tuple[str, ...]


def report_year_choices(city: City, versions: Sequence[int]) -> list[ReportYear]:
    """The years offered (``report_years``), each with what it lacks: a published contract
    version, published emission figures for the year, published actions. Three queries."""
    from actions.models import Action
    from indicators.selectors import emission_release, emission_totals

    release = emission_release(substance="GGT")
    years = emission_totals(release=release, city_ids=[city.pk]).get(city.pk, {}) if release else {}
    last = max(years) if years else None
    has_actions = Action.objects.published().filter(city=city).exists()
    found = []
    for year in report_years(versions):
        lacks = []
        if year not in versions:
            lacks.append(_("inget publicerat klimatkontrakt för %(year)s") % {"year": year})
        if last is None:
            lacks.append(_("inga utsläppsdata"))
        elif year > last:
            lacks.append(
                _("utsläppen för %(year)s är inte publicerade ännu (senaste år: %(last)s)")
                % {"year": year, "last": last}
            )
        if not has_actions:
            lacks.append(_("inga publicerade åtgärder"))
        found.append(ReportYear(year, tuple(lacks)))
    return found


def build_report(city: City, year: int, *, versions: list[Contract] | None = None) -> ReportData:
    """The report of ``city`` for ``year`` from published data (see the module).
    ``versions``: the city's published contract versions, when the caller has them."""
    now = timezone.now()
    today = timezone.localdate(now)
    progress = city_progress(city, today_year=year)
    goals = goals_part(progress)
    if versions is None:
        versions = contract_versions(city=city, user=AnonymousUser())
    emissions = emissions_part(progress, year)
    credits: list[str] = []
    for goal in goals:
        for chart in goal.charts:
            credits += [s for s in chart.sources if s not in credits]
    if emissions.credit and emissions.credit not in credits:
        credits.append(emissions.credit)
    return ReportData(
        city_name=city.name,
        city_slug=city.slug,
        city_code=city.code,
        county_name=city.county.name,
        is_contract_city=city.is_contract_city,
        year=year,
        built_at=now.isoformat(),
        language=get_language() or "sv",
        urls={
            "city": absolute(reverse("city:detail", kwargs={"slug": city.slug})),
            "portfolio": absolute(reverse("portfolio:index", kwargs={"slug": city.slug})),
            "contracts": absolute(reverse("contracts:list", kwargs={"slug": city.slug})),
            "report": absolute(reverse("reports:live", kwargs={"slug": city.slug, "year": year})),
        },
        goals=goals,
        status_counts=status_counts(goals),
        target_count=sum(len(g.targets) for g in goals),
        emissions=emissions,
        portfolio=portfolio_part(city, today, progress),
        contract=contract_part(city, year, versions),
        sources=credits,
    )


def report_dict(data: ReportData) -> dict[str, Any]:
    """The report as JSON-ready data: what a saved report freezes and what is rendered."""
    return json.loads(json.dumps(asdict(data), ensure_ascii=False))


def render_body(data: Mapping[str, Any]) -> str:
    """The report's HTML (no site frame): the same for the page, a saved copy and the PDF."""
    return render_to_string("report/_body.html", {"r": data})


@dataclass(frozen=True)
class LiveReport:
    """A report rendered from today's published data, and the years a report can be
    read for (for the year switch)."""

    title: str
    body: str
    data: dict[str, Any]
    years: tuple[int, ...] = ()

    def at(self, site: str) -> LiveReport:
        """This report with its links on ``site``, the address it is read at (see
        ``dashboards.report.data.served_at``)."""
        if not site:
            return self
        data = json.loads(served_at(json.dumps(self.data, ensure_ascii=False), site))
        return replace(self, body=served_at(self.body, site), data=data)


def report_title(city_name: str, year: int) -> str:
    return _("Lägesrapport %(year)s – %(city)s") % {"year": year, "city": city_name}


def live_report(city: City, year: int) -> LiveReport:
    """The current report, cached per data generation, language and day (the portfolio
    part counts follow-ups due by today's date)."""
    today = timezone.localdate()

    def build() -> LiveReport:
        versions = contract_versions(city=city, user=AnonymousUser())
        data = report_dict(build_report(city, year, versions=versions))
        years = tuple(report_years([v.year for v in versions]))
        return LiveReport(report_title(city.name, year), render_body(data), data, years)

    return cached(f"report:{city.code}:{year}:{today.isoformat()}", build)
