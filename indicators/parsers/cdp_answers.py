"""Normalising CDP's free-text answers: the type of a target, its sector, the scopes it
names."""

from __future__ import annotations

import re

from .cdp_columns import header_key
from .cdp_records import _OTHER_PREFIX, TargetSector, TargetType

# --- normalising answers --------------------------------------------------------------

_TARGET_TYPES: tuple[tuple[str, TargetType], ...] = (
    # Checked in order: "baseline scenario" and "intensity" before the plain base year.
    ("no target", TargetType.NO_TARGET),
    ("baseline scenario", TargetType.BASELINE_SCENARIO),
    ("business as usual", TargetType.BASELINE_SCENARIO),
    ("intensity", TargetType.BASE_YEAR_INTENSITY),
    ("fixed level", TargetType.FIXED_LEVEL),
    ("base year", TargetType.BASE_YEAR_ABSOLUTE),
    ("absolute", TargetType.BASE_YEAR_ABSOLUTE),
)


def target_type(text: str) -> TargetType | None:
    """CDP's "Type of target" as a :class:`TargetType`, or None if empty or unknown.

    >>> target_type("Base year emissions (absolute) target")
    <TargetType.BASE_YEAR_ABSOLUTE: 'base_year_absolute'>
    """
    key = header_key(text)
    for words, kind in _TARGET_TYPES:
        if words in key:
            return kind
    return None


# CDP's answer options (and their names in "Other, please specify: ...") → sector.
_SECTORS: dict[str, TargetSector] = {
    "all emissions sources included in city inventory": TargetSector.CITY_WIDE,
    "total city wide emissions": TargetSector.CITY_WIDE,
    "city wide": TargetSector.CITY_WIDE,
    "energy": TargetSector.ENERGY,
    "stationary energy": TargetSector.ENERGY,
    "transport": TargetSector.TRANSPORT,
    "transportation": TargetSector.TRANSPORT,
    "waste": TargetSector.WASTE,
    "waste management": TargetSector.WASTE,
    "ippu": TargetSector.IPPU,
    "industrial processes and product use": TargetSector.IPPU,
    "industrial processes and product use ippu": TargetSector.IPPU,
    "afolu": TargetSector.AFOLU,
    "agriculture": TargetSector.AFOLU,
    "agriculture forestry and other land use": TargetSector.AFOLU,
    "agriculture forestry and other land use afolu": TargetSector.AFOLU,
}


def target_sector(text: str) -> TargetSector | None:
    """CDP's "Sector" answer as a :class:`TargetSector` (None if not answered).

    A known option, also when written after "Other, please specify:", maps to its sector;
    a text about consumption-based emissions to CONSUMPTION (those are not territorial, so
    they must never be compared with the inventory); a text about territorial emissions to
    CITY_WIDE; anything else ("food", "Energy and transport") to OTHER.
    """
    if not text.strip():
        return None
    detail = _OTHER_PREFIX.sub("", text)
    key = header_key(detail)
    if key in _SECTORS:
        return _SECTORS[key]
    if "consum" in key:
        return TargetSector.CONSUMPTION
    if "territorial" in key:
        return TargetSector.CITY_WIDE
    return TargetSector.OTHER


_SCOPES = re.compile(r"\bscopes?\s*((?:[123]\s*(?:,|&|\+|-|and|och)?\s*(?:scope\s*)?)+)", re.I)


def scopes_named(text: str) -> tuple[int, ...]:
    """The GHG scopes a text names: "Scope 1 and 2 CO2 emissions" → (1, 2)."""
    found: set[int] = set()
    for match in _SCOPES.finditer(text):
        found.update(int(d) for d in re.findall(r"[123]", match[1]))
    return tuple(sorted(found))
