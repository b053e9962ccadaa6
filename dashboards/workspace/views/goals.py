"""The city's goals and their targets: the list, a new goal or target and changing one."""

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

from cities import drafts
from cities.forms import GoalForm
from cities.services import goal_create, goal_update
from dashboards.editing import put_errors
from dashboards.workspace import selectors
from dashboards.workspace.kinds import KINDS
from dashboards.workspace.views.access import city_for, rights, saved_message
from dashboards.workspace.views.editing import edit_page
from indicators.forms import TargetForm
from indicators.models import Indicator, Target
from indicators.services import target_create, target_update


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
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                goal_create(city=city, by=request.user, **form.changes())
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, saved_message(request, city))
                return redirect("workspace:goals", slug)
    else:
        form = GoalForm()
    return render(
        request,
        "workspace/form.html",
        {
            "city": city,
            "form": form,
            "title": _("Nytt mål"),
            "back": reverse("workspace:goals", args=[slug]),
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    kind = KINDS["mal"]
    item = kind.get(city, pk)
    current = drafts.working(item)

    def save(*, item: Any, expected_version: int, **fields: Any) -> bool:
        return goal_update(goal=item, by=request.user, expected_version=expected_version, **fields)

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
        save=save,
        title=_("Ändra mål"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_create_view(request: HttpRequest, slug: str, goal_pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    goal = KINDS["mal"].get(city, goal_pk)
    if request.method == "POST":
        form = TargetForm(request.POST, city=city)
        if form.is_valid():
            data = form.changes()
            data["indicator"] = Indicator.objects.get(pk=data.pop("indicator_id"))
            try:
                target_create(goal=goal, by=request.user, **data)
            except ValidationError as exc:
                put_errors(form, exc)
            else:
                messages.success(request, saved_message(request, city))
                return redirect("workspace:goals", slug)
    else:
        form = TargetForm(city=city, initial={"target_year": goal.target_year})
    return render(
        request,
        "workspace/form.html",
        {
            "city": city,
            "form": form,
            "title": _("Nytt målvärde"),
            "intro": _("För målet: %(goal)s") % {"goal": drafts.working(goal).title},
            "back": reverse("workspace:goals", args=[slug]),
            **rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = city_for(request, slug, needs="admin")
    kind = KINDS["malvarden"]
    item = kind.get(city, pk)
    current = drafts.working(item)

    def save(*, item: Target, expected_version: int, **fields: Any) -> bool:
        return target_update(
            target=item, by=request.user, expected_version=expected_version, **fields
        )

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
        save=save,
        title=_("Ändra målvärde"),
    )
