"""What needs attention in a city's follow-up: the workspace start page and the reminder
digest are built from the same small providers.

A provider takes a :class:`Context` and returns one :class:`Section` (or ``None`` when it
has nothing to say in that context), in a fixed number of queries. A provider marked
with :func:`due` lists follow-ups falling due: its section goes into the reminder digest
too (and only those providers run for the digest).

To add a kind of attention item, write a provider and add it to ``PROVIDERS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from actions.selectors import DueFollowUp, follow_ups_due
from cities.models import ChangeAction, ChangeRecord, City, Goal
from cities.permissions import can_edit
from contracts.models import Commitment, CommitmentFollowUp, Contract, Party
from core.cycles import Period, period_of
from core.i18n import gettext as _
from dashboards.report.models import ProgressReport
from dashboards.workspace import selectors
from dashboards.workspace.kinds import BY_MODEL, describe
from indicators.models import ImportJob, ImportJobStatus, Indicator, Target

#: How many of a city's latest imports the start page lists.
RECENT_IMPORTS = 5


@dataclass(frozen=True)
class Context:
    city: City
    user: User | AnonymousUser | None
    today: dt.date
    # Actions whose follow-up is due, per city id, when the caller has read them for many
    # cities at once (the reminder digest: ``follow_ups_due_for_cities``, one query).
    actions_due: dict[int, list[DueFollowUp]] | None = None

    @property
    def period(self) -> Period:
        return period_of(self.today, self.city.follow_ups_per_year)


@dataclass
class Item:
    text: str
    url: str = ""
    detail: str = ""


@dataclass
class Section:
    key: str
    heading: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""  # said when nothing needs attention
    due: bool = False  # its items are follow-ups falling due (they go into the digest)
    more_url: str = ""
    more_text: str = ""


Provider = Callable[[Context], Section | None]


def due(provider: Provider) -> Provider:
    """Mark a provider whose items fall due: the reminder digest lists them."""
    provider.due = True  # type: ignore[attr-defined]
    return provider


def expected_latest_year(today: dt.date) -> int:
    """The newest year a city's own indicator should have a value for: last year's value is
    due during this year (yearly follow-up, as the contracts describe it)."""
    return today.year - 1


def tracked_indicators(city: City) -> list[Indicator]:
    """Indicators whose values the city records itself (not the emission series, which come
    from Nationella emissionsdatabasen): those its goals are measured by and its own.
    Each has ``latest``: the newest year with a value (drafts included). Two queries."""
    used = (
        Target.objects.in_city(city)
        .alive()
        .filter(goal__deleted_at=None)
        .values_list("indicator_id", flat=True)
    )
    return list(
        Indicator.objects.alive()
        .filter(Q(pk__in=list(used)) | Q(city=city), emission_substance="")
        .annotate(
            latest=Max(
                "observations__year",
                filter=Q(observations__city=city, observations__deleted_at=None),
            )
        )
        .order_by("name")
    )


@due
def indicators_due(ctx: Context) -> Section:
    expected = expected_latest_year(ctx.today)
    section = Section(
        key="indicators",
        heading=_("Indikatorer som behöver nya värden"),
        empty=_("Alla indikatorer har värden till och med %(year)s.") % {"year": expected},
        due=True,
    )
    slug = ctx.city.slug
    # A link to the form only for those who may enter values (programme staff read).
    may_enter = ctx.user is None or can_edit(ctx.user, ctx.city, needs="officer")
    for indicator in tracked_indicators(ctx.city):
        # ``latest`` (its newest value's year) is annotated by ``tracked_indicators``.
        latest = getattr(indicator, "latest", None)
        if latest is not None and latest >= expected:
            continue
        if latest is None:
            detail = _("Inga värden ännu; väntat: %(year)s.") % {"year": expected}
        else:
            detail = _("Senaste värde gäller %(latest)s; väntat: %(year)s.") % {
                "latest": latest,
                "year": expected,
            }
        section.items.append(
            Item(
                text=f"{indicator.name} ({indicator.unit})",
                detail=detail,
                url=reverse("workspace:observation-create", args=[slug])
                + f"?indikator={indicator.pk}"
                if may_enter
                else "",
            )
        )
    return section


def goals_without_targets(ctx: Context) -> Section:
    section = Section(
        key="goals",
        heading=_("Mål utan målvärde"),
        empty=_("Alla mål mäts med minst ett målvärde."),
    )
    goals = (
        Goal.objects.in_city(ctx.city)
        .alive()
        .annotate(targets_alive=Count("targets", filter=Q(targets__deleted_at=None)))
        .filter(targets_alive=0)
        .order_by("order", "id")
    )
    for goal in goals:
        section.items.append(
            Item(
                text=goal.title,
                detail=_("Lägg till ett målvärde så att målet kan följas upp."),
                url=reverse("workspace:target-create", args=[ctx.city.slug, goal.pk]),
            )
        )
    return section


def drafts_waiting(ctx: Context) -> Section:
    pending = selectors.pending_rows(ctx.city)
    section = Section(
        key="drafts",
        heading=_("Utkast som väntar på publicering"),
        empty=_("Inget väntar på publicering."),
        more_url=reverse("workspace:drafts", args=[ctx.city.slug]),
        more_text=ngettext("Visa %(count)s utkast", "Visa alla %(count)s utkast", len(pending))
        % {"count": len(pending)}
        if pending
        else "",
    )
    for row in pending[:10]:
        section.items.append(
            Item(
                text=f"{str(row.kind.label).capitalize()}: {describe(row.current)}",
                detail=row.state_label,
                url=row.kind.edit_link(ctx.city, row.current),
            )
        )
    return section


@due
def actions_due(ctx: Context) -> Section:
    """The city's actions whose follow-up is due this period or overdue (a period ended
    without one), overdue first (``actions.selectors.follow_ups_due``: one query)."""
    period = ctx.period
    period_label = period.label
    section = Section(
        key="actions",
        heading=_("Åtgärder som ska följas upp"),
        empty=_("Alla åtgärder är uppföljda för %(period)s.") % {"period": period_label},
        due=True,
        more_url=reverse("portfolio:index", args=[ctx.city.slug]),
        more_text=_("Till åtgärdsportföljen"),
    )
    if ctx.actions_due is not None:
        rows = ctx.actions_due.get(ctx.city.pk, [])
    else:
        rows = follow_ups_due(ctx.city, today=ctx.today)
    for row in rows:
        when = date_format(row.due.due_on, "j F Y")
        if row.overdue:
            detail = _("Försenad: uppföljningen för %(period)s skulle vara klar %(when)s.") % {
                "period": row.period_label,
                "when": when,
            }
        else:
            detail = _("Uppföljningen för %(period)s ska vara klar %(when)s.") % {
                "period": row.period_label,
                "when": when,
            }
        if not row.is_published:
            detail += " " + _("(Åtgärden är ett utkast.)")
        section.items.append(
            Item(
                text=row.title,
                detail=detail,
                url=reverse("portfolio:follow-up-create", args=[ctx.city.slug, row.action_id]),
            )
        )
    return section


def recent_imports(ctx: Context) -> Section:
    """The city's latest imports and how they went, failed ones first (one query)."""
    section = Section(
        key="imports",
        heading=_("Senaste importer"),
        empty=_("Inga importer för kommunen ännu."),
        more_url=reverse("uploads:history"),
        more_text=_("Alla importer"),
    )
    jobs = list(
        ImportJob.objects.filter(city=ctx.city).order_by("-created_at", "-id")[:RECENT_IMPORTS]
    )
    jobs.sort(key=lambda job: job.status != ImportJobStatus.FAILED)  # stable: newest first
    for job in jobs:
        when = date_format(timezone.localtime(job.created_at), "j F Y H:i")
        if job.status == ImportJobStatus.FAILED:
            detail = _("Misslyckades %(when)s: %(why)s") % {
                "when": when,
                "why": job.message or _("se felrapporten"),
            }
        elif job.status == ImportJobStatus.SUCCEEDED:
            detail = _(
                "Klar %(when)s: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade"
            ) % {
                "when": when,
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
            }
            if job.rejected_count:
                detail += ", " + ngettext(
                    "%(n)s avvisad rad hoppades över",
                    "%(n)s avvisade rader hoppades över",
                    job.rejected_count,
                ) % {"n": job.rejected_count}
            detail += "."
        elif job.status == ImportJobStatus.PREVIEW:
            detail = _("Väntar på att bekräftas (uppladdad %(when)s).") % {"when": when}
        else:
            detail = _("%(status)s (uppladdad %(when)s).") % {
                "status": job.get_status_display(),
                "when": when,
            }
        section.items.append(
            Item(
                text=job.original_name,
                detail=detail,
                url=reverse("uploads:job", args=[job.pk]),
            )
        )
    return section


