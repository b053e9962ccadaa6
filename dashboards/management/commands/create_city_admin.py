"""Give a city its (first) administrator in one step.

    python manage.py create_city_admin --city 2480 --email anna.andersson@umea.se

Creates the account (or adds the role to an existing one, or makes an officer
administrator), mails the invitation, and, when no mail server is configured, prints the
one-time link with which the person chooses a password.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.db.models import Q

from cities.models import City
from cities.services import city_admin_create
from dashboards.workspace import mail


class Command(BaseCommand):
    help = (
        "Gör en person till kommunadministratör (skapar kontot vid behov) och skickar "
        "inbjudan; skriver ut en engångslänk när ingen e-postserver är inställd."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", required=True, help="kommunkod (2480) eller kortnamn (umea)")
        parser.add_argument("--email", required=True, help="personens e-postadress")

    def handle(self, *args, city: str, email: str, **options) -> None:
        found = City.objects.filter(Q(code=city) | Q(slug=city)).first()
        if found is None:
            raise CommandError(f"Ingen kommun med koden eller kortnamnet {city!r}.")
        try:
            validate_email(email.strip())
            invitation = city_admin_create(city=found, email=email, by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user = invitation.membership.user
        base_url = settings.SITE_URL.rstrip("/") + "/"
        mail.send_invitation(invitation.membership.pk, base_url=base_url)
        account = "nytt konto" if invitation.created_user else "befintligt konto"
        self.stdout.write(
            f"{user.email} ({account}, användarnamn {user.get_username()}) är "
            f"kommunadministratör i {found.name}."
        )
        if mail.mail_is_delivered():
            self.stdout.write("Inbjudan har skickats med e-post.")
            return
        link = mail.invitation_link(user, base_url=base_url)
        if user.has_usable_password():
            self.stdout.write(f"Ingen e-postserver är inställd. Personen loggar in här: {link}")
        else:
            self.stdout.write(
                "Ingen e-postserver är inställd, så inbjudan når inte fram. Ge personen den "
                "här engångslänken, där hen väljer sitt lösenord (den gäller i "
                f"{settings.PASSWORD_RESET_TIMEOUT // 86400} dagar):\n{link}"
            )
