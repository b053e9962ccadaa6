"""Contract data is kept consistent by the database: one live version per city and year,
known parties and statuses, one follow-up per commitment and year."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import Commitment


def refused(factory, **fields):
    """Making the row with ``fields`` is refused by the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


@pytest.fixture
def version(umea, contract_factory):
    return contract_factory(city=umea, year=2024)


@pytest.fixture
def section(version, contract_section_factory):
    return contract_section_factory(contract=version, number="3", title="X", party="city")


@pytest.fixture
def commitment(section, commitment_factory):
    return commitment_factory(section=section, party="city", number="3.1", text="T")


def test_a_city_has_one_live_version_per_year(umea, version, contract_factory):
    refused(contract_factory, city=umea, year=2024)
    # A deleted version leaves its year free for a new one.
    version.deleted_at = timezone.now()
    version.save()
    assert contract_factory(city=umea, year=2024).pk != version.pk


def test_a_version_year_must_be_plausible(umea, contract_factory):
    refused(contract_factory, city=umea, year=1999)
    refused(contract_factory, city=umea, year=2101)


def test_section_numbers_are_unique_within_a_version(version, section, contract_section_factory):
    refused(contract_section_factory, contract=version, number="3", title="Y")
    refused(contract_section_factory, contract=version, number="4", title="Y", party="ministry")


def test_commitments_name_a_known_party_and_have_text(section, commitment, commitment_factory):
    refused(commitment_factory, section=section, party="ministry", text="T")
    refused(commitment_factory, section=section, party="city", text="")
    refused(commitment_factory, section=section, party="city", number="3.1", text="T")
    # Unnumbered commitments may repeat.
    commitment_factory(section=section, party="city", number="", text="A")
    commitment_factory(section=section, party="city", number="", text="B")


def test_one_live_follow_up_per_commitment_and_year(commitment, commitment_follow_up_factory):
    first = commitment_follow_up_factory(commitment=commitment, year=2024, status="ongoing")
    refused(commitment_follow_up_factory, commitment=commitment, year=2024, status="done")
    refused(commitment_follow_up_factory, commitment=commitment, year=2025, status="finished")
    first.deleted_at = timezone.now()
    first.save()
    commitment_follow_up_factory(commitment=commitment, year=2024, status="done")


def test_one_live_follow_up_text_per_party_and_kind(version, follow_up_text_factory):
    follow_up_text_factory(contract=version, party="city", kind="updates", title="7.1", text="T")
    refused(
        follow_up_text_factory, contract=version, party="city", kind="updates", title="x", text="U"
    )
    refused(
        follow_up_text_factory, contract=version, party="city", kind="gossip", title="x", text="U"
    )


def test_a_staff_note_has_text(umea, staff_note_factory):
    refused(staff_note_factory, city=umea, text="")


def test_agency_commitments_include_the_joint_ones(
    section, commitment, version, contract_section_factory, commitment_factory
):
    joint = contract_section_factory(contract=version, number="5", title="M", party="agencies")
    mine = commitment_factory(section=joint, party="agencies", number="5.1", text="M")
    own = commitment_factory(section=joint, party="trafikverket", number="5.9", text="T")
    other = commitment_factory(section=joint, party="vinnova", number="5.8", text="V")
    found = set(Commitment.objects.of_agency("trafikverket"))
    assert found == {mine, own}
    assert other not in found and commitment not in found
