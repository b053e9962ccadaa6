"""The progress engine: for every target of every city, "are we on track, and if not, by
how much?"

Pure Python over plain dataclasses (no Django, no ORM), so selectors feed it and
figure builders and templates read its output. Start with ``assess``; the status rules
are in ``indicators.progress.rules``, the documented decisions in
``indicators.progress.assessment``.

    from indicators.progress import Series, TargetKind, TargetSpec, assess

    target = TargetSpec(TargetKind.PERCENT_CHANGE, 2040, value=-85, base_year=1990, unit="t")
    result = assess(target, Series.from_mapping({1990: 481_807.23, 2024: 365_009.52}))
    result.status, result.explanation, result.to_dict()
"""

from indicators.progress.assessment import DEFAULT_WINDOW, Judged, assess, judge, quoted_rates
from indicators.progress.budget import BudgetAssessment, assess_budget, cumulative_emissions
from indicators.progress.formatting import (
    format_level_sv,
    format_number_en,
    format_number_sv,
    format_percent_en,
    format_percent_sv,
)
from indicators.progress.model import (
    CarbonBudget,
    Direction,
    PathwayKind,
    Reason,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    Wording,
)
from indicators.progress.nowcast import Nowcast, NowcastOutcome, nowcast
from indicators.progress.pathways import (
    BudgetPathway,
    ConstantRatePathway,
    LinearPathway,
    Pathway,
    constant_rate_pct,
    make_pathway,
    solve_budget_factor,
)
from indicators.progress.result import Assessment
from indicators.progress.rules import MIN_TREND_POINTS, meets
from indicators.progress.series import (
    DataPoint,
    ObservationStatus,
    Series,
    level_floor,
    net_series,
    per_person_series,
)
from indicators.progress.trend import TrendFit, fit_trend, student_t_quantile

__all__ = [
    "DEFAULT_WINDOW",
    "MIN_TREND_POINTS",
    "Assessment",
    "BudgetAssessment",
    "BudgetPathway",
    "CarbonBudget",
    "ConstantRatePathway",
    "DataPoint",
    "Direction",
    "Judged",
    "LinearPathway",
    "Nowcast",
    "NowcastOutcome",
    "ObservationStatus",
    "Pathway",
    "PathwayKind",
    "Reason",
    "Series",
    "Status",
    "TargetKind",
    "TargetSpec",
    "TrendFit",
    "TrendModel",
    "Wording",
    "assess",
    "assess_budget",
    "constant_rate_pct",
    "cumulative_emissions",
    "fit_trend",
    "format_level_sv",
    "format_number_en",
    "format_number_sv",
    "format_percent_en",
    "format_percent_sv",
    "judge",
    "level_floor",
    "make_pathway",
    "meets",
    "net_series",
    "nowcast",
    "per_person_series",
    "quoted_rates",
    "solve_budget_factor",
    "student_t_quantile",
]
