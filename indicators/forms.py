"""Forms for values (utfall), targets (målvärden) and a city's own indicators.

Numbers are shown and typed the Swedish way: "1 234,5" (a space, a no-break space or a
narrow no-break space between thousands, decimal comma) is read as 1234.5; "1234.5"
works too. The parser is the same one that reads Swedish data files.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.forms import NamedErrorsMixin, VersionedForm, model_choice_field, year_field
from cities.models import City, Scope
from core.i18n import get_language
from indicators.models import (
    Direction,
    Indicator,
    ObservationStatus,
    PathwayKind,
    TargetKind,
)
from indicators.parsers.numbers import parse_number


def format_number(value: float | None) -> str:
    """A number as a Swedish person types it, keeping every decimal: 1234.5 → "1 234,5"
    (in English "1234.5").

    Unlike ``core.formatting.num`` (which rounds for reading), nothing is lost: the
    text is Python's shortest exact representation, regrouped, so a form saved again
    unchanged saves the same number.
    """
    if value is None:
        return ""
    text = repr(float(value))
    swedish = (get_language() or "sv").startswith("sv")
    if not math.isfinite(value) or "e" in text:
        return (text.replace(".", ",") if swedish else text).replace("-", "\u2212")
    sign, text = ("\u2212", text[1:]) if text.startswith("-") else ("", text)
    whole, _dot, fraction = text.partition(".")
    if not swedish:
        # English: a decimal point and no grouping ("1234.5"), which the parser reads
        # back unambiguously ("1,234" could be a Swedish decimal).
        return sign + whole + ("." + fraction if fraction.strip("0") else "")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return sign + grouped + ("," + fraction if fraction.strip("0") else "")


class SwedishNumberInput(forms.TextInput):
    """A text box for a number, with the numeric keyboard on phones."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return format_number(float(value))
        return super().format_value(value)


class SwedishNumberField(forms.Field):
    """A decimal number typed the Swedish way ("1 234,5") or plainly ("1234.5")."""

    widget = SwedishNumberInput
    default_error_messages = {
        "invalid": _("ange ett tal, t.ex. 1 234,5."),
        "min_value": _("ange ett tal som är minst %(limit)s."),
        "max_value": _("ange ett tal som är högst %(limit)s."),
    }

    def __init__(
        self, *, min_value: float | None = None, max_value: float | None = None, **kwargs: Any
    ):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> float | None:
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value: float | None) -> None:
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise ValidationError(
                self.error_messages["min_value"],
                code="min_value",
                params={"limit": format_number(self.min_value)},
            )
        if self.max_value is not None and value > self.max_value:
            raise ValidationError(
                self.error_messages["max_value"],
                code="max_value",
                params={"limit": format_number(self.max_value)},
            )

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (None if initial in (None, "") else float(initial))
        except (ValidationError, TypeError, ValueError):
            return True


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        own = _(" (egen)") if obj.city_id else ""
        return f"{obj.name} ({obj.unit}){own}"


def recordable_indicators(city: City | int):
    """Indicators a city's officers record values for by hand: shared or the city's own,
    not the emission series (those come from Nationella emissionsdatabasen)."""
    return Indicator.objects.available_to(city).filter(emission_substance="").order_by("name")


