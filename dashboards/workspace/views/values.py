"""The city's values (utfall): the list per indicator, a new value and changing one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cities import drafts
from dashboards.editing import put_errors
from dashboards.workspace import selectors
from dashboards.workspace.kinds import KINDS
from dashboards.workspace.views.access import city_for, rights, saved_message
from dashboards.workspace.views.editing import edit_page
from indicators.forms import ObservationForm
from indicators.models import Indicator, Observation
from indicators.services import observation_create, observation_update

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
    form_kwargs = {"city": city, "creating": True}
    if request.method == "POST":
        form = ObservationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.changes()
            try:
                observation_create(city=city, by=request.user, **data)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, saved_message(request, city))
                return redirect(
                    reverse("workspace:observations", args=[slug])
                    + f"?indikator={data['indicator'].pk}"
                )
    else:
        initial: dict[str, Any] = {"year": dt.date.today().year - 1}
        wanted = request.GET.get("indikator", "")
        if wanted.isdigit():
            indicator = Indicator.objects.available_to(city).filter(pk=wanted).first()
            if indicator is not None:
                initial |= {"indicator": indicator.pk, "source": indicator.source}
        form = ObservationForm(initial=initial, **form_kwargs)
    return render(
        request,
        "workspace/form.html",
        {
            "city": city,
            "form": form,
            "title": _("Nytt värde"),
            "back": reverse("workspace:observations", args=[slug]),
            "intro": _(
                "Värdet sparas som utkast. Allmänheten ser det när en kommunadministratör "
                "har publicerat det."
            ),
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="officer")
    kind = KINDS["utfall"]
    item = kind.get(city, pk)
    current = drafts.working_list([item])[0]

    def save(*, item: Observation, expected_version: int, **fields: Any) -> bool:
        return observation_update(
            observation=item, by=request.user, expected_version=expected_version, **fields
        )

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
            "source": current.release.name,
            "uncertainty_low": current.uncertainty_low,
            "uncertainty_high": current.uncertainty_high,
            "note": current.note,
        },
        save=save,
        title=_("Ändra värde: %(what)s") % {"what": f"{item.indicator.name} {current.year}"},
    )
