"""Demo content: Umeå klimatfärdplan as Umeå's Klimatkontrakt 2030 (version 2024)
describes it in sections 3.4, 7.1 and 7.2, and as Viable Cities Insikt 2025:3 reports its
first follow-up.

Only what the documents state: that the partnership exists, what it is, that it was
founded when 37 organisations from business, the public sector, civil society and
academia joined in December 2022, that 15 more were recognised at the yearly climate
summit at the end of November 2023, that it works in lead groups per focus area, and the
events named. The documents name neither the members nor their commitments nor the focus
areas, so none are loaded: the page says the partnership has published no member list.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from cities.models import City
from partners.models import Partnership
from partners.services import partnership_create, partnership_event_create

CONTRACT = "Klimatkontrakt 2030 Umeå (version 2024), avsnitt {sections}"
INSIKT = "Viable Cities Insikt 2025:3, Uppföljning av utsläpp och åtgärder"

UMEA_PARTNERSHIP = {
    "name": "Umeå klimatfärdplan",
    "description": (
        "En gemensam kraftsamling och strategiskt partnerskap för Umeås klimatomställning, "
        "som möjliggör gemensamma prioriteringar och nya samarbeten för att minska "
        "klimatutsläppen och ta ansvar för Umeås del av genomförande av Parisavtalet. "
        "Anslutna organisationer har tagit ett extra ”lead”-ansvar för färdplanens "
        "fokusområden och åtaganden i så kallade leadgrupper."
    ),
    "founded_on": date(2022, 12, 1),
    "focus_areas": "",
    "website": "https://www.umea.se/klimatfardplan",
    "source_reference": CONTRACT.format(sections="3.4, 7.1 och 7.2"),
}

UMEA_EVENTS = [
    {
        "date": date(2022, 12, 1),
        "date_precision": "month",
        "title": "Umeå klimatfärdplan grundas",
        "description": (
            "37 aktörer från näringsliv, offentlig sektor, civilsamhälle och akademi ansluter."
        ),
        "organisations_joined": 37,
        "source_reference": CONTRACT.format(sections="3.4"),
    },
    {
        "date": date(2023, 1, 1),
        "date_precision": "year",
        "title": "Leadgrupper, klimatfärdplansverkstäder och speeddating",
        "description": (
            "Möten i leadgrupper inom alla fokusområden och en strategisk grupp för "
            "utveckling av arbetssätt, uppföljning och effektiva åtgärder; "
            "klimatfärdplansverkstäder, speeddatingevent, tematiska och enskilda träffar "
            "samt information hos olika företagsnätverk."
        ),
        "source_reference": CONTRACT.format(sections="3.4"),
    },
    {
        "date": date(2023, 11, 1),
        "date_precision": "month",
        "title": "Årligt klimattoppmöte",
        "description": "15 nya anslutna organisationer uppmärksammas.",
        "organisations_joined": 15,
        "source_reference": CONTRACT.format(sections="3.4"),
    },
    {
        "date": date(2024, 1, 1),
        "date_precision": "year",
        "title": "Första uppföljningen",
        "description": (
            "Partnerskapet genomför en första uppföljning med fokus på kvalitativ "
            "uppföljning av genomförda åtgärder."
        ),
        "source_reference": INSIKT,
    },
]


@transaction.atomic
def umea_partnership_load() -> Partnership:
    """Umeå klimatfärdplan and its events, published. Idempotent."""
    umea = City.objects.get(code="2480")
    found = Partnership.objects.filter(city=umea, name=UMEA_PARTNERSHIP["name"]).first()
    if found is not None:
        return found
    partnership = partnership_create(city=umea, by=None, publish=True, **UMEA_PARTNERSHIP)
    for event in UMEA_EVENTS:
        partnership_event_create(partnership=partnership, by=None, publish=True, **event)
    return partnership
