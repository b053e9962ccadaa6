"""Helpers of the contract tests; their fixtures (``umea_contracts``, ``malmo_versions``)
are in ``tests/conftest.py``."""

from __future__ import annotations

import re

NBSP = "\u00a0"


def words(html: str) -> str:
    """The page's words with tags dropped and spacing normalised."""
    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    plain = re.sub(r"<[^>]+>", " ", plain).replace(NBSP, " ")
    plain = plain.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return re.sub(r"\s+", " ", plain)
