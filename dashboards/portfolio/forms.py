"""Forms for officers' editing of actions, their cost lines and follow-ups.

Forms check what a person typed and turn it into plain values; the services validate
the whole item again (``full_clean``) and write it.
"""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from actions.dates import HINT, format_partial_date, parse_partial_date, partial_end
from actions.models import (
    Action,
    ActionKind,
    ActionStage,
    ClimateRisk,
    CoBenefit,
    FollowUp,
    FundingStatus,
    Lever,
)
from actions.services import ACTION_FIELDS, CostValues
from cities.forms import choice_field, model_choice_field
from cities.models import Goal
from core.cycles import Period, period_of
from indicators.models import Indicator
from indicators.parsers.numbers import parse_number

NUMBER_HINT = _("Skriv ett tal, t.ex. 1 234,5.")


class SwedishNumberField(forms.FloatField):
    """A number typed the Swedish way ("1 234,5") or plainly ("1234.5")."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    # FloatField's to_python gives floats; the stubs give it IntegerField's.
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise forms.ValidationError(NUMBER_HINT, code="invalid") from None

    def widget_attrs(self, widget):
        # FloatField would add min/max/step attributes meant for type="number".
        return forms.Field.widget_attrs(self, widget)


class SwedishIntegerField(SwedishNumberField):
    """Whole kronor."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value: Any) -> int | None:
        number = super().to_python(value)
        return None if number is None else round(number)


