"""Read queries for contract versions, their commitments and follow-up, shaped for the
pages and the API. Each returns its rows in a fixed number of queries, whatever the
number of sections, commitments or follow-ups."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Prefetch, QuerySet
from django.http import Http404

from cities.drafts import working_list
from cities.models import City
from contracts.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    ContractSection,
    FollowUpText,
    StaffNote,
)


def contract_versions(*, city: City, user) -> list[Contract]:
    """The city's contract versions that ``user`` may read, oldest first, each with
    ``commitment_count`` (one query)."""
    return list(
        Contract.objects.visible_to(user)
        .filter(city=city)
        .annotate(commitment_count=Count("sections__commitments"))
        .order_by("year")
    )


def _follow_ups(user) -> Prefetch:
    return Prefetch(
        "follow_ups",
        queryset=CommitmentFollowUp.objects.visible_to(user)
        .select_related("updated_by")
        .order_by("-year"),
        to_attr="visible_follow_ups",
    )


def _sections(user) -> Prefetch:
    commitments = Commitment.objects.order_by("order", "id").prefetch_related(_follow_ups(user))
    return Prefetch(
        "sections",
        queryset=ContractSection.objects.order_by("order", "id").prefetch_related(
            Prefetch("commitments", queryset=commitments)
        ),
    )


def _texts(user) -> Prefetch:
    return Prefetch(
        "follow_up_texts",
        queryset=FollowUpText.objects.visible_to(user)
        .select_related("updated_by")
        .order_by(F("year").asc(nulls_first=True), "number", "id"),
        to_attr="visible_texts",
    )


def _as_working(contracts: list[Contract], user) -> list[Contract]:
    """For the city's people and programme staff: the follow-ups and texts as they work
    on them (pending changes applied, ``cities.drafts``); the public gets the published
    rows as they are. No queries."""
    from cities.permissions import can_view_drafts

    for contract in contracts:
        if not can_view_drafts(user, contract.city_id):
            continue
        for section in contract.sections.all():
            for commitment in section.commitments.all():
                commitment.visible_follow_ups = working_list(commitment.visible_follow_ups)
        contract.visible_texts = working_list(contract.visible_texts)
    return contracts


def contract_get(*, city: City, year: int, user) -> Contract:
    """One contract version with its sections → commitments → follow-ups and its follow-up
    texts, as ``user`` may read them (5 queries); 404 when there is none."""
    contract = (
        Contract.objects.visible_to(user)
        .filter(city=city, year=year)
        .select_related("updated_by")
        .prefetch_related(_sections(user), _texts(user))
        .first()
    )
    if contract is None:
        raise Http404("Kontraktsversionen finns inte.")
    return _as_working([contract], user)[0]


def contracts_with_content(*, city: City, years: list[int], user) -> dict[int, Contract]:
    """Several versions of one city's contract with their full content (for comparing)."""
    contracts = (
        Contract.objects.visible_to(user)
        .filter(city=city, year__in=years)
        .prefetch_related(_sections(user), _texts(user))
    )
    return {c.year: c for c in _as_working(list(contracts), user)}


def published_contracts(*, city: City) -> list[Contract]:
    """The city's published versions with published follow-ups only (for the open API)."""
    anonymous = AnonymousUser()
    return list(
        Contract.objects.published()
        .filter(city=city)
        .select_related("city")
        .order_by("year")
        .prefetch_related(_sections(anonymous), _texts(anonymous))
    )


def commitment_get(*, city: City, year: int, pk: int, user) -> Commitment:
    """One commitment of a version ``user`` may read, with its section and contract."""
    commitment = (
        Commitment.objects.visible_to(user)
        .filter(pk=pk, section__contract__city=city, section__contract__year=year)
        .select_related("section__contract__city__county")
        .first()
    )
    if commitment is None:
        raise Http404("Åtagandet finns inte.")
    return commitment


def follow_up_for(*, commitment: Commitment, year: int) -> CommitmentFollowUp | None:
    """The (live) follow-up of a commitment in one year, draft or published."""
    return (
        CommitmentFollowUp.objects.alive()
        .filter(commitment=commitment, year=year)
        .select_related("updated_by")
        .first()
    )


