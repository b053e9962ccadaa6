"""Is a value plausible? The one set of rules every entry path of a city's own figures
uses (the value form, the API, template uploads and ``import_data``; the officers' grid
page reuses :func:`check_value`).

- **Range**: every indicator has a valid range: its own (``Indicator.value_min`` /
  ``value_max``, set by programme staff or the city for its own indicators) or one
  derived from its unit and name (:func:`valid_range`): a share (unit ``%``) 0–100 (a
  change in per cent: at least −100), emissions and other amounts ≥ 0, tonnes per
  person 0–50. A value outside is refused with a message that names it.
- **Jump**: a value more than 3× or less than ⅓ of a neighbouring published year (the
  nearest published year before and after, of the same indicator and city) is a
  warning the person must confirm (form checkbox, upload confirmation, API
  ``"confirm_jump": true``).
- Booleans, NaN and infinities are refused everywhere (here too, for callers that did
  not parse the value themselves).

The rules (:func:`valid_range`, :func:`problems`) are pure; :func:`check_value` and
:class:`Neighbours` read the published neighbours from the database.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from cities.models import City
from core.formatting import num as _num
from core.i18n import gettext as _
from indicators.models import Indicator, Observation

ERROR: Literal["error"] = "error"
WARNING: Literal["warning"] = "warning"
#: A value this many times a neighbour's (or its inverse) is a jump to confirm.
JUMP_FACTOR = 3.0
#: The largest plausible value of tonnes per person (Sweden: about 5–10 t CO2e).
MAX_TONNES_PER_PERSON = 50.0

_PER_PERSON = ("/inv", "per inv", "per person", "/person", "invånare")
_AMOUNT_UNITS = ("t", "kg", "kt", "mt", "kwh", "mwh", "gwh", "twh", "km", "st", "antal", "kr")
_CHANGE_WORDS = ("förändring", "ökning", "minskning", "change", "jämfört")


def num(value: float) -> str:
    """A value as a person reads it (Swedish format), with the decimals it has (≤ 3)."""
    for decimals in range(4):
        if round(value, decimals) == value:
            return _num(value, decimals)
    return _num(value, 3)


@dataclass(frozen=True)
class Problem:
    """What is wrong with a value: an ``error`` refuses it, a ``warning`` (a jump) must
    be confirmed. ``code``: "not_a_number", "range" or "jump"."""

    severity: Literal["error", "warning"]
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class Rules(Protocol):
    """What the rules need to know of an indicator (an ``Indicator`` has these)."""

    @property
    def name(self) -> str: ...

    @property
    def unit(self) -> str: ...

    @property
    def value_min(self) -> float | None: ...

    @property
    def value_max(self) -> float | None: ...


@dataclass(frozen=True)
class Definition:
    """An indicator's rules as plain data (tests, callers without a model)."""

    name: str
    unit: str
    value_min: float | None = None
    value_max: float | None = None


def valid_range(indicator: Rules) -> tuple[float | None, float | None]:
    """The indicator's valid range (None: no limit on that side): its own limits where
    set, else derived from its unit and name."""
    low, high = _derived_range(indicator.unit, indicator.name)
    if indicator.value_min is not None:
        low = indicator.value_min
    if indicator.value_max is not None:
        high = indicator.value_max
    return low, high


def _derived_range(unit: str, name: str) -> tuple[float | None, float | None]:
    unit_text, name_text = unit.strip().casefold(), name.casefold()
    if "%" in unit_text or unit_text in ("procent", "percent"):
        if any(word in name_text for word in _CHANGE_WORDS):
            return -100.0, None
        return 0.0, 100.0
    first = unit_text.replace("\u00a0", " ").split(" ")[0].split("/")[0]
    if any(mark in unit_text for mark in _PER_PERSON) and first == "t":
        return 0.0, MAX_TONNES_PER_PERSON
    if "netto" in name_text or "net " in name_text:
        return None, None  # net emissions may be below zero
    if first in _AMOUNT_UNITS or "co2" in unit_text or unit_text == "invånare":
        return 0.0, None
    return None, None


