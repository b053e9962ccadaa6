"""Writes to partnerships, their events, member organisations, commitments and follow-ups.

Everything goes through the ``content_*`` services of ``cities.services``: drafts until
one of the city's administrators publishes, every change in the history (who, when, old →
new), the cache generation bumped. Permission checks are the caller's
(``cities.permissions.can_report_for_member``, ``can_edit``), as elsewhere.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from cities.history import record_change
from cities.models import ChangeAction, City
from cities.permissions import forget_roles
from cities.services import check_fields, content_create, content_update
from partners.models import (
    Member,
    MemberCommitment,
    MemberContact,
    MemberFollowUp,
    Partnership,
    PartnershipEvent,
)

Person = User | AnonymousUser | None

PARTNERSHIP_FIELDS = (
    "name",
    "description",
    "founded_on",
    "focus_areas",
    "website",
    "members_may_report",
    "source_reference",
)
EVENT_FIELDS = (
    "date",
    "date_precision",
    "title",
    "description",
    "organisations_joined",
    "source_reference",
)
MEMBER_FIELDS = ("name", "kind", "joined_on", "left_on")
COMMITMENT_FIELDS = ("text", "sector", "target_year", "target_value", "indicator")
FOLLOW_UP_FIELDS = ("year", "status", "text", "value")


def _published(publish: bool) -> dict[str, Any]:
    return {"is_published": publish, "published_at": timezone.now() if publish else None}


@transaction.atomic
def partnership_create(
    *, city: City, by: Person, publish: bool = False, **fields: Any
) -> Partnership:
    check_fields(fields, PARTNERSHIP_FIELDS, "partnership_create")
    return content_create(item=Partnership(city=city, **fields, **_published(publish)), by=by)


@transaction.atomic
def partnership_event_create(
    *, partnership: Partnership, by: Person, publish: bool = False, **fields: Any
) -> PartnershipEvent:
    check_fields(fields, EVENT_FIELDS, "partnership_event_create")
    event = PartnershipEvent(partnership=partnership, **fields, **_published(publish))
    return content_create(item=event, by=by)


@transaction.atomic
def member_create(
    *, partnership: Partnership, by: Person, publish: bool = False, **fields: Any
) -> Member:
    check_fields(fields, MEMBER_FIELDS, "member_create")
    member = Member(partnership=partnership, **fields, **_published(publish))
    return content_create(item=member, by=by)


@transaction.atomic
def member_update(*, member: Member, by: Person, expected_version: int, **fields: Any) -> bool:
    check_fields(fields, MEMBER_FIELDS, "member_update")
    return content_update(item=member, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def member_contact_grant(*, member: Member, user: User, by: Person) -> MemberContact:
    """Let ``user`` enter ``member``'s commitments and follow-ups (when the partnership
    lets members report). Recorded in the city's history."""
    contact, created = MemberContact.objects.get_or_create(
        member=member, user=user, defaults={"granted_by": by if isinstance(by, User) else None}
    )
    if created:
        record_change(contact, action=ChangeAction.CREATE, by=by)
        forget_roles(user)
    return contact


@transaction.atomic
def commitment_create(
    *, member: Member, by: Person, publish: bool = False, **fields: Any
) -> MemberCommitment:
    check_fields(fields, COMMITMENT_FIELDS, "commitment_create")
    item = MemberCommitment(member=member, **fields, **_published(publish))
    return content_create(item=item, by=by)


@transaction.atomic
def commitment_update(
    *, commitment: MemberCommitment, by: Person, expected_version: int, **fields: Any
) -> bool:
    check_fields(fields, COMMITMENT_FIELDS, "commitment_update")
    if "indicator" in fields:
        indicator = fields.pop("indicator")
        fields["indicator_id"] = indicator.pk if indicator is not None else None
    return content_update(item=commitment, changes=fields, by=by, expected_version=expected_version)


@transaction.atomic
def member_follow_up_create(
    *, commitment: MemberCommitment, by: Person, publish: bool = False, **fields: Any
) -> MemberFollowUp:
    check_fields(fields, FOLLOW_UP_FIELDS, "member_follow_up_create")
    item = MemberFollowUp(commitment=commitment, **fields, **_published(publish))
    return content_create(item=item, by=by)


@transaction.atomic
def member_follow_up_update(
    *, follow_up: MemberFollowUp, by: Person, expected_version: int, **fields: Any
) -> bool:
    check_fields(fields, FOLLOW_UP_FIELDS, "member_follow_up_update")
    return content_update(item=follow_up, changes=fields, by=by, expected_version=expected_version)
