"""Writes to contract versions, their commitments, the yearly follow-up and staff notes.

Each service is one transaction, checks who is asking (``cities.permissions``), records
the change in the history (except staff notes, see ``StaffNote``) and bumps the cache
generation. ``by=None`` means the system itself (a management command loading demo data).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cities import drafts, permissions
from cities.history import mark_published, record_change
from cities.models import ChangeAction, City
from cities.services import content_create, content_delete, content_publish, content_update
from contracts.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    ContractSection,
    FollowUpStatus,
    FollowUpText,
    FollowUpTextKind,
    Party,
    StaffNote,
)
from core.cache import bump_generation

Actor = User | AnonymousUser | None
T = TypeVar("T", bound=models.Model)
#: An entry of the yearly follow-up: a commitment's follow-up or a party's text.
Entry = TypeVar("Entry", CommitmentFollowUp, FollowUpText)

STAFF_NOTE_MAX_CHARS = 5000
COMMENT_MAX_CHARS = 5000


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _staff(by: User | AnonymousUser, message: str) -> User:
    """``by``, a member of the programme staff; anyone else is refused with ``message``."""
    _require(permissions.can_write_staff_notes(by), message)
    assert isinstance(by, User)  # staff are signed in
    return by


def _manages_contracts(by: Actor) -> bool:
    return by is None or permissions.can_manage_contracts(by)


def _created(item: T, *, by: Actor) -> T:
    """A new part of a contract (the version, a section, a commitment) validated, saved
    and recorded in the history; the pages show it from the next request on."""
    item.full_clean()
    item.save()
    record_change(item, action=ChangeAction.CREATE, by=by)
    bump_generation()
    return item


def _references(references: Iterable[dict] | None) -> list[dict[str, str]]:
    """References as stored: a list of {"text", "url"}, each with at least one of them."""
    cleaned = []
    for number, ref in enumerate(references or [], start=1):
        text, url = str(ref.get("text", "")).strip(), str(ref.get("url", "")).strip()
        if not text and not url:
            raise ValidationError(
                {"references": _("Hänvisning %(n)d saknar både text och adress.") % {"n": number}}
            )
        if url and not url.startswith(("http://", "https://")):
            raise ValidationError(
                {
                    "references": _("Hänvisning %(n)d: adressen måste börja med https://.")
                    % {"n": number}
                }
            )
        cleaned.append({"text": text, "url": url})
    return cleaned


def _next_order(parts: models.Manager) -> int:
    """The order of a part added last (a section of a version, a commitment of a section)."""
    return (parts.aggregate(m=Max("order"))["m"] or 0) + 1


def follow_up_years(contract: Contract, *, today: date | None = None) -> list[int]:
    """The years a commitment of ``contract`` can be followed up for: from the version's
    own year up to this year (a version stays in force until the next is signed)."""
    this_year = (today or timezone.localdate()).year
    return list(range(contract.year, max(contract.year, this_year) + 1))


# --- Contract versions and their text (programme staff) ---------------------------------


@transaction.atomic
def contract_create(
    *,
    city: City,
    year: int,
    title: str = "Klimatkontrakt 2030",
    document_url: str = "",
    content_note: str = "",
    source_reference: str = "",
    signed_on: date | None = None,
    is_published: bool = False,
    by: Actor = None,
) -> Contract:
    """Record one yearly version of a city's Klimatkontrakt 2030."""
    _require(_manages_contracts(by), _("Bara programkontoret kan lägga in kontraktsversioner."))
    if Contract.objects.alive().filter(city=city, year=year).exists():
        message = _("%(city)s har redan en version för %(year)d.")
        raise ValidationError({"year": message % {"city": city, "year": year}})
    user = by if by is not None and by.is_authenticated else None
    contract = Contract(
        city=city,
        year=year,
        title=title,
        document_url=document_url,
        content_note=content_note,
        source_reference=source_reference,
        signed_on=signed_on,
        is_published=is_published,
        published_at=timezone.now() if is_published else None,
        updated_by=user,
    )
    return _created(contract, by=by)


@transaction.atomic
def contract_section_add(
    *,
    contract: Contract,
    number: str,
    title: str,
    party: Party | str = "",
    text: str = "",
    references: Iterable[dict] | None = None,
    order: int | None = None,
    by: Actor = None,
) -> ContractSection:
    """Add a section to a contract version; ``party`` for sections of one party's
    commitments ("3 Kommunens åtaganden": the city)."""
    _require(_manages_contracts(by), _("Bara programkontoret kan ändra kontraktets text."))
    order = _next_order(contract.sections) if order is None else order
    section = ContractSection(
        contract=contract,
        number=number.strip(),
        title=title.strip(),
        party=party,
        text=text.strip(),
        references=_references(references),
        order=order,
    )
    return _created(section, by=by)


