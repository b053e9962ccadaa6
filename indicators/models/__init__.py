"""What is measured: indicators, their values per city and year, emission inventories,
carbon budgets, targets, and the jobs that import them. One module per concern; Django
finds the models (and the migrations their names, e.g. ``import_upload_path``) here.
"""

from indicators.models.choices import (
    Direction,
    ImportJobOrigin,
    ImportJobStatus,
    JudgedOn,
    ObservationStatus,
    PathwayKind,
    TargetKind,
)
from indicators.models.emissions import (
    CarbonBudget,
    CarbonBudgetQuerySet,
    EmissionRow,
    EmissionTotal,
)
from indicators.models.imports import ImportJob, ImportJobQuerySet, import_upload_path
from indicators.models.indicators import (
    FIRST_YEAR,
    LAST_YEAR,
    YEAR_VALIDATORS,
    Indicator,
    IndicatorQuerySet,
    Observation,
    ObservationQuerySet,
    SourceRelease,
)
from indicators.models.reported import (
    ClimatePlan,
    ReportedInventory,
    ReportedTarget,
    ReportedTargetType,
)
from indicators.models.targets import Target, TargetQuerySet
from indicators.parsers.base import OWN_RELEASE_NAME, OWN_SOURCE

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "OWN_RELEASE_NAME",
    "OWN_SOURCE",
    "YEAR_VALIDATORS",
    "CarbonBudget",
    "CarbonBudgetQuerySet",
    "ClimatePlan",
    "Direction",
    "EmissionRow",
    "EmissionTotal",
    "ImportJob",
    "ImportJobOrigin",
    "ImportJobQuerySet",
    "ImportJobStatus",
    "Indicator",
    "IndicatorQuerySet",
    "JudgedOn",
    "Observation",
    "ObservationQuerySet",
    "ObservationStatus",
    "PathwayKind",
    "ReportedInventory",
    "ReportedTarget",
    "ReportedTargetType",
    "SourceRelease",
    "Target",
    "TargetKind",
    "TargetQuerySet",
    "import_upload_path",
]
