"""What cities reported themselves (CDP-ICLEI) and their climate plans: stored as the source
states it. A reported target also becomes a goal of the city (origin "reported", marked
with its source) with the targets that can be followed here; goals the city's people
enter are never touched and win where both exist.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cities.models import City, Goal, GoalOrigin, Scope
from cities.services import goal_create
from core.numbers import format_number
from indicators.models import (
    ClimatePlan,
    Indicator,
    ReportedInventory,
    ReportedTarget,
    SourceRelease,
    TargetKind,
)
from indicators.parsers.base import ReleaseInfo, RowError
from indicators.parsers.cdp_records import CdpInventory, CdpTarget, TargetSector, TargetType
from indicators.parsers.climate_plans import ClimatePlanRecord
from indicators.services.importing import ImportResult, Ledger, release_get_or_create
from indicators.services.targets import target_create

#: How a goal imported from CDP names its source (shown on the city page and in the API).
REPORTED_SOURCE = "Rapporterat till CDP-ICLEI {year} av staden"
TERRITORIAL = "territorial_ghg"
TRANSPORT = "territorial_ghg_transport"
CONSUMPTION = "consumption_emissions_per_person"

_WHAT = {
    TargetSector.CITY_WIDE: "utsläppen",
    TargetSector.TRANSPORT: "transporternas utsläpp",
    TargetSector.ENERGY: "energisektorns utsläpp",
    TargetSector.WASTE: "avfallets utsläpp",
    TargetSector.IPPU: "industriprocessernas utsläpp",
    TargetSector.AFOLU: "jord- och skogsbrukets utsläpp",
    TargetSector.CONSUMPTION: "de konsumtionsbaserade utsläppen",
}


def _n(value: float, decimals: int = 0) -> str:
    return format_number(value, decimals, "sv")


def _pct(value: float) -> str:
    return _n(value, 0 if float(value).is_integer() else 1)


def source_label(reporting_year: int | None) -> str:
    return REPORTED_SOURCE.format(year=reporting_year or "").replace("  ", " ")


# --- targets -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetPlan:
    """How a reported target is followed here: on which indicator, as which kind."""

    indicator_key: str
    kind: str
    target_value: float | None
    base_year: int | None
    note: str = ""


def target_key(record: CdpTarget) -> str:
    """The natural key of a reported target: a fingerprint of what the row says."""
    parts = (
        record.account_number,
        record.target_type,
        record.sector_text,
        record.base_year,
        record.base_year_emissions,
        record.reduction_percent,
        record.target_year,
        record.target_year_emissions,
        record.description[:200],
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def target_title(record: CdpTarget) -> str:
    """The goal's title in Swedish, from the reported numbers only."""
    sector = record.sector
    what = _WHAT.get(sector, "") if sector else ""
    if not what:
        what = f"utsläppen ({record.sector_text})" if record.sector_text else "utsläppen"
    year = f" till {record.target_year}" if record.target_year else ""
    r = record.reduction_percent
    if record.target_type is TargetType.FIXED_LEVEL:
        level = record.target_year_emissions
        if level == 0:
            return f"Noll i {what}{year}".replace("Noll i utsläppen", "Nollutsläpp")
        if level is not None:
            return f"Högst {_n(level)} t CO2e i {what}{year}"
        return f"Fast nivå för {what}{year}"
    if record.target_type is TargetType.BASELINE_SCENARIO:
        amount = f" med {_pct(r)} %" if r is not None else ""
        return f"Minska {what}{amount}{year} jämfört med ett referensscenario"
    per_person = " per invånare" if record.target_type is TargetType.BASE_YEAR_INTENSITY else ""
    amount = f" med {_pct(r)} %" if r is not None else ""
    base = f" jämfört med {record.base_year}" if record.base_year else ""
    return f"Minska {what}{per_person}{amount}{year}{base}"


