"""The canonical sectors and substances of Nationella emissionsdatabasen (SMHI).

SMHI's releases spell sectors differently from year to year (the 2024-04-18 Länsrapport
writes "Egen uppärmning av bostäder och lokaler"), and subsector names are ASCII-folded
in places ("fran", "for"). Everything that reads a sector goes through this table so
that one sector has one name across releases: the spelling of SMHI's own
2021-10-14 Länsrapport, which is correct Swedish.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from .text import clean_text, name_key

#: Label used for "all sectors"/"all subsectors" (SMHI writes "Alla").
ALL = "Alla"

#: Canonical main sectors (huvudsektorer) in SMHI's order of presentation.
MAIN_SECTORS: tuple[str, ...] = (
    "Transporter",
    "Utrikes transporter",
    "Industri (energi + processer)",
    "El och fjärrvärme",
    "Egen uppvärmning av bostäder och lokaler",
    "Jordbruk",
    "Arbetsmaskiner",
    "Produktanvändning (inkl. lösningsmedel)",
    "Avfall (inkl.avlopp)",
)

#: How each canonical sector reads in the UI: SMHI's Swedish name, translated by the
#: catalogue. The stored name stays the canonical Swedish one.
_SECTOR_LABELS = {
    "Transporter": _("Transporter"),
    "Utrikes transporter": _("Utrikes transporter"),
    "Industri (energi + processer)": _("Industri (energi + processer)"),
    "El och fjärrvärme": _("El och fjärrvärme"),
    "Egen uppvärmning av bostäder och lokaler": _("Egen uppvärmning av bostäder och lokaler"),
    "Jordbruk": _("Jordbruk"),
    "Arbetsmaskiner": _("Arbetsmaskiner"),
    "Produktanvändning (inkl. lösningsmedel)": _("Produktanvändning (inkl. lösningsmedel)"),
    "Avfall (inkl.avlopp)": _("Avfall (inkl.avlopp)"),
}


def sector_label(name: str) -> str:
    """A sector's name in the active language (unknown names as they are)."""
    return str(_SECTOR_LABELS.get(name, name))


# Spellings seen in real releases (or plausible ones) → canonical. Keys are compared
# with _sector_key, so case, spaces and dots do not need listing.
_MAIN_SECTOR_ALIASES: dict[str, str] = {
    "Egen uppärmning av bostäder och lokaler": "Egen uppvärmning av bostäder och lokaler",
    "Egen uppvärmning": "Egen uppvärmning av bostäder och lokaler",
    "Industri (energi och processer)": "Industri (energi + processer)",
    "Industri": "Industri (energi + processer)",
    "Avfall (inkl avlopp)": "Avfall (inkl.avlopp)",
    "Avfall": "Avfall (inkl.avlopp)",
    "Produktanvändning (inkl lösningsmedel)": "Produktanvändning (inkl. lösningsmedel)",
    "Produktanvändning": "Produktanvändning (inkl. lösningsmedel)",
    "El- och fjärrvärme": "El och fjärrvärme",
    "Inrikes transporter": "Transporter",
}

# Subsector spellings of SMHI's Länsrapport (2021 and 2024) → correct Swedish.
# Unknown subsectors pass through as written (trimmed): they are finer-grained and
# change more often, and a new one must not stop an import.
_SUBSECTOR_ALIASES: dict[str, str] = {
    "Avdunsting fran vägfordon": "Avdunstning från vägfordon",
    "Slitage fran däck och bromsar": "Slitage från däck och bromsar",
    "Slitage fran vägbanan": "Slitage från vägbanan",
    "Millitär transport": "Militär transport",
    "inrikes civil sjöfart (inkl privata fritidsbåtar)": (
        "Inrikes civil sjöfart (inkl. privata fritidsbåtar)"
    ),
    "Hastgödsel (lagring, användning och bete)": "Hästgödsel (lagring, användning och bete)",
    "Indirekta utsläpp av lustgas fran brukad mark": (
        "Indirekta utsläpp av lustgas från brukad mark"
    ),
    "Övrigt gödselmedel m.m": "Övrigt gödselmedel m.m.",
    "Lustgas fran produktanvändning": "Lustgas från produktanvändning",
    "Urea for katalysatorer": "Urea för katalysatorer",
    "Industri- och byggsektorns arbetsmaskiner (inkl vägarbeten)": (
        "Industri- och byggsektorns arbetsmaskiner (inkl. vägarbeten)"
    ),
}


