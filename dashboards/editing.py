"""Saving from the pages: run the service behind a form or a button, and show why nothing
was written when it refuses.

A service refuses in one of two ways: ``StaleEdit`` (someone else saved the item after this
person opened it, see ``cities.history.save_edited``) or ``ValidationError`` (a rule). A form
page shows the form again as the person filled it in, with a rule's reasons on the fields,
or with the other person's change and the message (``attempt`` with ``form``, then
``form_again``); a button (publish, withdraw, delete, restore) says it in a message on the
page it leads back to (``button_press``). Shared by every feature that edits content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from cities.history import StaleEdit

T = TypeVar("T")


@dataclass(frozen=True)
class Saving(Generic[T]):
    """What became of one save: written (``result`` is what the service returned), or
    refused because someone else saved first (``stale``) or by a rule (``invalid``)."""

    result: T | None = None
    stale: StaleEdit | None = None
    invalid: ValidationError | None = None

    @property
    def done(self) -> bool:
        return self.stale is None and self.invalid is None

    @property
    def why(self) -> str:
        """The refusal in words ("" when it was written)."""
        if self.stale is not None:
            return str(self.stale)
        if self.invalid is not None:
            return " ".join(self.invalid.messages)
        return ""

    @property
    def status(self) -> int:
        """The status of the page showing the form again: 409 Conflict when someone else
        saved first, so that a script too can tell nothing was written."""
        return 409 if self.stale is not None else 200


def put_errors(form: Any, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names when the form has that
    field, else on the form as a whole (named like the form's own errors when the form
    names them, see ``cities.forms.NamedErrorsMixin``)."""
    add = getattr(form, "add_named_error", form.add_error)
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            for text in texts:
                add(name if name in form.fields else None, text)
    else:
        for text in error.messages:
            add(None, text)


def attempt(save: Callable[[], T], *, form: Any = None) -> Saving[T]:
    """Run ``save`` (one service call): a stale edit or a rule's refusal comes back in the
    answer instead of as an exception. With ``form``, a rule's reasons are put on it."""
    try:
        return Saving(result=save())
    except StaleEdit as exc:
        return Saving(stale=exc)
    except ValidationError as exc:
        if form is not None:
            put_errors(form, exc)
        return Saving(invalid=exc)


def form_again(form: Any, stale: StaleEdit, **form_kwargs: Any) -> Any:
    """The form as the person filled it in, now carrying the version saved meanwhile, so
    that saving again is a deliberate choice made after seeing what changed."""
    data = form.data.copy()
    # ``StaleEdit.current`` is typed as any model; it is always an ``Editable``.
    data["version"] = str(stale.current.version)  # type: ignore[attr-defined]
    again = type(form)(data, **form_kwargs)
    again.is_valid()
    return again


def button_press(
    request: HttpRequest,
    act: Callable[[], T],
    *,
    stale: str = "%(error)s",
    invalid: str = "%(why)s",
) -> Saving[T]:
    """Do what a button asks and, when it is refused, say why in an error message on the
    page the person is sent back to. ``stale`` and ``invalid`` word the message around
    the refusal (``%(error)s``: who saved meanwhile; ``%(why)s``: the rule's reasons)."""
    saving = attempt(act)
    if saving.stale is not None:
        messages.error(request, stale % {"error": saving.stale})
    elif saving.invalid is not None:
        messages.error(request, invalid % {"why": saving.why})
    return saving
