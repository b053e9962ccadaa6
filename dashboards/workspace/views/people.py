"""Who works for the city: inviting people, changing their role, removing them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from cities.forms import InviteForm, RoleForm
from cities.models import Membership
from cities.permissions import Role, can_edit, can_invite
from cities.services import membership_invite, membership_remove, membership_role_change
from core.i18n import gettext as _
from dashboards.editing import put_errors
from dashboards.workspace import mail, selectors
from dashboards.workspace.views.access import city_for, rights


def _invite_form(request: HttpRequest, city, data=None) -> InviteForm:
    """The invitation form; programme staff (not the city's administrators) invite only
    administrators, so their form asks no role (another role posted is refused, 403)."""
    form = InviteForm(data)
    if not can_edit(request.user, city, needs="admin"):
        form.fields["role"].widget = forms.HiddenInput()
        form.fields["role"].initial = Role.ADMIN
    return form


def invited_message(user, *, base_url: str) -> str:
    """What the inviter is told: the mail went out, or, with no mail server configured,
    the one-time link to hand over another way (the mail would never arrive)."""
    if mail.mail_is_delivered():
        return _("%(email)s har fått en inbjudan med e-post.") % {"email": user.email}
    return _(
        "Ingen e-postserver är inställd, så inget mejl når %(email)s. Ge personen den här "
        "engångslänken: %(link)s"
    ) % {"email": user.email, "link": mail.invitation_link(user, base_url=base_url)}


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works for the city; its administrators invite people by email address, and
    programme staff invite its administrators."""
    city = city_for(request, slug)
    may_invite = can_invite(request.user, city, Role.ADMIN)
    form = _invite_form(request, city)
    if request.method == "POST":
        form = _invite_form(request, city, request.POST)
        if form.is_valid():
            if not can_invite(request.user, city, form.cleaned_data["role"]):
                raise PermissionDenied(
                    _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
                )
            try:
                invitation = membership_invite(city=city, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                base = request.build_absolute_uri("/")
                membership_id = invitation.membership.pk
                transaction.on_commit(lambda: mail.send_invitation(membership_id, base_url=base))
                messages.success(
                    request, invited_message(invitation.membership.user, base_url=base)
                )
                return redirect("workspace:people", slug)
        elif not may_invite:
            raise PermissionDenied(
                _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
            )
    return render(
        request,
        "workspace/people.html",
        {
            "city": city,
            "members": selectors.memberships(city),
            "form": form,
            "role_form": RoleForm(),
            "may_invite": may_invite,
            **rights(request, city),
        },
    )


def _membership(request: HttpRequest, slug: str, pk: int) -> Membership:
    city = city_for(request, slug, needs="admin")
    return get_object_or_404(Membership.objects.select_related("user", "city"), pk=pk, city=city)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
        return redirect("workspace:people", slug)
    try:
        changed = membership_role_change(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed:
            messages.success(
                request,
                _("%(who)s är nu %(role)s.")
                % {
                    "who": membership.user.email or membership.user,
                    "role": membership.get_role_display().lower(),
                },
            )
    return redirect("workspace:people", slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    who = membership.user.email or str(membership.user)
    try:
        membership_remove(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(who)s har inte längre någon roll i %(city)s.")
            % {"who": who, "city": membership.city},
        )
    return redirect("workspace:people", slug)


@login_required
@require_POST
def member_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    base = request.build_absolute_uri("/")
    mail.send_invitation(membership.pk, base_url=base)
    if mail.mail_is_delivered():
        text = _("Inbjudan skickades igen till %(email)s.") % {"email": membership.user.email}
    else:
        text = invited_message(membership.user, base_url=base)
    messages.success(request, text)
    return redirect("workspace:people", slug)
