"""The city's goals and their targets: the list, a new goal or target and changing one."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from cities import drafts
from cities.forms import GoalForm
from cities.services import goal_create, goal_update
from core.i18n import gettext as _
from dashboards.workspace import selectors
from dashboards.workspace.kinds import KINDS
from dashboards.workspace.views.access import city_for, rights, saved_message
from dashboards.workspace.views.editing import city_item, create_page, edit_page
from indicators.forms import TargetForm
from indicators.models import Indicator, Target
from indicators.services.targets import target_create, target_update


@login_required
@require_GET
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug)
    return render(
        request,
        "workspace/goals.html",
        {"city": city, "goals": selectors.goal_rows(city), **rights(request, city)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    back = reverse("workspace:goals", args=[slug])
    return create_page(
        request,
        city=city,
        form=GoalForm(request.POST) if request.method == "POST" else GoalForm(),
        create=lambda changes: goal_create(city=city, by=request.user, **changes),
        done=lambda changes: (saved_message(request, city), back),
        title=_("Nytt mål"),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city, kind, item = city_item(request, slug, "mal", pk, needs="admin")
    current = drafts.working(item)
    return edit_page(
        request,
        city=city,
        kind=kind,
        item=item,
        form_class=GoalForm,
        form_kwargs={},
        initial={
            name: getattr(current, name) for name in GoalForm.base_fields if name != "version"
        },
        update=lambda **changes: goal_update(goal=item, by=request.user, **changes),
        title=_("Ändra mål"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create_view(request: HttpRequest, slug: str, goal_pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    goal = KINDS["mal"].get(city, goal_pk)
    back = reverse("workspace:goals", args=[slug])

    def create(changes: dict[str, Any]) -> Target:
        indicator = Indicator.objects.get(pk=changes.pop("indicator_id"))
        return target_create(goal=goal, by=request.user, indicator=indicator, **changes)

    if request.method == "POST":
        form = TargetForm(request.POST, city=city)
    else:
        form = TargetForm(city=city, initial={"target_year": goal.target_year})
    return create_page(
        request,
        city=city,
        form=form,
        create=create,
        done=lambda changes: (saved_message(request, city), back),
        title=_("Nytt målvärde"),
        back=back,
        intro=_("För målet: %(goal)s") % {"goal": drafts.working(goal).title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city, kind, item = city_item(request, slug, "malvarden", pk, needs="admin")
    current = drafts.working(item)
    initial = {
        name: getattr(current, name)
        for name in TargetForm.base_fields
        if name not in ("version", "indicator")
    }
    initial["indicator"] = current.indicator_id
    return edit_page(
        request,
        city=city,
        kind=kind,
        item=item,
        form_class=TargetForm,
        form_kwargs={"city": city},
        initial=initial,
        update=lambda **changes: target_update(target=item, by=request.user, **changes),
        title=_("Ändra målvärde"),
    )
