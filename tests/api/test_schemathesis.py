"""Property-based tests of the API against its own OpenAPI schema (schemathesis), run on
the Django app through WSGI with a loaded test database, no network server.

Every read operation is called anonymously, every write operation with a city
administrator's API key, with generated parameters and bodies, both valid and invalid
ones, a bounded number of examples each: no answer may be a server error, and every
answer must match the schema (status code documented, content type and body as
described). The world is loaded once per test (not per operation), so the run stays
well under a minute.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cities.api.tokens import api_token_create
from klimat.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,  # what the schema calls invalid is refused (400)
]
# Reads: also what the schema calls valid is accepted. (A write's valid body may still
# be refused for what no schema can say: an action id that does not exist, a stale
# version; those answers are checked by status_code_conformance.)
READ_CHECKS = [*CHECKS, positive_data_acceptance]
EXAMPLES = 10  # per operation; each half valid, half invalid on average
WRITES = r"^/api/v1/(observations|goals|targets|actions|action-follow-ups|tokens)/"

# The schema comes from the app itself (generating it needs no database); requests go to
# the same WSGI app, inside the test's database transaction.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def world(settings, umea_emissions, umea_goals, values, actions):
    """Umeå's emissions, goals, values and actions in every state; rate limits off. The
    requests keep the test's database connection, as Django's test client keeps it: the
    WSGI handler closes a connection outside autocommit after each request, and on
    PostgreSQL that is the test's own (SQLite's in-memory test database never closes)."""
    settings.API_RATE_ANONYMOUS = ""
    settings.API_RATE_USER = ""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def check_operations(
    operations, headers: dict[str, str] | None = None, checks: list = CHECKS
) -> list[str]:
    """Call each operation with generated requests and check the answers; returns the
    labels of the operations checked."""
    checked = []
    for result in operations.get_all_operations():
        operation = result.ok()
        cases = st.one_of(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        )

        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=cases)
        def call(case) -> None:
            # The WSGI transport asks for gzip like a browser but does not decode it.
            plain = {"Accept-Encoding": "identity", **(headers or {})}
            case.call_and_validate(checks=checks, headers=plain)

        call()
        checked.append(operation.label)
    return checked


def test_every_read_answers_as_described_and_never_fails(world):
    checked = check_operations(schema.include(method="GET"), checks=READ_CHECKS)
    assert "GET /api/v1/observations/" in checked and "GET /api/v1/targets/" in checked
    assert len(checked) >= 25


def test_every_write_answers_as_described_and_never_fails(world, umea_admin):
    key = api_token_create(user=umea_admin, name="schemathesis")[1]
    writes = schema.include(path_regex=WRITES).exclude(method="GET")
    checked = check_operations(writes, headers={"Authorization": f"Bearer {key}"})
    assert "PATCH /api/v1/observations/{id}/" in checked
    assert "POST /api/v1/actions/{id}/publish/" in checked
