"""The workspace's start pages: the choice of city and a city's page of what needs attention."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cities.models import City
from cities.permissions import is_programme_staff
from dashboards.workspace import attention
from dashboards.workspace.views.access import city_for, rights


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Min kommun: straight to the person's city, or a choice among theirs."""
    user = request.user
    if is_programme_staff(user):
        # Staff read every city; the contract cities are the ones they follow.
        cities = list(City.objects.contract_cities().select_related("county"))
    else:
        cities = list(City.objects.editable_by(user).select_related("county"))
    if len(cities) == 1 and not is_programme_staff(user):
        return redirect("workspace:city", cities[0].slug)
    return render(
        request,
        "workspace/index.html",
        {"cities": cities, "staff": is_programme_staff(user)},
        status=200 if cities else 403,
    )


@login_required
@require_GET
def city_home(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    ctx = attention.Context(city=city, user=request.user, today=dt.date.today())
    return render(
        request,
        "workspace/city.html",
        {
            "city": city,
            "sections": attention.sections(ctx),
            "period": ctx.period,
            **rights(request, city),
        },
    )
