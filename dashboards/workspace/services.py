"""Writes of the dashboards app: a person's reminder choice, and the reminder job."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from actions.selectors import follow_ups_due_for_cities
from cities.models import City, Membership
from cities.permissions import Role
from core.cycles import Period, period_of, reminder_window_open
from dashboards.workspace import attention, mail, selectors
from dashboards.workspace.models import ReminderPreference, ReminderSent

log = logging.getLogger(__name__)


def reminder_preference(user) -> bool:
    """Does this person want the reminder digest? (Yes unless they said no.)"""
    found = ReminderPreference.objects.filter(user=user).values_list("digest", flat=True).first()
    return True if found is None else found


@transaction.atomic
def reminder_preference_set(*, user, digest: bool, drafts_digest: bool | None = None) -> None:
    defaults = {"digest": digest}
    if drafts_digest is not None:
        defaults["drafts_digest"] = drafts_digest
    ReminderPreference.objects.update_or_create(user=user, defaults=defaults)


def drafts_digest_preference(user) -> bool:
    """Does this administrator want the daily digest of drafts? (Yes unless they said no.)"""
    found = (
        ReminderPreference.objects.filter(user=user).values_list("drafts_digest", flat=True).first()
    )
    return True if found is None else found


@dataclass
class DigestRun:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0


def _recipients(city: City, period_key: str):
    """The city's people who want reminders and have not had this period's yet."""
    already = ReminderSent.objects.filter(user=OuterRef("user"), city=city, period=period_key)
    return (
        Membership.objects.filter(city=city, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__reminder_preference__digest=False)
        .filter(~Exists(already))
        .select_related("user")
    )


def reminder_digests_send(*, today: dt.date, base_url: str | None = None) -> DigestRun:
    """Email each officer and administrator a digest of what falls due in their city's
    current follow-up period (the cycle set per city), once the period's due date is
    within ``REMINDER_LEAD_DAYS``. At most one digest per person, city and period.

    Not one transaction: each mail is claimed in its own (a ``ReminderSent`` row, unique
    per person, city and period) before it leaves, so a retried or concurrent run skips
    it; if sending fails the claim is dropped and the next run tries again.
    """
    lead = settings.REMINDER_LEAD_DAYS
    base_url = base_url or settings.SITE_URL
    run = DigestRun()
    cities = [
        city
        for city in City.objects.filter(memberships__isnull=False).distinct()
        if reminder_window_open(today, city.follow_ups_per_year, lead_days=lead)
    ]
    # Actions due in every city at once (one query), not once per city.
    actions_due = follow_ups_due_for_cities(cities, today=today)
    for city in cities:
        period = period_of(today, city.follow_ups_per_year)
        recipients = list(_recipients(city, period.key))
        if not recipients:
            continue
        ctx = attention.Context(city=city, user=None, today=today, actions_due=actions_due)
        sections = [s for s in attention.sections(ctx, due_only=True) if s.items]
        if not sections:
            continue
        summary = [
            {"section": s.key, "text": i.text, "detail": i.detail}
            for s in sections
            for i in s.items
        ]
        for membership in recipients:
            outcome = _deliver(membership.user, city, period, sections, summary, base_url)
            run.sent += outcome == "sent"
            run.already_sent += outcome == "already_sent"
            run.failed += outcome == "failed"
    return run


def _deliver(
    user: Any,
    city: City,
    period: Period,
    sections: list[attention.Section],
    summary: list[dict],
    base_url: str,
) -> str:
    """Claim one person's digest for the period, then send it: "sent", "already_sent"
    (claimed before, by an earlier or a concurrent run) or "failed" (the claim dropped,
    so the next run tries again)."""
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                user=user, city=city, period=period.key, due_on=period.due, items=summary
            )
    except IntegrityError:
        return "already_sent"
    try:
        mail.send_digest(user=user, city=city, period=period, sections=sections, base_url=base_url)
    except Exception:
        log.exception("Reminder to %s for %s failed; will retry", user, city)
        claim.delete()
        return "failed"
    ReminderSent.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return "sent"


def drafts_digests_send(*, today: dt.date, base_url: str | None = None) -> DigestRun:
    """Email each city administrator, once a day, how many drafts wait to be published in
    their city, when any do (unless they opted out). Claimed like the reminders (a
    ``ReminderSent`` row per person, city and day, period ``utkast-YYMMDD``), so a retried
    run sends nothing twice."""
    base_url = base_url or settings.SITE_URL
    day = f"utkast-{today:%y%m%d}"
    run = DigestRun()
    already = ReminderSent.objects.filter(user=OuterRef("user"), city=OuterRef("city"), period=day)
    admins = list(
        Membership.objects.filter(role=Role.ADMIN, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__reminder_preference__drafts_digest=False)
        .filter(~Exists(already))
        .select_related("user", "city")
    )
    if not admins:
        return run
    counts = selectors.pending_counts_by_city(sorted({m.city_id for m in admins}))
    for membership in admins:
        waiting = counts.get(membership.city_id, 0)
        if not waiting:
            continue
        outcome = _deliver_drafts(membership.user, membership.city, day, today, waiting, base_url)
        run.sent += outcome == "sent"
        run.already_sent += outcome == "already_sent"
        run.failed += outcome == "failed"
    return run


def _deliver_drafts(
    user: Any, city: City, day: str, today: dt.date, waiting: int, base_url: str
) -> str:
    try:
        with transaction.atomic():
            claim = ReminderSent.objects.create(
                user=user, city=city, period=day, due_on=today, items=[{"drafts": waiting}]
            )
    except IntegrityError:
        return "already_sent"
    try:
        mail.send_drafts_digest(user=user, city=city, waiting=waiting, base_url=base_url)
    except Exception:
        log.exception("Drafts digest to %s for %s failed; will retry", user, city)
        claim.delete()
        return "failed"
    ReminderSent.objects.filter(pk=claim.pk).update(sent_at=timezone.now())
    return "sent"
