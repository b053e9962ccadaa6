"""Helpers of the action-portfolio tests (actions are made by ``action_factory``)."""

from __future__ import annotations


def words(html: str) -> str:
    """The page's words with tags dropped, no-break spaces as spaces, spacing normalised."""
    import html as html_module
    import re

    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    plain = html_module.unescape(re.sub(r"<[^>]+>", " ", plain)).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", plain)
