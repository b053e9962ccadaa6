"""Forms for goals and for the people of a city, and the conventions every workspace form
shares: Swedish messages that name their field, and the version an edit was opened with."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.models import Scope
from cities.permissions import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

THIS_CENTURY = (1990, 2100)


class NamedErrorsMixin:
    """Every error message starts with the label of the field it is about ("Värde: ange
    ett tal …"), so a message read alone, in the summary at the top of the form or by a
    screen reader, still says which field to fix. Django's own messages are named too."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, errors in list(self._errors.items()):  # type: ignore[attr-defined]
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:  # type: ignore[attr-defined]
                continue
            label = str(self.fields[name].label or name)  # type: ignore[attr-defined]
            named = self.error_class(renderer=self.renderer)  # type: ignore[attr-defined]
            for error in errors.as_data():
                for message in error.messages:
                    text = str(message)
                    if not text.startswith(f"{label}:"):
                        text = f"{label}: {text[:1].lower()}{text[1:]}"
                    named.append(text)
            self._errors[name] = named  # type: ignore[attr-defined]

    def add_named_error(self, name: str | None, message: StrOrPromise) -> None:
        """Add an error after validation (e.g. a service's refusal), named like the rest."""
        if name is not None:
            label = str(self.fields[name].label or name)  # type: ignore[attr-defined]
            message = f"{label}: {message[:1].lower()}{message[1:]}"
        self.add_error(name, message)  # type: ignore[attr-defined]


class VersionedForm(NamedErrorsMixin, forms.Form):
    """A form that edits an item carries the version it was opened with (optimistic
    locking: a save over a newer version is refused, see ``cities.history.save_edited``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def changes(self) -> dict[str, Any]:
        """The cleaned values to hand to a service (everything but the version)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def year_field(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=THIS_CENTURY[0],
        max_value=THIS_CENTURY[1],
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-year"}),
        error_messages={
            "invalid": _("ange ett årtal med fyra siffror, t.ex. 2030."),
            "min_value": _("ange ett år från och med %(limit_value)s."),
            "max_value": _("ange ett år till och med %(limit_value)s."),
        },
    )


class GoalForm(VersionedForm):
    """A city's climate goal (klimatmål), as the council decided it."""

    title = forms.CharField(
        label=_("Rubrik"),
        max_length=300,
        help_text=_("Målet med samma ord som i beslutet."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    scope = forms.ChoiceField(
        label=_("Avgränsning"), choices=Scope.choices, widget=forms.RadioSelect
    )
    target_year = year_field(_("Målår"), required=False)
    decided_by = forms.CharField(
        label=_("Beslutat av"),
        max_length=200,
        required=False,
        help_text=_("t.ex. Kommunfullmäktige"),
    )
    decided_on = forms.DateField(
        label=_("Beslutsdatum"),
        required=False,
        help_text=_("ÅÅÅÅ-MM-DD. Ange den första i månaden när bara månaden är känd."),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2020-02-01.")},
    )
    source_reference = forms.CharField(
        label=_("Källa"),
        max_length=500,
        required=False,
        help_text=_(
            "Var beslutet står, t.ex. ”Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.1”."
        ),
    )
    order = forms.IntegerField(
        label=_("Ordning"),
        min_value=0,
        max_value=999,
        initial=0,
        required=False,
        help_text=_("Lägre tal visas först."),
    )

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0

    def clean_decided_on(self) -> dt.date | None:
        value = self.cleaned_data.get("decided_on")
        if value and value > dt.date.today():
            raise ValidationError(_("ett beslut kan inte ha fattats i framtiden."))
        return value


class InviteForm(NamedErrorsMixin, forms.Form):
    """A city administrator gives a person a role in the city by their email address."""

    email = forms.EmailField(
        label=_("E-postadress"),
        max_length=254,
        error_messages={"invalid": _("ange en e-postadress, t.ex. anna.andersson@kommun.se.")},
    )
    role = forms.ChoiceField(
        label=_("Roll"), choices=Role.choices, initial=Role.OFFICER, widget=forms.RadioSelect
    )


class RoleForm(NamedErrorsMixin, forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=Role.choices)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """A form's choice field, whose choices the form sets when it is made."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """A form's model choice field, whose choices the form narrows (to a city's)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field