class PartialDateField(forms.CharField):
    """A year, a month or a day: "2024", "2024-12" or "2024-12-01"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", _("År (2024), månad (2024-12) eller dag (2024-12-01)."))
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> tuple[date, str] | None:
        text = super().clean(value)
        try:
            return parse_partial_date(text)
        except ValueError:
            raise forms.ValidationError(
                _("Okänt datum; %(hint)s.") % {"hint": HINT}, code="invalid"
            ) from None


#: The action's fields as the model defines them; the form takes those it shows as they
#: are, and declares its own for dates, numbers and co-benefits.
_MODEL_FIELDS = forms.fields_for_model(Action, fields=ACTION_FIELDS)


_DAY = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ActionForm(forms.Form):
    """One action; ``version`` is the version it was opened at (optimistic locking)."""

    title = _MODEL_FIELDS["title"]
    description = _MODEL_FIELDS["description"]
    responsible_body = _MODEL_FIELDS["responsible_body"]
    partners = _MODEL_FIELDS["partners"]
    contact_person = _MODEL_FIELDS["contact_person"]
    sector = _MODEL_FIELDS["sector"]
    lever = _MODEL_FIELDS["lever"]
    status = _MODEL_FIELDS["status"]
    stage = _MODEL_FIELDS["stage"]
    stage_idea = forms.DateField(widget=_DAY, label=_("Idé sedan"), required=False)
    stage_pilot = forms.DateField(widget=_DAY, label=_("Pilot eller test sedan"), required=False)
    stage_scaling = forms.DateField(widget=_DAY, label=_("Uppskalning sedan"), required=False)
    stage_implemented = forms.DateField(
        widget=_DAY, label=_("I ordinarie verksamhet sedan"), required=False
    )
    start = PartialDateField(label=_("Start"), required=False)
    end = PartialDateField(label=_("Slut"), required=False)
    goals: forms.ModelMultipleChoiceField[Goal] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Klimatmål åtgärden bidrar till"),
        widget=forms.CheckboxSelectMultiple,
    )
    indicators: forms.ModelMultipleChoiceField[Indicator] = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Indikatorer som följer effekten"),
        widget=forms.CheckboxSelectMultiple,
    )
    expected_reduction = SwedishNumberField(
        label=_("Förväntad minskning (t CO2e per år)"),
        required=False,
        min_value=0,
        help_text=_("Lämna tomt om ingen har uppskattat effekten; den räknas då inte som noll."),
    )
    expected_reduction_low = SwedishNumberField(
        label=_("Lägsta (t CO2e per år)"), required=False, min_value=0
    )
    expected_reduction_high = SwedishNumberField(
        label=_("Högsta (t CO2e per år)"), required=False, min_value=0
    )
    effect_from_year = _MODEL_FIELDS["effect_from_year"]
    funding_source = _MODEL_FIELDS["funding_source"]
    funding_status = _MODEL_FIELDS["funding_status"]
    co_benefits = forms.MultipleChoiceField(
        label=_("Sidonyttor"),
        choices=CoBenefit.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = _MODEL_FIELDS["kind"]
    climate_risks = forms.MultipleChoiceField(
        label=_("Klimatrisker som åtgärden möter"),
        choices=ClimateRisk.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    conflict_note = _MODEL_FIELDS["conflict_note"]
    lessons_learned = _MODEL_FIELDS["lessons_learned"]
    share_with_other_cities = _MODEL_FIELDS["share_with_other_cities"]
    source_reference = _MODEL_FIELDS["source_reference"]
    publish = forms.BooleanField(label=_("Publicera direkt"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, goals, indicators, may_publish: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "goals").queryset = goals
        model_choice_field(self, "indicators").queryset = indicators
        self.fields["effect_from_year"].widget.attrs.update(min=1990, max=2100)
        choice_field(self, "lever").choices = [("", _("Ej angiven")), *Lever.choices]
        choice_field(self, "stage").choices = [("", _("Ej angivet")), *ActionStage.choices]
        statuses = [("", _("Ej angiven")), *FundingStatus.choices]
        choice_field(self, "funding_status").choices = statuses
        # Forms and scripts that predate the field leave it out: a mitigation action.
        self.fields["kind"].required = False
        if not may_publish:
            del self.fields["publish"]

    @classmethod
    def initial_for(cls, action: Action) -> dict[str, Any]:
        data = {name: getattr(action, name) for name in cls.base_fields if hasattr(action, name)}
        data.update(
            start=format_partial_date(action.start_date, action.start_precision),
            end=format_partial_date(action.end_date, action.end_precision),
            goals=[g.pk for g in action.goals.all()],
            indicators=[i.pk for i in action.indicators.all()],
            version=action.version,
            **{f"stage_{stage}": day for stage, day in (action.stage_dates or {}).items()},
        )
        data.pop("publish", None)
        return data

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        expected = data.get("expected_reduction")
        low, high = data.get("expected_reduction_low"), data.get("expected_reduction_high")
        if expected is None and (low is not None or high is not None):
            self.add_error(
                "expected_reduction", _("Ange den förväntade minskningen när du anger ett spann.")
            )
        if expected is not None:
            if low is not None and low > expected:
                self.add_error(
                    "expected_reduction_low",
                    _("Lägsta minskning kan inte vara större än den förväntade."),
                )
            if high is not None and high < expected:
                self.add_error(
                    "expected_reduction_high",
                    _("Högsta minskning kan inte vara mindre än den förväntade."),
                )
            if not data.get("effect_from_year"):
                self.add_error(
                    "effect_from_year",
                    _("Ange första effektår: från vilket år väntas minskningen?"),
                )
        start, end = data.get("start"), data.get("end")
        if start and end and partial_end(*end) < start[0]:
            self.add_error("end", _("Slut kan inte vara före start."))
        return data

    def values(self) -> dict[str, Any]:
        """The action's fields as the services take them."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        # The service's fields but the dates, which the form reads as partial dates.
        values = {name: data[name] for name in ACTION_FIELDS if name in self.fields}
        values["kind"] = values.get("kind") or ActionKind.MITIGATION
        values["stage_dates"] = {
            stage: data[f"stage_{stage}"].isoformat()
            for stage in ActionStage.values
            if data.get(f"stage_{stage}")
        }
        values["start_date"], values["start_precision"] = start if start else (None, "day")
        values["end_date"], values["end_precision"] = (
            (partial_end(*end), end[1]) if end else (None, "day")
        )
        return values


