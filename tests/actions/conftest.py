"""Fixtures for the action-portfolio tests: actions made through the services."""

from __future__ import annotations

import pytest

from actions.services import CostValues, action_create


@pytest.fixture
def make_action():
    """``make_action(city, title=..., **fields)``: a published action unless
    ``publish=False``, optionally with ``costs=[CostValues(...)]``."""

    def make(city, title="Åtgärd", *, publish=True, costs=(), goals=(), by=None, **values):
        return action_create(
            city=city,
            by=by,
            values={"title": title, **values},
            costs=list(costs),
            goals=list(goals),
            publish=publish,
        )

    return make


@pytest.fixture
def cost():
    return CostValues


def words(html: str) -> str:
    """The page's words with tags dropped, no-break spaces as spaces, spacing normalised."""
    import html as html_module
    import re

    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    plain = html_module.unescape(re.sub(r"<[^>]+>", " ", plain)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)
