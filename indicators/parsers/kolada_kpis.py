"""Kolada's key figures (nyckeltal, "KPI"): their ids, our indicator keys for them
("kolada:N00401"), their metadata from the DDF dump's ``ddf--concepts.csv``, and what
every Kolada file shares (``kolada_api`` reads API responses, ``kolada_ddf`` the dump).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .files import Source, csv_rows, fail, open_source, sniff_encoding

SOURCE = "kolada"
PUBLISHER = "Kolada (RKA)"
KEY_PREFIX = "kolada:"
FIRST_YEAR = 1990
#: A KPI id: a letter and five digits, e.g. N00401.
KPI_ID = re.compile(r"[A-Za-z]\d{5}")


def indicator_key(kpi_id: str) -> str:
    """Our indicator key for a Kolada KPI: "n00401" → "kolada:N00401"."""
    return KEY_PREFIX + kpi_id.strip().upper()


@dataclass(frozen=True)
class KpiInfo:
    """A Kolada key figure's metadata (from ``ddf--concepts.csv`` or the API)."""

    id: str  # upper case, e.g. "N00401"
    name: str  # Swedish title, e.g. "Utsläpp till luft av växthusgaser totalt, ton CO2-ekv/inv"
    description: str
    unit: str  # read from the title's last part: "ton CO2-ekv/inv", "%", "antal"...
    publication_date: str = ""

    @property
    def key(self) -> str:
        return indicator_key(self.id)


def kpi_unit(title: str) -> str:
    """The unit Kolada writes at the end of a KPI title, after the last comma:
    "..., ton CO2-ekv/inv" → "ton CO2-ekv/inv", "..., andel (%)" → "%"."""
    tail = title.rsplit(",", 1)[-1].strip() if "," in title else ""
    if "(%)" in tail or tail.endswith("%"):
        return "%"
    if re.search(r"\(kr\)|kronor", tail):
        return "kr"
    return tail


def kpi_catalogue(path: Source) -> dict[str, KpiInfo]:
    """The KPIs described in a DDF ``ddf--concepts.csv`` (concept_type ``measure``),
    keyed by upper-case KPI id."""
    opened = open_source(path, "ddf--concepts.csv")
    try:
        encoding, _ = sniff_encoding(opened.stream, "ddf--concepts.csv")
        rows = csv_rows(opened.stream, encoding, "ddf--concepts.csv", ",")
        _, header = next(rows, (0, []))
        columns = {name: i for i, name in enumerate(header)}
        needed = ("concept", "concept_type", "name")
        if any(c not in columns for c in needed):
            raise fail("ddf--concepts.csv", "Rubrikraden saknar concept, concept_type eller name.")
        catalogue: dict[str, KpiInfo] = {}

        def cell(cells: list[str], column: str) -> str:
            i = columns.get(column)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        for _line, cells in rows:
            if cell(cells, "concept_type") != "measure":
                continue
            kpi_id = cell(cells, "concept").upper()
            title = cell(cells, "name")
            catalogue[kpi_id] = KpiInfo(
                id=kpi_id,
                name=title,
                description=cell(cells, "description"),
                unit=kpi_unit(title),
                publication_date=cell(cells, "publication_date"),
            )
        return catalogue
    finally:
        opened.close()
