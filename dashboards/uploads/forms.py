"""The upload form: a file, the municipality it is for, and optionally its format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from cities.forms import choice_field
from cities.models import City
from cities.permissions import ALL_CITIES, can_import_for, editable_city_ids
from cities.permissions import is_programme_staff as _is_staff
from core.i18n import gettext as _
from indicators.imports import size_problem
from indicators.parsers import FORMATS

NATIONAL = "national"


def _importable_cities(user) -> Any:
    ids = editable_city_ids(user)
    if _is_staff(user) or ids is ALL_CITIES:
        return City.objects.all()
    return City.objects.filter(pk__in=ids)


class UploadForm(forms.Form):
    """A file to import, the municipality it is for, and optionally its format."""

    file = forms.FileField(label=gettext_lazy("Fil"), allow_empty_file=True)  # we say which
    city = forms.ChoiceField(label=gettext_lazy("Gäller"))
    format = forms.ChoiceField(label=gettext_lazy("Format"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        cities = list(_importable_cities(user).values_list("pk", "name"))
        choices: list[tuple[str, str]] = []
        if can_import_for(user, None):
            choices.append((NATIONAL, _("Alla kommuner (nationell import)")))
        choices += [(str(pk), name) for pk, name in cities]
        choice_field(self, "city").choices = choices
        if len(choices) == 1:
            self.fields["city"].initial = choices[0][0]
        choice_field(self, "format").choices = [("", _("Känn igen automatiskt"))] + [
            (info.id, info.label) for info in FORMATS.values()
        ]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.size)
        if problem:
            raise forms.ValidationError(f"{upload.name}: {problem}")
        if upload.size == 0:
            raise forms.ValidationError(_("%(name)s: filen är tom.") % {"name": upload.name})
        return upload

    def clean_city(self) -> City | None:
        value = self.cleaned_data["city"]
        city = None if value == NATIONAL else City.objects.filter(pk=value).first()
        if value != NATIONAL and city is None:
            raise forms.ValidationError(_("Välj en kommun i listan."))
        if not can_import_for(self.user, city):
            raise forms.ValidationError(_("Du får inte importera data för det valet."))
        return city
