"""Reads of capability self-assessments: one city's years, and the contract cities'
newest for programme staff's comparison. One query each."""

from __future__ import annotations

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