def sent_back(ctx: Context) -> Section | None:
    """Drafts an administrator sent back with a comment, as long as nothing has happened
    to them since (the send-back is still their newest history entry). One query."""
    newest = (
        ChangeRecord.objects.filter(
            content_type=OuterRef("content_type"), object_id=OuterRef("object_id")
        )
        .order_by("-at", "-id")
        .values("pk")[:1]
    )
    records = list(
        ChangeRecord.objects.filter(city=ctx.city, action=ChangeAction.SEND_BACK)
        .annotate(newest=Subquery(newest))
        .filter(pk=F("newest"))
        .select_related("user", "content_type")
        .order_by("-at", "-id")[:20]
    )
    if not records:
        return None
    section = Section(
        key="sent-back",
        heading=_("Utkast som skickats tillbaka med en kommentar"),
    )
    for record in records:
        kind = BY_MODEL.get(record.content_type.model_class())  # type: ignore[arg-type]
        url = (
            reverse("workspace:item-history", args=[ctx.city.slug, kind.segment, record.object_id])
            if kind is not None
            else ""
        )
        who = record.user.get_full_name() or record.user.get_username() if record.user else ""
        section.items.append(
            Item(
                text=f"{record.label}: ”{record.comment}”",
                detail=_("Skickat tillbaka av %(who)s %(when)s.")
                % {"who": who, "when": date_format(timezone.localtime(record.at), "j F Y H:i")},
                url=url,
            )
        )
    return section


