"""The report's contract: the version in force in the report's year, its commitments with
their follow-up for the year by party, and the parties' follow-up texts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cities.models import City
from contracts.models import Contract, FollowUpStatus, FollowUpTextKind, Party
from contracts.selectors import contract_get
from core.i18n import gettext as _
from dashboards.charts.chart import Table, head
from dashboards.contracts.pages import NOT_ASSESSED, PARTY_GROUPS, not_assessed_label
from dashboards.contracts.text import text_blocks
from dashboards.report.data import TableData, absolute, table_data


@dataclass
class CommitmentRow:
    number: str
    heading: str
    status: str
    status_label: str
    comment: str


@dataclass
class PartyGroup:
    party: str
    label: str
    commitments: list[CommitmentRow]


@dataclass
class TextPart:
    heading: str
    party_label: str
    kind_label: str
    blocks: list[dict[str, Any]]
    year: int | None = None  # the follow-up year; None: the contract's own text


@dataclass
class ContractPart:
    """The contract version in force in the report's year (the newest published version
    of that year or before), its commitments with their follow-up for the year, and
    its parties' follow-up texts."""

    version_year: int
    title: str
    url: str
    document_url: str
    content_note: str
    has_content: bool
    groups: list[PartyGroup]
    summary: TableData
    status_counts: list[list[Any]]  # [status, label, n] over all commitments
    commitment_count: int
    texts: list[TextPart]


def contract_part(city: City, year: int, versions: list[Contract]) -> ContractPart | None:
    """The contract in force in ``year`` (None when the city had none yet), as the public
    reads it."""
    in_force = [v for v in versions if v.year <= year]
    if not in_force:
        return None
    contract = contract_get(city=city, year=in_force[-1].year, user=AnonymousUser())
    groups = _party_groups(contract, year)
    statuses = [(s.value, str(s.label)) for s in FollowUpStatus] + [
        (NOT_ASSESSED, not_assessed_label())
    ]
    all_rows = [c for g in groups for c in g.commitments]
    return ContractPart(
        version_year=contract.year,
        title=contract.title,
        url=absolute(
            reverse("contracts:detail", kwargs={"slug": city.slug, "year": contract.year})
        ),
        document_url=contract.document_url,
        content_note=contract.content_note,
        has_content=bool(all_rows),
        groups=groups,
        summary=_summary(groups, statuses, year),
        status_counts=[
            [s, label, sum(1 for c in all_rows if c.status == s)] for s, label in statuses
        ],
        commitment_count=len(all_rows),
        texts=[
            TextPart(
                heading=f"{t.number} {t.title}".strip(),
                party_label=str(t.get_party_display()),
                kind_label=str(FollowUpTextKind(t.kind).label),
                blocks=[asdict(b) for b in text_blocks(t.text)],
                year=t.year,
            )
            # The contract's own texts and the follow-up texts of the report's year.
            for t in contract.visible_texts
            if t.year is None or t.year == year
        ],
    )


def _party_groups(contract: Contract, year: int) -> list[PartyGroup]:
    """The commitments with their follow-up for ``year``, grouped by party in the
    contract's order of parties (agencies together)."""
    by_party: dict[str, list[CommitmentRow]] = {}
    for section in contract.sections.all():
        for commitment in section.commitments.all():
            follow_up = next((f for f in commitment.visible_follow_ups if f.year == year), None)
            heading = f"{commitment.number} {commitment.title or section.title}".strip()
            by_party.setdefault(commitment.party, []).append(
                CommitmentRow(
                    number=commitment.number,
                    heading=heading,
                    status=follow_up.status if follow_up else NOT_ASSESSED,
                    status_label=str(follow_up.get_status_display())
                    if follow_up
                    else not_assessed_label(),
                    comment=follow_up.comment if follow_up else "",
                )
            )
    groups = []
    for group, parties in PARTY_GROUPS:
        rows = [row for party in parties for row in by_party.get(party, [])]
        if rows:
            groups.append(PartyGroup(party=group, label=str(Party(group).label), commitments=rows))
    return groups


def _summary(groups: list[PartyGroup], statuses: list[tuple[str, str]], year: int) -> TableData:
    """Per party: how many commitments have each status in the year's follow-up."""
    rows = []
    for group in groups:
        counts = [sum(1 for c in group.commitments if c.status == s) for s, _label in statuses]
        rows.append([group.label, *counts, len(group.commitments)])
    return table_data(
        Table.from_rows(
            _("Åtagandenas uppföljning %(year)s per part") % {"year": year},
            [
                head(_("Part")),
                *[head(label, "int") for _s, label in statuses],
                head(_("Totalt"), "int"),
            ],
            rows,
        )
    )
