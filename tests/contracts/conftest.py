"""Fixtures of the contract tests."""

from __future__ import annotations

import re

import pytest

from tests.contracts.builders import load_umea_contracts, make_two_versions

NBSP = "\u00a0"


@pytest.fixture
def umea_contracts(municipalities):
    """Umeå's versions 2020, 2021, 2022 (empty) and 2024 (from the seed), by year."""
    return load_umea_contracts()


@pytest.fixture
def malmo_versions(malmo):
    """Two small hand-written test versions (2023, 2024) in Malmö's name."""
    return make_two_versions(malmo)


def words(html: str) -> str:
    """The page's words with tags dropped and spacing normalised."""
    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain).replace(NBSP, " ")
    plain = plain.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", plain)
