"""Many values at once: a grid per city, indicators down and years across, where an
officer types or pastes a block (from Excel: tab-separated, Swedish decimal commas; the
paste is spread over the cells by ``static/js/value-grid.js``, and without JavaScript the
grid is a plain form), sees the checks and saves the new and changed values as drafts in
one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.i18n import gettext as _
from dashboards.workspace import selectors
from dashboards.workspace.views.access import city_for, rights, saved_message
from indicators.forms import ValueGridForm, format_number
from indicators.grid import GridCheck, GridIndicator, grid_check
from indicators.services.values import observations_save

#: How many years the grid shows at once.
GRID_YEARS = 5
FIRST_YEAR = 1990


def grid_years(request: HttpRequest) -> list[int]:
    """The years shown: the last five (up to last year), or five from ``?fran=``."""
    last = dt.date.today().year - 1
    wanted = request.POST.get("fran") or request.GET.get("fran") or ""
    start = int(wanted) if wanted.isdigit() else last - GRID_YEARS + 1
    start = max(FIRST_YEAR, min(start, last - GRID_YEARS + 1))
    return list(range(start, start + GRID_YEARS))


def cell_name(indicator_id: int, year: int) -> str:
    return f"v-{indicator_id}-{year}"


@login_required
@require_http_methods(["GET", "POST"])
def value_grid(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug, needs="officer")
    years = grid_years(request)
    indicators, current = selectors.grid_values(city, years)
    shown = [GridIndicator(i.pk, i.label, i.unit, i.value_min, i.value_max) for i in indicators]
    check: GridCheck | None = None
    form = ValueGridForm()
    typed: dict[tuple[int, int], str] = {
        key: format_number(value) for key, value in current.items()
    }
    if request.method == "POST":
        form = ValueGridForm(request.POST)
        typed = {
            (i.id, year): request.POST.get(cell_name(i.id, year), "")
            for i in shown
            for year in years
        }
        check = grid_check(indicators=shown, years=years, typed=typed, current=current)
        saving = request.POST.get("action") == "save"
        if form.is_valid() and saving and not check.errors and check.to_save:
            by_id = {i.pk: i for i in indicators}
            try:
                created, changed = observations_save(
                    city=city,
                    values=[(by_id[c.indicator_id], c.year, c.value) for c in check.to_save],  # type: ignore[misc]
                    status=form.cleaned_data["status"],
                    source=form.cleaned_data["source"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(created)s nya och %(changed)s ändrade värden sparade.")
                    % {"created": created, "changed": changed}
                    + " "
                    + saved_message(request, city),
                )
                return redirect(reverse("workspace:value-grid", args=[slug]) + f"?fran={years[0]}")
        elif saving and check is not None and not check.to_save and not check.errors:
            form.add_error(None, _("Inget nytt eller ändrat värde att spara."))
    return render(
        request,
        "workspace/value_grid.html",
        {
            "city": city,
            "years": years,
            "rows": _rows(shown, years, typed, check),
            "check": check,
            "form": form,
            "earlier": years[0] - GRID_YEARS,
            "later": years[0] + GRID_YEARS if years[-1] < dt.date.today().year - 1 else None,
            **rights(request, city),
        },
    )


def _rows(
    indicators: list[GridIndicator],
    years: list[int],
    typed: dict[tuple[int, int], str],
    check: GridCheck | None,
) -> list[dict[str, Any]]:
    """One row per indicator: its cells with their name, what is in them and the checks."""
    return [
        {
            "indicator": indicator,
            "cells": [
                {
                    "name": cell_name(indicator.id, year),
                    "year": year,
                    "col": col,
                    "value": typed.get((indicator.id, year), ""),
                    "check": check.cells.get((indicator.id, year)) if check else None,
                }
                for col, year in enumerate(years)
            ],
        }
        for indicator in indicators
    ]
