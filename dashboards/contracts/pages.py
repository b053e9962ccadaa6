"""Page data for the contract pages: plain data built from the contract selectors.

What the public sees (published versions and follow-ups) is cached per data generation;
people who may see drafts get it built fresh, in the same fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from cities.models import City
from cities.permissions import can_view_drafts
from contracts import diff as contract_diff
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
from contracts.selectors import (
    contract_get,
    contract_versions,
    contracts_with_content,
)
from core.cache import cached

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

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


# --- Text as stored → blocks for the template ----------------------------------------------

_SUBHEADING = re.compile(r"^\d+(\.\d+){2,}\s+\S")


@dataclass
class Block:
    """A paragraph ("p"), a bulleted list ("ul", ``items``) or a numbered subheading
    ("h", e.g. "7.3.1 Processen kring klimatkontrakt")."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)


def text_blocks(text: str) -> list[Block]:
    """Paragraphs are separated by a blank line; a paragraph starting with "•" is a list
    item; consecutive items form one list."""
    blocks: list[Block] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text or "")):
        if not para:
            continue
        para = " ".join(para.split())
        if para.startswith("•"):
            item = para.lstrip("•").strip()
            if blocks and blocks[-1].kind == "ul":
                blocks[-1].items.append(item)
            else:
                blocks.append(Block("ul", items=[item]))
        elif _SUBHEADING.match(para) and len(para) < 120 and not para.endswith("."):
            blocks.append(Block("h", text=para))
        else:
            blocks.append(Block("p", text=para))
    return blocks


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
class CommitmentView:
    pk: int
    number: str
    title: str
    party: str
    party_label: str
    blocks: list[Block]
    references: list[dict]
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
class SectionView:
    number: str
    title: str
    party: str
    party_label: str
    blocks: list[Block]
    references: list[dict]
    commitments: list[CommitmentView]

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()

    @property
    def anchor(self) -> str:
        slug = re.sub(r"[^0-9a-z]+", "-", self.number.lower()).strip("-")
        return f"avsnitt-{slug or 'inledning'}"


@dataclass
class TextView:
    number: str
    title: str
    party: str
    party_label: str
    kind: str
    kind_label: StrOrPromise
    blocks: list[Block]
    references: list[dict]
    is_published: bool
    updated_at: dt.datetime | None
    pending: bool = False  # published, with a change waiting for publishing

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}".strip()


@dataclass
class StatusCount:
    status: str
    label: StrOrPromise
    count: int


@dataclass
class PartySummary:
    party: str
    label: StrOrPromise
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
        kind_label=FollowUpTextKind(text.kind).label,
        blocks=text_blocks(text.text),
        references=list(text.references or []),
        is_published=text.is_published,
        updated_at=text.updated_at,
        pending=text.is_published and bool(text.draft),
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
            counts.append(StatusCount(status.value, status.label, n))
        unassessed = sum(1 for c in commitments if c.latest is None)
        counts.append(StatusCount(NOT_ASSESSED, not_assessed_label(), unassessed))
        summaries.append(
            PartySummary(
                party=group, label=Party(group).label, total=len(commitments), counts=counts
            )
        )
    return summaries


def _version_links(versions: list[Contract]) -> list[VersionLink]:
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
        versions=_version_links(versions),
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
            versions=_version_links(versions),
            latest=latest,
        )

    if can_view_drafts(user, city):
        return build()
    return cached(f"contract-list:{city.code}", build)


# --- Comparing two versions -------------------------------------------------------------


def diff_sections(contract: Contract) -> list[contract_diff.Section]:
    return [
        contract_diff.Section(
            number=section.number,
            title=section.title,
            text=section.text,
            items=tuple(
                contract_diff.Item(
                    number=c.number, title=c.title, text=c.text, party=c.get_party_display()
                )
                for c in section.commitments.all()
            ),
        )
        for section in contract.sections.all()
    ]


@dataclass
class ComparePage:
    city_name: str
    city_slug: str
    versions: list[VersionLink]
    old_year: int | None
    new_year: int | None
    diff: contract_diff.ContractDiff | None
    missing_content: list[VersionLink]  # a chosen version whose text is not entered
    error: str = ""


def compare_page(city: City, user, *, old: str | None, new: str | None) -> ComparePage:
    """Two versions side by side. Without a choice: the two newest versions."""
    versions = _version_links(contract_versions(city=city, user=user))
    years = [v.year for v in versions]
    page = ComparePage(
        city_name=city.name,
        city_slug=city.slug,
        versions=versions,
        old_year=None,
        new_year=None,
        diff=None,
        missing_content=[],
    )
    if len(years) < 2:
        page.error = _("Det finns bara en version av kontraktet; det finns inget att jämföra.")
        return page
    if old is None and new is None:
        old_year, new_year = years[-2], years[-1]
    else:
        try:
            old_year, new_year = int(old or ""), int(new or "")
        except ValueError:
            page.error = _("Välj två versioner (år) att jämföra.")
            return page
    if old_year not in years or new_year not in years:
        page.error = _("Det finns ingen version för det valda året.")
        return page
    if old_year == new_year:
        page.old_year = page.new_year = old_year
        page.error = _("Välj två olika versioner att jämföra.")
        return page
    old_year, new_year = sorted((old_year, new_year))
    page.old_year, page.new_year = old_year, new_year
    by_year = {v.year: v for v in versions}
    page.missing_content = [by_year[y] for y in (old_year, new_year) if not by_year[y].has_content]
    if page.missing_content:
        return page
    contracts = contracts_with_content(city=city, years=[old_year, new_year], user=user)
    page.diff = contract_diff.contract_diff(
        diff_sections(contracts[old_year]), diff_sections(contracts[new_year])
    )
    return page
