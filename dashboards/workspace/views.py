"""The officer workspace ("Min kommun"): a city's people keep its follow-up current.

Thin views: each finds the city and checks the person's right in one helper (rules live in
``cities/permissions.py``), calls one selector or service, and renders. Reading needs a
role in the city (or programme staff); changing needs the role the kind of content asks
for (``dashboards/workspace/kinds.py``); publishing needs the city administrator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cities import drafts
from cities.forms import GoalForm, InviteForm, RoleForm
from cities.history import StaleEdit, history_for, snapshot, versioned
from cities.models import City, Editable, Membership
from cities.permissions import (
    can_edit,
    can_publish,
    can_view_drafts,
    is_programme_staff,
    role_in,
)
from cities.selectors import city_get
from cities.services import (
    content_discard,
    content_publish,
    content_publish_many,
    content_restore_version,
    content_undelete,
    content_unpublish,
    goal_create,
    goal_update,
    membership_invite,
    membership_remove,
    membership_role_change,
)
from dashboards.workspace import attention, mail, selectors
from dashboards.workspace import services as dashboard_services
from dashboards.workspace.history import (
    HistoryRow,
    change_entries,
    content_state,
    field_label,
    field_text,
    history_rows,
    related_names,
)
from dashboards.workspace.kinds import BY_MODEL, KINDS, Kind, describe
from indicators.forms import IndicatorForm, ObservationForm, TargetForm
from indicators.models import Indicator, Observation, Target
from indicators.services.indicators import indicator_create, indicator_update
from indicators.services.targets import target_create, target_update
from indicators.services.values import observation_create, observation_update

HISTORY_PAGE = 50
VALUES_PAGE = 100


# --- Helpers: the one place each view gets its city and its right to act ----------------


def _city(request: HttpRequest, slug: str, *, needs: str | None = None) -> City:
    """The city, if ``request.user`` may read its workspace (``needs=None``) or change
    content needing role ``needs`` ("officer", "admin", or "publish"); else 403."""
    city = city_get(slug=slug)
    user = request.user
    if needs is None:
        allowed = can_view_drafts(user, city)
    elif needs == "publish":
        allowed = can_publish(user, city)
    else:
        allowed = can_edit(user, city, needs=needs)  # type: ignore[arg-type]
    if not allowed:
        raise PermissionDenied(
            _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
        )
    return city


def _posted_version(request: HttpRequest) -> int:
    """The version of the item the person saw (every form that changes an item sends it)."""
    raw = request.POST.get("version", "")
    if not raw.isdigit():
        raise BadRequest(_("Formuläret saknar version; ladda om sidan."))
    return int(raw)


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _stale_context(exc: StaleEdit, model: type) -> dict[str, Any]:
    """What the person is shown when someone else saved first: who, and each changed field
    as it was when they opened it and as it is now."""
    names = related_names([(model, exc.changes)])
    rows = [
        (
            field_label(model, name),
            field_text(model, name, pair[0], names),
            field_text(model, name, pair[1], names),
        )
        for name, pair in exc.changes.items()
        if name not in ("pending", "updated_by_id", "published_at") and not name.startswith("draft")
    ]
    return {"stale": exc, "stale_rows": rows}


def _apply_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's refusal on the form, on the field it names when the form has it."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_named_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_named_error(None, message)


def _with_version(form: Any, version: int, form_kwargs: dict[str, Any]) -> Any:
    """The same bound form with the newest version, so that saving again is a deliberate
    choice made after seeing what changed."""
    data = form.data.copy()
    data["version"] = str(version)
    return type(form)(data, **form_kwargs)


# --- Start pages ---------------------------------------------------------------------------


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
    city = _city(request, slug)
    ctx = attention.Context(city=city, user=request.user, today=dt.date.today())
    return render(
        request,
        "workspace/city.html",
        {
            "city": city,
            "sections": attention.sections(ctx),
            "period": ctx.period,
            **_rights(request, city),
        },
    )


def _rights(request: HttpRequest, city: City) -> dict[str, Any]:
    user = request.user
    return {
        "role": role_in(user, city),
        "can_edit_values": can_edit(user, city, needs="officer"),
        "can_admin": can_edit(user, city, needs="admin"),
        "can_publish": can_publish(user, city),
    }


# --- Values (utfall) -------------------------------------------------------------------


@login_required
@require_GET
def observations(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
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
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug, needs="officer")
    form_kwargs: dict[str, Any] = {"city": city, "creating": True}
    if request.method == "POST":
        form = ObservationForm(request.POST, **form_kwargs)
        if form.is_valid():
            data = form.changes()
            try:
                observation_create(city=city, by=request.user, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _saved_message(request, city))
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
            **_rights(request, city),
        },
    )


def _saved_message(request: HttpRequest, city: City) -> str:
    if can_publish(request.user, city):
        return _("Sparat som utkast. Publicera det under Utkast när det är klart.")
    return _(
        "Sparat som utkast. Det syns för allmänheten när en kommunadministratör har publicerat det."
    )


def _edit(
    request: HttpRequest,
    *,
    city: City,
    kind: Kind,
    item: Any,
    form_class: type,
    form_kwargs: dict[str, Any],
    initial: dict[str, Any],
    save: Any,
    title: str,
) -> HttpResponse:
    """The edit page shared by every kind: the form with the item as the city's people see
    it, refusal with what changed when someone saved first, validation naming the field."""
    current = drafts.working(item)
    context: dict[str, Any] = {}
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            version = form.cleaned_data.get("version")
            if version is None:
                form.add_named_error(None, _("Formuläret saknar version; ladda om sidan."))
            else:
                try:
                    changed = save(item=item, expected_version=version, **form.changes())
                except StaleEdit as exc:
                    context |= _stale_context(exc, kind.model)
                    form = _with_version(form, versioned(exc.current).version, form_kwargs)
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    if changed:
                        messages.success(request, _saved_message(request, city))
                    else:
                        messages.info(request, _("Inget ändrades."))
                    return redirect(_next(request, reverse(kind.list_url, args=[city.slug])))
    else:
        form = form_class(initial={**initial, "version": item.version}, **form_kwargs)
    state, state_label = selectors.state_of(item)
    return render(
        request,
        "workspace/form.html",
        {
            "city": city,
            "form": form,
            "title": title,
            "item": item,
            "current": current,
            "kind": kind,
            "state": state,
            "state_label": state_label,
            "pending": selectors.rows([item])[0].pending if drafts.has_pending(item) else {},
            "back": reverse(kind.list_url, args=[city.slug]),
            **context,
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def observation_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city(request, slug, needs="officer")
    kind = KINDS["utfall"]
    item = kind.get(city, pk)
    current = drafts.working_list([item])[0]

    def save(*, item: Observation, expected_version: int, **fields: Any) -> bool:
        return observation_update(
            observation=item, by=request.user, expected_version=expected_version, **fields
        )

    return _edit(
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


# --- Goals and targets --------------------------------------------------------------------


@login_required
@require_GET
def goals(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
    return render(
        request,
        "workspace/goals.html",
        {"city": city, "goals": selectors.goal_rows(city), **_rights(request, city)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug, needs="admin")
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                goal_create(city=city, by=request.user, **form.changes())
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _saved_message(request, city))
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
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city(request, slug, needs="admin")
    kind = KINDS["mal"]
    item = kind.get(city, pk)
    current = drafts.working(item)

    def save(*, item: Any, expected_version: int, **fields: Any) -> bool:
        return goal_update(goal=item, by=request.user, expected_version=expected_version, **fields)

    return _edit(
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
    city = _city(request, slug, needs="admin")
    goal = KINDS["mal"].get(city, goal_pk)
    if request.method == "POST":
        form = TargetForm(request.POST, city=city)
        if form.is_valid():
            data = form.changes()
            data["indicator"] = Indicator.objects.get(pk=data.pop("indicator_id"))
            try:
                target_create(goal=goal, by=request.user, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _saved_message(request, city))
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
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city(request, slug, needs="admin")
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
    return _edit(
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


# --- The city's own indicators -------------------------------------------------------------


@login_required
@require_GET
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
    return render(
        request,
        "workspace/indicators.html",
        {
            "city": city,
            "own": selectors.own_indicators(city),
            "shared": selectors.shared_indicators_in_use(city),
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug, needs="admin")
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator_create(city=city, by=request.user, **form.changes())
            except ValidationError as exc:
                _apply_errors(form, exc)
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
            **_rights(request, city),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    city = _city(request, slug, needs="admin")
    kind = KINDS["indikatorer"]
    item = kind.get(city, pk)

    def save(*, item: Indicator, expected_version: int, **fields: Any) -> bool:
        return indicator_update(
            indicator=item, by=request.user, expected_version=expected_version, **fields
        )

    return _edit(
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


# --- Drafts and publishing ----------------------------------------------------------------


@login_required
@require_GET
def drafts_view(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
    rows = selectors.pending_rows(city)
    names = related_names([(type(row.item), row.pending) for row in rows])
    for row in rows:
        row.changes = change_entries(type(row.item), row.pending, names)
        row.may_publish = row.kind.may_publish(request.user, city, row.item)
        row.edit_url = row.kind.edit_link(city, row.current)
    return render(
        request,
        "workspace/drafts.html",
        {
            "city": city,
            "rows": rows,
            **_rights(request, city),
            # The bulk form is the city administrator's (rows say who may publish what).
            "can_publish": can_publish(request.user, city) and any(row.may_publish for row in rows),
        },
    )


@login_required
@require_POST
def publish_many(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the ticked items (``segment:id:version`` each) in one transaction."""
    city = _city(request, slug, needs="publish")
    wanted: dict[Kind, dict[int, int]] = {}
    for value in request.POST.getlist("items"):
        parts = value.split(":")
        if len(parts) != 3 or parts[0] not in KINDS or not (parts[1] + parts[2]).isdigit():
            return HttpResponseBadRequest(_("Okänt val i listan."))
        wanted.setdefault(KINDS[parts[0]], {})[int(parts[1])] = int(parts[2])
    back = reverse("workspace:drafts", args=[slug])
    if not wanted:
        messages.error(request, _("Välj minst ett utkast att publicera."))
        return redirect(back)
    items: list[tuple[Editable, int]] = []
    for kind, versions in wanted.items():
        if not kind.publishable:
            return HttpResponseBadRequest(_("Okänt val i listan."))
        query = kind.queryset(city).alive()
        if kind.related:
            query = query.select_related(*kind.related)
        found = query.in_bulk(list(versions))
        if len(found) != len(versions):
            messages.error(request, _("Något av det du valde finns inte längre; ladda om sidan."))
            return redirect(back)
        if not all(kind.may_publish(request.user, city, item) for item in found.values()):
            raise PermissionDenied(_("Du får inte publicera allt du valde."))
        for pk in sorted(versions):
            item = found[pk]
            assert isinstance(item, Editable)  # a publishable kind's content is drafted
            items.append((item, versions[pk]))
    try:
        count = content_publish_many(items=items, by=request.user)
    except StaleEdit as exc:
        messages.error(
            request,
            _("%(error)s Inget publicerades; kontrollera listan och försök igen.") % {"error": exc},
        )
        return redirect(back)
    except ValidationError as exc:
        messages.error(request, _("Inget publicerades: %(why)s") % {"why": " ".join(exc.messages)})
        return redirect(back)
    messages.success(request, _("%(count)s publicerade.") % {"count": count})
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    city, item = _item(request, slug, kind, pk, may=kind.may_change)
    current = drafts.working_list([item])[0]
    if request.method == "POST":
        version = _posted_version(request)
        try:
            kind.delete(item=item, by=request.user, expected_version=version)
        except StaleEdit as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if drafts.uses_drafts(item) and item.deleted_at is None:
                messages.success(
                    request,
                    _("Borttagningen väntar på publicering; till dess syns det publicerade."),
                )
            else:
                messages.success(request, _("Borttaget. Du kan återställa det från papperskorgen."))
        return redirect(_next(request, reverse(kind.list_url, args=[slug])))
    return render(
        request,
        "workspace/confirm_delete.html",
        {
            "city": city,
            "kind": kind,
            "item": item,
            "what": describe(current),
            "published": drafts.uses_drafts(item) and item.is_published,
            **_rights(request, city),
        },
    )


