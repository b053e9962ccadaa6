"""What changed between two versions of a contract: sections and commitments added,
removed and changed, with word-level highlighting of changed text.

Pure: takes and returns plain data (no Django), so it is quick to test with small
hand-written contracts.

Matching, in this order, within a list (sections of a contract; commitments of one
party in one section):

1. same number and same title;
2. same title under another number (renumbered);
3. same number under another title (retitled);
4. what is left, pairwise by text similarity (difflib ratio ≥ ``SIMILAR``).

Anything still unmatched was added (only in the newer version) or removed (only in the
older one). A commitment that moved to another section shows as removed there and added
here: sections are compared first, then the commitments inside each matched pair.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

Change = Literal["unchanged", "changed", "added", "removed"]
SegmentKind = Literal["equal", "delete", "insert"]

#: Two texts under different numbers and titles count as the same item when at least this
#: similar (difflib's ratio over words).
SIMILAR = 0.6

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Item:
    """A commitment as the diff sees it."""

    number: str
    title: str
    text: str
    party: str = ""


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    text: str = ""
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


@dataclass
class TextDiff:
    """One text before and after: ``old`` has equal and deleted runs, ``new`` equal and
    inserted runs, both in reading order."""

    old: list[Segment]
    new: list[Segment]

    @property
    def changed(self) -> bool:
        return any(s.kind != "equal" for s in (*self.old, *self.new))


@dataclass
class ItemChange:
    change: Change
    old: Item | None
    new: Item | None
    title: TextDiff
    text: TextDiff
    renumbered: bool = False


@dataclass
class SectionChange:
    change: Change
    old: Section | None
    new: Section | None
    title: TextDiff
    text: TextDiff
    items: list[ItemChange] = field(default_factory=list)
    renumbered: bool = False

    @property
    def has_changes(self) -> bool:
        return self.change != "unchanged" or any(i.change != "unchanged" for i in self.items)

    @property
    def unchanged_items(self) -> list[ItemChange]:
        return [i for i in self.items if i.change == "unchanged"]


@dataclass
class ContractDiff:
    sections: list[SectionChange]

    def count(self, change: Change) -> int:
        """How many commitments were ``change`` (added, removed, changed, unchanged)."""
        return sum(1 for s in self.sections for i in s.items if i.change == change)

    def section_count(self, change: Change) -> int:
        return sum(1 for s in self.sections if s.change == change)

    @property
    def unchanged_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if not s.has_changes]

    # For templates, which cannot pass arguments.
    @property
    def count_added(self) -> int:
        return self.count("added")

    @property
    def count_removed(self) -> int:
        return self.count("removed")

    @property
    def count_changed(self) -> int:
        return self.count("changed")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def has_changes(self) -> bool:
        return any(s.has_changes for s in self.sections)


def tokens(text: str) -> list[str]:
    """Words, runs of white space and single punctuation marks."""
    return _TOKEN.findall(text)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].kind == segment.kind:
            merged[-1] = Segment(segment.kind, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def text_diff(old: str, new: str) -> TextDiff:
    """Word-level difference between two texts."""
    if old == new:
        same = [Segment("equal", old)] if old else []
        return TextDiff(old=same, new=list(same))
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            left.append(Segment("equal", before))
            right.append(Segment("equal", after))
        else:  # replace, delete, insert
            left.append(Segment("delete", before))
            right.append(Segment("insert", after))
    return TextDiff(old=_merge(left), new=_merge(right))


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0–1, over their words (spaces and punctuation would make
    any two sentences look alike)."""
    a, b = _WORD.findall(old.casefold()), _WORD.findall(new.casefold())
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def match(
    old: Sequence, new: Sequence, *, number: Callable, title: Callable, text: Callable
) -> list[tuple[int | None, int | None]]:
    """Pairs of (old index, new index); None on one side for added or removed items.

    Ordered as the newer version reads, each removed item placed after the item that
    preceded it in the older version.
    """
    pairs: dict[int, int] = {}  # old index → new index
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))

    def pair_by(key: Callable) -> None:
        wanted: dict[object, list[int]] = {}
        for j in sorted(free_new):
            wanted.setdefault(key(new[j]), []).append(j)
        for i in sorted(free_old):
            k = key(old[i])
            if k is None or not wanted.get(k):
                continue
            j = wanted[k].pop(0)
            pairs[i] = j
            free_old.discard(i)
            free_new.discard(j)

    def numbered(item) -> str | None:
        return number(item) or None

    def titled(item) -> str | None:
        return _norm(title(item)) or None

    pair_by(lambda x: (numbered(x), titled(x)) if numbered(x) and titled(x) else None)
    pair_by(titled)
    pair_by(numbered)
    # What is left: the most similar texts first.
    candidates = sorted(
        ((similarity(text(old[i]), text(new[j])), i, j) for i in free_old for j in free_new),
        reverse=True,
    )
    for ratio, i, j in candidates:
        if ratio < SIMILAR:
            break
        if i in free_old and j in free_new:
            pairs[i] = j
            free_old.discard(i)
            free_new.discard(j)

    old_of = {j: i for i, j in pairs.items()}
    keyed: list[tuple[tuple, tuple[int | None, int | None]]] = []
    for j in range(len(new)):
        keyed.append(((j, 0, 0), (old_of.get(j), j)))
    anchor = -1
    for i in range(len(old)):
        if i in pairs:
            anchor = pairs[i]
        else:
            keyed.append(((anchor, 1, i), (i, None)))
    keyed.sort(key=lambda pair: pair[0])
    return [p for _, p in keyed]


