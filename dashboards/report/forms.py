"""Forms of the progress report pages: saving a report, and the version a person saw
when they publish, withdraw or delete a saved one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dashboards.report.services import NOTE_MAX_CHARS


class ReportSaveForm(forms.Form):
    note = forms.CharField(
        label=_("Anteckning (frivillig)"),
        max_length=NOTE_MAX_CHARS,
        required=False,
        help_text=_("T.ex. vilket möte rapporten tas fram till."),
    )
    publish = forms.BooleanField(label=_("Publicera rapporten direkt"), required=False)


class ReportVersionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
