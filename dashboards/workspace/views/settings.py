"""The person's own settings: the weekly reminder, and stopping it from the link in a mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.i18n import gettext as _
from dashboards.workspace import mail
from dashboards.workspace import services as dashboard_services


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request: HttpRequest) -> HttpResponse:
    from dashboards.workspace.forms import ReminderForm

    preference = dashboard_services.reminder_preference(request.user)
    if request.method == "POST":
        form = ReminderForm(request.POST)
        if form.is_valid():
            dashboard_services.reminder_preference_set(
                user=request.user,
                digest=form.cleaned_data["digest"],
                drafts_digest=form.cleaned_data["drafts_digest"],
            )
            messages.success(request, _("Dina val är sparade."))
            return redirect("workspace:settings")
    else:
        form = ReminderForm(
            initial={
                "digest": preference,
                "drafts_digest": dashboard_services.drafts_digest_preference(request.user),
            }
        )
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
