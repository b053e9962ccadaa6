"""What a city's reporting exports are made from, read once: the territorial inventory of
one year on GPC lines (``indicators.gpc``), the published goals and targets, the published
actions with their costs, and the published organisation-scope values. Everything is what
the public pages show (published rows only), so an export never says more than they do."""

from __future__ import annotations

from dataclasses import dataclass

from actions.models import Action
from actions.selectors import published_actions
from cities.models import City, Goal
from dashboards.city.words import SUBSTANCE
from indicators.gpc import GpcInventory, ned_to_gpc
from indicators.models import Indicator, SourceRelease
from indicators.selectors import (
    emission_release,
    goals_with_targets,
    ned_rows_for_year,
    organisation_values,
)


@dataclass
class ReportingData:
    city: City
    release: SourceRelease | None
    years: list[int]  # inventory years the release has for the city
    year: int | None  # the inventory year exported (the newest unless asked)
    inventory: GpcInventory | None
    goals: list[Goal]
    actions: list[Action]
    organisation: dict[str, tuple[Indicator, dict[int, float]]]

    @property
    def source(self) -> str:
        if self.release is None:
            return ""
        return f"{self.release.publisher}, {self.release.name}"


def reporting_data(city: City, year: int | None = None) -> ReportingData:
    release = emission_release(substance=SUBSTANCE)
    years: list[int] = []
    inventory = None
    if release is not None:
        years = sorted(
            set(city.emission_rows.filter(release=release).values_list("year", flat=True))
        )
        if year not in years:
            year = years[-1] if years else None
        if year is not None:
            inventory = ned_to_gpc(ned_rows_for_year(city=city, release=release, year=year))
    else:
        year = None
    return ReportingData(
        city=city,
        release=release,
        years=years,
        year=year,
        inventory=inventory,
        goals=goals_with_targets(city=city),
        actions=published_actions(city=city),
        organisation=organisation_values(city=city),
    )
