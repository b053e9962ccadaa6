"""Demo content from the source documents: shared indicators and Umeå's climate goals.

Everything here is worded as Umeå's Klimatkontrakt 2030 (version 2024), section 3.1,
states it; no number is invented. Where the contract names no number (e.g. "ska
minska") the target has none.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from cities.models import City, Goal, Scope
from cities.services import goal_create
from indicators.models import Direction, Indicator, TargetKind
from indicators.services.indicators import indicator_upsert
from indicators.services.targets import target_create

SMHI = "SMHI, Nationella emissionsdatabasen"

SHARED_INDICATORS: dict[str, dict] = {
    "territorial_ghg": {
        "name": "Territoriella utsläpp av växthusgaser",
        "unit": "t CO2e",
        "direction": Direction.LOWER,
        "scope": Scope.AREA,
        "source": SMHI,
        "emission_substance": "GGT",
        "description": "Utsläpp inom kommunens geografiska område, alla växthusgaser "
        "omräknade till koldioxidekvivalenter, exklusive markanvändning (LULUCF).",
    },
    "territorial_ghg_transport": {
        "name": "Territoriella utsläpp från transporter",
        "unit": "t CO2e",
        "direction": Direction.LOWER,
        "scope": Scope.AREA,
        "source": SMHI,
        "emission_substance": "GGT",
        "emission_sector": "Transporter",
        "description": "Huvudsektorn Transporter i Nationella emissionsdatabasen.",
    },
    "consumption_emissions_per_person": {
        "name": "Konsumtionsbaserade utsläpp per invånare",
        "unit": "t CO2e/invånare",
        "direction": Direction.LOWER,
        "scope": Scope.AREA,
        "source": "SEI, Konsumtionskompassen",
        "description": "Utsläpp som invånarnas konsumtion orsakar, var de än sker.",
    },
    "organisation_ghg": {
        "name": "Kommunkoncernens utsläpp av växthusgaser",
        "unit": "t CO2e",
        "direction": Direction.LOWER,
        "scope": Scope.ORGANISATION,
        "source": "Kommunens egen redovisning",
        "description": "Utsläpp från kommunens förvaltningar och bolag.",
    },
    "fossil_free_fuel_share": {
        "name": "Andel fossilfria drivmedel",
        "unit": "%",
        "direction": Direction.HIGHER,
        "scope": Scope.AREA,
        "source": "Kommunens egen uppföljning",
        "description": "Andel av de drivmedel som används i kommunen som är fossilfria.",
    },
    "sustainable_trips_share": {
        "name": "Andel resor med kollektivtrafik, cykel eller till fots",
        "unit": "%",
        "direction": Direction.HIGHER,
        "scope": Scope.AREA,
        "source": "Kommunens resvaneundersökning",
        "description": "Andel av alla resor som görs med kollektivtrafik, cykel eller till fots.",
    },
}

UMEA_SOURCE = "Klimatkontrakt 2030 Umeå (version 2024), avsnitt 3.1"
UMEA_DECIDED_BY = "Kommunfullmäktige"
# The contract says "beslutades februari 2020"; the day is not stated, so the first is used.
UMEA_DECIDED_ON = date(2020, 2, 1)


def shared_indicators_load() -> dict[str, Indicator]:
    return {key: indicator_upsert(key=key, **fields) for key, fields in SHARED_INDICATORS.items()}


#: Umeå's climate goals and their targets, exactly as section 3.1 of the contract states
#: them: each goal's fields and its targets (the indicator named by its key).
UMEA_GOALS: tuple[tuple[dict[str, Any], tuple[dict[str, Any], ...]], ...] = (
    (
        {
            "title": "Umeås konsumtionsbaserade klimatpåverkan minskar till 2 ton "
            "CO2-ekvivalent per person till år 2040 och 1 ton till år 2050.",
            "scope": Scope.AREA,
            "target_year": 2040,
        },
        (
            {
                "indicator": "consumption_emissions_per_person",
                "kind": TargetKind.ABSOLUTE,
                "target_year": 2040,
                "target_value": 2.0,
                "order": 0,
            },
            {
                "indicator": "consumption_emissions_per_person",
                "kind": TargetKind.ABSOLUTE,
                "target_year": 2050,
                "target_value": 1.0,
                "order": 1,
            },
        ),
    ),
    (
        {
            "title": "Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp av "
            "växthusgaser.",
            "description": "Enligt de nationella klimatmålen. Minskningstakten ska ske på ett "
            "sådant sätt att Umeå kommuns utsläppsutrymme inte överskrids. Utsläppsutrymmet "
            "utgår ifrån Parisavtalet och beräknas utifrån bästa tillgängliga forskning. "
            "Klimatneutralt Umeå innebär att senast år 2040 ska Umeå inte ha några "
            "nettoutsläpp av växthusgaser till atmosfären. Målet innebär att utsläppen av "
            "växthusgaser från Umeå ska vara minst 85 procent lägre år 2040 än utsläppen år "
            "1990.",
            "scope": Scope.AREA,
            "target_year": 2040,
        },
        (
            {
                "indicator": "territorial_ghg",
                "kind": TargetKind.NET_ZERO,
                "base_year": 1990,
                "target_year": 2040,
                "target_value": -85.0,
                "note": "Fotnot 2 i kontraktet: minst 85 procent lägre år 2040 än år 1990.",
            },
        ),
    ),
    (
        {
            "title": "Umeå kommunkoncern ska vara klimatneutral 2025, d v s ha nettonoll "
            "utsläpp av växthusgaser.",
            "scope": Scope.ORGANISATION,
            "target_year": 2025,
        },
        ({"indicator": "organisation_ghg", "kind": TargetKind.NET_ZERO, "target_year": 2025},),
    ),
    (
        {
            "title": "Transporternas klimatpåverkan i Umeå ska minska. Det ska ske genom att "
            "drivmedlen är fossilfria år 2030 och att det hållbara resandet ökar.",
            "scope": Scope.AREA,
            "target_year": 2030,
        },
        (
            {
                "indicator": "territorial_ghg_transport",
                "kind": TargetKind.DECREASE,
                "target_year": 2030,
                "note": "Målet anger ingen siffra för minskningen.",
            },
            {
                "indicator": "fossil_free_fuel_share",
                "kind": TargetKind.SHARE,
                "target_year": 2030,
                "target_value": 100.0,
                "order": 1,
            },
        ),
    ),
    (
        {
            "title": "År 2025 är andelen resor med kollektivtrafik, cykel eller till fots "
            "tillsammans minst 65 procent av alla resor för boende inom Umeå tätort.",
            "scope": Scope.AREA,
            "target_year": 2025,
        },
        (
            {
                "indicator": "sustainable_trips_share",
                "kind": TargetKind.SHARE,
                "target_year": 2025,
                "target_value": 65.0,
            },
        ),
    ),
)


@transaction.atomic
def umea_goals_load() -> list[Goal]:
    """Umeå's climate goals and their targets (``UMEA_GOALS``), published. Idempotent:
    does nothing when Umeå already has goals of its own (reported ones do not count)."""
    umea = City.objects.get(code="2480")
    if umea.goals.own().exists():
        return list(umea.goals.own())
    indicators = shared_indicators_load()
    goals = []
    decision: dict[str, Any] = {
        "decided_by": UMEA_DECIDED_BY,
        "decided_on": UMEA_DECIDED_ON,
        "source_reference": UMEA_SOURCE,
    }
    for order, (fields, targets) in enumerate(UMEA_GOALS, start=1):
        goal = goal_create(city=umea, is_published=True, order=order, **decision, **fields)
        for target in targets:
            values = dict(target)
            indicator = indicators[values.pop("indicator")]
            target_create(goal=goal, indicator=indicator, is_published=True, **values)
        goals.append(goal)
    return goals
