"""The history as people read it: each change with who, when, and old → new per field, in
words and Swedish numbers. Names of related things (indicators, sources, people) are
looked up with one query per kind of thing, however long the list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from cities import drafts
from cities.models import ChangeAction, ChangeRecord
from core.formatting import num, pct_sign
from core.i18n import gettext as _
from indicators.forms import format_number
from indicators.models import Indicator, Observation

# Bookkeeping shown by the entry itself (who, when, draft or not), never as a field.
_HIDDEN = {"pending", "id", "version", "updated_by_id", "created_at", "updated_at"}


@dataclass
class Entry:
    label: str
    old: str
    new: str


@dataclass
class HistoryRow:
    record: ChangeRecord
    action: str
    who: str
    entries: list[Entry] = field(default_factory=list)
    is_draft: bool = False
    restorable: bool = False
    item_url: str = ""
    title: str = ""


def _field(model: type[models.Model] | None, attname: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(attname)
        return field if isinstance(field, models.Field) else None  # not a reverse relation
    except FieldDoesNotExist:
        return None


def _relation_labels() -> dict[str, str]:
    # Foreign keys without a verbose name of their own, named as the workspace names them.
    return {
        "indicator": _("Indikator"),
        "goal": _("Mål"),
        "city": _("Kommun"),
        "user": _("Person"),
        "release": _("Källa"),
    }


def field_label(model: type[models.Model] | None, attname: str) -> str:
    if attname == "is_published":
        return _("Publicerad")
    if model is not None and attname in drafts.parts_of(model):
        return model.draft_part_label(attname)  # type: ignore[attr-defined]
    found = _field(model, attname)
    if found is None:
        return attname
    if found.is_relation and found.name in _relation_labels():
        return _relation_labels()[found.name]
    return str(found.verbose_name).capitalize()


def person(user: Any) -> str:
    if user is None:
        return _("Systemet")
    return user.get_full_name() or user.email or user.get_username()


def field_text(model: type[models.Model] | None, attname: str, value: Any, names: dict) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    found = _field(model, attname)
    if found is not None and found.many_to_many and isinstance(value, list):
        # A part of linked rows (an action's goals): their names.
        return ", ".join(names.get((found.related_model, pk), f"#{pk}") for pk in value) or "–"
    if model is not None and attname in drafts.parts_of(model):
        return model.draft_part_text(attname, value)  # type: ignore[attr-defined]
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        # References ({"text", "url"}): their texts, not Python's repr of the list.
        return "; ".join(str(v.get("text") or v.get("url") or "") for v in value) or "–"
    if found is not None and found.is_relation and found.concrete:
        return names.get((found.related_model, value), f"#{value}")
    if found is not None and found.choices:
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(value, int | float):
        if isinstance(found, models.PositiveSmallIntegerField | models.IntegerField):
            return str(value)  # years and orders read 2024, not 2 024
        return format_number(float(value))
    if isinstance(found, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(found, models.DateField) and isinstance(value, str):
        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def related_names(
    changes: list[tuple[type[models.Model] | None, dict[str, list[Any]]]],
) -> dict[tuple[type, Any], str]:
    """Names of every related row some changes mention, one query per related model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, pairs in changes:
        for attname, pair in pairs.items():
            found = _field(model, attname)
            related = found.related_model if found is not None else None
            if found is None or not isinstance(related, type):
                continue  # not a relation
            if found.many_to_many:
                wanted[related].update(pk for v in pair if isinstance(v, list) for pk in v)
            elif found.is_relation and found.concrete:
                wanted[related].update(v for v in pair if v is not None)
    names = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(list(ids)).items():
            names[(related, pk)] = person(obj) if hasattr(obj, "get_username") else str(obj)
    return names


def _action(record: ChangeRecord) -> tuple[str, bool]:
    pending = record.snapshot.get("pending") or []
    if record.action == ChangeAction.UPDATE and drafts.DELETE in pending:
        return _("Borttagning föreslagen (väntar på publicering)"), True
    if record.action == ChangeAction.CREATE and not record.snapshot.get("is_published", True):
        return _("Skapad som utkast"), False
    label = record.get_action_display()
    return label, bool(pending) and record.action in (ChangeAction.UPDATE, ChangeAction.RESTORE)


# A creation lists what the item was given, not the empty fields and bookkeeping.
_NOT_ON_CREATE = {"is_published", "published_at", "deleted_at", "city_id"}


def change_entries(
    model: type[models.Model] | None,
    changes: dict[str, list[Any]],
    names: dict,
    *,
    creating: bool = False,
) -> list[Entry]:
    """``{attname: [old, new]}`` as labelled, formatted entries."""
    return [
        Entry(
            label=field_label(model, attname),
            old=field_text(model, attname, pair[0], names),
            new=field_text(model, attname, pair[1], names),
        )
        for attname, pair in changes.items()
        if attname not in _HIDDEN
        and not attname.startswith("draft")
        and not (creating and (attname in _NOT_ON_CREATE or pair[1] in (None, "", [])))
    ]


def value_text(value: Any, unit: str) -> str:
    """A value with its unit as the active language writes it ("51,0 %", "1 234 t CO2e")."""
    if value is None or value == "":
        return "–"
    exact = repr(float(value))
    decimals = 0 if "e" in exact or exact.endswith(".0") else len(exact.partition(".")[2])
    if unit == "%":  # a share reads with its tenth: "51,0 %"
        return f"{num(float(value), max(1, decimals))}{pct_sign()}"
    return f"{num(float(value), decimals)} {unit}".rstrip()


def _observation_title(record: ChangeRecord, indicator: Indicator | None) -> str:
    """A change of a value in words: "Hållbara resor, andel, 2020: 51,0 % → 52,3 %" (the
    record's own label is the value's ``str()``, written for programmers)."""
    name = indicator.label if indicator is not None else _("Värde")
    unit = indicator.unit if indicator is not None else ""
    year = record.snapshot.get("year", "")
    change = record.changes.get("value")
    if record.action != ChangeAction.CREATE and change and change[0] is not None:
        return f"{name}, {year}: {value_text(change[0], unit)} → {value_text(change[1], unit)}"
    return f"{name}, {year}: {value_text(record.snapshot.get('value'), unit)}"


def _indicators_of(records: list[ChangeRecord]) -> dict[int, Indicator]:
    """The indicators of the values among ``records`` (one query, none without values)."""
    ids = {
        r.snapshot.get("indicator_id")
        for r in records
        if r.content_type.model_class() is Observation
    } - {None}
    return Indicator.objects.in_bulk(list(ids)) if ids else {}


def history_rows(records: list[ChangeRecord]) -> list[HistoryRow]:
    names = related_names([(r.content_type.model_class(), r.changes) for r in records])
    indicators = _indicators_of(records)
    result = []
    for record in records:
        model = record.content_type.model_class()
        title = (
            _observation_title(record, indicators.get(record.snapshot.get("indicator_id")))
            if model is Observation
            else record.label
        )
        action, is_draft = _action(record)
        entries = change_entries(
            model, record.changes, names, creating=record.action == ChangeAction.CREATE
        )
        result.append(
            HistoryRow(
                record=record,
                action=action,
                who=person(record.user),
                entries=entries,
                is_draft=is_draft,
                title=title,
            )
        )
    return result


def content_state(snapshot: dict[str, Any], model: type[models.Model]) -> dict[str, Any]:
    """The part of a snapshot a restore brings back (what people edit)."""
    return {k: snapshot.get(k) for k in drafts.content_keys(model)}
