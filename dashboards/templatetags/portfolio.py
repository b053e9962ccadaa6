"""Template helpers of the portfolio pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    """``mapping[key]`` for keys a template cannot reach with a dot ("glapp-sektor")."""
    return mapping.get(key)
