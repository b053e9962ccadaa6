"""Page data for the contract pages: plain data built from the contract selectors (one
version in full and the list of versions; two versions side by side are ``compare``).

What the public sees (published versions and follow-ups) is cached per data generation;
people who may see drafts get it built fresh, in the same fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cities.models import City
from cities.permissions import can_view_drafts
from contracts.models import (
    AGENCY_PARTIES,
    Commitment,
    CommitmentFollowUp,
    Contract,
    FollowUpStatus,
    FollowUpText,
    FollowUpTextKind,
    Party,
)
from contracts.selectors import contract_get, contract_versions
from core.cache import cached
from core.i18n import gettext as _
from dashboards.contracts.text import Block, text_blocks

NOT_ASSESSED = "not_assessed"

#: Groups for the status summary, in the contract's order of parties.
PARTY_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    (Party.CITY, (Party.CITY,)),
    (Party.VIABLE_CITIES, (Party.VIABLE_CITIES,)),
    (Party.AGENCIES, (Party.AGENCIES, *AGENCY_PARTIES)),
    (Party.JOINT, (Party.JOINT,)),
]


def not_assessed_label() -> str:
    return _("Ej bedömd")


# --- One contract version -----------------------------------------------------------------


@dataclass
class FollowUpView:
    year: int
    status: str
    status_label: str
    comment: str
    is_published: bool
    updated_by: str
    updated_at: dt.datetime | None
    pending: bool = False  # published, with a change waiting for publishing


@dataclass
class _Numbered:
    """A numbered part of the contract's text (a section, a commitment, a follow-up
    text): its party (if any), its text as blocks and its references."""

    number: str
    title: str
    party: str
    party_label: str
    blocks: list[Block]
    references: list[dict]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class CommitmentView(_Numbered):
    pk: int
    follow_ups: list[FollowUpView]
    section_title: str = ""

    @property
    def heading(self) -> str:
        """ "3.9 Klimatsmart mobilitet"; a commitment without a title of its own takes its
        section's ("7 Gemensamt arbete kring uppföljning, …")."""
        return f"{self.number} {self.title or self.section_title}".strip()

    @property
    def latest(self) -> FollowUpView | None:
        return self.follow_ups[0] if self.follow_ups else None

    @property
    def anchor(self) -> str:
        return f"atagande-{self.pk}"


@dataclass
class SectionView(_Numbered):
    commitments: list[CommitmentView]

    @property
    def anchor(self) -> str:
        slug = re.sub(r"[^0-9a-z]+", "-", self.number.lower()).strip("-")
        return f"avsnitt-{slug or 'inledning'}"


@dataclass
class TextView(_Numbered):
    kind: str
    kind_label: str
    is_published: bool
    updated_at: dt.datetime | None
    pending: bool = False  # published, with a change waiting for publishing
    year: int | None = None  # the follow-up year; None: the contract's own text


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class PartySummary:
    party: str
    label: str
    total: int
    counts: list[StatusCount]


@dataclass
class VersionLink:
    year: int
    is_published: bool
    commitment_count: int
    has_content: bool
    document_url: str
    content_note: str


@dataclass(frozen=True)
class YearLink:
    """A year of the contract's time and the version in force in it: its own version, or
    (a year in which no new version was signed, like Umeå's 2023) the one before."""

    year: int
    version: VersionLink

    @property
    def own(self) -> bool:
        return self.version.year == self.year


def year_links(versions: list[VersionLink]) -> list[YearLink]:
    """Every year from the first version to the newest, each with the version in force
    then (a version stays in force until the next is signed), so no year of the contract's
    life is missing from its list."""
    if not versions:
        return []
    by_year = {v.year: v for v in versions}
    years: list[YearLink] = []
    current = versions[0]
    for year in range(min(by_year), max(by_year) + 1):
        current = by_year.get(year, current)
        years.append(YearLink(year, current))
    return years


@dataclass
class ContractPage:
    city_name: str
    city_slug: str
    year: int
    title: str
    is_published: bool
    content_note: str
    document_url: str
    source_reference: str
    sections: list[SectionView]
    texts: list[TextView]
    summary: list[PartySummary]
    versions: list[VersionLink]

    @property
    def years(self) -> list[YearLink]:
        return year_links(self.versions)

    @property
    def has_content(self) -> bool:
        return bool(self.sections)

    @property
    def commitment_count(self) -> int:
        return sum(len(s.commitments) for s in self.sections)

    @property
    def texts_section(self) -> str:
        """The section the follow-up texts are shown in: section 7 ("Gemensamt arbete kring
        uppföljning …") where there is one; otherwise they follow the last section."""
        return "7" if any(s.number == "7" for s in self.sections) else ""

    def commitment(self, pk: int) -> CommitmentView | None:
        return next((c for s in self.sections for c in s.commitments if c.pk == pk), None)


