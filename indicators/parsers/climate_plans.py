"""Climate plans per municipality as Klimatkollen lists them (``climate-data.json``).

Each entry of Klimatkollen's list names the municipality's climate plan
(``climatePlanComment``: the document's name or Klimatkollen's note), its year
(``climatePlanYear``: a year, or a word such as "Saknas") and a link (``climatePlanLink``).
Only these three are read here; the carbon budget of the same file is ``carbon_budget``'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from .base import ParsedFile, ParseOptions, ReleaseInfo, RowError
from .files import Source
from .text import clean_text
from .validation import DuplicateTracker, MunicipalityIndex, municipality_list, named_municipality

FORMAT = "klimatkollen_climate_plans_json"
SOURCE = "klimatkollen-plans"
PUBLISHER = "Klimatkollen (Klimatbyrån): kommunernas klimatplaner"
RELEASE_NAME = "Klimatkollens kartläggning av klimatplaner"


@dataclass(frozen=True)
class ClimatePlanRecord:
    """A municipality's climate plan: its name, year (None when not a year) and link."""

    municipality_code: str
    title: str
    year: int | None
    year_text: str  # as the file gives it, e.g. "2021" or "Saknas"
    link: str
    row: int = 0


def parse(fileobj: Source, *, filename: str, **options: Unpack[ParseOptions]) -> ParsedFile:
    """Parse the climate plans of Klimatkollen's ``climate-data.json``; ``municipalities``
    (code → name) is required since the file names municipalities only."""
    index, document = municipality_list(
        fileobj,
        filename,
        options=options,
        shape='[{"kommun": namn, "climatePlanLink": url, "climatePlanYear": år}]',
    )
    release = ReleaseInfo(
        source=SOURCE, name=RELEASE_NAME, released_on=None, covers_to=None, publisher=PUBLISHER
    )

    def rows() -> Iterator[ClimatePlanRecord | RowError]:
        yield from _records(document, filename, index)

    return ParsedFile(
        format=FORMAT,
        kind="climate_plans",
        release=release,
        total_rows=len(document),
        row_source=rows,  # type: ignore[arg-type]
    )


def plan_year(raw: object) -> tuple[int | None, str]:
    """(year, text) of ``climatePlanYear``: 2021 → (2021, "2021"); "Saknas" → (None, ...)."""
    text = clean_text(str(raw)) if raw is not None else ""
    match = re.fullmatch(r"(19|20)\d\d", text)
    return (int(text) if match else None), text


def _records(
    document: list[dict[str, Any]], filename: str, index: MunicipalityIndex
) -> Iterator[ClimatePlanRecord | RowError]:
    seen = DuplicateTracker()
    for number, item in enumerate(document, start=1):
        code = named_municipality(
            item, key="kommun", number=number, filename=filename, index=index, seen=seen
        )
        if isinstance(code, RowError):
            yield code
            continue
        yield _record(item, code, number)


def _record(item: Mapping[str, Any], code: str, number: int) -> ClimatePlanRecord:
    link = item.get("climatePlanLink")
    link_text = clean_text(str(link)) if isinstance(link, str) else ""
    if not link_text.lower().startswith(("http://", "https://")):
        link_text = ""  # "Saknas" and the like: no document to link
    year, year_text = plan_year(item.get("climatePlanYear"))
    title = item.get("climatePlanComment")
    return ClimatePlanRecord(
        municipality_code=code,
        title=clean_text(str(title)).rstrip(". ") if isinstance(title, str) else "",
        year=year,
        year_text=year_text,
        link=link_text,
        row=number,
    )
