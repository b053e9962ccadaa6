"""Loading what cities reported themselves (CDP-ICLEI's targets and inventories) and the
climate plans Klimatkollen lists, for the demo and the ``import_data`` command."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from indicators.demo import shared_indicators_load
from indicators.imports import ImportOutcome, import_file, municipality_list_load
from indicators.parsers import climate_plans
from indicators.services.reported import climate_plans_import

CDP_FILES = (
    "cdp/2021_Cities_Emissions_Reduction_Targets_clean_names.csv",
    "cdp/2021_City-wide_Emissions.csv",
)
PLANS_FILE = "carbon_budget/klimatkollen_climate-data_2024-11.json"


def climate_plans_file_load(path: Path, *, dry_run: bool = False) -> ImportOutcome:
    """Import the municipalities' climate plans from Klimatkollen's ``climate-data.json``
    whole or not at all."""
    return municipality_list_load(
        path,
        parse=climate_plans.parse,
        store=climate_plans_import,
        noun="klimatplaner",
        dry_run=dry_run,
    )


def reported_demo_load(data_dir: Path | None = None) -> list[ImportOutcome]:
    """The demo's reported targets and inventories (CDP-ICLEI 2021) and climate plans.
    Idempotent. The shared indicators the reported targets are followed on come first."""
    data = data_dir or settings.KLIMAT_DATA_DIR
    shared_indicators_load()
    outcomes = [
        import_file(data / name) if (data / name).exists() else _missing(data / name)
        for name in CDP_FILES
    ]
    plans = data / PLANS_FILE
    outcomes.append(climate_plans_file_load(plans) if plans.exists() else _missing(plans))
    return outcomes


def _missing(path: Path) -> ImportOutcome:
    return ImportOutcome(ok=False, message=f"Hittar inte {path}.")
