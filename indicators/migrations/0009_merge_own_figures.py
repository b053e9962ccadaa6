"""Data migration: every value a city recorded itself moves into the one source of the
cities' own figures ("Kommunens egna uppgifter").

Before, each hand-entered source name (releases ``kommun-<code>``) and each uploaded
template file (releases ``template``, "Uppladdad fil x.csv") was a release of its own,
so a corrected delivery added a second value for the same year. Now:

- the value's reference (the document it comes from) is the hand-entered source's name,
  or the template's ``Källa`` (which the import wrote as "Källa: X." at the start of the
  note; it is taken out of the note);
- where several alive values remain for one city, indicator and year, the newest (last
  changed, then highest id) is kept and the others are deleted softly, each deletion
  recorded in the history with the value it was merged into;
- import jobs point at the new source; the emptied releases are removed.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.db import migrations
from django.utils import timezone

OWN_SOURCE = "kommun"
OWN_RELEASE_NAME = "Kommunens egna uppgifter"
_SOURCE_IN_NOTE = re.compile(r"^Källa: (?P<source>.+?)\.(?:\s+|$)(?P<rest>.*)$", re.S)


def _is_old_own(source: str) -> bool:
    return source == "template" or source.startswith("kommun-")


def _reference_and_note(release, note: str) -> tuple[str, str]:
    if release.source == "template":
        found = _SOURCE_IN_NOTE.match(note or "")
        if found:
            return found["source"][:500], found["rest"]
        return "", note
    return " ".join(release.name.split())[:500], note


def merge_own_figures(apps, schema_editor=None) -> int:
    """Move the cities' own values into one source; returns how many were merged away."""
    SourceRelease = apps.get_model("indicators", "SourceRelease")
    Observation = apps.get_model("indicators", "Observation")
    ImportJob = apps.get_model("indicators", "ImportJob")
    ChangeRecord = apps.get_model("cities", "ChangeRecord")
    ContentType = apps.get_model("contenttypes", "ContentType")

    old = [r for r in SourceRelease.objects.filter(substance="") if _is_old_own(r.source)]
    if not old:
        return 0
    own, _created = SourceRelease.objects.get_or_create(
        source=OWN_SOURCE,
        name=OWN_RELEASE_NAME,
        substance="",
        defaults={"publisher": OWN_RELEASE_NAME},
    )
    old_ids = {r.pk: r for r in old}
    values = list(
        Observation.objects.filter(release_id__in=[*old_ids, own.pk]).order_by("pk")
    )
    for value in values:
        if value.release_id in old_ids:
            value.reference, value.note = _reference_and_note(
                old_ids[value.release_id], value.note
            )
            value.release_id = own.pk
    groups: dict[tuple[int, int, int], list] = defaultdict(list)
    for value in values:
        if value.deleted_at is None:
            groups[(value.indicator_id, value.city_id, value.year)].append(value)
    now = timezone.now()
    content_type, _created = ContentType.objects.get_or_create(
        app_label="indicators", model="observation"
    )
    history = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda v: (v.updated_at, v.pk))
        kept = group[-1]
        for merged in group[:-1]:
            merged.deleted_at = now
            merged.version += 1
            history.append(
                ChangeRecord(
                    content_type=content_type,
                    object_id=merged.pk,
                    city_id=merged.city_id,
                    action="delete",
                    at=now,
                    user=None,
                    label=(
                        f"{merged.year} = {merged.value}: sammanslaget med värde "
                        f"#{kept.pk} ({kept.value}) i kommunens egna uppgifter"
                    )[:300],
                    changes={
                        "deleted_at": [None, now.isoformat()],
                        "merged_into": [None, kept.pk],
                    },
                    snapshot={
                        "id": merged.pk,
                        "year": merged.year,
                        "value": merged.value,
                        "reference": merged.reference,
                        "deleted_at": now.isoformat(),
                        "merged_into": kept.pk,
                    },
                    version=merged.version,
                )
            )
    # The soft deletions first: the natural key holds for alive values only.
    deleted = [v for v in values if v.deleted_at == now]
    Observation.objects.bulk_update(deleted, ["deleted_at", "version"], batch_size=1000)
    Observation.objects.bulk_update(
        values, ["release", "reference", "note"], batch_size=1000
    )
    ChangeRecord.objects.bulk_create(history, batch_size=1000)
    ImportJob.objects.filter(release_id__in=list(old_ids)).update(release=own)
    SourceRelease.objects.filter(pk__in=list(old_ids)).delete()
    return len(deleted)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_one_source_per_value_and_plausibility"),
        ("cities", "0006_move_contracts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(merge_own_figures, migrations.RunPython.noop)]