def target_plan(record: CdpTarget) -> TargetPlan | None:
    """The target that follows a reported one on an indicator here, or None when no
    indicator measures what it covers (energy, waste, "other" sectors) or numbers lack."""
    if record.target_year is None:
        return None
    r, base = record.reduction_percent, record.base_year
    sector, kind = record.sector, record.target_type
    if sector is TargetSector.CONSUMPTION:
        if kind is TargetType.BASE_YEAR_INTENSITY and record.base_year_intensity and r is not None:
            if "capita" not in record.intensity_unit.lower():
                return None
            level = record.base_year_intensity * (1 - r / 100)
            return TargetPlan(CONSUMPTION, TargetKind.ABSOLUTE, round(level, 3), None)
        return None
    key = {TargetSector.CITY_WIDE: TERRITORIAL, TargetSector.TRANSPORT: TRANSPORT}.get(
        sector or TargetSector.OTHER
    )
    if key is None:
        return None
    if kind is TargetType.BASE_YEAR_ABSOLUTE and r is not None and base is not None:
        return TargetPlan(key, TargetKind.PERCENT_CHANGE, -min(r, 100.0), base)
    if (
        kind is TargetType.BASE_YEAR_INTENSITY
        and key == TERRITORIAL
        and record.base_year_intensity is not None
        and r is not None
        and "capita" in record.intensity_unit.lower()
    ):
        level = record.base_year_intensity * (1 - r / 100)
        return TargetPlan(key, TargetKind.PER_PERSON, round(level, 3), None)
    if kind in (TargetType.FIXED_LEVEL, TargetType.BASELINE_SCENARIO):
        stated = record.target_year_emissions
        if stated is not None:
            return TargetPlan(key, TargetKind.ABSOLUTE, stated, None)
    return None


def target_description(record: CdpTarget) -> str:
    """The goal's description: what the city reported, in its own words and numbers."""
    lines = [f"Typ av mål enligt CDP: {record.target_type_text or 'ej angiven'}."]
    if record.sector_text:
        lines.append(f"Sektor: {record.sector_text}.")
    if record.scopes:
        lines.append("Scope: " + ", ".join(str(s) for s in record.scopes) + ".")
    if record.base_year_emissions is not None and record.base_year:
        lines.append(
            f"Basårets utsläpp enligt staden: {_n(record.base_year_emissions)} t CO2e "
            f"({record.base_year})."
        )
    if record.base_year_intensity is not None:
        lines.append(
            f"Basårets intensitet: {_n(record.base_year_intensity, 2)} {record.intensity_unit}."
        )
    if record.bau_emissions is not None:
        lines.append(f"Referensscenariots utsläpp målåret: {_n(record.bau_emissions)} t CO2e.")
    if record.percent_achieved is not None:
        lines.append(f"Uppnått hittills enligt staden: {_n(record.percent_achieved, 1)} %.")
    if record.description:
        lines.append(f"Stadens beskrivning: {record.description}")
    return "\n".join(lines)


@transaction.atomic
def reported_targets_import(
    *, release_info: ReleaseInfo, rows: Iterable[object], dry_run: bool = False
) -> ImportResult:
    """Store each Swedish city's reported CDP targets and make each (other than "no
    target") a published goal of the city, origin "reported", with the target that follows
    it here when one can. Idempotent: a row already imported (same fingerprint) is left as
    it is, so a goal a city administrator edited or removed stays as they left it."""
    ledger = Ledger.start(file=release_info.name, skip_rejected=True, allowed_city_ids=None)
    records = list(_coded(rows, ledger, CdpTarget))
    release = release_get_or_create(info=release_info)
    existing = set(ReportedTarget.objects.filter(release=release).values_list("city_id", "key"))
    indicators = {
        i.key: i for i in Indicator.objects.filter(key__in=[TERRITORIAL, TRANSPORT, CONSUMPTION])
    }
    cities = City.objects.in_bulk([ledger.cities[r.municipality_code or ""][0] for r in records])
    source = source_label(release_info.covers_to)
    order = 100  # after the city's own goals
    for record in records:
        city = cities[ledger.cities[record.municipality_code or ""][0]]
        key = target_key(record)
        if (city.pk, key) in existing:
            ledger.unchanged += 1
            continue
        existing.add((city.pk, key))
        order += 1
        goal = None
        if record.target_type is not TargetType.NO_TARGET:
            goal = _reported_goal(record, city, source, indicators, order)
        ReportedTarget.objects.create(
            city=city, release=release, key=key, goal=goal, **_target_fields(record)
        )
        ledger.created += 1
    return ledger.finish(release, dry_run=dry_run)


def _coded(rows: Iterable[object], ledger: Ledger, kind: type) -> Iterable[Any]:
    """The records of ``kind`` of municipalities we know; rows of cities that match no
    municipality are skipped with the parser's warning, problems noted in ``ledger``."""
    for record in rows:
        ledger.rows_read += 1
        if isinstance(record, RowError):
            ledger.note(record)
        elif isinstance(record, kind):
            code = getattr(record, "municipality_code", None)
            if code in ledger.cities:
                yield record


def _reported_goal(
    record: CdpTarget, city: City, source: str, indicators: dict[str, Indicator], order: int
) -> Goal:
    goal = goal_create(
        city=city,
        title=target_title(record)[:300],
        scope=Scope.AREA,
        description=target_description(record),
        target_year=record.target_year
        if record.target_year and record.target_year >= 1990
        else None,
        source_reference=source,
        order=order,
        is_published=True,
        origin=GoalOrigin.REPORTED,
    )
    plan = target_plan(record)
    indicator = indicators.get(plan.indicator_key) if plan else None
    if (
        plan is not None
        and indicator is not None
        and record.target_year is not None
        and (plan.base_year is None or plan.base_year < record.target_year)
    ):
        target_create(
            goal=goal,
            indicator=indicator,
            kind=plan.kind,
            target_year=record.target_year,
            target_value=plan.target_value,
            base_year=plan.base_year,
            note=source,
            is_published=True,
        )
    return goal


