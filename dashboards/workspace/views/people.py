"""Who works for the city: inviting people, changing their role, removing them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cities.forms import InviteForm, RoleForm
from cities.models import Membership
from cities.services import membership_invite, membership_remove, membership_role_change
from dashboards.editing import put_errors
from dashboards.workspace import mail, selectors
from dashboards.workspace.views.access import city_for, rights


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works for the city; its administrators invite people by email address."""
    city = city_for(request, slug, needs="admin" if request.method == "POST" else None)
    form = InviteForm()
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = membership_invite(city=city, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                base = request.build_absolute_uri("/")
                membership_id = invitation.membership.pk
                transaction.on_commit(lambda: mail.send_invitation(membership_id, base_url=base))
                messages.success(
                    request,
                    _("%(email)s har fått en inbjudan med e-post.")
                    % {"email": invitation.membership.user.email},
                )
                return redirect("workspace:people", slug)
    return render(
        request,
        "workspace/people.html",
        {
            "city": city,
            "members": selectors.memberships(city),
            "form": form,
            "role_form": RoleForm(),
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
    mail.send_invitation(membership.pk, base_url=request.build_absolute_uri("/"))
    messages.success(
        request, _("Inbjudan skickades igen till %(email)s.") % {"email": membership.user.email}
    )
    return redirect("workspace:people", slug)
