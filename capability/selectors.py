"""Reads of capability self-assessments: one city's years, and the contract cities'
newest for programme staff's comparison. One query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median

from actions.models import Action
from capability.models import CapabilityAssessment
from cities.models import City


def city_assessments(city: City, *, drafts: bool = False) -> list[CapabilityAssessment]:
    """The city's assessments by year: published only, or every alive one (``drafts``)."""
    query = CapabilityAssessment.objects.alive().filter(city=city)
    if not drafts:
        query = query.filter(is_published=True)
    return list(query.order_by("year"))


def latest_assessments(*, contract_only: bool = True) -> dict[int, CapabilityAssessment]:
    """The newest published assessment per city (city id → assessment): the column the
    staff comparison of cities shows."""
    query = (
        CapabilityAssessment.objects.published().select_related("city").order_by("city_id", "-year")
    )
    if contract_only:
        query = query.filter(city__is_contract_city=True)
    newest: dict[int, CapabilityAssessment] = {}
    for row in query:
        newest.setdefault(row.city_id, row)
    return newest


@dataclass(frozen=True)
class StageFlow:
    """From idea to ordinary operation, as measured by the published actions' stage
    dates: per year, how many actions entered each stage; and how long the actions that
    went from pilot to scale-up took (in days)."""

    entered: dict[int, dict[str, int]]
    pilot_to_scaling_days: list[int]

    @property
    def median_days(self) -> float | None:
        return median(self.pilot_to_scaling_days) if self.pilot_to_scaling_days else None


def stage_flow(city: City) -> StageFlow:
    """One query over the city's published actions."""
    entered: dict[int, dict[str, int]] = {}
    days: list[int] = []
    rows = Action.objects.published().filter(city=city).values_list("stage_dates", flat=True)
    for dates in rows:
        for stage, day in (dates or {}).items():
            year = int(day[:4])
            entered.setdefault(year, {}).setdefault(stage, 0)
            entered[year][stage] += 1
        if dates and dates.get("pilot") and dates.get("scaling"):
            start, end = date.fromisoformat(dates["pilot"]), date.fromisoformat(dates["scaling"])
            days.append((end - start).days)
    return StageFlow(dict(sorted(entered.items())), sorted(days))