def _target_fields(record: CdpTarget) -> dict[str, Any]:
    return {
        "row": record.row,
        "reporting_year": record.reporting_year,
        "account_number": record.account_number,
        "organization": record.organization[:200],
        "target_type": str(record.target_type or ""),
        "target_type_text": record.target_type_text[:200],
        "sector": str(record.sector or ""),
        "sector_text": record.sector_text[:300],
        "scopes": list(record.scopes),
        "base_year": record.base_year,
        "base_year_emissions": record.base_year_emissions,
        "base_year_intensity": record.base_year_intensity,
        "reduction_percent": record.reduction_percent,
        "target_year": record.target_year,
        "target_year_emissions": record.target_year_emissions,
        "bau_emissions": record.bau_emissions,
        "intensity_unit": record.intensity_unit[:200],
        "percent_achieved": record.percent_achieved,
        "year_set": record.year_set,
        "target_boundary": record.target_boundary[:300],
        "description": record.description,
        "methodology": record.methodology,
    }


# --- inventories -------------------------------------------------------------------------


@transaction.atomic
def reported_inventories_import(
    *, release_info: ReleaseInfo, rows: Iterable[object], dry_run: bool = False
) -> ImportResult:
    """Upsert Swedish cities' reported city-wide inventories by (release, city, accounting
    year). Rows without an accounting year (inventory "in progress") are not stored."""
    ledger = Ledger.start(file=release_info.name, skip_rejected=True, allowed_city_ids=None)
    release = release_get_or_create(info=release_info)
    existing = {
        (i.city_id, i.accounting_year): i for i in ReportedInventory.objects.filter(release=release)
    }
    for record in _coded(rows, ledger, CdpInventory):
        if record.accounting_year is None:
            continue
        city_id = ledger.cities[record.municipality_code][0]
        values = _inventory_fields(record)
        found = existing.get((city_id, record.accounting_year))
        if found is None:
            existing[(city_id, record.accounting_year)] = ReportedInventory.objects.create(
                city_id=city_id, release=release, accounting_year=record.accounting_year, **values
            )
            ledger.created += 1
        elif any(getattr(found, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(found, f, v)
            found.save()
            ledger.updated += 1
        else:
            ledger.unchanged += 1
    return ledger.finish(release, dry_run=dry_run)


def _inventory_fields(record: CdpInventory) -> dict[str, Any]:
    return {
        "row": record.row,
        "period_start": record.period_start,
        "period_end": record.period_end,
        "reporting_year": record.reporting_year,
        "account_number": record.account_number,
        "organization": record.organization[:200],
        "protocol": record.protocol[:300],
        "is_gpc": record.is_gpc,
        "total": record.total,
        "scope1": record.scope1,
        "scope2": record.scope2,
        "scope3": record.scope3,
        "scope1_grid_generation": record.scope1_grid_generation,
        "basic": record.basic,
        "basic_plus": record.basic_plus,
        "population": record.population,
        "population_year": record.population_year,
    }


# --- climate plans -----------------------------------------------------------------------


@transaction.atomic
def climate_plans_import(
    *, release_info: ReleaseInfo, rows: Iterable[object], dry_run: bool = False
) -> ImportResult:
    """Upsert each municipality's climate plan of one release by (release, municipality)."""
    ledger = Ledger.start(file=release_info.name, skip_rejected=False, allowed_city_ids=None)
    records = list(_coded(rows, ledger, ClimatePlanRecord))
    ledger.check()
    release: SourceRelease = release_get_or_create(info=release_info)
    existing = {p.city_id: p for p in ClimatePlan.objects.filter(release=release)}
    for record in records:
        city_id = ledger.cities[record.municipality_code][0]
        values = {
            "title": record.title[:500],
            "year": record.year,
            "year_text": record.year_text[:100],
            "link": record.link[:1000],
        }
        found = existing.get(city_id)
        if found is None:
            ClimatePlan.objects.create(city_id=city_id, release=release, **values)
            ledger.created += 1
        elif any(getattr(found, f) != v for f, v in values.items()):
            ClimatePlan.objects.filter(pk=found.pk).update(**values)
            ledger.updated += 1
        else:
            ledger.unchanged += 1
    return ledger.finish(release, dry_run=dry_run)