def follow_up_text_for(
    *, contract: Contract, party: str, kind: str, year: int | None
) -> FollowUpText | None:
    """The party's text of ``kind`` for follow-up ``year`` (None: the contract's own)."""
    return (
        FollowUpText.objects.alive()
        .filter(contract=contract, party=party, kind=kind, year=year)
        .first()
    )


def follow_up_text_before(
    *, contract: Contract, party: str, kind: str, year: int
) -> FollowUpText | None:
    """The party's latest follow-up text of ``kind`` before ``year`` (any version of the
    city's contract), which a writer may choose to start the new year from."""
    return (
        FollowUpText.objects.alive()
        .filter(
            contract__city_id=contract.city_id,
            party=party,
            kind=kind,
            year__isnull=False,
            year__lt=year,
        )
        .order_by("-year", "-id")
        .first()
    )


def agency_commitments(*, agency: str, user, year: int | None = None) -> QuerySet[Commitment]:
    """Every commitment binding ``agency`` in every city's contract versions ``user`` may
    read: the agency's own, the agencies' joint ones and those of all parties together;
    ordered by city, newest version first (2 queries). Follow-ups as published (the
    pages of programme staff show drafts with their state, not pending changes)."""
    query = (
        Commitment.objects.visible_to(user)
        .of_agency(agency)
        .select_related("section__contract__city")
        .prefetch_related(_follow_ups(user))
        .order_by(
            "section__contract__city__name",
            "-section__contract__year",
            "section__order",
            "order",
            "id",
        )
    )
    if year is not None:
        query = query.filter(section__contract__year=year)
    return query


def agency_commitment_counts(*, user) -> dict[str, int]:
    """Commitments per party across all cities, for the index of agencies (1 query)."""
    rows = Commitment.objects.visible_to(user).values("party").annotate(n=Count("id"))
    return {row["party"]: row["n"] for row in rows}


def staff_notes(*, city: City) -> QuerySet[StaffNote]:
    """A city's notes from programme staff, newest first. Callers check
    ``permissions.can_read_staff_notes`` first."""
    return StaffNote.objects.filter(city=city, deleted_at__isnull=True).select_related("created_by")


@dataclass
class CityFollowUp:
    """One contract city in the follow-up of one year: the contract version in force
    then (the newest version signed in or before the year; None when it has none) and
    that version's commitments, each with ``year_follow_up`` set to its follow-up of the
    year (None: not assessed)."""

    city: City
    contract: Contract | None
    commitments: list[Commitment]


def follow_up_grid(*, year: int, user) -> list[CityFollowUp]:
    """Every contract city, by name, with the commitments of its contract version in force
    in ``year`` and their follow-up of that year as ``user`` may read them: drafts
    included for programme staff, with their state, not pending changes (as the agency
    pages). Four queries, whatever the number of cities, commitments or follow-ups."""
    cities = list(City.objects.contract_cities().order_by("name"))
    in_force: dict[int, Contract] = {}
    versions = (
        Contract.objects.visible_to(user)
        .filter(city__in=[c.pk for c in cities], year__lte=year)
        .annotate(commitment_count=Count("sections__commitments"))
        .order_by("city_id", "-year")
    )
    for version in versions:
        in_force.setdefault(version.city_id, version)
    contract_ids = [c.pk for c in in_force.values()]
    commitments = list(
        Commitment.objects.filter(section__contract_id__in=contract_ids)
        .select_related("section")
        .order_by("section__order", "order", "id")
    )
    follow_ups = {
        f.commitment_id: f
        for f in CommitmentFollowUp.objects.visible_to(user).filter(
            commitment__section__contract_id__in=contract_ids, year=year
        )
    }
    by_contract: dict[int, list[Commitment]] = {}
    for commitment in commitments:
        commitment.year_follow_up = follow_ups.get(commitment.pk)
        by_contract.setdefault(commitment.section.contract_id, []).append(commitment)
    return [
        CityFollowUp(
            city=city,
            contract=(contract := in_force.get(city.pk)),
            commitments=by_contract.get(contract.pk, []) if contract else [],
        )
        for city in cities
    ]


def follow_up_years_recorded(*, user) -> list[int]:
    """The years the contract cities' commitments have a follow-up ``user`` may read, in
    order (one query)."""
    return list(
        CommitmentFollowUp.objects.visible_to(user)
        .filter(commitment__section__contract__city__is_contract_city=True)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