class CostLineForm(forms.Form):
    """One year's cost of an action; an empty row is ignored."""

    year = forms.IntegerField(label=_("År"), min_value=1990, max_value=2100, required=False)
    investment_sek = SwedishIntegerField(label=_("Investering (kr)"), required=False, min_value=0)
    operating_sek = SwedishIntegerField(label=_("Drift (kr)"), required=False, min_value=0)
    funding_source = forms.CharField(label=_("Finansiering"), max_length=300, required=False)
    funding_status = forms.ChoiceField(
        label=_("Finansieringsstatus"),
        choices=[("", _("Som åtgärden")), *FundingStatus.choices],
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = any(
            data.get(name) not in (None, "")
            for name in ("investment_sek", "operating_sek", "funding_source", "funding_status")
        )
        if filled and not data.get("year"):
            self.add_error("year", _("Ange vilket år kostnaden gäller."))
        return data

    def cost(self) -> CostValues | None:
        data = self.cleaned_data
        if not data or not data.get("year") or data.get("DELETE"):
            return None
        return CostValues(
            year=data["year"],
            investment_sek=data.get("investment_sek"),
            operating_sek=data.get("operating_sek"),
            funding_source=data.get("funding_source") or "",
            funding_status=data.get("funding_status") or "",
        )


CostLineFormSet = forms.formset_factory(CostLineForm, extra=3, can_delete=True, max_num=60)


def cost_initial(action: Action) -> list[dict[str, Any]]:
    return [
        {
            "year": c.year,
            "investment_sek": c.investment_sek,
            "operating_sek": c.operating_sek,
            "funding_source": c.funding_source,
            "funding_status": c.funding_status,
        }
        for c in action.costs.all()
    ]


def period_choices(per_year: int, today: date) -> list[tuple[str, str]]:
    """The periods a follow-up can be for: last year, this year and next year."""
    choices = []
    for year in (today.year - 1, today.year, today.year + 1):
        for number in range(1, per_year + 1):
            choices.append((f"{year}-{number}", Period(year, number, per_year).label))
    return choices


_FOLLOW_UP_FIELDS = forms.fields_for_model(
    FollowUp, fields=["date", "status", "text", "is_effect_follow_up"]
)


class FollowUpForm(forms.Form):
    """One follow-up of an action for a period of the city's cycle."""

    period = forms.ChoiceField(label=_("Period"))
    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    status = _FOLLOW_UP_FIELDS["status"]
    progress_pct = forms.IntegerField(
        label=_("Genomfört (%)"), min_value=0, max_value=100, required=False
    )
    text = _FOLLOW_UP_FIELDS["text"]
    is_effect_follow_up = _FOLLOW_UP_FIELDS["is_effect_follow_up"]
    realised_reduction = SwedishNumberField(
        label=_("Uppnådd minskning (t CO2e per år)"),
        required=False,
        min_value=0,
        help_text=_("Vid effektuppföljning, när den är känd."),
    )
    publish = forms.BooleanField(label=_("Publicera direkt"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        per_year: int,
        today: dt.date,
        may_publish: bool,
        reported: Period | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        choices = period_choices(per_year, today)
        if reported is not None:
            # An older follow-up keeps the period it was reported for, whenever that was.
            key = f"{reported.year}-{reported.number}"
            if key not in dict(choices):
                choices.insert(0, (key, reported.label))
        choice_field(self, "period").choices = choices
        self.fields["period"].initial = "{0.year}-{0.number}".format(period_of(today, per_year))
        self.fields["date"].initial = today
        if not may_publish:
            del self.fields["publish"]

    @staticmethod
    def initial_for(follow_up: FollowUp) -> dict[str, Any]:
        return {
            "period": f"{follow_up.period_year}-{follow_up.period_number}",
            "date": follow_up.date,
            "status": follow_up.status,
            "progress_pct": follow_up.progress_pct,
            "text": follow_up.text,
            "is_effect_follow_up": follow_up.is_effect_follow_up,
            "realised_reduction": follow_up.realised_reduction,
            "version": follow_up.version,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("realised_reduction") is not None and not data.get("is_effect_follow_up"):
            self.add_error(
                "is_effect_follow_up",
                _("En uppnådd minskning rapporteras vid en effektuppföljning; kryssa i den."),
            )
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        year, number = (int(part) for part in data["period"].split("-"))
        return {
            "period_year": year,
            "period_number": number,
            "date": data["date"],
            "status": data["status"],
            "progress_pct": data.get("progress_pct"),
            "text": data.get("text", ""),
            "is_effect_follow_up": data.get("is_effect_follow_up", False),
            "realised_reduction": data.get("realised_reduction"),
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Arbetsbok (.xlsx)"),
        help_text=_("Exportera åtgärderna först och använd filen som mall."),
    )
