"""Speed of the officer workspace: recording values, the start page and the values list
with many values, and publishing many drafts at once."""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

YEARS = range(2000, 2025)  # 25 years
OWN_INDICATORS = 10


def _ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def run() -> Iterator[tuple[str, float, str]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    from cities.models import City, Membership
    from cities.services import content_publish_many
    from indicators.demo import umea_goals_load
    from indicators.models import Indicator, Observation
    from indicators.services.indicators import indicator_create
    from indicators.services.values import observation_create

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    umea_goals_load()
    umea = City.objects.get(code="2480")
    users = get_user_model().objects
    admin = users.create_user("bench.admin", email="bench@example.se", password="x" * 24)
    Membership.objects.create(user=admin, city=umea, role="admin")

    indicators = [
        indicator_create(
            city=umea,
            name=f"Egen indikator {n}",
            unit="st",
            direction="higher",
            scope="area",
            by=admin,
        )
        for n in range(OWN_INDICATORS)
    ]
    indicators += list(Indicator.objects.shared().filter(emission_substance=""))
    started = time.perf_counter()
    count = 0
    for indicator in indicators:
        for year in YEARS:
            observation_create(
                city=umea,
                indicator=indicator,
                year=year,
                value=year / 10,
                status="final",
                reference="Benchmark",
                by=admin,
            )
            count += 1
    yield "workspace_value_create", round((time.perf_counter() - started) / count * 1000, 2), "ms"

    client = Client()
    client.force_login(admin)
    # Pages are rendered without collectstatic's manifest (as in the tests).
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield from _pages(client, count)

    drafts = list(Observation.objects.pending().filter(city=umea))
    started = time.perf_counter()
    published = content_publish_many(items=[(o, o.version) for o in drafts], by=admin)
    yield f"workspace_publish_{published}_drafts", round(time.perf_counter() - started, 2), "s"


def _pages(client, count: int) -> Iterator[tuple[str, float, str]]:
    for name, path in (
        ("workspace_start_page", "/min-kommun/umea/"),
        ("workspace_values_list", "/min-kommun/umea/utfall/"),
        ("workspace_drafts_page", "/min-kommun/umea/utkast/"),
    ):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        yield f"{name}_{count}_values", _ms(samples), "ms"
