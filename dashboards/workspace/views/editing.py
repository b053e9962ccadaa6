"""The pages that add and change content in the workspace, shared by every kind (values,
goals, targets, the city's own indicators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from cities import drafts
from cities.history import StaleEdit
from cities.models import City
from core.i18n import gettext as _
from dashboards.editing import attempt, form_again
from dashboards.workspace import selectors
from dashboards.workspace.history import field_label, field_text, related_names
from dashboards.workspace.kinds import KINDS, Kind
from dashboards.workspace.views.access import city_for, next_url, rights, saved_message


def stale_context(exc: StaleEdit, model: type) -> dict[str, Any]:
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


def edit_page(
    request: HttpRequest,
    *,
    city: City,
    kind: Kind,
    item: Any,
    form_class: type,
    form_kwargs: dict[str, Any],
    initial: dict[str, Any],
    update: Callable[..., bool],
    title: str,
) -> HttpResponse:
    """The edit page shared by every kind: the form with the item as the city's people see
    it, refusal with what changed when someone saved first, validation naming the field.
    ``update(expected_version=…, **changes)`` is the kind's service (True: something
    changed)."""
    current = drafts.working(item)
    context: dict[str, Any] = {}
    if request.method == "POST":
        form = form_class(request.POST, **form_kwargs)
        if form.is_valid():
            version = form.cleaned_data.get("version")
            if version is None:
                form.add_named_error(None, _("Formuläret saknar version; ladda om sidan."))
            else:
                changes = form.changes()
                saving = attempt(lambda: update(expected_version=version, **changes), form=form)
                if saving.stale is not None:
                    context |= stale_context(saving.stale, kind.model)
                    form = form_again(form, saving.stale, **form_kwargs)
                elif saving.done:
                    if saving.result:
                        messages.success(request, saved_message(request, city))
                    else:
                        messages.info(request, _("Inget ändrades."))
                    return redirect(next_url(request, reverse(kind.list_url, args=[city.slug])))
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
            **rights(request, city),
        },
    )


def city_item(
    request: HttpRequest, slug: str, segment: str, pk: int, *, needs: str
) -> tuple[City, Kind, Any]:
    """The city, if the person may change content needing role ``needs`` in it, the kind
    of content (by its address segment) and the item of it to edit."""
    city = city_for(request, slug, needs=needs)
    kind = KINDS[segment]
    return city, kind, kind.get(city, pk)


def create_page(
    request: HttpRequest,
    *,
    city: City,
    form: Any,
    create: Callable[[dict[str, Any]], Any],
    done: Callable[[dict[str, Any]], tuple[str, str]],
    title: str,
    back: str,
    intro: str = "",
) -> HttpResponse:
    """The page that adds an item of any kind: ``form`` (bound on POST, empty with its
    initial values else) and, once it is valid, ``create(changes)`` (the service). A
    refusal is put on the form; once written ``done(changes)`` gives what to say and
    where to go next."""
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if attempt(lambda: create(changes), form=form).done:
            message, address = done(changes)
            messages.success(request, message)
            return redirect(address)
    context = {"city": city, "form": form, "title": title, "back": back}
    if intro:
        context["intro"] = intro
    return render(request, "workspace/form.html", {**context, **rights(request, city)})
