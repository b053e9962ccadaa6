"""Umeå's Klimatkontrakt 2030 as the demo loads it: the 2024 version worded as the seed
words it, every party's commitments, the section 7 texts per party, and 2020–2022 as
empty versions that link to their documents. Nothing invented, nothing assessed."""

import re

from contracts.demo import UMEA_EARLIER_VERSIONS, umea_contracts_load
from contracts.models import Commitment, CommitmentFollowUp, Contract, FollowUpText


def numbers(contract, party):
    return list(
        Commitment.objects.filter(section__contract=contract, party=party)
        .order_by("section__order", "order")
        .values_list("number", flat=True)
    )


def test_umea_has_the_four_versions_of_section_9(umea_contracts):
    assert sorted(umea_contracts) == [2020, 2021, 2022, 2024]
    assert all(c.is_published for c in umea_contracts.values())


def test_the_earlier_versions_are_empty_and_link_to_their_documents(umea_contracts):
    for year in (2020, 2021, 2022):
        contract = umea_contracts[year]
        assert not contract.sections.exists()
        assert contract.document_url == UMEA_EARLIER_VERSIONS[year]
        assert contract.document_url.startswith("https://static1.squarespace.com/")
        assert "finns inte i våra källor" in contract.content_note
    assert "Umea_kommun_PDF-A.pdf" in umea_contracts[2020].document_url
    assert "Viable-Cities-Klimatkontrakt-Umea-FINAL.pdf" in umea_contracts[2022].document_url


def test_the_2024_version_has_the_seeds_sections(umea_contracts):
    sections = list(umea_contracts[2024].sections.values_list("number", "title"))
    assert sections == [
        ("", "Klimatkontrakt 2030"),
        ("1", "Syftet med Klimatkontrakt 2030"),
        ("2", "Parter"),
        ("3", "Kommunens åtaganden"),
        ("4", "Viable Cities åtaganden"),
        ("5", "Myndigheternas åtaganden"),
        ("6", "Strategiska utvecklingsprojekt 2024"),
        ("7", "Gemensamt arbete kring uppföljning, utvärdering och uppdatering"),
        ("9", "Kontraktet"),
        ("Bilaga 1", "Länkar till dokument"),
    ]


def test_every_party_has_its_commitments(umea_contracts):
    contract = umea_contracts[2024]
    assert numbers(contract, "city") == [f"3.{n}" for n in range(1, 11)]
    assert numbers(contract, "viable_cities") == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    assert numbers(contract, "agencies") == ["5.1", "5.2", "5.3", "5.4"]
    assert numbers(contract, "joint") == ["6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "7"]
    titles = dict(
        Commitment.objects.filter(section__contract=contract).values_list("number", "title")
    )
    assert titles["3.9"] == "Klimatsmart mobilitet"
    assert titles["4.4"] == "Samordnad finansiering"
    assert titles["5.2"] == "Stöd till forskning, innovation och utveckling"
    assert titles["6.5"] == "Systemdemonstratorer"


def test_commitments_are_worded_as_the_seed_words_them(umea_contracts):
    texts = dict(
        Commitment.objects.filter(section__contract=umea_contracts[2024]).values_list(
            "number", "text"
        )
    )
    assert (
        "• År 2025 är andelen resor med kollektivtrafik, cykel eller till fots tillsammans "
        "minst 65 procent av alla resor för boende inom Umeå tätort." in texts["3.1"]
    )
    # A footnote marker removed ("klimatneutralt 20402,"), the footnote kept as a reference.
    assert "Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp" in texts["3.1"]
    assert texts["4.4"].startswith(
        "Viable Cities kommer på följande sätt understödja kommuners behov av finansiering"
    )
    # A word hyphenated over a line break in the PDF is whole again ("utveck-\nling").
    assert "Viable Cities och myndigheterna åtar sig att bidra" in texts["6.5"]
    assert texts["7"] == (
        "Viable Cities och kommunen är överens om att genomföra en årlig uppföljning av "
        "kommunens resultat inom ramen för Klimatkontrakt 2030. Viable Cities tar fram "
        "underlag för en årlig uppföljning på kommunal och nationell nivå."
    )
    everything = "\n".join(texts.values())
    # No footnote markers glued to words, no page footers, no hyphenation left over.
    assert not re.search(r"[a-zåäö)”][0-9]{1,2}[ ,.:]", everything.replace("CO2", "CO"))
    assert "viablecities.se 18" not in everything
    # (A hyphen before a space is only the Swedish "mötes- och utvecklingsplats".)
    assert not re.search(r"\w- (?!och )", everything)
    assert "mötes- och utvecklingsplats" in everything


def test_footnotes_are_kept_as_references(umea_contracts):
    mobility = Commitment.objects.get(section__contract=umea_contracts[2024], number="3.9")
    assert {"text": "", "url": "https://www.northernaccess.se/"} in mobility.references
    assert (
        mobility.references[0]["text"] == "Strategier för hållbar tillväxt - Umeå kommun (umea.se)"
    )
    goals = Commitment.objects.get(section__contract=umea_contracts[2024], number="3.1")
    assert goals.references[0]["text"].startswith("Enligt nationella klimatmålen.")
    appendix = umea_contracts[2024].sections.get(number="Bilaga 1")
    assert len(appendix.references) == 12
    assert appendix.references[0]["text"] == "Klimatkontrakt 2030 Umeå ver 2020"
    assert appendix.references[0]["url"] == UMEA_EARLIER_VERSIONS[2020]


def test_section_7_texts_are_the_follow_up_texts_per_party(umea_contracts):
    texts = list(
        FollowUpText.objects.filter(contract=umea_contracts[2024]).values_list(
            "number", "party", "kind", "title", "is_published"
        )
    )
    assert texts == [
        ("7.1", "city", "updates", "Viktigaste uppdateringar för kommunen", True),
        ("7.2", "city", "experiences", "Mest angelägna erfarenheter att dela för kommunen", True),
        ("7.3", "viable_cities", "updates", "Viktigaste uppdateringar för Viable Cities", True),
        ("7.4", "agencies", "updates", "Viktigaste uppdateringar för myndigheterna", True),
    ]
    vc = FollowUpText.objects.get(contract=umea_contracts[2024], number="7.3")
    assert "7.3.1 Processen kring klimatkontrakt" in vc.text
    assert "(varav sju svenska)" in vc.text


def test_no_follow_up_status_is_invented(umea_contracts):
    assert not CommitmentFollowUp.objects.exists()


def test_loading_again_changes_nothing(umea_contracts):
    again = umea_contracts_load()
    assert [c.pk for c in again] == [umea_contracts[y].pk for y in (2020, 2021, 2022, 2024)]
    assert Contract.objects.count() == 4
