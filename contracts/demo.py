"""Demo content from the source document: Umeå's Klimatkontrakt 2030.

Version 2024 is loaded from ``demo_data/umea_klimatkontrakt_2024.json``: the contract's
own text, section by section, as the seed states it. The text was taken from the PDF
extraction and cleaned of line breaks, end-of-line hyphenation, page footers and footnote
markers only; each footnote is kept as a reference of the section, commitment or
follow-up text it belongs to. Section 3 holds the city's commitments (3.1–3.10), section
4 Viable Cities' (4.1–4.5), section 5 the agencies' joint commitments (5.1–5.4),
section 6 the strategic development projects of all parties (6.1–6.6), section 7 the
parties' agreement on a yearly follow-up, and 7.1–7.4 are the follow-up texts per party.
The seed has no section 8.

Versions 2020, 2021 and 2022 exist (section 9; links in Bilaga 1) but their text is not
in our sources, so they are loaded empty, saying so and linking to the published PDFs.
No follow-up status is entered: every commitment stays "ej bedömd" until someone
assesses it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from cities.models import City
from contracts.models import Contract
from contracts.services import (
    commitment_add,
    contract_create,
    contract_section_add,
    follow_up_text_save,
)

UMEA = "2480"
DATA = Path(__file__).resolve().parent / "demo_data" / "umea_klimatkontrakt_2024.json"
SOURCE_2024 = "Klimatkontrakt 2030 Umeå (version 2024)"
SOURCE_EARLIER = "Klimatkontrakt 2030 Umeå (version 2024), avsnitt 9 och bilaga 1"

#: The earlier versions' published documents, as Bilaga 1 of the 2024 version links them.
UMEA_EARLIER_VERSIONS = {
    2020: "https://static1.squarespace.com/static/5dd54ca29c9179411df12b85/t/"
    "5fd9d33aff19fc68c4ba0d30/1608110908771/Umea_kommun_PDF-A.pdf",
    2021: "https://static1.squarespace.com/static/5dd54ca29c9179411df12b85/t/"
    "61b0d7018e928127467b80cb/1638979330436/Klimatkontrakt_2030_SWE_Umea.pdf",
    2022: "https://static1.squarespace.com/static/5dd54ca29c9179411df12b85/t/"
    "6390ab8cd689587541fd39a9/1670425485166/Viable-Cities-Klimatkontrakt-Umea-FINAL.pdf",
}
EMPTY_NOTE = (
    "Texten i denna version finns inte i våra källor ännu och har inte förts in. "
    "Versionen finns publicerad som dokument hos Viable Cities."
)


def umea_contract_2024_data() -> dict:
    """The 2024 version as structured data (sections, commitments, follow-up texts)."""
    with DATA.open(encoding="utf-8") as fileobj:
        return json.load(fileobj)


@transaction.atomic
def umea_contracts_load() -> list[Contract]:
    """Umeå's contract versions: 2024 in full, 2020–2022 as empty versions. Idempotent:
    does nothing when Umeå already has contract versions."""
    umea = City.objects.get(code=UMEA)
    existing = list(Contract.objects.alive().filter(city=umea).order_by("year"))
    if existing:
        return existing

    contracts = [
        contract_create(
            city=umea,
            year=year,
            document_url=url,
            content_note=EMPTY_NOTE,
            source_reference=SOURCE_EARLIER,
            is_published=True,
        )
        for year, url in sorted(UMEA_EARLIER_VERSIONS.items())
    ]

    data = umea_contract_2024_data()
    contract = contract_create(
        city=umea, year=data["year"], source_reference=SOURCE_2024, is_published=True
    )
    for order, section_data in enumerate(data["sections"], start=1):
        section = contract_section_add(
            contract=contract, order=order, **_picked(section_data, "party", *TEXT_FIELDS)
        )
        for item_order, item in enumerate(section_data["commitments"], start=1):
            commitment_add(section=section, order=item_order, **_picked(item, *TEXT_FIELDS))
    for text in data["follow_up_texts"]:
        follow_up_text_save(
            contract=contract, publish=True, by=None, **_picked(text, "party", "kind", *TEXT_FIELDS)
        )
    contracts.append(contract)
    return contracts


#: The fields every part of the contract's text has in the demo's data.
TEXT_FIELDS = ("number", "title", "text", "references")


def _picked(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    """The demo data's fields a service takes."""
    return {key: data[key] for key in keys}
