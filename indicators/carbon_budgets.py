"""Loading carbon budgets (utsläppsutrymme) and the inventory they are followed on.

Klimatkollen's budgets are fossil CO2 only, so following one needs SMHI's CO2
inventory beside the greenhouse-gas (GGT) one; ``load_demo_data`` imports that inventory
before it calls ``carbon_budget_demo_load``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cities.models import City
from indicators.imports import ImportOutcome
from indicators.parsers import carbon_budget
from indicators.parsers.base import ParseError
from indicators.services.budgets import carbon_budgets_import
from indicators.services.importing import ImportRejected

BUDGET_FILE = "carbon_budget/klimatkollen_climate-data_2024-11.json"


def carbon_budget_file_load(path: Path, *, dry_run: bool = False) -> ImportOutcome:
    """Import a carbon-budget file (Klimatkollen's ``climate-data.json``) whole or not at
    all, with the same kind of report as ``indicators.imports.import_file``."""
    municipalities = dict(City.objects.values_list("code", "name"))
    if not municipalities:
        return ImportOutcome(
            ok=False,
            message="Inga kommuner finns i databasen; kör först `manage.py load_reference_data`.",
        )
    try:
        with path.open("rb") as fileobj:
            parsed = carbon_budget.parse(
                fileobj,
                filename=path.name,
                municipalities=municipalities,
                max_bytes=settings.IMPORT_MAX_BYTES,
            )
            result = carbon_budgets_import(
                release_info=parsed.release, rows=parsed.rows(), dry_run=dry_run
            )
    except ParseError as exc:
        return ImportOutcome(ok=False, message="Filen kunde inte läsas.", errors=[exc.error])
    except ImportRejected as exc:
        return ImportOutcome(
            ok=False,
            message=f"{path.name}: {len(exc.errors)} rader avvisades; ingenting har skrivits.",
            errors=exc.errors,
        )
    counts = result.counts
    return ImportOutcome(
        ok=True,
        result=result,
        message=(
            f"{path.name} ({result.release.name if result.release else ''}): "
            f"{counts.created} nya, {counts.updated} "
            f"ändrade, {counts.unchanged} oförändrade koldioxidbudgetar."
        ),
    )


def carbon_budget_demo_load(data_dir: Path | None = None) -> ImportOutcome:
    """The demo's carbon budgets: Klimatkollen's allocation. Idempotent."""
    path = (data_dir or settings.KLIMAT_DATA_DIR) / BUDGET_FILE
    if not path.exists():
        return ImportOutcome(ok=False, message=f"Hittar inte {path}.")
    return carbon_budget_file_load(path)
