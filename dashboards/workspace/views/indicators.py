"""The city's own indicators (and the shared ones it uses): the list, a new one and changing one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from core.i18n import gettext as _
from dashboards.workspace import selectors
from dashboards.workspace.views.access import city_for, rights
from dashboards.workspace.views.editing import city_item, create_page, edit_page
from indicators.forms import IndicatorForm
from indicators.services.indicators import indicator_create, indicator_update


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
    back = reverse("workspace:indicators", args=[slug])
    return create_page(
        request,
        city=city,
        form=IndicatorForm(request.POST) if request.method == "POST" else IndicatorForm(),
        create=lambda changes: indicator_create(city=city, by=request.user, **changes),
        done=lambda changes: (_("Indikatorn är sparad."), back),
        title=_("Ny egen indikator"),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city, kind, item = city_item(request, slug, "indikatorer", pk, needs="admin")
    return edit_page(
        request,
        city=city,
        kind=kind,
        item=item,
        form_class=IndicatorForm,
        form_kwargs={},
        initial={n: getattr(item, n) for n in IndicatorForm.base_fields if n != "version"},
        update=lambda **changes: indicator_update(indicator=item, by=request.user, **changes),
        title=_("Ändra indikator"),
    )
