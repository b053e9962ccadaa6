"""Template helpers for the workspace forms and lists."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from indicators.forms import format_number

register = template.Library()


@register.filter
def exact(value: float | None) -> str:
    """A number in Swedish format with every decimal kept ("1 234,5")."""
    return format_number(value) if value is not None else "–"


@register.filter
def widget(field: BoundField) -> SafeString:
    """The field's input, tied to its help text and error message for screen readers."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    attrs: dict[str, str | bool] = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_choice_group(field: BoundField) -> bool:
    return getattr(field.field.widget, "input_type", "") in ("radio",) or (
        field.field.widget.__class__.__name__ == "CheckboxSelectMultiple"
    )


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return getattr(field.field.widget, "input_type", "") == "checkbox"


@register.filter
def error_pairs(form) -> list[tuple[str, str]]:
    """(field id, message) for the error summary at the top of any form; each message
    names its field, Django's own forms' messages included."""
    pairs = []
    for name, errors in form.errors.items():
        anchor, label = "", ""
        if name in form.fields:
            anchor = form[name].id_for_label
            label = str(form.fields[name].label or "")
        for message in errors:
            text = str(message)
            if label and not text.startswith(f"{label}:"):
                text = f"{label}: {text[:1].lower()}{text[1:]}"
            pairs.append((anchor, text))
    return pairs


@register.filter
def describe(item) -> str:
    """A short name for an item of any kind, as the workspace's lists show it."""
    from dashboards.workspace.kinds import describe as describe_item

    return describe_item(item)
