"""A contract's text as stored, as blocks for the templates: paragraphs, bulleted lists and
numbered subheadings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SUBHEADING = re.compile(r"^\d+(\.\d+){2,}\s+\S")


@dataclass
class Block:
    """A paragraph ("p"), a bulleted list ("ul", ``items``) or a numbered subheading
    ("h", e.g. "7.3.1 Processen kring klimatkontrakt")."""

    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)


#: A bullet line: "- ", "* " or "•" at its start.
_BULLET = re.compile(r"^\s*(?:[-*]\s+|•\s*)")


def text_blocks(text: str) -> list[Block]:
    """The small, safe markup of contract and follow-up texts, as blocks (the templates
    escape every word; no HTML is ever read from the text):

    - a blank line separates paragraphs; the lines of one paragraph run together;
    - a line starting with "- ", "* " or "•" is a list item (also inside a paragraph, so
      two bullet lines in a row are two items); consecutive items form one list;
    - a short numbered line such as "7.3.1 Processen" is a subheading.
    """
    blocks: list[Block] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text or "")):
        if not para:
            continue
        lines: list[str] = []
        for line in para.splitlines():
            if _BULLET.match(line):
                _flush(blocks, lines)
                item = " ".join(_BULLET.sub("", line, count=1).split())
                if item:
                    if blocks and blocks[-1].kind == "ul" and not lines:
                        blocks[-1].items.append(item)
                    else:
                        blocks.append(Block("ul", items=[item]))
            elif line.strip():
                lines.append(line)
        _flush(blocks, lines)
    return blocks


def _flush(blocks: list[Block], lines: list[str]) -> None:
    """The paragraph (or subheading) of ``lines``, emptying it."""
    para = " ".join(" ".join(lines).split())
    lines.clear()
    if not para:
        return
    if _SUBHEADING.match(para) and len(para) < 120 and not para.endswith("."):
        blocks.append(Block("h", text=para))
    else:
        blocks.append(Block("p", text=para))
