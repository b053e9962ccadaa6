"""Demo logins, so that a newcomer running ``make run`` can try every role at once.

Only ever with ``DEBUG`` on: a known password on a server reachable by others would let
anyone in, so with ``DEBUG`` off nothing is created (``demo_logins_load`` returns []).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from cities.history import record_change
from cities.models import ChangeAction, City, Membership
from cities.permissions import Role, forget_roles

#: The password of every demo login (listed in the README and printed by ``make run``).
DEMO_PASSWORD = "demo"  # noqa: S105 (demo logins exist only with DEBUG on)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str
    city_code: str | None = None  # None: programme staff
    role: str = ""


DEMO_LOGINS = [
    DemoLogin("umea.handlaggare", "handläggare, Umeå", "2480", Role.OFFICER),
    DemoLogin("umea.admin", "kommunadministratör, Umeå", "2480", Role.ADMIN),
    DemoLogin("malmo.handlaggare", "handläggare, Malmö", "1280", Role.OFFICER),
    DemoLogin("programkontoret", "programkontoret (Viable Cities)"),
]


@transaction.atomic
def demo_logins_load() -> list[DemoLogin]:
    """Create (or reset) the demo logins with the password ``demo``; nothing with
    ``DEBUG`` off. Returns the logins created."""
    if not settings.DEBUG:
        return []
    users = get_user_model().objects
    cities = {c.code: c for c in City.objects.filter(code__in=["2480", "1280"])}
    done = []
    for login in DEMO_LOGINS:
        user, _created = users.get_or_create(
            username=login.username,
            defaults={"email": f"{login.username}@example.se"},
        )
        user.set_password(DEMO_PASSWORD)
        user.is_staff = login.city_code is None
        user.is_active = True
        user.save()
        if login.city_code is not None:
            city = cities.get(login.city_code)
            if city is None:
                continue
            membership, created = Membership.objects.update_or_create(
                user=user, city=city, defaults={"role": login.role}
            )
            if created:
                record_change(membership, action=ChangeAction.CREATE, by=None)
            forget_roles(user)
        done.append(login)
    return done
