"""The sources the API credits for a city's own content (goals, actions, follow-ups)."""

from __future__ import annotations

from core.api.sources import credit


def city_credits(items, *, reference: str = "source_reference") -> list[dict[str, str]]:
    """The sources of a city's own content: the city, and what it cites (e.g. "Klimatkontrakt
    2030 Umeå (version 2024), avsnitt 3.1"), each once."""
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for item in items:
        key = (item.city.name, getattr(item, reference, "") or "")
        if key not in seen:
            seen[key] = credit(*key)
    return list(seen.values())
