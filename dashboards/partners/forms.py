"""Forms of a member organisation's commitments and their yearly follow-ups."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import FIRST_YEAR, LAST_YEAR, OTHER_SECTOR, SECTOR_CHOICES
from dashboards.portfolio.forms import SwedishIntegerField, SwedishNumberField
from partners.models import MemberFollowUpStatus, MemberKind


class CommitmentForm(forms.Form):
    text = forms.CharField(label=_("Åtagande"), widget=forms.Textarea(attrs={"rows": 3}))
    sector = forms.ChoiceField(label=_("Sektor"), choices=SECTOR_CHOICES, initial=OTHER_SECTOR)
    target_year = SwedishIntegerField(
        label=_("Målår"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )


class FollowUpForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    year = SwedishIntegerField(label=_("År"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    status = forms.ChoiceField(label=_("Status"), choices=MemberFollowUpStatus.choices)
    text = forms.CharField(
        label=_("Vad har gjorts?"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    value = SwedishNumberField(label=_("Uppnått värde"), required=False)


class PartnershipForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Vad partnerskapet är"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    founded_on = forms.DateField(
        label=_("Grundat"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    focus_areas = forms.CharField(
        label=_("Fokusområden (ett per rad)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")
    members_may_report = forms.BooleanField(
        label=_("Medlemmarnas kontaktpersoner får föra in sina åtaganden"), required=False
    )


class MemberForm(forms.Form):
    partnership = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Organisation"), max_length=300)
    kind = forms.ChoiceField(label=_("Slag"), choices=MemberKind.choices)
    joined_on = forms.DateField(
        label=_("Anslöt"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class ContactForm(forms.Form):
    member = forms.IntegerField(label=_("Organisation"))
    email = forms.EmailField(label=_("Kontaktpersonens e-postadress (befintligt konto)"))
