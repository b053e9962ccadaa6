"""The form of a capability self-assessment: a year, and per dimension a level 1–5 and a
short justification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from capability.scale import DIMENSIONS, LEVELS


class AssessmentForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2015, max_value=2100)
    publish = forms.BooleanField(label=_("Publicera direkt"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        levels = [("", _("Ej skattad")), *((str(n), f"{n} – {name}") for n, name, _w in LEVELS)]
        for code, name, what in DIMENSIONS:
            self.fields[code] = forms.TypedChoiceField(
                label=name,
                choices=levels,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=what,
            )
            self.fields[f"{code}_note"] = forms.CharField(
                label=_("Motivering"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def dimension_fields(self) -> list[tuple[Any, Any]]:
        return [(self[code], self[f"{code}_note"]) for code, _n, _w in DIMENSIONS]

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for code, _n, _w in DIMENSIONS for key in (code, f"{code}_note")}