def commitments_not_followed_up(ctx: Context) -> Section | None:
    """The city's own commitments (party "Kommunen") in its newest contract version that
    have no follow-up for this year yet (drafts count). Two queries; nothing without a
    contract."""
    contract = Contract.objects.in_city(ctx.city).alive().order_by("-year").first()
    if contract is None:
        return None
    year = ctx.today.year
    followed = CommitmentFollowUp.objects.alive().filter(commitment=OuterRef("pk"), year=year)
    commitments = list(
        Commitment.objects.filter(section__contract=contract, party=Party.CITY)
        .annotate(followed=Exists(followed))
        .filter(followed=False)
        .select_related("section")
    )
    section = Section(
        key="commitments",
        heading=_("Åtaganden i klimatkontraktet som inte följts upp för %(year)s") % {"year": year},
        empty=_("Kommunens alla åtaganden i kontraktet %(version)s är uppföljda för %(year)s.")
        % {"version": contract.year, "year": year},
        more_url=reverse("contracts:detail", args=[ctx.city.slug, contract.year]),
        more_text=_("Till klimatkontraktet %(version)s") % {"version": contract.year},
    )
    for commitment in commitments:
        label = " ".join(p for p in (commitment.number, commitment.title) if p)
        section.items.append(
            Item(
                text=label or commitment.text[:120],
                detail=_("Avsnitt %(section)s i kontraktet %(version)s.")
                % {
                    "section": commitment.section.number or commitment.section.title,
                    "version": contract.year,
                },
                url=reverse(
                    "contracts:follow-up-edit", args=[ctx.city.slug, contract.year, commitment.pk]
                ),
            )
        )
    return section


def report_state(ctx: Context) -> Section:
    """This year's progress report (lägesrapport): not started, a draft, or published.
    One query."""
    year = ctx.today.year
    published = list(
        ProgressReport.objects.in_city(ctx.city)
        .alive()
        .filter(year=year)
        .values_list("is_published", flat=True)
    )
    if not published:
        state = _("Inte påbörjad: ingen rapport är sparad för %(year)s.") % {"year": year}
    elif any(published):
        state = _("Publicerad.")
    else:
        state = _("Utkast: sparad men inte publicerad.")
    section = Section(key="report", heading=_("Lägesrapporten %(year)s") % {"year": year})
    section.items.append(
        Item(
            text=_("Lägesrapport %(year)s") % {"year": year},
            detail=state,
            url=reverse("reports:index", args=[ctx.city.slug]),
        )
    )
    return section


# The start page shows the sections in this order; the digest takes the ``due`` ones.
PROVIDERS: list[Provider] = [
    sent_back,
    indicators_due,
    actions_due,
    goals_without_targets,
    commitments_not_followed_up,
    report_state,
    drafts_waiting,
    recent_imports,
]


def sections(ctx: Context, *, due_only: bool = False) -> list[Section]:
    providers = [p for p in PROVIDERS if getattr(p, "due", False) or not due_only]
    found = (provider(ctx) for provider in providers)
    return [s for s in found if s is not None]
