"""The column-mapping step: a CSV or Excel file no parser recognises gets a form where
the person says which column is what; the file is then read with that mapping and
previewed like any import, and the mapping is saved by name and offered again for a file
with the same header."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from cities.models import City
from core.downloads import csv_bytes
from core.i18n import gettext as _
from dashboards.uploads.views import _writable_job
from indicators.import_jobs import import_job_create
from indicators.models import ColumnMapping, Indicator
from indicators.parsers.mapping import (
    PREVIEW_ROWS,
    ColumnMap,
    header_key,
    mapped_rows,
    read_table,
    year_columns,
)
from indicators.parsers.template import COLUMNS

WHOLE = "hela"
WIDE = "kolumner"


class MappingForm(forms.Form):
    municipality = forms.ChoiceField(label=gettext_lazy("Kommun"))
    city = forms.ModelChoiceField(
        label=gettext_lazy("Kommun för hela filen"),
        queryset=City.objects.all(),
        required=False,
        help_text=gettext_lazy("När filen inte har någon kommunkolumn."),
    )
    indicator = forms.ChoiceField(label=gettext_lazy("Indikator"))
    indicator_key = forms.ModelChoiceField(
        label=gettext_lazy("Indikator för hela filen"),
        queryset=Indicator.objects.none(),
        to_field_name="key",
        required=False,
    )
    year = forms.ChoiceField(label=gettext_lazy("År"))
    value = forms.ChoiceField(label=gettext_lazy("Värde"), required=False)
    name = forms.CharField(
        label=gettext_lazy("Spara kolumnbeskrivningen som"),
        max_length=100,
        help_text=gettext_lazy("Nästa fil med samma rubrikrad får samma val."),
    )

    def __init__(self, *args: Any, header: list[str], city: City | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        columns = [(str(i), h or f"({i + 1})") for i, h in enumerate(header)]
        self.fields["municipality"].choices = [  # type: ignore[attr-defined]
            *columns,
            (WHOLE, _("Hela filen gäller en kommun")),
        ]
        self.fields["indicator"].choices = [  # type: ignore[attr-defined]
            *columns,
            (WHOLE, _("Hela filen gäller en indikator")),
        ]
        years = year_columns(header)
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            *(
                [(WIDE, _("Åren är kolumner (%(years)s)") % {"years": _span(years)})]
                if years
                else []
            ),
            *columns,
        ]
        self.fields["value"].choices = [("", _("(åren är kolumner)")), *columns]  # type: ignore[attr-defined]
        indicators = Indicator.objects.alive().filter(emission_substance="")
        if city is not None:
            indicators = indicators.filter(city__isnull=True) | indicators.filter(city=city)
        self.fields["indicator_key"].queryset = indicators.order_by("name")  # type: ignore[attr-defined]

    def column_map(self) -> ColumnMap:
        data = self.cleaned_data

        def column(name: str) -> int | None:
            return int(data[name]) if data.get(name) not in (None, "", WHOLE, WIDE) else None

        return ColumnMap(
            municipality_column=column("municipality"),
            municipality_code=data["city"].code if data.get("city") else "",
            indicator_column=column("indicator"),
            indicator_key=data["indicator_key"].key if data.get("indicator_key") else "",
            year_column=column("year"),
            value_column=column("value"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("municipality") == WHOLE and not data.get("city"):
            self.add_error("city", _("Välj kommunen som hela filen gäller."))
        if data.get("indicator") == WHOLE and not data.get("indicator_key"):
            self.add_error("indicator_key", _("Välj indikatorn som hela filen gäller."))
        if data.get("year") not in (None, WIDE) and not data.get("value"):
            self.add_error("value", _("Välj kolumnen med värdena."))
        return data


def _span(years: dict[int, int]) -> str:
    values = sorted(years.values())
    return f"{values[0]}–{values[-1]}" if values else ""


@login_required
@require_http_methods(["GET", "POST"])
def column_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    job = _writable_job(request, pk)
    with job.file.open("rb") as handle:
        table = read_table(handle.read(), job.original_name)
    if not table:
        messages.error(request, _("Filen är tom."))
        return redirect("uploads:job", pk=job.pk)
    header = table[0]
    key = header_key(header)
    saved = ColumnMapping.objects.filter(header_key=key).first()
    initial: dict[str, Any] = {}
    if saved is not None:
        initial = {**saved.mapping.get("form", {}), "name": saved.name}
    form = MappingForm(request.POST or None, header=header, city=job.city, initial=initial)
    if request.method == "POST" and form.is_valid():
        municipalities = dict(City.objects.values_list("code", "name"))
        mapped = mapped_rows(table, form.column_map(), municipalities)
        plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in form.cleaned_data.items()}
        plain["indicator_key"] = (
            form.cleaned_data["indicator_key"].pk
            if form.cleaned_data.get("indicator_key")
            else None
        )
        ColumnMapping.objects.update_or_create(
            header_key=key,
            name=form.cleaned_data["name"],
            defaults={
                "header": header,
                "mapping": {"columns": form.column_map().as_dict(), "form": plain},
                "city": job.city,
                "created_by": request.user if request.user.is_authenticated else None,
            },
        )
        content = csv_bytes([COLUMNS, *mapped.rows], delimiter=";", bom=True)
        new = import_job_create(
            upload=io.BytesIO(content),
            original_name=f"{job.original_name} (kolumner enligt {form.cleaned_data['name']}).csv",
            by=request.user,
            city=job.city,
            rerun_of=job,
        )
        if mapped.not_municipalities:
            messages.info(
                request,
                ngettext(
                    "%(n)s rad för län, regioner eller riket lämnades utanför; "
                    "de är inga kommuner.",
                    "%(n)s rader för län, regioner eller riket lämnades utanför; "
                    "de är inga kommuner.",
                    mapped.not_municipalities,
                )
                % {"n": mapped.not_municipalities},
            )
        if mapped.unknown:
            messages.warning(
                request,
                _("Okända kommuner lämnades utanför: %(names)s.")
                % {"names": ", ".join(mapped.unknown[:10])},
            )
        return redirect("uploads:job", pk=new.pk)
    return render(
        request,
        "uploads/mapping.html",
        {
            "job": job,
            "form": form,
            "header": header,
            "sample": table[1 : PREVIEW_ROWS + 1],
            "saved": saved,
        },
    )
