"""Forms of a member organisation's commitments and their yearly follow-ups."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.models import FIRST_YEAR, LAST_YEAR, OTHER_SECTOR, SECTOR_CHOICES
from dashboards.portfolio.forms import SwedishIntegerField, SwedishNumberField
from partners.models import MemberFollowUpStatus


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
