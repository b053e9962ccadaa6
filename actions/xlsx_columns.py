"""The layout of the actions workbook (``actions.xlsx``): its sheets, its columns, and the
labels people see for the choice fields, mapped to the stored values and back."""

from __future__ import annotations

from dataclasses import dataclass

from actions.models import (
    SECTOR_CHOICES,
    ActionStage,
    ActionStatus,
    CoBenefit,
    FundingStatus,
    Lever,
)
from indicators.parsers.text import name_key

ACTIONS_SHEET = "Åtgärder"
COSTS_SHEET = "Kostnader"
LISTS_SHEET = "Listor"
HELP_SHEET = "Instruktioner"
MAX_ROWS = 5000
YES, NO = "Ja", "Nej"


@dataclass(frozen=True)
class Column:
    key: str  # the action's field (or a pseudo-field) it fills
    header: str
    width: int = 18


ACTION_COLUMNS = (
    Column("id", "ID", 8),
    Column("version", "Version", 9),
    Column("title", "Rubrik", 40),
    Column("description", "Beskrivning", 50),
    Column("responsible_body", "Ansvarig", 28),
    Column("partners", "Samarbetspartner", 28),
    Column("contact_person", "Kontaktperson", 22),
    Column("sector", "Sektor", 30),
    Column("lever", "Åtgärdstyp", 26),
    Column("status", "Status", 14),
    Column("stage", "Skede", 20),
    Column("start", "Start", 12),
    Column("end", "Slut", 12),
    Column("expected_reduction", "Förväntad minskning (t CO2e/år)", 16),
    Column("expected_reduction_low", "Lägsta (t CO2e/år)", 14),
    Column("expected_reduction_high", "Högsta (t CO2e/år)", 14),
    Column("effect_from_year", "Första effektår", 12),
    Column("funding_source", "Finansiering", 24),
    Column("funding_status", "Finansieringsstatus", 18),
    Column("co_benefits", "Sidonyttor", 30),
    Column("goals", "Klimatmål (ID)", 14),
    Column("indicators", "Indikatorer (nyckel)", 24),
    Column("lessons_learned", "Lärdomar", 40),
    Column("share_with_other_cities", "Får delas", 10),
    Column("source_reference", "Källa", 30),
    Column("published", "Publicerad", 11),
)
COST_COLUMNS = (
    Column("action", "Åtgärd (ID eller rubrik)", 30),
    Column("year", "År", 8),
    Column("investment_sek", "Investering (kr)", 16),
    Column("operating_sek", "Drift (kr)", 16),
    Column("funding_source", "Finansiering", 24),
    Column("funding_status", "Finansieringsstatus", 18),
)

#: Choice fields: the labels people see in the file, mapped to stored values.
CHOICES: dict[str, list[tuple[str, str]]] = {
    "sector": [(value, str(label)) for value, label in SECTOR_CHOICES],
    "lever": [(v, str(label)) for v, label in Lever.choices],
    "status": [(v, str(label)) for v, label in ActionStatus.choices],
    "stage": [(v, str(label)) for v, label in ActionStage.choices],
    "funding_status": [(v, str(label)) for v, label in FundingStatus.choices],
}
LABEL_OF = {key: dict(pairs) for key, pairs in CHOICES.items()}
VALUE_OF = {
    key: {**{name_key(label): v for v, label in pairs}, **{name_key(v): v for v, _ in pairs}}
    for key, pairs in CHOICES.items()
}
BENEFIT_OF = {
    **{name_key(label): v for v, label in CoBenefit.choices},
    **{name_key(v): v for v in CoBenefit.values},
}
BENEFIT_LABEL = dict(CoBenefit.choices)

TEXT_FIELDS = {
    "title": 300,
    "description": 20000,
    "responsible_body": 300,
    "partners": 500,
    "contact_person": 200,
    "funding_source": 300,
    "lessons_learned": 20000,
    "source_reference": 500,
}
NUMBER_FIELDS = ("expected_reduction", "expected_reduction_low", "expected_reduction_high")