def _user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def follow_up_view(follow_up: CommitmentFollowUp) -> FollowUpView:
    """A follow-up as given: the selectors hand the city's people and programme staff
    working copies (pending changes applied) and the public the published rows."""
    return FollowUpView(
        year=follow_up.year,
        status=follow_up.status,
        status_label=follow_up.get_status_display(),
        comment=follow_up.comment,
        is_published=follow_up.is_published,
        updated_by=_user_label(follow_up.updated_by),
        updated_at=follow_up.updated_at,
        pending=follow_up.is_published and bool(follow_up.draft),
    )


def commitment_view(commitment: Commitment) -> CommitmentView:
    return CommitmentView(
        pk=commitment.pk,
        number=commitment.number,
        title=commitment.title,
        party=commitment.party,
        party_label=commitment.get_party_display(),
        blocks=text_blocks(commitment.text),
        references=list(commitment.references or []),
        follow_ups=[follow_up_view(f) for f in getattr(commitment, "visible_follow_ups", []) or []],
        # Set from the prefetch (or select_related), so this costs no query.
        section_title=commitment.section.title,
    )


def _text_view(text: FollowUpText) -> TextView:
    return TextView(
        number=text.number,
        title=text.title,
        party=text.party,
        party_label=text.get_party_display(),
        kind=text.kind,
        kind_label=str(FollowUpTextKind(text.kind).label),
        blocks=text_blocks(text.text),
        references=list(text.references or []),
        is_published=text.is_published,
        updated_at=text.updated_at,
        pending=text.is_published and bool(text.draft),
        year=text.year,
    )


def _summary(sections: list[SectionView]) -> list[PartySummary]:
    """Per party: how many commitments have each status in their latest follow-up."""
    summaries = []
    for group, parties in PARTY_GROUPS:
        commitments = [c for s in sections for c in s.commitments if c.party in parties]
        if not commitments:
            continue
        counts = []
        for status in FollowUpStatus:
            n = sum(1 for c in commitments if c.latest and c.latest.status == status)
            counts.append(StatusCount(status.value, str(status.label), n))
        unassessed = sum(1 for c in commitments if c.latest is None)
        counts.append(StatusCount(NOT_ASSESSED, not_assessed_label(), unassessed))
        summaries.append(
            PartySummary(
                party=group, label=str(Party(group).label), total=len(commitments), counts=counts
            )
        )
    return summaries


def version_links(versions: list[Contract]) -> list[VersionLink]:
    """The city's versions as the version switch and the compare page list them."""
    return [
        VersionLink(
            year=v.year,
            is_published=v.is_published,
            commitment_count=getattr(v, "commitment_count", 0),
            has_content=getattr(v, "commitment_count", 0) > 0,
            document_url=v.document_url,
            content_note=v.content_note,
        )
        for v in versions
    ]


def section_views(contract: Contract) -> list[SectionView]:
    return [
        SectionView(
            number=section.number,
            title=section.title,
            party=section.party,
            party_label=section.get_party_display() if section.party else "",
            blocks=text_blocks(section.text),
            references=list(section.references or []),
            commitments=[commitment_view(c) for c in section.commitments.all()],
        )
        for section in contract.sections.all()
    ]


def _build_contract_page(
    city: City, year: int, user, versions: list[Contract] | None = None
) -> ContractPage:
    if versions is None:
        versions = contract_versions(city=city, user=user)
    contract = contract_get(city=city, year=year, user=user)
    sections = section_views(contract)
    return ContractPage(
        city_name=city.name,
        city_slug=city.slug,
        year=contract.year,
        title=contract.title,
        is_published=contract.is_published,
        content_note=contract.content_note,
        document_url=contract.document_url,
        source_reference=contract.source_reference,
        sections=sections,
        texts=[_text_view(t) for t in contract.visible_texts],
        summary=_summary(sections),
        versions=version_links(versions),
    )


def contract_page(city: City, year: int, user) -> ContractPage:
    """One contract version as ``user`` may read it."""
    if can_view_drafts(user, city):
        return _build_contract_page(city, year, user)
    return cached(
        f"contract-page:{city.code}:{year}", lambda: _build_contract_page(city, year, user)
    )


@dataclass
class ContractListPage:
    city_name: str
    city_slug: str
    versions: list[VersionLink]
    latest: ContractPage | None

    @property
    def years(self) -> list[YearLink]:
        return year_links(self.versions)


def contract_list_page(city: City, user) -> ContractListPage:
    """The city's contract versions, with the status summary of the newest one that has
    content."""

    def build() -> ContractListPage:
        versions = contract_versions(city=city, user=user)
        with_content = [v for v in versions if getattr(v, "commitment_count", 0)]
        latest = (
            _build_contract_page(city, with_content[-1].year, user, versions)
            if with_content
            else None
        )
        return ContractListPage(
            city_name=city.name,
            city_slug=city.slug,
            versions=version_links(versions),
            latest=latest,
        )

    if can_view_drafts(user, city):
        return build()
    return cached(f"contract-list:{city.code}", build)
