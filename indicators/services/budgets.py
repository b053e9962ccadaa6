"""Carbon budgets (utsläppsutrymme) of the municipalities, as one release allocates them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from cities.models import City
from cities.services import UpsertCounts
from core.cache import bump_generation
from indicators.models import CarbonBudget
from indicators.parsers.base import ReleaseInfo, RowError
from indicators.parsers.carbon_budget import CarbonBudgetRecord
from indicators.services.importing import (
    BATCH_SIZE,
    ImportRejected,
    ImportResult,
    release_get_or_create,
)


@transaction.atomic
def carbon_budgets_import(
    *, release_info: ReleaseInfo, rows: Iterable[object], dry_run: bool = False
) -> ImportResult:
    """Upsert municipalities' carbon budgets (utsläppsutrymme) of one release by their
    natural key (release, municipality).

    ``rows`` are ``CarbonBudgetRecord``s and ``RowError``s from
    ``indicators.parsers.carbon_budget``. Any rejected row means nothing is written and
    ``ImportRejected`` lists every problem. Re-importing the same file changes nothing.
    """
    cities = dict(City.objects.values_list("code", "pk"))
    errors: list[RowError] = []
    warnings: list[RowError] = []
    records: list[CarbonBudgetRecord] = []
    rows_read = 0
    for record in rows:
        rows_read += 1
        if isinstance(record, RowError):
            (errors if record.is_error else warnings).append(record)
        elif isinstance(record, CarbonBudgetRecord):
            if record.municipality_code not in cities:
                errors.append(
                    RowError(
                        release_info.name,
                        record.row,
                        None,
                        f"Okänd kommunkod {record.municipality_code}.",
                    )
                )
            else:
                records.append(record)
    if errors:
        raise ImportRejected(errors)
    release = release_get_or_create(info=release_info)
    existing = {b.city_id: b for b in CarbonBudget.objects.filter(release=release)}
    counts = UpsertCounts()
    to_create: list[CarbonBudget] = []
    to_update: list[CarbonBudget] = []
    for record in records:
        city_id = cities[record.municipality_code]
        values = {
            "substance": record.substance,
            "amount": record.tonnes,
            "start_year": record.start_year,
            "end_year": record.end_year,
        }
        found = existing.get(city_id)
        if found is None:
            to_create.append(CarbonBudget(release=release, city_id=city_id, **values))
            counts += UpsertCounts(created=1)
        elif any(getattr(found, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(found, field, value)
            to_update.append(found)
            counts += UpsertCounts(updated=1)
        else:
            counts += UpsertCounts(unchanged=1)
    CarbonBudget.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    CarbonBudget.objects.bulk_update(
        to_update, ["substance", "amount", "start_year", "end_year"], batch_size=BATCH_SIZE
    )
    result = ImportResult(release=release, counts=counts, rows_read=rows_read, warnings=warnings)
    if dry_run:
        transaction.set_rollback(True)
    elif counts.created or counts.updated:
        bump_generation()
    return result
