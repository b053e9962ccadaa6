"""Fixtures for the parser tests: the real data files and builders of bad files.

The real files live outside the repository (``../shared/data`` or ``$KLIMAT_DATA_DIR``)
and are never copied in; bad files are generated in ``tmp_path``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from indicators.parsers import scb
from indicators.parsers.base import (
    EmissionRecord,
    ObservationRecord,
    ParsedFile,
    Record,
    RowError,
)

DATA_DIR = Path(
    os.environ.get(
        "KLIMAT_DATA_DIR", Path(__file__).resolve().parents[2].parent / "shared" / "data"
    )
)

UMEA = "2480"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not (DATA_DIR / "SOURCES.md").exists():
        pytest.skip(f"real data files not found in {DATA_DIR} (set KLIMAT_DATA_DIR)")
    return DATA_DIR


@pytest.fixture(scope="session")
def reference(data_dir: Path) -> tuple[list, list]:
    """SCB's counties and municipalities 2023."""
    return scb.load_municipality_list(data_dir / "scb" / "scb_kommunlankod_2023.xls")


@pytest.fixture(scope="session")
def municipalities(reference: tuple[list, list]) -> dict[str, str]:
    """code → name of Sweden's 290 municipalities, as the service layer passes it."""
    return {m.code: m.name for m in reference[1]}


@pytest.fixture(scope="session")
def few_municipalities() -> dict[str, str]:
    """A small reference list for generated files, so those tests need no real data."""
    return {
        "0114": "Upplands Väsby",
        "0180": "Stockholm",
        "1280": "Malmö",
        "1480": "Göteborg",
        "2480": "Umeå",
        "2482": "Skellefteå",
    }


@dataclass
class Collected:
    """Everything a ParsedFile yielded, split by kind."""

    records: list[Record] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def emissions(self) -> list[EmissionRecord]:
        return [r for r in self.records if isinstance(r, EmissionRecord)]

    @property
    def observations(self) -> list[ObservationRecord]:
        return [r for r in self.records if isinstance(r, ObservationRecord)]

    def messages(self) -> list[str]:
        return [str(e) for e in self.errors]


def collect(parsed: ParsedFile) -> Collected:
    found = Collected()
    with parsed:
        for item in parsed.rows():
            if isinstance(item, RowError):
                (found.errors if item.is_error else found.warnings).append(item)
            else:
                found.records.append(item)
    return found


# --- builders of generated files ----------------------------------------------------------

NED_YEARS = (1990, 2019)


def ned_csv_text(
    rows: Iterable[Sequence[object]],
    *,
    years: Sequence[object] = NED_YEARS,
    substance: str = "Växthusgaser totalt",
    report: str = "Rapportnamn:;Länsrapport, 2021-10-14",
    header: Sequence[str] = ("Huvudsektor", "Undersektor", "Län", "Kommun"),
) -> str:
    """A Länsrapport CSV like SMHI's: report lines, header, rows, footer (CRLF)."""
    width = len(header) + len(years)
    pad = ";" * (width - 2)
    lines = [
        report + pad,
        f"Emissioner av {substance}" + pad,
        "Enhet: ton/år" + pad,
        "CO2-ekv. efter ämnesnamn innebär att emissionen är uttryckt i CO2-ekvivalenter" + pad,
        ";" * (width - 1),
        ";" * (width - 1),
        ";".join([*header, *(str(y) for y in years)]),
    ]
    lines += [";".join(str(c) for c in row) for row in rows]
    lines.append(report + pad)
    return "\r\n".join(lines) + "\r\n"


UMEA_ROWS = [
    ("Alla", "Alla", "Alla", "Alla", "71273705,25", "51020350,72"),
    ("Alla", "Alla", "Västerbottens län", "Alla", "2000000", "1500000"),
    ("Alla", "Alla", "Västerbottens län", "Umeå", "458141,257", "371639,6128"),
    ("Transporter", "Alla", "Västerbottens län", "Umeå", "175118,9149", "163858,3538"),
    ("Alla", "Alla", "Västerbottens län", "Skellefteå", "300000", "200000"),
]


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path
