"""Loading carbon budgets (utsläppsutrymme) and the inventory they are followed on.

Klimatkollen's budgets are fossil CO2 only, so following one needs SMHI's CO2
inventory beside the greenhouse-gas (GGT) one; ``load_demo_data`` imports that inventory
before it calls ``carbon_budget_demo_load``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cities.models import City
from indicators.imports import ImportOutcome, municipality_list_load
from indicators.parsers import carbon_budget
from indicators.services.budgets import carbon_budgets_import

BUDGET_FILE = "carbon_budget/klimatkollen_climate-data_2024-11.json"


def carbon_budget_file_load(path: Path, *, dry_run: bool = False) -> ImportOutcome:
    """Import a carbon-budget file (Klimatkollen's ``climate-data.json``) whole or not at
    all, with the same kind of report as ``indicators.imports.import_file``."""
    if not City.objects.exists():
        return ImportOutcome(
            ok=False,
            message="Inga kommuner finns i databasen; kör först `manage.py load_reference_data`.",
        )
    return municipality_list_load(
        path,
        parse=carbon_budget.parse,
        store=carbon_budgets_import,
        noun="koldioxidbudgetar",
        dry_run=dry_run,
    )


def carbon_budget_demo_load(data_dir: Path | None = None) -> ImportOutcome:
    """The demo's carbon budgets: Klimatkollen's allocation. Idempotent."""
    path = (data_dir or settings.KLIMAT_DATA_DIR) / BUDGET_FILE
    if not path.exists():
        return ImportOutcome(ok=False, message=f"Hittar inte {path}.")
    return carbon_budget_file_load(path)
