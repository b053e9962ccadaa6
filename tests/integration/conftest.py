"""Integration tests run against the real PostgreSQL database named by DATABASE_URL (the
one .ci/run creates and migrates), so the Celery worker — another process — sees the same
rows. Each test leaves the tables as it found them."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def django_db_setup():
    """Use the database as configured: .ci/run made and migrated it for this run."""
    assert os.environ.get("KLIMAT_INTEGRATION_DB"), "run the integration suite through .ci/run"


@pytest.fixture
def committed_db(django_db_blocker):
    """Database access whose writes are committed, so the worker can read them."""
    with django_db_blocker.unblock():
        yield
        call_command("flush", "--noinput", verbosity=0)