@transaction.atomic
def commitment_add(
    *,
    section: ContractSection,
    text: str,
    party: Party | str | None = None,
    number: str = "",
    title: str = "",
    references: Iterable[dict] | None = None,
    order: int | None = None,
    by: Actor = None,
) -> Commitment:
    """Add one party's commitment to a section (the party defaults to the section's)."""
    _require(_manages_contracts(by), _("Bara programkontoret kan ändra kontraktets text."))
    party = party or section.party
    if not party:
        raise ValidationError({"party": _("Ange vilken part åtagandet gäller.")})
    if not text.strip():
        raise ValidationError({"text": _("Åtagandet saknar text.")})
    order = _next_order(section.commitments) if order is None else order
    commitment = Commitment(
        section=section,
        party=party,
        number=number.strip(),
        title=title.strip(),
        text=text.strip(),
        references=_references(references),
        order=order,
    )
    return _created(commitment, by=by)


@transaction.atomic
def contract_publish(*, contract: Contract, by: Actor, published: bool = True) -> Contract:
    """Publish (or withdraw) a contract version with its sections and commitments."""
    _require(_manages_contracts(by), _("Bara programkontoret kan publicera kontraktsversioner."))
    mark_published(contract, by=by, published=published)
    bump_generation()
    return contract


# --- The yearly follow-up ----------------------------------------------------------------


def _require_follow_up(by: Actor, city: City, party: str, message: str) -> None:
    """Refuse, with ``message``, someone who may not follow up ``party``'s part of the
    city's contract (``by=None``, the system itself, may)."""
    if by is not None:
        _require(permissions.can_follow_up(by, city, party), message)


def _publication(*, publish: bool, city: City, party: str, by: Actor) -> bool:
    may_publish = by is None or permissions.can_publish_follow_up(by, city, party)
    if publish and not may_publish:
        raise PermissionDenied(
            _("Du kan spara uppföljningen som utkast; kommunens administratör publicerar den.")
        )
    return publish


def _save(
    *,
    current: Entry | None,
    new: Entry,
    changes: dict[str, Any],
    publish: bool,
    expected_version: int | None,
    by: Actor,
) -> Entry:
    """Create ``new``, or change ``current``, the way all content is drafted
    (``cities.drafts``): a change to a published entry waits beside it until it is
    published, so the public never loses the published entry meanwhile. ``publish``
    (by someone who may) publishes the entry, or its pending change, at once."""
    if current is None:
        if publish:
            new.is_published, new.published_at = True, timezone.now()
        return content_create(item=new, by=by)
    version = current.version if expected_version is None else expected_version
    # Raises StaleEdit (nothing written) when someone saved after the form was opened.
    changed = content_update(item=current, changes=changes, by=by, expected_version=version)
    if publish and (changed or drafts.has_pending(current) or not current.is_published):
        content_publish(item=current, by=by, expected_version=current.version)
    return current


@transaction.atomic
def commitment_follow_up_save(
    *,
    commitment: Commitment,
    year: int,
    status: FollowUpStatus | str,
    comment: str = "",
    publish: bool = False,
    expected_version: int | None = None,
    by: Actor,
    today: date | None = None,
) -> CommitmentFollowUp:
    """Enter or change how far a commitment has come in ``year``.

    The city's officers and administrators follow up the city's own commitments,
    programme staff those of Viable Cities, the agencies and all parties jointly (see
    ``cities.permissions``). Entries are drafted like all content: a new entry is a
    draft, and a change to a published one waits for publishing while the public keeps
    the published entry, unless someone who may publish (the city's administrator for
    the city's commitments; programme staff for theirs) publishes it at once with
    ``publish``. ``expected_version`` is the version the form was opened with: if someone
    saved meanwhile, ``StaleEdit`` is raised and nothing is written.
    """
    contract = commitment.section.contract
    city = contract.city
    _require_follow_up(by, city, commitment.party, _("Du kan inte följa upp detta åtagande."))
    publish = _publication(publish=publish, city=city, party=commitment.party, by=by)
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Välj en av statusarna i listan.")})
    years = follow_up_years(contract, today=today)
    if year not in years:
        raise ValidationError(
            {
                "year": _("Året måste vara mellan %(first)d och %(last)d.")
                % {"first": years[0], "last": years[-1]}
            }
        )
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {"comment": _("Kommentaren får vara högst %(n)d tecken.") % {"n": COMMENT_MAX_CHARS}}
        )
    current = (
        CommitmentFollowUp.objects.alive()
        .select_for_update()
        .filter(commitment=commitment, year=year)
        .first()
    )
    return _save(
        current=current,
        new=CommitmentFollowUp(commitment=commitment, year=year, status=status, comment=comment),
        changes={"status": status, "comment": comment},
        publish=publish,
        expected_version=expected_version,
        by=by,
    )


