"""Pages of a city's climate partnerships (issue 16).

- ``partnerships``: public; the city's published partnerships, their events and numbers
  joined, members by kind, members' commitments and the follow-ups' status counts per year.
- ``member``: one member organisation's commitments as those who may enter them see
  them (drafts included), with forms to add a commitment and a yearly follow-up. Open to
  the city's officers and administrators, and to the organisation's contact persons when
  the city lets members report (``cities.permissions.can_report_for_member``).
- ``publish``: one of the city's administrators publishes a commitment or follow-up.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cities.models import City
from cities.permissions import can_edit, can_publish, can_report_for_member
from cities.selectors import city_get
from cities.services import content_publish
from core.i18n import gettext as _
from dashboards.editing import attempt, button_press
from dashboards.partners.forms import (
    CommitmentForm,
    ContactForm,
    FollowUpForm,
    MemberForm,
    PartnershipForm,
)
from partners.models import (
    Member,
    MemberCommitment,
    MemberFollowUp,
    MemberFollowUpStatus,
    MemberKind,
    Partnership,
)
from partners.selectors import partnerships_published
from partners.services import (
    commitment_create,
    member_contact_grant,
    member_create,
    member_follow_up_create,
    partnership_create,
)


@require_GET
def partnerships(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_get(slug=slug)
    views = partnerships_published(city)
    return render(
        request,
        "partners/partnerships.html",
        {
            "city": city,
            "partnerships": views,
            "statuses": MemberFollowUpStatus.choices,
            "may_edit": can_edit(request.user, city),
        },
    )


def _member_for(request: HttpRequest, city: City, pk: int) -> Member:
    """The member organisation, if the person may enter its commitments (else 403)."""
    member = get_object_or_404(
        Member.objects.alive().select_related("partnership"), pk=pk, partnership__city=city
    )
    if not can_report_for_member(
        request.user, city, member.pk, members_may_report=member.partnership.members_may_report
    ):
        raise PermissionDenied(_("Du kan inte föra in åtaganden för den här organisationen."))
    return member


@login_required
@require_http_methods(["GET", "POST"])
def member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_get(slug=slug)
    found = _member_for(request, city, pk)
    commitments = list(
        MemberCommitment.objects.alive().filter(member=found).prefetch_related("follow_ups")
    )
    commitment_form = CommitmentForm(prefix="c")
    follow_up_form = FollowUpForm(prefix="f")
    if request.method == "POST" and "c-text" in request.POST:
        commitment_form = CommitmentForm(request.POST, prefix="c")
        if commitment_form.is_valid():
            fields = commitment_form.cleaned_data
            saving = attempt(
                lambda: commitment_create(member=found, by=request.user, **fields),
                form=commitment_form,
            )
            if saving.done:
                messages.success(request, _("Åtagandet är sparat som utkast."))
                return redirect("partners:member", slug=city.slug, pk=found.pk)
    elif request.method == "POST":
        follow_up_form = FollowUpForm(request.POST, prefix="f")
        if follow_up_form.is_valid():
            data = dict(follow_up_form.cleaned_data)
            target = next((c for c in commitments if c.pk == data.pop("commitment")), None)
            if target is None:
                raise Http404
            made = attempt(
                lambda: member_follow_up_create(commitment=target, by=request.user, **data),
                form=follow_up_form,
            )
            if made.done:
                messages.success(request, _("Uppföljningen är sparad som utkast."))
                return redirect("partners:member", slug=city.slug, pk=found.pk)
    return render(
        request,
        "partners/member.html",
        {
            "city": city,
            "member": found,
            "commitments": commitments,
            "commitment_form": commitment_form,
            "follow_up_form": follow_up_form,
            "may_publish": can_publish(request.user, city),
        },
    )


_PUBLISHABLE: dict[str, tuple[type[MemberCommitment] | type[MemberFollowUp], str]] = {
    "commitment": (MemberCommitment, "member__partnership__city"),
    "follow-up": (MemberFollowUp, "commitment__member__partnership__city"),
}


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    city = city_get(slug=slug)
    if kind not in _PUBLISHABLE:
        raise Http404
    model, city_path = _PUBLISHABLE[kind]
    alive = model._default_manager.filter(deleted_at__isnull=True)
    item = get_object_or_404(alive, pk=pk, **{city_path: city})
    if not can_publish(request.user, city):
        raise PermissionDenied(_("Bara kommunadministratörer kan publicera."))
    version = int(request.POST.get("version") or 0)
    saving = button_press(
        request, lambda: content_publish(item=item, by=request.user, expected_version=version)
    )
    if saving.done:
        messages.success(request, _("Publicerat."))
    if isinstance(item, MemberCommitment):
        member_id = item.member_id
    else:
        assert isinstance(item, MemberFollowUp)
        member_id = item.commitment.member_id
    return redirect("partners:member", slug=city.slug, pk=member_id)


def _manage_post(request: HttpRequest, city: City, partnerships: list[Partnership]) -> bool:
    """Save what the management page's form asks; True when something was saved."""
    kind = request.POST.get("form")
    saved = _manage_form(request, city, partnerships, kind)
    if saved is None:
        messages.error(request, _("Kontrollera uppgifterna: något fält saknas eller är fel."))
        return False
    return saved


def _manage_form(
    request: HttpRequest, city: City, partnerships: list[Partnership], kind: str | None
) -> bool | None:
    """True: saved; False: refused with a message; None: the form was not valid."""
    if kind == "partnership":
        form: Any = PartnershipForm(request.POST, prefix="p")
        if form.is_valid():
            fields = form.cleaned_data
            return attempt(
                lambda: partnership_create(city=city, by=request.user, **fields), form=form
            ).done
    elif kind == "member":
        form = MemberForm(request.POST, prefix="m")
        if form.is_valid():
            data = dict(form.cleaned_data)
            found = next((p for p in partnerships if p.pk == data.pop("partnership")), None)
            if found is None:
                raise Http404
            return attempt(
                lambda: member_create(partnership=found, by=request.user, **data), form=form
            ).done
    elif kind == "contact":
        if not can_publish(request.user, city):
            raise PermissionDenied(_("Bara kommunadministratörer ger kontaktpersoner behörighet."))
        form = ContactForm(request.POST, prefix="k")
        if form.is_valid():
            member = get_object_or_404(
                Member.objects.alive(), pk=form.cleaned_data["member"], partnership__city=city
            )
            user = User.objects.filter(
                email__iexact=form.cleaned_data["email"], is_active=True
            ).first()
            if user is None:
                messages.error(request, _("Ingen med den e-postadressen har ett konto."))
                return False
            member_contact_grant(member=member, user=user, by=request.user)
            return True
    return None


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The city's people enter partnerships and member organisations; administrators
    let a member organisation's contact person in."""
    city = city_get(slug=slug)
    if not can_edit(request.user, city):
        raise PermissionDenied(
            _("Du har inte behörighet att ändra det här i %(city)s.") % {"city": city.name}
        )
    partnerships = list(Partnership.objects.alive().filter(city=city).prefetch_related("members"))
    if request.method == "POST" and _manage_post(request, city, partnerships):
        messages.success(request, _("Sparat."))
        return redirect("partners:manage", slug=city.slug)
    return render(
        request,
        "partners/manage.html",
        {
            "city": city,
            "partnerships": partnerships,
            "partnership_form": PartnershipForm(prefix="p"),
            "kinds": MemberKind.choices,
            "may_publish": can_publish(request.user, city),
        },
    )
