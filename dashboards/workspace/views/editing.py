"""The edit page shared by every kind of content in the workspace (values, goals, targets,
the city's own indicators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cities import drafts
from cities.history import StaleEdit
from cities.models import City
from dashboards.editing import attempt, form_again
from dashboards.workspace import selectors
from dashboards.workspace.history import field_label, field_text, related_names
from dashboards.workspace.kinds import Kind
from dashboards.workspace.views.access import next_url, rights, saved_message


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
                fields = form.changes()
                saving = attempt(
                    lambda: save(item=item, expected_version=version, **fields), form=form
                )
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
