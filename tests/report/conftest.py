"""Fixtures of the progress report tests: Umeå with its real emissions, goals, contract
(the seed's 2024 version) and demo actions, and a few follow-ups entered for the test."""

from __future__ import annotations

import html
import re

import pytest

from contracts.models import Commitment
from contracts.services import commitment_follow_up_save

NBSP = "\u00a0"

#: Follow-ups entered for the tests (plainly test data, never shown as real).
DONE_COMMENT = "Testkommentar: mobilitetsarbetet är genomfört enligt plan."
DRAFT_COMMENT = "Utkast som aldrig får synas i en rapport."


@pytest.fixture
def report_media(settings, tmp_path):
    """Saved reports' PDFs go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def umea_report(
    umea_emissions,
    umea_goals,
    umea_consumption,
    umea_contracts,
    umea,
    umea_admin,
    umea_officer,
    staff_user,
):
    """Umeå as the report reads it: emissions, goals, consumption-based emissions (SEI),
    the contract versions, the demo actions, and for 2024 a published follow-up of 3.9
    (done) and of 4.1 (ongoing), and an officer's unpublished draft for 3.1."""
    return umea_report_load(
        umea,
        contracts=umea_contracts,
        admin=umea_admin,
        officer=umea_officer,
        staff=staff_user,
    )


def umea_report_load(umea, *, contracts, admin, officer, staff):
    """The demo actions and the follow-ups of ``umea_report`` (the rest loaded)."""
    from actions.demo import umea_actions_load

    umea_actions_load()
    version = contracts[2024]
    mobility = Commitment.objects.get(section__contract=version, number="3.9", party="city")
    coordination = Commitment.objects.get(section__contract=version, number="4.1")
    goals = Commitment.objects.get(section__contract=version, number="3.1", party="city")
    commitment_follow_up_save(
        commitment=mobility,
        year=2024,
        status="done",
        comment=DONE_COMMENT,
        publish=True,
        by=admin,
    )
    commitment_follow_up_save(
        commitment=coordination, year=2024, status="ongoing", publish=True, by=staff
    )
    commitment_follow_up_save(
        commitment=goals, year=2024, status="dropped", comment=DRAFT_COMMENT, by=officer
    )
    return umea


def words(content: bytes | str) -> str:
    """The page's words with tags dropped, entities decoded, no-break spaces kept as
    no-break spaces (Swedish numbers are grouped with them) and spacing normalised."""
    text = content.decode() if isinstance(content, bytes) else content
    text = re.sub(r"<(script|style|svg).*?</\1>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return re.sub(r"[ \t\r\n]+", " ", text)
