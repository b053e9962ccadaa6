"""Forms of the dashboards app's own data: a person's reminder choice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cities.forms import NamedErrorsMixin


class ReminderForm(NamedErrorsMixin, forms.Form):
    digest = forms.BooleanField(
        label=_("Skicka mig en påminnelse per uppföljningsperiod"),
        required=False,
        help_text=_(
            "Ett mejl när kommunens indikatorer eller åtgärder ska följas upp, högst en gång "
            "per period."
        ),
    )
    drafts_digest = forms.BooleanField(
        label=_("Skicka mig en daglig sammanfattning när utkast väntar på publicering"),
        required=False,
        help_text=_("Gäller kommunadministratörer: högst ett mejl om dagen."),
    )
