"""Mail the workspace sends: invitations (with a link to set a password, Django's token
machinery) and the follow-up reminder digest (with a link that stops the reminders)."""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cities.models import City, Membership
from core.cycles import Period

_UNSUBSCRIBE_SALT = "klimat.reminders.unsubscribe"


def _send(*, to: str, subject_template: str, body_template: str, context: dict, headers=None):
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    message = EmailMultiAlternatives(subject, body, to=[to], headers=headers or {})
    message.send()


def set_password_link(user, *, base_url: str) -> str:
    """A link where ``user`` sets a password (Django's password-reset token: valid for
    ``PASSWORD_RESET_TIMEOUT``, used up once the password is set)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return urljoin(base_url, reverse("password_reset_confirm", args=[uid, token]))


#: Mail backends that deliver nothing to the person (printed, kept in memory, dropped).
_UNDELIVERED_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
)


def mail_is_delivered() -> bool:
    """Does mail reach people? Not without a mail server (``EMAIL_HOST`` unset, or a
    backend that prints or keeps the mail): then an invitation's link must be handed over
    another way, so the inviter is shown it."""
    return bool(getattr(settings, "EMAIL_HOST", "")) and (
        settings.EMAIL_BACKEND not in _UNDELIVERED_BACKENDS
    )


def invitation_link(user, *, base_url: str) -> str:
    """Where an invited person goes: a one-time link to set their password when their
    account has none yet, else the login page."""
    if not user.has_usable_password():
        return set_password_link(user, base_url=base_url)
    return urljoin(base_url, reverse("login"))


def send_invitation(membership_id: int, *, base_url: str) -> None:
    """Tell a person they have a role in a city: a link to set their password when their
    account is new (or was never activated), else a link to log in."""
    membership = Membership.objects.select_related("user", "city").get(pk=membership_id)
    user = membership.user
    if not user.email:
        return
    needs_password = not user.has_usable_password()
    _send(
        to=user.email,
        subject_template="workspace/email/invitation_subject.txt",
        body_template="workspace/email/invitation.txt",
        context={
            "membership": membership,
            "city": membership.city,
            "role": membership.get_role_display().lower(),
            "needs_password": needs_password,
            "link": invitation_link(user, base_url=base_url),
            "username": user.get_username(),
        },
    )


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=_UNSUBSCRIBE_SALT)


def user_from_unsubscribe_token(token: str):
    try:
        pk = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk, is_active=True).first()


def send_digest(*, user, city: City, period: Period, sections: list, base_url: str) -> None:
    """One person's reminder for one city and follow-up period."""
    unsubscribe = urljoin(
        base_url, reverse("workspace:unsubscribe", args=[unsubscribe_token(user)])
    )
    _send(
        to=user.email,
        subject_template="workspace/email/digest_subject.txt",
        body_template="workspace/email/digest.txt",
        context={
            "city": city,
            "period": period,
            "sections": sections,
            "base_url": base_url.rstrip("/"),
            "workspace": urljoin(base_url, reverse("workspace:city", args=[city.slug])),
            "unsubscribe": unsubscribe,
        },
        headers={"List-Unsubscribe": f"<{unsubscribe}>"},
    )


def send_drafts_digest(*, user, city: City, waiting: int, base_url: str) -> None:
    """One administrator's daily digest: how many drafts wait in their city."""
    _send(
        to=user.email,
        subject_template="workspace/email/drafts_digest_subject.txt",
        body_template="workspace/email/drafts_digest.txt",
        context={
            "city": city,
            "waiting": waiting,
            "drafts": urljoin(base_url, reverse("workspace:drafts", args=[city.slug])),
            "settings": urljoin(base_url, reverse("workspace:settings")),
        },
    )
