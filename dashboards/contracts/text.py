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


def text_blocks(text: str) -> list[Block]:
    """Paragraphs are separated by a blank line; a paragraph starting with "•" is a list
    item; consecutive items form one list."""
    blocks: list[Block] = []
    for para in (p.strip() for p in re.split(r"\n\s*\n", text or "")):
        if not para:
            continue
        para = " ".join(para.split())
        if para.startswith("•"):
            item = para.lstrip("•").strip()
            if blocks and blocks[-1].kind == "ul":
                blocks[-1].items.append(item)
            else:
                blocks.append(Block("ul", items=[item]))
        elif _SUBHEADING.match(para) and len(para) < 120 and not para.endswith("."):
            blocks.append(Block("h", text=para))
        else:
            blocks.append(Block("p", text=para))
    return blocks
