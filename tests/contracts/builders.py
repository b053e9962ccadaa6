"""Contract data for tests: Umeå's real contract from the seed, and two small hand-written
versions (for comparing) that are plainly test data, never shown as real."""

from __future__ import annotations

from cities.models import City
from contracts.models import Contract
from contracts.services import commitment_add, contract_create, contract_section_add


def load_umea_contracts() -> dict[int, Contract]:
    from contracts.demo import umea_contracts_load

    return {c.year: c for c in umea_contracts_load()}


def make_version(city: City, year: int, sections: list[tuple], *, published: bool = True):
    """``sections``: (number, title, party, [(number, title, text), …])."""
    contract = contract_create(city=city, year=year, is_published=published)
    for number, title, party, items in sections:
        section = contract_section_add(contract=contract, number=number, title=title, party=party)
        for item_number, item_title, text in items:
            commitment_add(section=section, number=item_number, title=item_title, text=text)
    return contract


def make_two_versions(city: City) -> tuple[Contract, Contract]:
    """Version 2023 and 2024 of a test contract: 3.1 changed, 3.2 removed, 3.3 added,
    4.1 unchanged."""
    old = make_version(
        city,
        2023,
        [
            (
                "3",
                "Kommunens åtaganden",
                "city",
                [
                    ("3.1", "Cykel", "Testkommunen bygger 10 km cykelväg."),
                    ("3.2", "Buss", "Testkommunen köper elbussar."),
                ],
            ),
            (
                "4",
                "Viable Cities åtaganden",
                "viable_cities",
                [("4.1", "Samordning", "VC samordnar.")],
            ),
        ],
    )
    new = make_version(
        city,
        2024,
        [
            (
                "3",
                "Kommunens åtaganden",
                "city",
                [
                    ("3.1", "Cykel", "Testkommunen bygger 20 km cykelväg."),
                    ("3.3", "Tåg", "Testkommunen utreder pendeltåg."),
                ],
            ),
            (
                "4",
                "Viable Cities åtaganden",
                "viable_cities",
                [("4.1", "Samordning", "VC samordnar.")],
            ),
        ],
    )
    return old, new