@transaction.atomic
def follow_up_text_save(
    *,
    contract: Contract,
    party: Party | str,
    kind: FollowUpTextKind | str,
    text: str,
    title: str = "",
    number: str = "",
    references: Iterable[dict] | None = None,
    publish: bool = False,
    expected_version: int | None = None,
    year: int | None = None,
    by: Actor,
) -> FollowUpText:
    """Write one party's text in a contract version's joint yearly follow-up
    ("Viktigaste uppdateringar …", "Mest angelägna erfarenheter att dela …") for
    follow-up ``year`` (None: the contract's own text, as the signed version states it —
    the demo loads it; the follow-up forms always name a year, so they never replace it).

    Same rules as ``commitment_follow_up_save``: the city writes its own texts, programme
    staff those of Viable Cities and the agencies; texts are drafted like all content. A
    text for a new year starts with no references: they belong to the text they came
    with, and are only ever set when given (``references``).
    """
    if year is not None and not 2019 <= year <= 2100:
        raise ValidationError({"year": _("Ange ett uppföljningsår mellan 2019 och 2100.")})
    city = contract.city
    _require_follow_up(by, city, party, _("Du kan inte skriva uppföljningstexten för denna part."))
    publish = _publication(publish=publish, city=city, party=party, by=by)
    text, title = _follow_up_text_checked(party=party, kind=kind, text=text, title=title)
    refs = _references(references) if references is not None else None
    current = (
        FollowUpText.objects.alive()
        .select_for_update()
        .filter(contract=contract, party=party, kind=kind, year=year)
        .first()
    )
    changes: dict = {"text": text, "title": title}
    if number:
        changes["number"] = number
    if refs is not None:
        changes["references"] = refs
    new = FollowUpText(
        contract=contract,
        party=party,
        kind=kind,
        number=number,
        title=title,
        text=text,
        references=refs or [],
        year=year,
    )
    return _save(
        current=current,
        new=new,
        changes=changes,
        publish=publish,
        expected_version=expected_version,
        by=by,
    )


def _follow_up_text_checked(*, party: str, kind: str, text: str, title: str) -> tuple[str, str]:
    """A follow-up text and its title as stored (a title by default from the kind and
    the party), or ``ValidationError`` naming the field that is wrong."""
    if party not in Party.values or party == Party.JOINT:
        raise ValidationError({"party": _("Välj kommunen, Viable Cities eller en myndighet.")})
    if kind not in FollowUpTextKind.values:
        raise ValidationError({"kind": _("Okänt slag av uppföljningstext.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv texten.")})
    if not title.strip():
        title = f"{FollowUpTextKind(kind).label} {_for_party(party)}"
    return text, title.strip()


@transaction.atomic
def commitment_follow_up_delete(
    *, follow_up: CommitmentFollowUp, by: Actor, expected_version: int
) -> bool:
    """Delete a commitment's follow-up of one year (softly; a published one's deletion
    waits for publishing). Same rights as entering it."""
    commitment = follow_up.commitment
    city = commitment.section.contract.city
    message = _("Du kan inte ändra uppföljningen av detta åtagande.")
    _require_follow_up(by, city, commitment.party, message)
    return content_delete(item=follow_up, by=by, expected_version=expected_version)


@transaction.atomic
def follow_up_text_delete(*, text: FollowUpText, by: Actor, expected_version: int) -> bool:
    """Delete one party's follow-up text (softly, as above)."""
    message = _("Du kan inte ändra uppföljningstexten för denna part.")
    _require_follow_up(by, text.contract.city, text.party, message)
    return content_delete(item=text, by=by, expected_version=expected_version)


def _for_party(party: str) -> str:
    named: dict[str, str] = {
        Party.CITY: _("för kommunen"),
        Party.VIABLE_CITIES: _("för Viable Cities"),
        Party.AGENCIES: _("för myndigheterna"),
    }
    return named.get(party, _("för %(party)s") % {"party": Party(party).label})


# --- Staff notes -------------------------------------------------------------------------


@transaction.atomic
def staff_note_add(*, city: City, text: str, by: User | AnonymousUser) -> StaffNote:
    """A programme staff member's note about a city, seen by programme staff only."""
    author = _staff(by, _("Bara programkontoret kan skriva anteckningar."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Skriv anteckningen.")})
    if len(text) > STAFF_NOTE_MAX_CHARS:
        raise ValidationError(
            {"text": _("Anteckningen får vara högst %(n)d tecken.") % {"n": STAFF_NOTE_MAX_CHARS}}
        )
    note = StaffNote(city=city, text=text, created_by=author)
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def staff_note_delete(*, note: StaffNote, by: User | AnonymousUser) -> StaffNote:
    """Remove a note from view; the row keeps who removed it and when."""
    remover = _staff(by, _("Bara programkontoret kan ta bort anteckningar."))
    if note.deleted_at is None:
        note.deleted_at = timezone.now()
        note.deleted_by = remover
        note.save(update_fields=["deleted_at", "deleted_by"])
    return note
