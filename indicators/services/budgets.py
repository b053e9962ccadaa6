"""Carbon budgets (utsläppsutrymme) of the municipalities, as one release allocates them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from indicators.models import CarbonBudget, SourceRelease
from indicators.parsers.base import ReleaseInfo, RowError
from indicators.parsers.carbon_budget import CarbonBudgetRecord
from indicators.services.importing import BATCH_SIZE, ImportResult, Ledger, release_get_or_create


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
    ledger = Ledger.start(file=release_info.name, skip_rejected=False, allowed_city_ids=None)
    records = _budget_records(rows, ledger)
    ledger.check()
    release = release_get_or_create(info=release_info)
    _budgets_upsert(records, ledger, release)
    return ledger.finish(release, dry_run=dry_run)


def _budget_records(rows: Iterable[object], ledger: Ledger) -> list[CarbonBudgetRecord]:
    """The file's budgets of known municipalities; every problem noted in ``ledger``."""
    records: list[CarbonBudgetRecord] = []
    for record in rows:
        ledger.rows_read += 1
        if isinstance(record, RowError):
            ledger.note(record)
        elif isinstance(record, CarbonBudgetRecord):
            if record.municipality_code in ledger.cities:
                records.append(record)
            else:
                message = f"Okänd kommunkod {record.municipality_code}."
                ledger.errors.append(RowError(ledger.file, record.row, None, message))
    return records


def _budgets_upsert(
    records: list[CarbonBudgetRecord], ledger: Ledger, release: SourceRelease
) -> None:
    """Create, change or leave each municipality's budget in ``release``."""
    existing = {b.city_id: b for b in CarbonBudget.objects.filter(release=release)}
    to_create: list[CarbonBudget] = []
    to_update: list[CarbonBudget] = []
    for record in records:
        city_id = ledger.cities[record.municipality_code][0]
        values = {
            "substance": record.substance,
            "amount": record.tonnes,
            "start_year": record.start_year,
            "end_year": record.end_year,
        }
        found = existing.get(city_id)
        if found is None:
            to_create.append(CarbonBudget(release=release, city_id=city_id, **values))
            ledger.created += 1
        elif any(getattr(found, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(found, field, value)
            to_update.append(found)
            ledger.updated += 1
        else:
            ledger.unchanged += 1
    CarbonBudget.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    CarbonBudget.objects.bulk_update(
        to_update, ["substance", "amount", "start_year", "end_year"], batch_size=BATCH_SIZE
    )
