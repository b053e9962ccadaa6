"""Writes to contracts: the yearly follow-up of commitments and texts, contract versions and
staff notes. Each works for the right person, refuses the wrong one with nothing changed,
and records who changed what and when."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cities.history import StaleEdit, history_for
from cities.models import ChangeAction, ChangeRecord
from contracts.models import Commitment, CommitmentFollowUp, Contract, FollowUpText, StaffNote
from contracts.services import (
    commitment_add,
    commitment_follow_up_save,
    contract_create,
    contract_publish,
    contract_section_add,
    follow_up_text_save,
    follow_up_years,
    staff_note_add,
    staff_note_delete,
)

TODAY = dt.date(2025, 3, 1)


def commitment(contracts, number: str) -> Commitment:
    return Commitment.objects.get(section__contract=contracts[2024], number=number)


def save(c, by, **fields):
    values = {"year": 2024, "status": "ongoing", "comment": "", "today": TODAY} | fields
    return commitment_follow_up_save(commitment=c, by=by, **values)


# --- The city's own commitments ---------------------------------------------------------


def test_an_officer_follows_up_the_citys_commitment_as_a_draft(umea_contracts, umea_officer):
    mobility = commitment(umea_contracts, "3.9")
    follow_up = save(mobility, umea_officer, comment="Ny cykelplan antagen i juni.")
    follow_up.refresh_from_db()
    assert (follow_up.year, follow_up.status) == (2024, "ongoing")
    assert follow_up.comment == "Ny cykelplan antagen i juni."
    assert follow_up.is_published is False
    assert follow_up.updated_by == umea_officer
    (record,) = history_for(follow_up)
    assert record.action == ChangeAction.CREATE
    assert record.user == umea_officer
    assert record.city.code == "2480"
    assert record.changes["status"] == [None, "ongoing"]


def test_an_officer_may_not_publish(umea_contracts, umea_officer):
    with pytest.raises(PermissionDenied, match="administratör"):
        save(commitment(umea_contracts, "3.9"), umea_officer, publish=True)
    assert not CommitmentFollowUp.objects.exists()


def test_the_city_admin_publishes_and_the_change_is_recorded(
    umea_contracts, umea_officer, umea_admin
):
    mobility = commitment(umea_contracts, "3.9")
    draft = save(mobility, umea_officer)
    published = save(mobility, umea_admin, publish=True, expected_version=draft.version)
    assert published.pk == draft.pk
    assert published.is_published and published.published_at is not None
    assert published.version == draft.version + 1
    actions = [r.action for r in history_for(published)]
    assert actions == [ChangeAction.PUBLISH, ChangeAction.CREATE]


def test_an_officers_change_to_a_published_follow_up_waits_beside_it(
    umea_contracts, umea_officer, umea_admin
):
    # One draft model (cities.drafts): the public keeps the published follow-up until an
    # administrator publishes the officer's change.
    mobility = commitment(umea_contracts, "3.9")
    save(mobility, umea_admin, publish=True)
    changed = save(mobility, umea_officer, status="done", comment="Klart.")
    changed.refresh_from_db()
    assert (changed.status, changed.is_published) == ("ongoing", True)
    assert changed.draft == {"status": "done", "comment": "Klart."}
    record = history_for(changed).first()
    assert record.action == ChangeAction.UPDATE and record.user == umea_officer
    assert record.changes["status"] == ["ongoing", "done"]
    assert "is_published" not in record.changes
    # The administrator publishes it from the same form (publish ticked, nothing changed).
    save(mobility, umea_admin, status="done", comment="Klart.", publish=True)
    changed.refresh_from_db()
    assert (changed.status, changed.comment, changed.draft) == ("done", "Klart.", {})
    assert history_for(changed).first().action == ChangeAction.PUBLISH


def test_an_officer_of_another_city_is_refused_and_nothing_changes(
    umea_contracts, umea_officer, malmo_officer
):
    mobility = commitment(umea_contracts, "3.9")
    draft = save(mobility, umea_officer, comment="Före")
    before = ChangeRecord.objects.count()
    with pytest.raises(PermissionDenied):
        save(mobility, malmo_officer, status="dropped", comment="Efter")
    draft.refresh_from_db()
    assert (draft.status, draft.comment) == ("ongoing", "Före")
    assert ChangeRecord.objects.count() == before


def test_programme_staff_do_not_follow_up_the_citys_own_commitments(umea_contracts, staff_user):
    with pytest.raises(PermissionDenied):
        save(commitment(umea_contracts, "3.1"), staff_user)
    assert not CommitmentFollowUp.objects.exists()


def test_anonymous_visitors_are_refused(umea_contracts):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        save(commitment(umea_contracts, "3.1"), AnonymousUser())


# --- Viable Cities', the agencies' and the joint commitments ------------------------------


@pytest.mark.parametrize("number", ["4.4", "5.3", "6.5", "7"])
def test_programme_staff_follow_up_the_other_parties_and_publish_at_once(
    umea_contracts, staff_user, number
):
    follow_up = save(commitment(umea_contracts, number), staff_user, publish=True, status="done")
    assert follow_up.is_published and follow_up.updated_by == staff_user


@pytest.mark.parametrize("number", ["4.4", "5.3", "6.5"])
def test_city_people_do_not_follow_up_the_other_parties(umea_contracts, umea_admin, number):
    with pytest.raises(PermissionDenied):
        save(commitment(umea_contracts, number), umea_admin)
    assert not CommitmentFollowUp.objects.exists()


# --- Validation and concurrent edits -------------------------------------------------------


def test_bad_input_is_refused_with_a_message_naming_the_field(umea_contracts, umea_officer):
    mobility = commitment(umea_contracts, "3.9")
    with pytest.raises(ValidationError) as error:
        save(mobility, umea_officer, status="finished")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        save(mobility, umea_officer, year=2023)
    assert error.value.message_dict["year"] == ["Året måste vara mellan 2024 och 2025."]
    with pytest.raises(ValidationError) as error:
        save(mobility, umea_officer, comment="x" * 5001)
    assert "comment" in error.value.message_dict
    assert not CommitmentFollowUp.objects.exists()


def test_years_run_from_the_version_to_this_year(umea_contracts):
    assert follow_up_years(umea_contracts[2024], today=dt.date(2026, 1, 5)) == [2024, 2025, 2026]
    assert follow_up_years(umea_contracts[2024], today=dt.date(2023, 1, 5)) == [2024]


def test_a_second_persons_stale_save_is_refused_and_says_what_changed(
    umea_contracts, umea_officer, umea_admin
):
    mobility = commitment(umea_contracts, "3.9")
    first = save(mobility, umea_officer, comment="Anna")
    opened_version = first.version
    save(mobility, umea_admin, status="done", comment="Erik", expected_version=opened_version)
    with pytest.raises(StaleEdit) as error:
        save(mobility, umea_officer, comment="Anna igen", expected_version=opened_version)
    assert "erik.umea" in str(error.value)
    # what this person started from, and what was saved meanwhile
    assert error.value.changes["comment"] == ["Anna", "Erik"]
    first.refresh_from_db()
    assert (first.status, first.comment) == ("done", "Erik")


def test_each_year_has_its_own_follow_up(umea_contracts, umea_officer):
    mobility = commitment(umea_contracts, "3.9")
    save(mobility, umea_officer, year=2024, status="ongoing")
    save(mobility, umea_officer, year=2025, status="done")
    assert dict(mobility.follow_ups.values_list("year", "status")) == {
        2024: "ongoing",
        2025: "done",
    }


# --- Follow-up texts -----------------------------------------------------------------------


def test_the_city_writes_its_follow_up_text_and_staff_may_not(
    umea_contracts, umea_officer, staff_user
):
    contract = umea_contracts[2024]
    text = follow_up_text_save(
        contract=contract,
        party="city",
        kind="updates",
        text="Nytt stycke.",
        expected_version=FollowUpText.objects.get(
            contract=contract, party="city", kind="updates"
        ).version,
        by=umea_officer,
    )
    # The published text stays; the officer's change waits for publishing.
    assert text.is_published and text.draft == {"text": "Nytt stycke."}
    assert text.title == "Viktigaste uppdateringar för kommunen"  # the seed's title is kept
    with pytest.raises(PermissionDenied):
        follow_up_text_save(
            contract=contract, party="city", kind="experiences", text="X", by=staff_user
        )
    text.refresh_from_db()
    assert text.draft == {"text": "Nytt stycke."}


def test_staff_write_viable_cities_missing_text_and_officers_may_not(
    umea_contracts, umea_officer, staff_user
):
    contract = umea_contracts[2024]
    with pytest.raises(PermissionDenied):
        follow_up_text_save(
            contract=contract, party="viable_cities", kind="experiences", text="X", by=umea_officer
        )
    created = follow_up_text_save(
        contract=contract,
        party="viable_cities",
        kind="experiences",
        text="Lärdomar från Transition Lab.",
        publish=True,
        by=staff_user,
    )
    assert created.title == "Mest angelägna erfarenheter att dela för Viable Cities"
    assert created.is_published
    assert history_for(created).get().action == ChangeAction.CREATE


def test_a_follow_up_text_needs_text(umea_contracts, umea_officer):
    with pytest.raises(ValidationError) as error:
        follow_up_text_save(
            contract=umea_contracts[2024],
            party="city",
            kind="experiences",
            text=" ",
            by=umea_officer,
        )
    assert error.value.message_dict["text"] == ["Skriv texten."]


# --- Contract versions ----------------------------------------------------------------------


def test_only_programme_staff_create_and_publish_versions(malmo, staff_user, umea_admin):
    with pytest.raises(PermissionDenied):
        contract_create(city=malmo, year=2025, by=umea_admin)
    contract = contract_create(city=malmo, year=2025, by=staff_user)
    section = contract_section_add(
        contract=contract, number="3", title="Kommunens åtaganden", party="city", by=staff_user
    )
    with pytest.raises(PermissionDenied):
        commitment_add(section=section, text="X", by=umea_admin)
    item = commitment_add(section=section, number="3.1", title="Cykel", text="T", by=staff_user)
    assert item.party == "city" and item.order == 1
    with pytest.raises(PermissionDenied):
        contract_publish(contract=contract, by=umea_admin)
    contract_publish(contract=contract, by=staff_user)
    contract.refresh_from_db()
    assert contract.is_published
    assert [r.action for r in history_for(contract)] == [ChangeAction.PUBLISH, ChangeAction.CREATE]
    with pytest.raises(ValidationError) as error:
        contract_create(city=malmo, year=2025, by=staff_user)
    assert error.value.message_dict["year"] == ["Malmö har redan en version för 2025."]


def test_references_need_text_or_a_web_address(malmo, staff_user):
    contract = contract_create(city=malmo, year=2025, by=staff_user)
    with pytest.raises(ValidationError) as error:
        contract_section_add(
            contract=contract, number="1", title="S", references=[{"url": "ftp://x"}], by=staff_user
        )
    assert "Hänvisning 1" in error.value.message_dict["references"][0]
    assert not contract.sections.exists()


# --- Staff notes ----------------------------------------------------------------------------


def test_staff_write_and_remove_notes_keeping_who_and_when(umea, staff_user):
    note = staff_note_add(city=umea, text="  Ring klimatstrategen om 3.9.  ", by=staff_user)
    assert note.text == "Ring klimatstrategen om 3.9." and note.created_by == staff_user
    staff_note_delete(note=note, by=staff_user)
    note.refresh_from_db()
    assert note.deleted_at is not None and note.deleted_by == staff_user
    # Never in the history that the city's own people may read.
    assert not ChangeRecord.objects.filter(label__contains="Ring").exists()


def test_city_people_may_not_write_or_remove_notes(umea, umea_admin, staff_user):
    with pytest.raises(PermissionDenied):
        staff_note_add(city=umea, text="Hej", by=umea_admin)
    note = staff_note_add(city=umea, text="Hej", by=staff_user)
    with pytest.raises(PermissionDenied):
        staff_note_delete(note=note, by=umea_admin)
    note.refresh_from_db()
    assert note.deleted_at is None
    assert StaffNote.objects.count() == 1


def test_an_empty_note_is_refused(umea, staff_user):
    with pytest.raises(ValidationError):
        staff_note_add(city=umea, text="   ", by=staff_user)
    assert not StaffNote.objects.exists()


def test_unpublished_versions_stay_hidden_from_the_public(malmo, staff_user):
    from django.contrib.auth.models import AnonymousUser

    contract_create(city=malmo, year=2025, by=staff_user)
    assert not Contract.objects.visible_to(AnonymousUser()).filter(city=malmo).exists()
    assert Contract.objects.visible_to(staff_user).filter(city=malmo).exists()
