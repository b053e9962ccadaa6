"""The person's API keys: create one (shown once), name it, see when it was last used and
when it expires, revoke it. The same services as the API's ``/api/v1/tokens/``."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from cities.api.tokens import api_token_create, api_token_revoke
from cities.forms import NamedErrorsMixin
from cities.models import ApiToken
from core.i18n import gettext as _


class ApiKeyForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Namn"),
        max_length=100,
        help_text=gettext_lazy("Vad nyckeln används till, t.ex. ”Importskript för resvanor”."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_keys(request: HttpRequest) -> HttpResponse:
    """The person's keys, newest first; a new key is shown once, right after it is made."""
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ApiKeyForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _token, new_key = api_token_create(user=user, name=form.cleaned_data["name"])
        form = ApiKeyForm()
    tokens = ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
    now = timezone.now()
    return render(
        request,
        "workspace/api_keys.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": [(token, token.is_valid(now)) for token in tokens],
        },
    )


@login_required
@require_POST
def api_key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404(_("Nyckeln finns inte."))
    if token.user_id != request.user.pk:
        raise PermissionDenied(_("Det är inte din nyckel."))
    if api_token_revoke(token=token):
        messages.success(request, _("Nyckeln ”%(name)s” är återkallad.") % {"name": token.name})
    return redirect("workspace:api-keys")
