"""A file imported through a task that a real Celery worker executes, read back from
PostgreSQL."""

import pytest
from django.conf import settings
from django.db import connection

from indicators.models import EmissionRow, SourceRelease
from indicators.tasks import import_file_task
from tests.conftest import GGT_JSON


def test_the_worker_imports_a_file_into_postgresql(committed_db, municipality_list):
    from cities.reference_data import reference_data_load

    assert connection.vendor == "postgresql"
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    counties, cities = municipality_list
    reference_data_load(
        counties=[(c.code, c.name) for c in counties],
        municipalities=[(m.code, m.name) for m in cities],
    )

    result = import_file_task.delay(str(GGT_JSON)).get(timeout=120)

    assert result["ok"], result
    assert result["created"] == EmissionRow.objects.count() > 0
    release = SourceRelease.objects.get(substance="GGT")
    umea_1990 = EmissionRow.objects.filter(release=release, city__code="2480", year=1990)
    assert sum(r.tonnes for r in umea_1990) == pytest.approx(481807, abs=1)

    again = import_file_task.delay(str(GGT_JSON)).get(timeout=120)
    assert (again["created"], again["updated"]) == (0, 0)