def _item(
    request: HttpRequest, slug: str, kind: Kind, pk: int, *, may: Any, deleted: bool = False
) -> tuple[City, Any]:
    """The city and one item of it, if the person may read the city's workspace and
    ``may(user, city, item)`` (the kind's rule: ``may_change`` or ``may_publish``, which
    for the contract's follow-up depends on the item's party); 403 otherwise."""
    city = _city(request, slug)
    item = kind.get(city, pk, deleted=deleted)
    if not may(request.user, city, item):
        raise PermissionDenied(
            _("Du har inte behörighet till det här i %(city)s.") % {"city": city}
        )
    return city, item


def _item_action(request: HttpRequest, slug: str, kind: Kind, pk: int, *, needs: str) -> Any:
    may = kind.may_publish if needs == "publish" else kind.may_change
    return _item(request, slug, kind, pk, may=may)[1]


@login_required
@require_POST
def item_publish(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    item = _item_action(request, slug, kind, pk, needs="publish")
    try:
        done = content_publish(
            item=item, by=request.user, expected_version=_posted_version(request)
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(
            request, _("Kunde inte publiceras: %(why)s") % {"why": " ".join(exc.messages)}
        )
    else:
        messages.success(request, _("Publicerat.") if done else _("Inget väntade på publicering."))
    return redirect(_next(request, reverse(kind.list_url, args=[slug])))


@login_required
@require_POST
def item_unpublish(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    item = _item_action(request, slug, kind, pk, needs="publish")
    version = _posted_version(request)
    try:
        content_unpublish(item=item, by=request.user, expected_version=version)
    except StaleEdit as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Avpublicerat; det är nu ett utkast igen."))
    return redirect(_next(request, reverse(kind.list_url, args=[slug])))


@login_required
@require_POST
def item_discard(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    if not kind.publishable:
        raise PermissionDenied
    item = _item_action(request, slug, kind, pk, needs="change")
    version = _posted_version(request)
    try:
        done = content_discard(item=item, by=request.user, expected_version=version)
    except StaleEdit as exc:
        messages.error(request, str(exc))
    else:
        if done:
            messages.success(request, _("Ändringen är borttagen; det publicerade gäller."))
    return redirect(_next(request, reverse(kind.list_url, args=[slug])))


@login_required
@require_POST
def item_undelete(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    item = _item(request, slug, kind, pk, may=kind.may_change, deleted=True)[1]
    try:
        content_undelete(item=item, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("workspace:trash", slug)
    if drafts.uses_drafts(item):
        messages.success(request, _("Återställt som utkast; publicera det för att visa det igen."))
    else:
        messages.success(request, _("Återställt."))
    return redirect(_next(request, reverse(kind.list_url, args=[slug])))


# --- History --------------------------------------------------------------------------------


@login_required
@require_GET
def item_history(request: HttpRequest, slug: str, kind: Kind, pk: int) -> HttpResponse:
    city = _city(request, slug)
    query = kind.queryset(city)
    if kind.related:
        query = query.select_related(*kind.related)
    item = get_object_or_404(query, pk=pk)
    rows = history_rows(list(history_for(item).select_related("content_type")))
    may_restore = item.deleted_at is None and kind.may_change(request.user, city, item)
    if may_restore:
        now = content_state(snapshot(item), kind.model)
        for row in rows:
            row.restorable = row.record.action in ("create", "update", "restore", "publish") and (
                content_state(row.record.snapshot, kind.model) != now
            )
    return render(
        request,
        "workspace/item_history.html",
        {
            "city": city,
            "kind": kind,
            "item": item,
            "what": describe(drafts.working_list([item])[0]),
            "rows": rows,
            **_rights(request, city),
        },
    )


@login_required
@require_POST
def item_restore_version(
    request: HttpRequest, slug: str, kind: Kind, pk: int, record_pk: int
) -> HttpResponse:
    item = _item(request, slug, kind, pk, may=kind.may_change)[1]
    record = get_object_or_404(history_for(item).select_related("content_type"), pk=record_pk)
    version = _posted_version(request)
    back = reverse("workspace:item-history", args=[slug, kind.segment, pk])
    try:
        changed = content_restore_version(
            item=item, record=record, by=request.user, expected_version=version
        )
    except StaleEdit as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed and drafts.uses_drafts(item) and item.is_published:
            messages.success(
                request,
                _("Versionen är återställd som en ändring som väntar på publicering."),
            )
        elif changed:
            messages.success(request, _("Versionen är återställd."))
        else:
            messages.info(request, _("Den versionen är redan den aktuella."))
    return redirect(back)


def _history_item_urls(city: City, rows: list[HistoryRow]) -> None:
    for row in rows:
        model = row.record.content_type.model_class()
        kind = BY_MODEL.get(model)  # type: ignore[arg-type]
        if kind is not None:
            row.item_url = reverse(
                "workspace:item-history", args=[city.slug, kind.segment, row.record.object_id]
            )


@login_required
@require_GET
def city_history(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
    page = Paginator(selectors.city_changes(city), HISTORY_PAGE).get_page(request.GET.get("sida"))
    rows = history_rows(list(page.object_list))
    _history_item_urls(city, rows)
    return render(
        request,
        "workspace/city_history.html",
        {"city": city, "rows": rows, "page": page, **_rights(request, city)},
    )


@login_required
@require_GET
def trash(request: HttpRequest, slug: str) -> HttpResponse:
    city = _city(request, slug)
    rows = selectors.trash_rows(city)
    for row in rows:
        row.may_restore = row.kind.may_change(request.user, city, row.item)
    return render(
        request, "workspace/trash.html", {"city": city, "rows": rows, **_rights(request, city)}
    )


# --- People -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """Who works for the city; its administrators invite people by email address."""
    city = _city(request, slug, needs="admin" if request.method == "POST" else None)
    form = InviteForm()
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                invitation = membership_invite(city=city, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                base = request.build_absolute_uri("/")
                membership_id = invitation.membership.pk
                transaction.on_commit(lambda: mail.send_invitation(membership_id, base_url=base))
                messages.success(
                    request,
                    _("%(email)s har fått en inbjudan med e-post.")
                    % {"email": invitation.membership.user.email},
                )
                return redirect("workspace:people", slug)
    return render(
        request,
        "workspace/people.html",
        {
            "city": city,
            "members": selectors.memberships(city),
            "form": form,
            "role_form": RoleForm(),
            **_rights(request, city),
        },
    )


def _membership(request: HttpRequest, slug: str, pk: int) -> Membership:
    city = _city(request, slug, needs="admin")
    return get_object_or_404(Membership.objects.select_related("user", "city"), pk=pk, city=city)


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
        return redirect("workspace:people", slug)
    try:
        changed = membership_role_change(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed:
            messages.success(
                request,
                _("%(who)s är nu %(role)s.")
                % {
                    "who": membership.user.email or membership.user,
                    "role": membership.get_role_display().lower(),
                },
            )
    return redirect("workspace:people", slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    who = membership.user.email or str(membership.user)
    try:
        membership_remove(membership=membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(who)s har inte längre någon roll i %(city)s.")
            % {"who": who, "city": membership.city},
        )
    return redirect("workspace:people", slug)


@login_required
@require_POST
def member_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership(request, slug, pk)
    mail.send_invitation(membership.pk, base_url=request.build_absolute_uri("/"))
    messages.success(
        request, _("Inbjudan skickades igen till %(email)s.") % {"email": membership.user.email}
    )
    return redirect("workspace:people", slug)


# --- The person's own settings --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    from dashboards.workspace.forms import ReminderForm

    preference = dashboard_services.reminder_preference(request.user)
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            dashboard_services.reminder_preference_set(
                user=request.user, digest=form.cleaned_data["digest"]
            )
            messages.success(request, _("Dina val är sparade."))
            return redirect("workspace:settings")
    else:
        form = ReminderForm(initial={"digest": preference})
    return render(request, "workspace/settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every reminder: stop the reminders without logging in (confirm first,
    so a mail scanner following links changes nothing)."""
    user = mail.user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "workspace/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        dashboard_services.reminder_preference_set(user=user, digest=False)
        done = True
    return render(request, "workspace/unsubscribe.html", {"person": user, "done": done})
