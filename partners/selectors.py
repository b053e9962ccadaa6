"""Reads of partnerships for the public page and the API: what the public sees
(published rows only), in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cities.models import City
from partners.models import (
    Member,
    MemberCommitment,
    MemberFollowUp,
    MemberFollowUpStatus,
    MemberKind,
    Partnership,
    PartnershipEvent,
)


@dataclass
class PartnershipView:
    """One published partnership with its published events, members, commitments and
    follow-ups (each commitment's ``follow_ups`` in year order)."""

    partnership: Partnership
    events: list[PartnershipEvent]
    members: list[Member]
    #: Organisations joined per year, as the events report them (not the member list:
    #: a partnership may publish counts without naming its members).
    joined_per_year: dict[int, int] = field(default_factory=dict)
    #: year → status → number of commitments followed up with that status that year.
    status_counts: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def commitments(self) -> list[MemberCommitment]:
        return [c for m in self.members for c in m.commitments.all()]

    @property
    def kind_counts(self) -> list[tuple[str, int]]:
        counts = Counter(m.kind for m in self.members if m.left_on is None)
        return [(str(label), counts[value]) for value, label in MemberKind.choices if counts[value]]

    @property
    def joined_total(self) -> int:
        return sum(self.joined_per_year.values())

    def status_table(self) -> list[tuple[int, list[int], int]]:
        """Rows (year, counts in the order of ``MemberFollowUpStatus``, total)."""
        rows = []
        for year in sorted(self.status_counts):
            counts = [self.status_counts[year].get(s, 0) for s in MemberFollowUpStatus.values]
            rows.append((year, counts, sum(counts)))
        return rows


def partnerships_published(city: City | int) -> list[PartnershipView]:
    """The city's published partnerships, for the public page and the API (5 queries)."""
    follow_ups = MemberFollowUp.objects.published().order_by("year", "id")
    commitments = (
        MemberCommitment.objects.published()
        .select_related("indicator")
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups))
    )
    members = Member.objects.published().prefetch_related(
        Prefetch("commitments", queryset=commitments)
    )
    rows = (
        Partnership.objects.published()
        .filter(city=city)
        .prefetch_related(
            Prefetch("events", queryset=PartnershipEvent.objects.published()),
            Prefetch("members", queryset=members),
        )
    )
    views = []
    for partnership in rows:
        view = PartnershipView(
            partnership, list(partnership.events.all()), list(partnership.members.all())
        )
        for event in view.events:
            if event.organisations_joined:
                year = event.date.year
                view.joined_per_year[year] = (
                    view.joined_per_year.get(year, 0) + event.organisations_joined
                )
        for commitment in view.commitments:
            done = list(commitment.follow_ups.all())
            commitment.latest_follow_up = done[-1] if done else None  # type: ignore[attr-defined]
            for follow_up in done:
                per_year = view.status_counts.setdefault(follow_up.year, {})
                per_year[follow_up.status] = per_year.get(follow_up.status, 0) + 1
        views.append(view)
    return views


def partnership_names(city: City | int) -> list[tuple[int, str]]:
    """(id, name) of the city's published partnerships, for the city page (1 query)."""
    # One city's: by name (the default order's city name would join the city for nothing).
    rows = Partnership.objects.published().filter(city=city).order_by("name", "id")
    return list(rows.values_list("id", "name"))
