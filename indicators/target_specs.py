"""How a stored target (målvärde) maps onto the progress engine (``indicators.progress``):
``target_spec`` turns it into the engine's ``TargetSpec``, ``NotAssessable`` says why one
cannot be, and ``unassessable`` is the answer for such a target; ``engine_carbon_budget``
maps a stored carbon budget. Used by ``indicators.assessments``."""

from __future__ import annotations

import dataclasses

from indicators import models as m
from indicators import progress as p
from indicators.progress import Assessment, Status, TargetSpec

# The ORM's choices and the engine's enums carry the same values; the tests check that
# every stored kind maps onto an engine kind, so a new choice cannot slip through.
_DIRECTIONS = {
    m.Direction.LOWER: p.Direction.LOWER_IS_BETTER,
    m.Direction.HIGHER: p.Direction.HIGHER_IS_BETTER,
}
_PER_PERSON_UNITS = ("/inv", "per inv", "/person", "per person", "/capita")


def is_per_inhabitant(unit: str) -> bool:
    """Whether a unit is already per inhabitant ("t CO2e/invånare", "ton CO2-ekv/inv")."""
    lowered = unit.lower()
    return any(marker in lowered for marker in _PER_PERSON_UNITS)


class NotAssessable(ValueError):
    """A stored target that the engine cannot follow up; the message says why (sv)."""


def target_spec(
    target: m.Target,
    *,
    removals: bool = False,
    budget: m.CarbonBudget | None = None,
    per_person_unit: str | None = None,
) -> TargetSpec:
    """The engine's ``TargetSpec`` for a stored target.

    Kinds and pathways map one to one (same values). Differences the mapping resolves:

    - ``net_zero``: stored as the allowed residual as a % *change* against the base
      year (−85 = at most 15 % of 1990 remain; empty = net zero exactly); the engine
      takes the residual as a % *of* the base year (15; 0). Net zero exactly without a
      base year becomes an absolute target of 0 on the (net) series. A residual without
      a base year cannot be resolved (``NotAssessable``).
    - ``net_zero`` without recorded removals is judged on gross emissions and worded so
      ("Utsläppen ..."), never as if the removals were known to be zero.
    - A ``budget`` pathway needs a carbon budget of the indicator's substance (a CO2
      budget is never compared with all greenhouse gases); without one the pathway is
      linear and the caller notes it.
    - ``decrease`` keeps the stored target year as the horizon of its trend.
    """
    indicator = target.indicator
    direction = _DIRECTIONS[m.Direction(indicator.direction)]
    kind = p.TargetKind(target.kind)
    pathway = p.PathwayKind(target.pathway)
    if pathway is p.PathwayKind.BUDGET and budget is None:
        pathway = p.PathwayKind.LINEAR
    unit = per_person_unit or indicator.unit
    value = target.target_value
    wording = None
    if kind is not p.TargetKind.SHARE and is_per_inhabitant(unit):
        wording = p.Wording.for_kind(p.TargetKind.PER_PERSON, direction)
    if kind is p.TargetKind.NET_ZERO:
        kind, value, wording = _net_zero(target, direction, removals=removals, wording=wording)
    try:
        return TargetSpec(
            kind=kind,
            target_year=target.target_year,
            value=None if kind is p.TargetKind.DECREASE else value,
            base_year=target.base_year,
            base_value=target.base_value,
            direction=direction,
            pathway=pathway,
            unit=unit,
            wording=wording,
        )
    except ValueError as exc:
        raise NotAssessable(f"Målvärdet kan inte följas upp automatiskt ({exc}).") from exc


def _net_zero(
    target: m.Target, direction: p.Direction, *, removals: bool, wording: p.Wording | None
) -> tuple[p.TargetKind, float, p.Wording | None]:
    """A net-zero target as the engine takes it (see ``target_spec``): its kind, the
    residual as a % of the base year, and how the sentences name what is measured."""
    if not removals:
        wording = p.Wording.for_kind(p.TargetKind.ABSOLUTE, direction)
    value = target.target_value
    if target.base_year is not None:
        return p.TargetKind.NET_ZERO, 0.0 if value is None else 100 + value, wording
    if value is not None:
        raise NotAssessable(
            "Målet anger hur mycket lägre utsläppen ska bli men inget basår, så "
            "målvärdet kan inte räknas ut."
        )
    wording = wording or p.Wording.for_kind(p.TargetKind.NET_ZERO, direction)
    return p.TargetKind.ABSOLUTE, 0.0, wording


def unassessable(target: m.Target, unit: str, reason_sv: str) -> Assessment:
    """An assessment for a target the engine cannot follow up: too little to go on."""
    direction = _DIRECTIONS[m.Direction(target.indicator.direction)]
    return Assessment(
        kind=p.TargetKind(target.kind),
        direction=direction,
        status=Status.INSUFFICIENT_DATA,
        reason=p.Reason.BASE_VALUE_MISSING,
        explanation=reason_sv,
        explanation_en="The target cannot be followed up automatically as it is stated.",
        unit=unit,
        latest=None,
        base_year=target.base_year,
        base_value=target.base_value,
        target_year=target.target_year,
        target_value=None,
        pathway_kind=None,
        pathway_value_at_latest=None,
        needed_rate_pct=None,
        needed_change_per_year=None,
        actual_rate_pct=None,
        actual_change_per_year=None,
        trend_model=None,
        window_years=(),
        projected_value=None,
        projected_low=None,
        projected_high=None,
        year_reached=None,
        pathway=(),
        trend=(),
    )


def engine_carbon_budget(budget: m.CarbonBudget) -> p.CarbonBudget:
    """A stored carbon budget as the engine takes it; Klimatkollen's allocation keeps its
    own name on the pages ("Klimatkollens fördelning")."""
    if budget.release.source == "klimatkollen-budget":
        engine = p.CarbonBudget.klimatkollen(budget.amount, budget.start_year)
        return dataclasses.replace(engine, end_year=budget.end_year, unit=f"t {budget.substance}")
    return p.CarbonBudget(
        amount=budget.amount,
        start_year=budget.start_year,
        end_year=budget.end_year,
        unit=f"t {budget.substance}",
    )
