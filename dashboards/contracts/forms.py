"""Forms for the yearly follow-up of contract commitments and texts, and staff notes.

Forms only validate input; the services decide who may do what and write.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import FollowUpStatus
from contracts.services import COMMENT_MAX_CHARS, STAFF_NOTE_MAX_CHARS


class _FollowUpBase(forms.Form):
    """What every follow-up form has: publishing at once (for those who may, see the
    views) and the version the person opened (optimistic locking)."""

    publish = forms.BooleanField(label=_("Publicera (visas för alla)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FollowUpForm(_FollowUpBase):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=FollowUpStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en status."), "invalid_choice": _("Välj en status.")},
    )
    comment = forms.CharField(
        label=_("Kommentar"),
        required=False,
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad har hänt under året, och vad återstår?"),
    )


class FollowUpTextForm(_FollowUpBase):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Skriv texten.")},
        help_text=_(
            "Skilj stycken åt med en tom rad; börja en rad med ”- ” för en punktlista. "
            "Ingen HTML: texten visas som den är skriven."
        ),
    )


class StaffNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Ny anteckning"),
        max_length=STAFF_NOTE_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv anteckningen.")},
    )
