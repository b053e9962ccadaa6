"""Loading what cities reported themselves (CDP-ICLEI's targets and inventories) and the
climate plans Klimatkollen lists, for the demo and the ``import_data`` command."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from cities.models import City
from indicators.demo import shared_indicators_load
from indicators.imports import ImportOutcome, import_file
from indicators.parsers import climate_plans
from indicators.parsers.base import ParseError
from indicators.services.importing import ImportRejected
from indicators.services.reported import climate_plans_import

CDP_FILES = (
    "cdp/2021_Cities_Emissions_Reduction_Targets_clean_names.csv",
    "cdp/2021_City-wide_Emissions.csv",
)
PLANS_FILE = "carbon_budget/klimatkollen_climate-data_2024-11.json"


def climate_plans_file_load(path: Path, *, dry_run: bool = False) -> ImportOutcome:
    """Import the municipalities' climate plans from Klimatkollen's ``climate-data.json``
    whole or not at all."""
    municipalities = dict(City.objects.values_list("code", "name"))
    try:
        with path.open("rb") as fileobj:
            parsed = climate_plans.parse(
                fileobj,
                filename=path.name,
                municipalities=municipalities,
                max_bytes=settings.IMPORT_MAX_BYTES,
            )
            result = climate_plans_import(
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
            f"{path.name}: {counts.created} nya, {counts.updated} ändrade, "
            f"{counts.unchanged} oförändrade klimatplaner."
        ),
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
