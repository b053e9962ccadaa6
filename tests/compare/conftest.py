"""Helpers of the comparison tests; the fixtures are in ``tests/compare_data.py``."""

from __future__ import annotations

import html
import re

URL = "/programkontoret/jamfor/"


def words(content: bytes | str) -> str:
    """The page's words with tags dropped, entities decoded, spacing normalised."""
    text = content.decode() if isinstance(content, bytes) else content
    plain = re.sub(r"<script.*?</script>", " ", text, flags=re.S)
    plain = re.sub(r"<style.*?</style>", " ", plain, flags=re.S)
    plain = html.unescape(re.sub(r"<[^>]+>", " ", plain)).replace("\u00a0", " ")
    plain = plain.replace("\u00ad", "")  # soft hyphens: invisible unless a word breaks
    return re.sub(r"\s+", " ", plain)


def table_rows(content: bytes) -> list[str]:
    """The comparison table's rows as text, in order (without the link to each city's
    staff notes, which every row has)."""
    text = content.decode()
    start = text.index('id="jamfor-tabell"')
    body = text[text.index("<tbody>", start) : text.index("</tbody>", start)]
    body = re.sub(r'<a class="notes-link".*?</a>', "", body, flags=re.S)
    return [words(row).strip() for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]