def _sector_key(name: object) -> str:
    # Spaces and dots are the usual differences ("inkl.avlopp" / "inkl. avlopp").
    return re.sub(r"[\s.]", "", name_key(name))


_MAIN_BY_KEY: dict[str, str] = {_sector_key(s): s for s in MAIN_SECTORS}
_MAIN_BY_KEY.update({_sector_key(k): v for k, v in _MAIN_SECTOR_ALIASES.items()})
_MAIN_BY_KEY[_sector_key(ALL)] = ALL
_SUB_BY_KEY: dict[str, str] = {_sector_key(k): v for k, v in _SUBSECTOR_ALIASES.items()}
_SUB_BY_KEY.update({_sector_key(v): v for v in _SUBSECTOR_ALIASES.values()})


def canonical_sector(raw: object) -> str | None:
    """The canonical main sector for ``raw`` ("Alla" for the total), or None."""
    return _MAIN_BY_KEY.get(_sector_key(raw))


def canonical_subsector(raw: object) -> str:
    """The canonical subsector for ``raw``: a known misspelling fixed, else the name as
    written (trimmed); "Alla" for the main-sector total."""
    key = _sector_key(raw)
    if key == _sector_key(ALL):
        return ALL
    return _SUB_BY_KEY.get(key, clean_text(raw))


# --- substances -----------------------------------------------------------------------

#: Short codes of the substances in SMHI's files, keyed by the Swedish name (as a
#: _sector_key). A name with its code in brackets, "Koldioxid (CO2)", is also recognised
#: by the bracket.
_SUBSTANCES: dict[str, str] = {
    "växthusgaser totalt": "GGT",
    "växthusgaser": "GGT",
    "koldioxid": "CO2",
    "metan": "CH4",
    "dikväveoxid": "N2O",
    "lustgas": "N2O",
    "fluorerade växthusgaser": "F-gaser",
    "fluorkolväten": "HFC",
    "perfluorkolväten": "PFC",
    "svavelhexafluorid": "SF6",
    "kväveoxider": "NOX",
    "svaveldioxid": "SO2",
    "ammoniak": "NH3",
    "kolmonoxid": "CO",
    "flyktiga organiska ämnen": "NMVOC",
}
_SUBSTANCES_BY_KEY = {_sector_key(k): v for k, v in _SUBSTANCES.items()}
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")

#: Human names for the codes, for labels.
SUBSTANCE_NAMES: dict[str, str] = {
    "GGT": "Växthusgaser totalt",
    "CO2": "Koldioxid",
    "CH4": "Metan",
    "N2O": "Dikväveoxid (lustgas)",
}


def substance_code(raw: object) -> str | None:
    """The short code for a substance as SMHI names it: "Växthusgaser totalt" → "GGT",
    "Koldioxid (CO2)" → "CO2", "Metan (CH₄)" → "CH4"; None if not recognised."""
    text = clean_text(raw).translate(_SUBSCRIPTS)
    text = re.sub(r"^emissioner av\s+", "", text, flags=re.IGNORECASE)
    bracket = re.search(r"\(([A-Za-z0-9.,\- ]{1,12})\)\s*$", text)
    if bracket and not re.search(r"co2-?ekv", bracket.group(1), re.IGNORECASE):
        return bracket.group(1).replace(" ", "").upper()
    key = _sector_key(re.sub(r"\(.*\)\s*$", "", text))
    return _SUBSTANCES_BY_KEY.get(key)
