"""The admin's membership form, where programme staff give a city its administrators.

It lives with the pages rather than in ``cities.admin`` because an invitation is mailed
(``dashboards.workspace.mail``), which only the pages' layer may use: here the cities
app's ``MembershipAdmin`` is extended with an add form that takes an email address and
invites the person, exactly as ``create_city_admin`` and the people page do.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cities.admin import MembershipAdmin
from cities.models import Membership
from cities.permissions import is_programme_staff
from cities.services import membership_invite
from dashboards.workspace import mail
from dashboards.workspace.views.people import invited_message


class MembershipInviteForm(forms.ModelForm):
    """A new role in a city, for the person with this email address (an account is made
    for them, without a password, when there is none)."""

    email = forms.EmailField(
        label=_("E-postadress"),
        help_text=_("Personen får en inbjudan med en länk där hen väljer sitt lösenord."),
    )

    class Meta:
        model = Membership
        fields = ["city", "role"]

    def clean(self):
        cleaned = super().clean() or {}
        city, email = cleaned.get("city"), cleaned.get("email")
        taken = Membership.objects.filter(city=city, user__email__iexact=email)
        if city and email and taken.exists():
            message = _("%(email)s har redan en roll i %(city)s.")
            self.add_error("email", message % {"email": email, "city": city})
        return cleaned


class MembershipInviteAdmin(MembershipAdmin):
    """Programme staff (``is_staff``, without model permissions) may list memberships and
    add one, which invites the person; changing and deleting stay with superusers."""

    add_form = MembershipInviteForm
    add_fieldsets = [(None, {"fields": ["city", "role", "email"]})]

    def has_module_permission(self, request):
        return is_programme_staff(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_programme_staff(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_programme_staff(request.user) or super().has_add_permission(request)

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        invitation = membership_invite(
            city=obj.city, email=form.cleaned_data["email"], role=obj.role, by=request.user
        )
        # The admin goes on with the saved row (its change message, the redirect).
        obj.pk = invitation.membership.pk
        obj.user = invitation.membership.user
        base = request.build_absolute_uri("/")
        membership_id = obj.pk
        transaction.on_commit(lambda: mail.send_invitation(membership_id, base_url=base))
        messages.info(request, invited_message(obj.user, base_url=base))
        return None


admin.site.unregister(Membership)
admin.site.register(Membership, MembershipInviteAdmin)
