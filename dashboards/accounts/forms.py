"""Login and password-reset forms with throttling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cities.forms import NamedErrorsMixin
from dashboards.accounts import throttle


class ThrottledAuthenticationForm(NamedErrorsMixin, AuthenticationForm):
    """Django's login form, refusing (without checking the password) once an account or
    a client address has too many recent failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Tänk på att lösenordet skiljer på stora och "
            "små bokstäver."
        ),
        "throttled": _(
            "För många misslyckade inloggningar. Försök igen om %(seconds)s sekunder, "
            "eller återställ ditt lösenord."
        ),
    }

    #: Seconds the refused attempt must wait (0: it was not refused for that).
    retry_after = 0

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Användarnamn")
        self.fields["username"].help_text = _(
            "Har du fått en inbjudan är ditt användarnamn din e-postadress."
        )
        self.fields["password"].label = _("Lösenord")

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        wait = throttle.login_wait(username, address)
        if wait:
            self.retry_after = wait
            raise ValidationError(
                self.error_messages["throttled"], code="throttled", params={"seconds": wait}
            )
        try:
            data = super().clean()
        except ValidationError:
            throttle.login_failed(username, address)
            raise
        throttle.login_succeeded(username, address)
        return data


class InviteAwarePasswordResetForm(NamedErrorsMixin, PasswordResetForm):
    """Django's reset form, which also reaches people invited but not yet activated (their
    account has no usable password until they set one), and is throttled per address."""

    def __init__(self, *args: Any, request=None, **kwargs: Any):
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-postadress")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        limit = throttle.reset_by_address()
        address = throttle.client_address(self.request)
        if limit.blocked(address):
            raise ValidationError(
                _("För många förfrågningar från din adress. Försök igen om en timme.")
            )
        limit.hit(address)
        return data

    def get_users(self, email: str):
        return (
            get_user_model()._default_manager.filter(email__iexact=email, is_active=True).iterator()
        )
