"""The city's values (utfall): the list per indicator, a new value and changing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cities import drafts
from cities.models import City
from core.i18n import gettext as _
from dashboards.workspace import selectors
from dashboards.workspace.views.access import city_for, rights, saved_message
from dashboards.workspace.views.editing import city_item, create_page, edit_page
from indicators.forms import ObservationForm
from indicators.models import Indicator
from indicators.services.values import observation_create, observation_update

VALUES_PAGE = 100


@login_required
@require_GET
def observations(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    indicator = None
    if request.GET.get("indikator", "").isdigit():
        indicator = Indicator.objects.available_to(city).filter(pk=request.GET["indikator"]).first()
    page = Paginator(selectors.observations_for(city, indicator=indicator), VALUES_PAGE).get_page(
        request.GET.get("sida")
    )
    return render(
        request,
        "workspace/observations.html",
        {
            "city": city,
            "rows": selectors.rows(list(page.object_list)),
            "page": page,
            "indicator": indicator,
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug, needs="officer")
    back = reverse("workspace:observations", args=[slug])
    form_kwargs: dict[str, Any] = {"city": city, "creating": True}
    if request.method == "POST":
        form = ObservationForm(request.POST, **form_kwargs)
    else:
        form = ObservationForm(initial=_new_value_initial(request, city), **form_kwargs)
    return create_page(
        request,
        city=city,
        form=form,
        create=lambda changes: observation_create(city=city, by=request.user, **changes),
        done=lambda changes: (
            saved_message(request, city),
            back + f"?indikator={changes['indicator'].pk}",
        ),
        title=_("Nytt värde"),
        back=back,
        intro=_(
            "Värdet sparas som utkast. Allmänheten ser det när en kommunadministratör "
            "har publicerat det."
        ),
    )


def _new_value_initial(request: HttpRequest, city: City) -> dict[str, Any]:
    """A new value is for last year, and for the indicator the list was showing."""
    initial: dict[str, Any] = {"year": dt.date.today().year - 1}
    wanted = request.GET.get("indikator", "")
    if wanted.isdigit():
        indicator = Indicator.objects.available_to(city).filter(pk=wanted).first()
        if indicator is not None:
            initial |= {"indicator": indicator.pk, "reference": indicator.source}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city, kind, item = city_item(request, slug, "utfall", pk, needs="officer")
    current = drafts.working_list([item])[0]
    return edit_page(
        request,
        city=city,
        kind=kind,
        item=item,
        form_class=ObservationForm,
        form_kwargs={"city": city, "creating": False},
        initial={
            "year": current.year,
            "value": current.value,
            "status": current.status,
            "reference": current.reference,
            "uncertainty_low": current.uncertainty_low,
            "uncertainty_high": current.uncertainty_high,
            "note": current.note,
        },
        update=lambda **changes: observation_update(observation=item, by=request.user, **changes),
        title=_("Ändra värde: %(what)s") % {"what": f"{item.indicator.name} {current.year}"},
    )
