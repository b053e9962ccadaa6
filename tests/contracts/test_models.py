"""Contract data is kept consistent by the database: one live version per city and year,
known parties and statuses, one follow-up per commitment and year."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts.models import (
    Commitment,
    CommitmentFollowUp,
    Contract,
    ContractSection,
    FollowUpText,
    StaffNote,
)


def refused(**create):
    model, fields = create.pop("model"), create.pop("fields")
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


@pytest.fixture
def version(umea):
    return Contract.objects.create(city=umea, year=2024)


@pytest.fixture
def section(version):
    return ContractSection.objects.create(contract=version, number="3", title="X", party="city")


@pytest.fixture
def commitment(section):
    return Commitment.objects.create(section=section, party="city", number="3.1", text="T")


def test_a_city_has_one_live_version_per_year(umea, version):
    refused(model=Contract, fields={"city": umea, "year": 2024})
    # A deleted version leaves its year free for a new one.
    version.deleted_at = timezone.now()
    version.save()
    assert Contract.objects.create(city=umea, year=2024).pk != version.pk


def test_a_version_year_must_be_plausible(umea):
    refused(model=Contract, fields={"city": umea, "year": 1999})
    refused(model=Contract, fields={"city": umea, "year": 2101})


def test_section_numbers_are_unique_within_a_version(version, section):
    refused(model=ContractSection, fields={"contract": version, "number": "3", "title": "Y"})
    refused(
        model=ContractSection,
        fields={"contract": version, "number": "4", "title": "Y", "party": "ministry"},
    )


def test_commitments_name_a_known_party_and_have_text(section, commitment):
    refused(model=Commitment, fields={"section": section, "party": "ministry", "text": "T"})
    refused(model=Commitment, fields={"section": section, "party": "city", "text": ""})
    refused(
        model=Commitment, fields={"section": section, "party": "city", "number": "3.1", "text": "T"}
    )
    # Unnumbered commitments may repeat.
    Commitment.objects.create(section=section, party="city", text="A")
    Commitment.objects.create(section=section, party="city", text="B")


def test_one_live_follow_up_per_commitment_and_year(commitment):
    first = CommitmentFollowUp.objects.create(commitment=commitment, year=2024, status="ongoing")
    refused(
        model=CommitmentFollowUp,
        fields={"commitment": commitment, "year": 2024, "status": "done"},
    )
    refused(
        model=CommitmentFollowUp,
        fields={"commitment": commitment, "year": 2025, "status": "finished"},
    )
    first.deleted_at = timezone.now()
    first.save()
    CommitmentFollowUp.objects.create(commitment=commitment, year=2024, status="done")


def test_one_live_follow_up_text_per_party_and_kind(version):
    FollowUpText.objects.create(
        contract=version, party="city", kind="updates", title="7.1", text="T"
    )
    refused(
        model=FollowUpText,
        fields={"contract": version, "party": "city", "kind": "updates", "title": "x", "text": "U"},
    )
    refused(
        model=FollowUpText,
        fields={"contract": version, "party": "city", "kind": "gossip", "title": "x", "text": "U"},
    )


def test_a_staff_note_has_text(umea):
    refused(model=StaffNote, fields={"city": umea, "text": ""})


def test_agency_commitments_include_the_joint_ones(section, commitment, version):
    joint = ContractSection.objects.create(
        contract=version, number="5", title="M", party="agencies"
    )
    mine = Commitment.objects.create(section=joint, party="agencies", number="5.1", text="M")
    own = Commitment.objects.create(section=joint, party="trafikverket", number="5.9", text="T")
    other = Commitment.objects.create(section=joint, party="vinnova", number="5.8", text="V")
    found = set(Commitment.objects.of_agency("trafikverket"))
    assert found == {mine, own}
    assert other not in found and commitment not in found
