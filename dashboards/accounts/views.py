"""Login (throttled) and password reset; the other account pages are Django's own, with
our templates in templates/registration/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import reverse_lazy

from dashboards.accounts.forms import InviteAwarePasswordResetForm, ThrottledAuthenticationForm


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    # A lazy URL, resolved when the view redirects; the stubs know only str.
    next_page = reverse_lazy("workspace:index")  # type: ignore[assignment]

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "retry_after", 0):
            response.status_code = 429  # Too Many Requests
            response["Retry-After"] = str(form.retry_after)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = InviteAwarePasswordResetForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}
