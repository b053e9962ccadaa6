"""The city's own indicators (and the shared ones it uses): the list, a new one and changing one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dashboards.editing import put_errors
from dashboards.workspace import selectors
from dashboards.workspace.kinds import KINDS
from dashboards.workspace.views.access import city_for, rights
from dashboards.workspace.views.editing import edit_page
from indicators.forms import IndicatorForm
from indicators.models import Indicator
from indicators.services import indicator_create, indicator_update


@login_required
@require_GET
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    return render(
        request,
        "workspace/indicators.html",
        {
            "city": city,
            "own": selectors.own_indicators(city),
            "shared": selectors.shared_indicators_in_use(city),
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator_create(city=city, by=request.user, **form.changes())
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, _("Indikatorn är sparad."))
                return redirect("workspace:indicators", slug)
    else:
        form = IndicatorForm()
    return render(
        request,
        "workspace/form.html",
        {
            "city": city,
            "form": form,
            "title": _("Ny egen indikator"),
            "back": reverse("workspace:indicators", args=[slug]),
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    kind = KINDS["indikatorer"]
    item = kind.get(city, pk)

    def save(*, item: Indicator, expected_version: int, **fields: Any) -> bool:
        return indicator_update(
            indicator=item, by=request.user, expected_version=expected_version, **fields
        )

    return edit_page(
        request,
        city=city,
        kind=kind,
        item=item,
        form_class=IndicatorForm,
        form_kwargs={},
        initial={n: getattr(item, n) for n in IndicatorForm.base_fields if n != "version"},
        save=save,
        title=_("Ändra indikator"),
    )