def problems(
    indicator: Rules, year: int, value: object, neighbours: Mapping[int, float]
) -> list[Problem]:
    """Every problem of ``value`` for ``indicator`` in ``year``; ``neighbours`` are the
    published values of other years (only the nearest before and after are read)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return [Problem(ERROR, "not_a_number", _("Värdet måste vara ett tal."))]
    number = float(value)
    if not math.isfinite(number):
        return [Problem(ERROR, "not_a_number", _("Värdet måste vara ett ändligt tal."))]
    unit = indicator.unit
    low, high = valid_range(indicator)
    if (low is not None and number < low) or (high is not None and number > high):
        return [
            Problem(
                ERROR,
                "range",
                _(
                    "Värdet %(value)s %(unit)s ligger utanför det rimliga intervallet "
                    "%(range)s för %(name)s."
                )
                % {
                    "value": num(number),
                    "unit": unit,
                    "range": _range_words(low, high, unit),
                    "name": indicator.name,
                },
            )
        ]
    found = []
    for other_year, other in _nearest(year, neighbours):
        if _is_jump(number, other):
            found.append(
                Problem(
                    WARNING,
                    "jump",
                    _(
                        "Värdet %(value)s %(unit)s för %(year)s är mer än tre gånger så "
                        "stort eller mindre än en tredjedel av det publicerade värdet för "
                        "%(other_year)s (%(other)s %(unit)s). Bekräfta att det stämmer."
                    )
                    % {
                        "value": num(number),
                        "unit": unit,
                        "year": year,
                        "other_year": other_year,
                        "other": num(other),
                    },
                )
            )
    return found


def _range_words(low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{num(low)}–{num(high)} {unit}"
    if low is not None:
        return _("minst %(low)s %(unit)s") % {"low": num(low), "unit": unit}
    assert high is not None  # a range always has a side (the caller found a value out)
    return _("högst %(high)s %(unit)s") % {"high": num(high), "unit": unit}


def _nearest(year: int, neighbours: Mapping[int, float]) -> list[tuple[int, float]]:
    before = [y for y in neighbours if y < year]
    after = [y for y in neighbours if y > year]
    chosen = ([max(before)] if before else []) + ([min(after)] if after else [])
    return [(y, neighbours[y]) for y in chosen]


def _is_jump(value: float, other: float) -> bool:
    """More than 3× or less than ⅓ of ``other`` (both of one sign; zero is no base)."""
    if other == 0 or (value != 0 and (value > 0) != (other > 0)):
        return False
    ratio = abs(value) / abs(other)
    return ratio > JUMP_FACTOR or ratio < 1 / JUMP_FACTOR


# --- with the database -----------------------------------------------------------------


class Neighbours:
    """The published values of a city's indicators by year, read once per indicator (an
    import checks every row against them without a query per row)."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], dict[int, float]] = {}

    def of(self, indicator_id: int, city_id: int) -> dict[int, float]:
        key = (indicator_id, city_id)
        if key not in self._known:
            self._load(indicator_id, [city_id])
        return self._known[key]

    def _load(self, indicator_id: int, city_ids: Iterable[int]) -> None:
        ids = list(city_ids)
        for city_id in ids:
            self._known.setdefault((indicator_id, city_id), {})
        rows = (
            Observation.objects.published()
            .filter(indicator_id=indicator_id, city_id__in=ids)
            .values_list("city_id", "year", "value")
        )
        for city_id, year, value in rows:
            self._known[(indicator_id, city_id)][year] = value

    def preload(self, indicator_id: int, city_ids: Iterable[int]) -> None:
        """Read the neighbours of several cities in one query (a national file)."""
        wanted = [c for c in city_ids if (indicator_id, c) not in self._known]
        if wanted:
            self._load(indicator_id, wanted)


def check_value(
    indicator: Indicator,
    city: City | int,
    year: int,
    value: object,
    *,
    neighbours: Neighbours | None = None,
) -> list[Problem]:
    """Every problem of ``value`` for ``indicator`` (an ``Indicator``) of ``city`` (a
    ``City`` or its id) in ``year``: errors refuse it, warnings (jumps) must be
    confirmed. The published value of ``year`` itself is not its own neighbour."""
    city_id = city if isinstance(city, int) else city.pk
    published = (neighbours or Neighbours()).of(indicator.pk, city_id)
    others = {y: v for y, v in published.items() if y != year}
    return problems(indicator, year, value, others)


def errors_of(found: Iterable[Problem]) -> list[str]:
    return [p.message for p in found if p.is_error]


def warnings_of(found: Iterable[Problem]) -> list[str]:
    return [p.message for p in found if not p.is_error]
