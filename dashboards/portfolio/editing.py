"""Officers' pages for changing a city's actions and follow-ups, and the spreadsheet
import and export of actions.

Every view finds the city and checks the permission in one helper; reading the
portfolio and an action's page are the dashboards layer's (``dashboards.portfolio``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions import selectors, services, xlsx
from actions.models import Action, FollowUp
from cities import drafts
from cities.models import City
from cities.permissions import Need, can_edit, can_publish, can_view_drafts
from cities.selectors import city_get
from core.cycles import Period
from core.downloads import XLSX_TYPE
from core.i18n import gettext as _
from dashboards.editing import attempt, button_press, put_errors
from dashboards.portfolio.forms import (
    ActionForm,
    CostLineFormSet,
    FollowUpForm,
    ImportForm,
    cost_initial,
)


def _city_for(request: HttpRequest, slug: str, *, needs: Need = "officer") -> City:
    """The city in the address, if the person may change its actions (``needs`` "admin":
    may publish); PermissionDenied otherwise (login_required handles the anonymous)."""
    city = city_get(slug=slug)
    if not can_edit(request.user, city, needs=needs):
        raise PermissionDenied(_("Du kan inte ändra %(city)s åtgärder.") % {"city": city.name})
    return city


def _action_url(action: Action) -> str:
    return reverse("portfolio:action", kwargs={"slug": action.city.slug, "pk": action.pk})


def _portfolio_url(city: City) -> str:
    return reverse("portfolio:index", kwargs={"slug": city.slug})


def _action_form(request: HttpRequest, city: City, action: Action | None) -> dict[str, Any]:
    kwargs = {
        "goals": selectors.city_goals_for_actions(city=city),
        "indicators": selectors.indicators_for_actions(city=city),
        "may_publish": action is None and can_publish(request.user, city),
    }
    if request.method == "POST":
        form = ActionForm(request.POST, **kwargs)
        costs = CostLineFormSet(request.POST, prefix="costs")
    else:
        # The form shows the action as its people work on it: a pending change included.
        current = drafts.working(action) if action else None
        initial = ActionForm.initial_for(current) if current else {}
        form = ActionForm(initial=initial, **kwargs)
        costs = CostLineFormSet(initial=cost_initial(current) if current else [], prefix="costs")
    return {"form": form, "costs": costs}


def _saved(request: HttpRequest, item: Action | FollowUp, what: str) -> None:
    """Say where a saved change stands: published, waiting, or a draft."""
    if item.is_published and drafts.has_pending(item):
        messages.success(
            request,
            _(
                "%(what)s är sparad. Ändringen väntar på publicering; allmänheten ser den "
                "publicerade versionen tills en kommunadministratör publicerar ändringen."
            )
            % {"what": what},
        )
    elif item.is_published:
        messages.success(request, _("%(what)s är sparad och publicerad.") % {"what": what})
    else:
        messages.success(
            request,
            _("%(what)s är sparad som utkast. En kommunadministratör publicerar den.")
            % {"what": what},
        )


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def _save_action(request: HttpRequest, city: City, action: Action | None, forms: dict) -> Any:
    form, costs = forms["form"], forms["costs"]
    if not (form.is_valid() and costs.is_valid()):
        return None
    lines = [line for line in (f.cost() for f in costs.forms) if line is not None]

    def save() -> Action:
        if action is None:
            return services.action_create(
                city=city,
                by=request.user,
                values=form.values(),
                goals=form.cleaned_data["goals"],
                indicators=form.cleaned_data["indicators"],
                costs=lines,
                publish=bool(form.cleaned_data.get("publish")),
            )
        return services.action_update(
            action=action,
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
            values=form.values(),
            goals=form.cleaned_data["goals"],
            indicators=form.cleaned_data["indicators"],
            costs=lines,
        )

    saving = attempt(save, form=form)
    if saving.stale is not None:
        form.add_error(None, saving.why)
        forms["stale"] = saving.stale
    return saving.result


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _action_page(request, _city_for(request, slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city_for(request, slug)
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)
    return _action_page(request, city, action)


def _action_page(request: HttpRequest, city: City, action: Action | None) -> HttpResponse:
    """The form of a new action (``action`` None) or of one as its people work on it:
    saved, it says where the action stands and goes to its page; refused because someone
    saved first, it answers 409 with what changed."""
    forms = _action_form(request, city, action)
    if request.method == "POST":
        saved = _save_action(request, city, action, forms)
        if saved is not None:
            _saved(request, saved, _("Åtgärden"))
            return HttpResponseRedirect(_action_url(saved))
    context: dict[str, Any] = {"city": city, "action": None}
    if action is not None:
        context = {
            "city": city,
            "action": drafts.working(action),
            "pending": drafts.has_pending(action),
        }
    status = 409 if "stale" in forms else 200
    return render(request, "portfolio/action_form.html", {**context, **forms}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city_for(request, slug)
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)
    error = ""
    if request.method == "POST":
        saving = attempt(
            lambda: services.action_delete(
                action=action, by=request.user, expected_version=_version(request)
            )
        )
        error = saving.why
        if saving.done:
            if action.deleted_at is None:  # published: the deletion waits for publishing
                messages.success(
                    request,
                    _("Borttagningen väntar på publicering; till dess ser allmänheten åtgärden."),
                )
            else:
                messages.success(request, _("Åtgärden är borttagen."))
            return HttpResponseRedirect(_portfolio_url(city))
    return render(
        request,
        "portfolio/action_confirm_delete.html",
        {"city": city, "action": drafts.working(action), "error": error},
        status=409 if error else 200,
    )


def _publish(request: HttpRequest, publish: Any, item: Action | FollowUp, what: str) -> None:
    """Publish (or withdraw) ``item`` through ``publish`` and say what happened."""
    wanted = request.POST.get("publish") == "1"
    deleting = drafts.pending_delete(item)
    saving = button_press(
        request,
        lambda: publish(published=wanted, expected_version=_version(request)),
        invalid=_("Kunde inte publiceras: %(why)s"),
    )
    if saving.done:
        if not wanted:
            messages.success(request, _("%(what)s är inte längre publicerad.") % {"what": what})
        elif deleting:
            messages.success(request, _("%(what)s är borttagen.") % {"what": what})
        else:
            messages.success(request, _("%(what)s är publicerad.") % {"what": what})


@login_required
@require_POST
def action_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city_for(request, slug, needs="admin")
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)

    def publish(**kwargs: Any) -> None:
        services.action_publish(action=action, by=request.user, **kwargs)

    _publish(request, publish, action, _("Åtgärden"))
    if action.deleted_at is not None:
        return HttpResponseRedirect(_portfolio_url(city))
    return HttpResponseRedirect(_action_url(action))


def _follow_up_form(request: HttpRequest, city: City, follow_up: FollowUp | None):
    """The follow-up form in the city's cycle, or for an existing follow-up in the cycle
    it was reported in."""
    reported = None
    if follow_up is not None:
        reported = Period(
            follow_up.period_year, follow_up.period_number, follow_up.periods_per_year
        )
    kwargs: dict[str, Any] = {
        "per_year": reported.per_year if reported else city.follow_ups_per_year,
        "today": timezone.localdate(),
        "may_publish": follow_up is None and can_publish(request.user, city),
        "reported": reported,
    }
    if request.method == "POST":
        return FollowUpForm(request.POST, **kwargs)
    current = drafts.working(follow_up) if follow_up is not None else None
    initial = FollowUpForm.initial_for(current) if current is not None else {}
    return FollowUpForm(initial=initial, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city_for(request, slug)
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)
    form = _follow_up_form(request, city, None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.follow_up_create(
                action=action,
                by=request.user,
                values=form.values(),
                publish=bool(form.cleaned_data.get("publish")),
            )
        except ValidationError as error:
            put_errors(form, error)
        else:
            _saved(request, follow_up, _("Uppföljningen"))
            return HttpResponseRedirect(_action_url(action))
    return render(
        request,
        "portfolio/follow_up_form.html",
        {"city": city, "action": action, "form": form, "follow_up": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_edit(request: HttpRequest, slug: str, pk: int, follow_up_pk: int) -> HttpResponse:
    city = _city_for(request, slug)
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)
    follow_up = selectors.follow_up_for_edit(action=action, pk=follow_up_pk)
    form = _follow_up_form(request, city, follow_up)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = form.values()
        saving = attempt(
            lambda: services.follow_up_update(
                follow_up=follow_up,
                by=request.user,
                expected_version=form.cleaned_data.get("version"),
                values=values,
            ),
            form=form,
        )
        if saving.stale is not None:
            form.add_error(None, saving.why)
        status = saving.status
        if saving.done:
            _saved(request, follow_up, _("Uppföljningen"))
            return HttpResponseRedirect(_action_url(action))
    return render(
        request,
        "portfolio/follow_up_form.html",
        {
            "city": city,
            "action": drafts.working(action),
            "form": form,
            "follow_up": drafts.working(follow_up),
        },
        status=status,
    )


@login_required
@require_POST
def follow_up_publish(request: HttpRequest, slug: str, pk: int, follow_up_pk: int) -> HttpResponse:
    city = _city_for(request, slug, needs="admin")
    action = selectors.action_for_edit(city=city, pk=pk, user=request.user)
    follow_up = selectors.follow_up_for_edit(action=action, pk=follow_up_pk)

    def publish(**kwargs: Any) -> None:
        services.follow_up_publish(follow_up=follow_up, by=request.user, **kwargs)

    _publish(request, publish, follow_up, _("Uppföljningen"))
    return HttpResponseRedirect(_action_url(action))


@login_required
@require_http_methods(["GET", "POST"])
def actions_import(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city_for(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        report = xlsx.import_upload(city=city, by=request.user, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(request, report.message)
            return HttpResponseRedirect(_portfolio_url(city))
        status = 400
    return render(
        request,
        "portfolio/import.html",
        {"city": city, "form": form, "report": report},
        status=status,
    )


@require_GET
def actions_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The city's actions as a workbook that imports again unchanged: published actions
    for the public, drafts too for the city's people and programme staff."""
    city = city_get(slug=slug)
    drafts = can_view_drafts(request.user, city)
    content = xlsx.export_workbook(city=city, drafts=drafts)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="atgarder-{city.slug}-{stamp}.xlsx"'
    return response