class ObservationForm(VersionedForm):
    """A value (utfall) of an indicator for a year: the number, its status, its source."""

    indicator = IndicatorChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.none(), empty_label=_("Välj indikator")
    )
    year = year_field(_("År"))
    value = SwedishNumberField(label=_("Värde"), help_text=_("t.ex. 1 234,5"))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=ObservationStatus.choices,
        initial=ObservationStatus.FINAL,
        widget=forms.RadioSelect,
    )
    reference = forms.CharField(
        label=_("Källa"),
        max_length=500,
        help_text=_(
            "Dokumentet eller leveransen värdet kommer från, t.ex. ”Resvaneundersökning "
            "2024”. Visas som källa på de publika sidorna."
        ),
    )
    uncertainty_low = SwedishNumberField(
        label=_("Osäkerhet, lägsta"),
        required=False,
        help_text=_("Lägsta troliga värde, när källan anger ett intervall."),
    )
    uncertainty_high = SwedishNumberField(
        label=_("Osäkerhet, högsta"),
        required=False,
        help_text=_("Högsta troliga värde, när källan anger ett intervall."),
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm_jump = forms.BooleanField(
        label=_("Jag bekräftar att siffran stämmer trots det stora språnget"),
        required=False,
        help_text=_(
            "Kryssa i när sidan har varnat för att värdet är mer än tre gånger så stort "
            "eller mindre än en tredjedel av ett publicerat värde för ett närliggande år."
        ),
    )

    def __init__(self, *args: Any, city: City, creating: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if creating:
            model_choice_field(self, "indicator").queryset = recordable_indicators(city)
        else:
            del self.fields["indicator"]  # a value stays with its indicator

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > dt.date.today().year:
            raise ValidationError(_("ett utfall kan inte gälla ett år som inte har börjat."))
        return year


class TargetForm(VersionedForm):
    """A target (målvärde): a number on an indicator that a goal is measured by."""

    indicator = IndicatorChoiceField(
        label=_("Indikator"), queryset=Indicator.objects.none(), empty_label=_("Välj indikator")
    )
    kind = forms.ChoiceField(label=_("Typ av mål"), choices=TargetKind.choices)
    base_year = year_field(_("Basår"), required=False)
    base_value = SwedishNumberField(
        label=_("Basvärde"),
        required=False,
        help_text=_("Tomt: basårets värde hämtas ur indikatorns utfall."),
    )
    target_year = year_field(_("Målår"))
    target_value = SwedishNumberField(
        label=_("Målvärde"),
        required=False,
        help_text=_("I indikatorns enhet, eller i procent för förändring och andel (−85 = −85 %)."),
    )
    pathway = forms.ChoiceField(
        label=_("Bana"), choices=PathwayKind.choices, initial=PathwayKind.LINEAR
    )
    note = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(label=_("Ordning"), min_value=0, max_value=999, required=False)

    def __init__(self, *args: Any, city: City, **kwargs: Any):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.available_to(city).order_by("name")
        model_choice_field(self, "indicator").queryset = indicators

    # The rules between fields (base year before target year, a share within 0–100 …)
    # are the model's (Target.clean); the service's refusal lands on the named field.

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0

    def changes(self) -> dict[str, Any]:
        data = super().changes()
        data["indicator_id"] = data.pop("indicator").pk
        return data


class IndicatorForm(VersionedForm):
    """The definition of an indicator of the city's own."""

    name = forms.CharField(label=_("Namn"), max_length=200)
    unit = forms.CharField(
        label=_("Enhet"), max_length=40, help_text=_("t.ex. %, t CO2e, kWh per invånare")
    )
    direction = forms.ChoiceField(
        label=_("Riktning"), choices=Direction.choices, widget=forms.RadioSelect
    )
    scope = forms.ChoiceField(
        label=_("Avgränsning"), choices=Scope.choices, initial=Scope.AREA, widget=forms.RadioSelect
    )
    source = forms.CharField(label=_("Källa"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kolada_id = forms.RegexField(
        label=_("Kolada-id"),
        regex=r"^\s*[A-Za-z]\d{5}\s*$",
        required=False,
        max_length=12,
        help_text=_(
            "Valfritt, t.ex. N45926: då läses indikatorns värden ur Kolada-filer som "
            "kommunen laddar upp."
        ),
        error_messages={"invalid": _("ange ett Kolada-id som N45926.")},
    )


__all__ = [
    "IndicatorForm",
    "NamedErrorsMixin",
    "ObservationForm",
    "SwedishNumberField",
    "TargetForm",
    "format_number",
]


class ValueGridForm(NamedErrorsMixin, forms.Form):
    """What the values typed in the grid share: their status and their source (the cells
    themselves are read by ``indicators.grid``)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ObservationStatus.choices,
        initial=ObservationStatus.FINAL,
        widget=forms.RadioSelect,
    )
    source = forms.CharField(
        label=_("Källa"),
        max_length=200,
        help_text=_("Var värdena kommer ifrån, t.ex. ”Kommunens statistik 2025”."),
    )
