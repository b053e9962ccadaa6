"""The comparison of two contract versions, on small hand-written contracts: what was added,
removed and changed, matched sensibly, with word-level highlighting."""

from contracts.diff import Item, Section, Segment, contract_diff, text_diff


def kinds(segments: list[Segment]) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in segments]


def test_a_changed_word_is_highlighted_on_both_sides():
    diff = text_diff(
        "Umeå ska vara klimatneutralt 2040.", "Umeå ska vara klimatneutralt 2035, tidigare."
    )
    assert kinds(diff.old) == [
        ("equal", "Umeå ska vara klimatneutralt "),
        ("delete", "2040"),
        ("equal", "."),
    ]
    assert kinds(diff.new) == [
        ("equal", "Umeå ska vara klimatneutralt "),
        ("insert", "2035, tidigare"),
        ("equal", "."),
    ]
    assert diff.changed


def test_identical_texts_have_no_highlighting():
    diff = text_diff("Samma text.", "Samma text.")
    assert kinds(diff.old) == kinds(diff.new) == [("equal", "Samma text.")]
    assert not diff.changed
    assert not text_diff("", "").changed


def test_both_sides_read_back_as_the_original_texts():
    old = "Kommunen bygger 10 km cykelväg och köper 20 elbussar."
    new = "Kommunen bygger 25 km cykelväg, köper 20 elbussar och utreder pendeltåg."
    diff = text_diff(old, new)
    assert "".join(s.text for s in diff.old) == old
    assert "".join(s.text for s in diff.new) == new
    assert ("delete", "10") in kinds(diff.old)
    assert ("insert", "25") in kinds(diff.new)
    assert all(s.kind != "insert" for s in diff.old)
    assert all(s.kind != "delete" for s in diff.new)


def city(*items: Item, number="3", title="Kommunens åtaganden", text="") -> Section:
    return Section(number=number, title=title, text=text, items=items)


def test_added_removed_changed_and_unchanged_commitments():
    old = [
        city(
            Item("3.1", "Cykel", "Bygga 10 km cykelväg."),
            Item("3.2", "Buss", "Köpa elbussar till stadstrafiken."),
            Item("3.3", "Mat", "Minska matsvinnet i skolorna."),
        )
    ]
    new = [
        city(
            Item("3.1", "Cykel", "Bygga 20 km cykelväg."),
            Item("3.3", "Mat", "Minska matsvinnet i skolorna."),
            Item("3.4", "Tåg", "Utreda pendeltåg mot kusten."),
        )
    ]
    diff = contract_diff(old, new)
    (section,) = diff.sections
    assert section.change == "unchanged"
    changes = [(i.change, (i.old or i.new).number) for i in section.items]
    # In the newer version's order, the removed 3.2 after the item that preceded it.
    assert changes == [
        ("changed", "3.1"),
        ("removed", "3.2"),
        ("unchanged", "3.3"),
        ("added", "3.4"),
    ]
    assert (diff.count("added"), diff.count("removed"), diff.count("changed")) == (1, 1, 1)
    assert diff.count_unchanged == 1
    removed = section.items[1]
    assert kinds(removed.text.old) == [("delete", "Köpa elbussar till stadstrafiken.")]
    assert removed.text.new == []
    assert diff.has_changes


def test_a_renumbered_commitment_is_matched_by_its_title():
    old = [city(Item("3.2", "Klimatanpassning", "Text A."), Item("3.3", "Mobilitet", "Text B."))]
    new = [city(Item("3.1", "Klimatanpassning", "Text A."), Item("3.2", "Mobilitet", "Text B."))]
    (section,) = contract_diff(old, new).sections
    assert [(i.change, i.old.number, i.new.number, i.renumbered) for i in section.items] == [
        ("changed", "3.2", "3.1", True),
        ("changed", "3.3", "3.2", True),
    ]
    assert not any(i.text.changed for i in section.items)


def test_a_retitled_commitment_is_matched_by_its_number():
    old = [city(Item("3.5", "Klimatinvesteringsplan", "Planen tas fram 2024."))]
    new = [city(Item("3.5", "Investeringar för hållbar tillväxt", "Planen tas fram 2025."))]
    (item,) = contract_diff(old, new).sections[0].items
    assert item.change == "changed"
    assert ("delete", "Klimatinvesteringsplan") in kinds(item.title.old)
    assert ("insert", "2025") in kinds(item.text.new)


def test_unnumbered_commitments_are_matched_by_similar_text():
    old = [city(Item("", "", "Kommunen ska minska utsläppen från transporter med hälften."))]
    new = [
        city(Item("", "", "Kommunen ska minska utsläppen från transporter med två tredjedelar."))
    ]
    (item,) = contract_diff(old, new).sections[0].items
    assert item.change == "changed"


def test_different_texts_are_not_forced_into_a_pair():
    old = [city(Item("", "", "Testkommunen köper elbussar."))]
    new = [city(Item("", "", "Testkommunen utreder pendeltåg."))]
    items = contract_diff(old, new).sections[0].items
    # The removed one first: it had nothing before it in the older version.
    assert [i.change for i in items] == ["removed", "added"]


def test_commitments_of_different_parties_are_never_paired():
    old = [city(Item("6.1", "Governance", "Samma text.", party="Kommunen"))]
    new = [city(Item("6.1", "Governance", "Samma text.", party="Viable Cities"))]
    items = contract_diff(old, new).sections[0].items
    assert sorted(i.change for i in items) == ["added", "removed"]


def test_a_new_section_brings_all_its_commitments_as_added():
    old = [city(Item("3.1", "Cykel", "Text."))]
    new = [
        city(Item("3.1", "Cykel", "Text.")),
        Section(
            "8", "Uppföljning av klimatinvesteringar", "Ny.", (Item("8.1", "Plan", "Text 8."),)
        ),
    ]
    diff = contract_diff(old, new)
    assert [s.change for s in diff.sections] == ["unchanged", "added"]
    added = diff.sections[1]
    assert [i.change for i in added.items] == ["added"]
    assert kinds(added.title.new) == [("insert", "Uppföljning av klimatinvesteringar")]
    assert not diff.sections[0].has_changes
    assert diff.section_count("added") == 1


def test_a_removed_section_takes_its_commitments_with_it():
    old = [
        city(Item("3.1", "Cykel", "Text.")),
        Section("8", "Gammalt", "", (Item("8.1", "X", "Y."),)),
    ]
    new = [city(Item("3.1", "Cykel", "Text."))]
    diff = contract_diff(old, new)
    assert [s.change for s in diff.sections] == ["unchanged", "removed"]
    assert [i.change for i in diff.sections[1].items] == ["removed"]


def test_two_identical_versions_have_no_changes():
    version = [city(Item("3.1", "Cykel", "Text.")), Section("9", "Kontraktet", "Gäller 2024.")]
    diff = contract_diff(version, list(version))
    assert not diff.has_changes
    assert diff.count("unchanged") == 1