def _one_sided(old: str, new: str) -> TextDiff:
    """A text that exists on one side only: all deleted or all inserted."""
    return TextDiff(
        old=[Segment("delete", old)] if old else [], new=[Segment("insert", new)] if new else []
    )


def _item_change(old: Item | None, new: Item | None) -> ItemChange:
    if old is None or new is None:
        return ItemChange(
            change="added" if old is None else "removed",
            old=old,
            new=new,
            title=_one_sided(old.title if old else "", new.title if new else ""),
            text=_one_sided(old.text if old else "", new.text if new else ""),
        )
    title = text_diff(old.title, new.title)
    text = text_diff(old.text, new.text)
    renumbered = old.number != new.number
    changed = title.changed or text.changed or renumbered or old.party != new.party
    return ItemChange(
        change="changed" if changed else "unchanged",
        old=old,
        new=new,
        title=title,
        text=text,
        renumbered=renumbered,
    )


def _items_diff(old: Sequence[Item], new: Sequence[Item]) -> list[ItemChange]:
    # Commitments are matched within the same party only.
    parties = list(dict.fromkeys([*(x.party for x in new), *(x.party for x in old)]))
    changes: list[ItemChange] = []
    if len(parties) <= 1:
        groups = [(list(old), list(new))]
    else:
        groups = [
            ([x for x in old if x.party == p], [x for x in new if x.party == p]) for p in parties
        ]
    for old_group, new_group in groups:
        for i, j in match(
            old_group,
            new_group,
            number=lambda x: x.number,
            title=lambda x: x.title,
            text=lambda x: x.text,
        ):
            changes.append(
                _item_change(
                    old_group[i] if i is not None else None,
                    new_group[j] if j is not None else None,
                )
            )
    return changes


def contract_diff(old: Sequence[Section], new: Sequence[Section]) -> ContractDiff:
    """Compare an older and a newer version of a contract, section by section."""
    result: list[SectionChange] = []
    for i, j in match(
        old,
        new,
        number=lambda s: s.number,
        title=lambda s: s.title,
        text=lambda s: s.text + " " + " ".join(x.text for x in s.items),
    ):
        before = old[i] if i is not None else None
        after = new[j] if j is not None else None
        if before is None or after is None:
            result.append(
                SectionChange(
                    change="added" if before is None else "removed",
                    old=before,
                    new=after,
                    title=_one_sided(before.title if before else "", after.title if after else ""),
                    text=_one_sided(before.text if before else "", after.text if after else ""),
                    items=[
                        _item_change(None, x) if after else _item_change(x, None)
                        for x in (after or before).items  # type: ignore[union-attr]
                    ],
                )
            )
            continue
        title = text_diff(before.title, after.title)
        text = text_diff(before.text, after.text)
        renumbered = before.number != after.number
        result.append(
            SectionChange(
                change="changed" if (title.changed or text.changed or renumbered) else "unchanged",
                old=before,
                new=after,
                title=title,
                text=text,
                items=_items_diff(before.items, after.items),
                renumbered=renumbered,
            )
        )
    return ContractDiff(sections=result)
