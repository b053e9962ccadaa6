"""The reporting exports, built from ``ReportingData``: rows and files, nothing read here.

- ``gcom_inventory_xlsx``: the territorial inventory in the shape of the Global Covenant
  of Mayors' Common Reporting Framework (GPC reference numbers, scopes 1–3, BASIC and
  BASIC+), NED placed by ``indicators.gpc``;
- ``cdp_csv``: inventory, targets (type, base year) and actions, ready for CDP-ICLEI Track;
- ``eu_contract_xlsx``: the EU Climate City Contract's 2030 commitments, action plan and
  investment plan;
- ``esrs_rows`` / ``esrs_xlsx``: CSRD/ESRS E1 for the municipal organisation's own
  emissions, from the organisation-scope values the city has entered.

Each file states its sources and data year. Framework files are in English, the
language the frameworks report in; the names and texts are the city's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from actions.dates import format_partial_date
from actions.models import sector_name
from cities.models import Scope
from core.downloads import Sheet, csv_bytes, xlsx_bytes
from dashboards.reporting.data import ReportingData
from indicators.gpc import GPC_CATEGORIES, GpcInventory
from indicators.models import Indicator, Target, TargetKind

TOOL = "Klimatkontrakt 2030 – uppföljning"
MAPPING = "NED → GPC mapping: indicators/gpc.py, documented in docs/gpc-mapping.md"
NOT_ESTIMATED = "NE"
NE_NOTE = (
    "NE = not estimated: Nationella emissionsdatabasen is a territorial inventory (scope 1); "
    "scope 2 and scope 3 are not in it."
)
GPC_SECTORS = {
    "I": "Stationary energy",
    "II": "Transportation",
    "III": "Waste",
    "IV": "Industrial processes and product use (IPPU)",
    "V": "Agriculture, forestry and other land use (AFOLU)",
}
#: How CDP-ICLEI Track names the kinds of target.
CDP_TARGET_TYPES: dict[str, str] = {
    TargetKind.PERCENT_CHANGE: "Base year target",
    TargetKind.ABSOLUTE: "Fixed level target",
    TargetKind.PER_PERSON: "Base year intensity target",
    TargetKind.NET_ZERO: "Net-zero target",
    TargetKind.SHARE: "Other (share)",
    TargetKind.DECREASE: "Other (direction only, no number)",
}
CDP_BOUNDARY: dict[str, str] = {
    Scope.AREA: "City-wide",
    Scope.ORGANISATION: "Local government operations",
}


def _basis(reference: str) -> str:
    category = GPC_CATEGORIES[reference]
    if category.in_basic:
        return "BASIC"
    return "BASIC+" if category.in_basic_plus else "Reported only"


def about_rows(data: ReportingData, title: str, extra: Sequence[list[Any]] = ()) -> list[list[Any]]:
    return [
        [title],
        ["City", data.city.name],
        ["Municipality code", data.city.code],
        ["Inventory year", data.year],
        ["Emissions source", data.source or "none"],
        ["Goals, targets and actions", f"{TOOL}: published by {data.city.name}"],
        *extra,
        ["Made", date.today().isoformat()],
    ]


# --- GCoM Common Reporting Framework -----------------------------------------------------

GCOM_HEADER = [
    "GPC ref. no.",
    "Sector",
    "Sub-sector",
    "Scope 1 (t CO2e)",
    "Scope 2 (t CO2e)",
    "Scope 3 (t CO2e)",
    "Counts in",
    "From NED (sector / subsector)",
]


def gcom_rows(inventory: GpcInventory) -> list[list[Any]]:
    rows: list[list[Any]] = [GCOM_HEADER]
    for line in inventory.lines:
        category = line.category
        rows.append(
            [
                line.reference,
                GPC_SECTORS[line.reference.split(".")[0]],
                category.name,
                round(line.tonnes, 1),
                NOT_ESTIMATED,
                NOT_ESTIMATED,
                _basis(line.reference),
                "; ".join(line.sources),
            ]
        )
    rows += [
        ["", "BASIC (scope 1 only)", "", round(inventory.basic, 1)],
        ["", "BASIC+ (scope 1 only)", "", round(inventory.basic_plus, 1)],
        ["", "Total territorial emissions (NED)", "", round(inventory.total, 1)],
    ]
    return rows


def gcom_inventory_xlsx(data: ReportingData) -> bytes:
    assert data.inventory is not None
    rows = gcom_rows(data.inventory)
    about = about_rows(
        data,
        "Global Covenant of Mayors – Common Reporting Framework: emission inventory",
        [["Mapping", MAPPING], ["Notation keys", NE_NOTE]],
    )
    return xlsx_bytes(
        [
            Sheet(
                "Inventory",
                rows,
                heading_rows=(1,),
                freeze="A2",
                widths={"B": 30, "C": 40, "H": 60},
            ),
            Sheet("About", about, heading_rows=(1,), widths={"A": 28, "B": 80}),
        ]
    )


# --- CDP-ICLEI Track --------------------------------------------------------------------

CDP_HEADER = [
    "section",
    "reference",
    "description",
    "boundary_or_scope",
    "base_year",
    "year",
    "value",
    "unit",
    "type",
    "source",
]


def _target_rows(data: ReportingData) -> list[list[Any]]:
    rows = []
    for goal in data.goals:
        for target in goal.targets.all():
            indicator: Indicator = target.indicator
            rows.append(
                [
                    "target",
                    f"target-{target.pk}",
                    f"{goal.title} ({indicator.name})",
                    CDP_BOUNDARY.get(goal.scope, goal.scope),
                    target.base_year,
                    target.target_year,
                    target.target_value,
                    "%" if target.kind == TargetKind.PERCENT_CHANGE else indicator.unit,
                    CDP_TARGET_TYPES.get(target.kind, target.kind),
                    goal.source_reference,
                ]
            )
    return rows


def cdp_rows(data: ReportingData) -> list[list[Any]]:
    rows: list[list[Any]] = [CDP_HEADER]
    for name, value in about_rows(data, "CDP-ICLEI Track: inventory, targets and actions")[1:]:
        rows.append(["about", name, value, "", "", "", "", "", "", ""])
    if data.inventory is not None:
        for line in data.inventory.lines:
            rows.append(
                [
                    "inventory",
                    line.reference,
                    line.category.name,
                    f"Scope {line.scope}",
                    "",
                    data.year,
                    round(line.tonnes, 1),
                    "t CO2e",
                    _basis(line.reference),
                    data.source,
                ]
            )
        for label, value in (
            ("BASIC", data.inventory.basic),
            ("BASIC+", data.inventory.basic_plus),
            ("TOTAL", data.inventory.total),
        ):
            rows.append(
                [
                    "inventory",
                    label,
                    "Total, scope 1 only" if label != "TOTAL" else "Total territorial emissions",
                    "Scope 1",
                    "",
                    data.year,
                    round(value, 1),
                    "t CO2e",
                    "total",
                    data.source,
                ]
            )
    rows += _target_rows(data)
    for action in data.actions:
        rows.append(
            [
                "action",
                f"action-{action.pk}",
                action.title,
                sector_name(action.sector),
                "",
                action.effect_from_year,
                action.expected_reduction,
                "t CO2e/year",
                action.get_status_display(),
                action.source_reference,
            ]
        )
    return rows


def cdp_csv(data: ReportingData) -> bytes:
    return csv_bytes(cdp_rows(data), bom=True)


# --- EU Climate City Contract -------------------------------------------------------------

COMMITMENT_HEADER = [
    "Goal",
    "Boundary",
    "Goal year",
    "Indicator",
    "Target type",
    "Base year",
    "Base value",
    "Target year",
    "Target value",
    "Unit",
    "Decided by",
    "Decided on",
    "Source",
]
ACTION_HEADER = [
    "Action",
    "Sector",
    "Kind",
    "Status",
    "Stage",
    "Start",
    "End",
    "Owner",
    "Expected reduction (t CO2e/year)",
    "Low",
    "High",
    "From year",
    "Goals",
]
INVESTMENT_HEADER = [
    "Action",
    "Year",
    "Investment (SEK)",
    "Operating cost (SEK)",
    "Funding source",
    "Funding status",
]


def commitment_rows(data: ReportingData) -> list[list[Any]]:
    rows: list[list[Any]] = [COMMITMENT_HEADER]
    for goal in data.goals:
        targets: list[Target | None] = [*goal.targets.all()] or [None]
        for target in targets:
            rows.append(
                [
                    goal.title,
                    CDP_BOUNDARY.get(goal.scope, goal.scope),
                    goal.target_year,
                    target.indicator.name if target else "",
                    target.get_kind_display() if target else "",
                    target.base_year if target else None,
                    target.base_value if target else None,
                    target.target_year if target else None,
                    target.target_value if target else None,
                    target.indicator.unit if target else "",
                    goal.decided_by,
                    goal.decided_on.isoformat() if goal.decided_on else "",
                    goal.source_reference,
                ]
            )
    return rows


def action_rows(data: ReportingData) -> list[list[Any]]:
    rows: list[list[Any]] = [ACTION_HEADER]
    for a in data.actions:
        rows.append(
            [
                a.title,
                sector_name(a.sector),
                a.get_kind_display(),
                a.get_status_display(),
                a.get_stage_display() if a.stage else "",
                format_partial_date(a.start_date, a.start_precision),
                format_partial_date(a.end_date, a.end_precision),
                a.responsible_body,
                a.expected_reduction,
                a.expected_reduction_low,
                a.expected_reduction_high,
                a.effect_from_year,
                "; ".join(g.title for g in a.goals.all()),
            ]
        )
    return rows


def investment_rows(data: ReportingData) -> list[list[Any]]:
    rows: list[list[Any]] = [INVESTMENT_HEADER]
    investment = operating = 0
    for a in data.actions:
        for cost in a.costs.all():
            investment += cost.investment_sek or 0
            operating += cost.operating_sek or 0
            rows.append(
                [
                    a.title,
                    cost.year,
                    cost.investment_sek,
                    cost.operating_sek,
                    cost.funding_source or a.funding_source,
                    cost.get_funding_status_display()
                    if cost.funding_status
                    else (a.get_funding_status_display() if a.funding_status else ""),
                ]
            )
    rows.append(["Total", None, investment, operating, "", ""])
    return rows


def eu_contract_xlsx(data: ReportingData) -> bytes:
    about = about_rows(
        data,
        "EU Climate City Contract (Climate-neutral and smart cities mission): commitments, "
        "action plan and investment plan",
        [["Note", "Only what the city has published; empty cells were not stated."]],
    )
    wide = {"A": 50, "B": 24, "M": 40}
    return xlsx_bytes(
        [
            Sheet("2030 Commitments", commitment_rows(data), heading_rows=(1,), widths=wide),
            Sheet("Action Plan", action_rows(data), heading_rows=(1,), widths=wide),
            Sheet("Investment Plan", investment_rows(data), heading_rows=(1,), widths=wide),
            Sheet("About", about, heading_rows=(1,), widths={"A": 28, "B": 80}),
        ]
    )


# --- CSRD / ESRS E1 ---------------------------------------------------------------------


def esrs_datapoint(indicator: Indicator) -> str:
    """The ESRS E1-6 datapoint an organisation-scope indicator reports, by its key/unit."""
    key = indicator.key.replace("_", "")
    for scope in ("1", "2", "3"):
        if f"scope{scope}" in key:
            return f"E1-6 Gross Scope {scope} GHG emissions"
    if "/" in indicator.unit:
        return "E1-6 GHG intensity"
    if indicator.unit.lower().startswith("t co2e"):
        return "E1-6 Total GHG emissions"
    return "Other"


def esrs_rows(data: ReportingData) -> list[list[Any]]:
    """A row per organisation-scope indicator: its ESRS datapoint, name, unit, then its
    value per year (years as columns, None where not entered)."""
    years = sorted({y for _, values in data.organisation.values() for y in values})
    rows: list[list[Any]] = [["ESRS datapoint", "Indicator", "Unit", *years]]
    for indicator, values in data.organisation.values():
        rows.append(
            [esrs_datapoint(indicator), indicator.name, indicator.unit]
            + [values.get(y) for y in years]
        )
    return rows


def esrs_target_rows(data: ReportingData) -> list[list[Any]]:
    """E1-4: the targets of the city's organisation-scope goals."""
    rows: list[list[Any]] = [
        ["Goal", "Indicator", "Target type", "Base year", "Target year", "Target value", "Unit"]
    ]
    for goal in data.goals:
        if goal.scope != Scope.ORGANISATION:
            continue
        for target in goal.targets.all():
            rows.append(
                [
                    goal.title,
                    target.indicator.name,
                    target.get_kind_display(),
                    target.base_year,
                    target.target_year,
                    target.target_value,
                    target.indicator.unit,
                ]
            )
    return rows


def esrs_xlsx(data: ReportingData) -> bytes:
    about = about_rows(
        data,
        "CSRD / ESRS E1 (climate change): the municipal organisation's emissions",
        [["Values", "Entered and published by the city for the municipal organisation"]],
    )
    return xlsx_bytes(
        [
            Sheet("E1-6 Emissions", esrs_rows(data), heading_rows=(1,), widths={"A": 36, "B": 40}),
            Sheet("E1-4 Targets", esrs_target_rows(data), heading_rows=(1,), widths={"A": 50}),
            Sheet("About", about, heading_rows=(1,), widths={"A": 28, "B": 80}),
        ]
    )
