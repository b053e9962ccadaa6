"""The portfolio page's filters: sector, status, stage, type of action, co-benefit and the
emission target the gap is measured against, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actions.models import SECTOR_CHOICES, Action, ActionStage, ActionStatus, CoBenefit, Lever

FILTERS: dict[str, list[tuple[str, Any]]] = {  # values with their (lazy) labels
    "sektor": SECTOR_CHOICES,
    "status": list(ActionStatus.choices),
    "skede": list(ActionStage.choices),
    "typ": list(Lever.choices),
    "sidonytta": list(CoBenefit.choices),
}


_FILTER_FIELD = {
    "sektor": "sector",
    "status": "status",
    "skede": "stage",
    "typ": "lever",
    "sidonytta": "co_benefits",
}


@dataclass(frozen=True)
class Filters:
    """The visitor's filters (query parameters in Swedish); unknown values are ignored."""

    values: tuple[tuple[str, str], ...] = ()
    target: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        values = []
        for name, options in FILTERS.items():
            value = query.get(name, "")
            if value and value in dict(options):
                values.append((name, value))
        target = query.get("mal", "")
        return cls(tuple(values), int(target) if target.isdigit() else None)

    @property
    def key(self) -> str:
        parts = [f"{k}={v}" for k, v in self.values]
        if self.target is not None:
            parts.append(f"mal={self.target}")
        return "&".join(parts) or "-"

    def matches(self, action: Action) -> bool:
        for name, value in self.values:
            attribute = getattr(action, _FILTER_FIELD[name])
            if (value not in attribute) if name == "sidonytta" else (attribute != value):
                return False
        return True

    def get(self, name: str) -> str:
        return dict(self.values).get(name, "")
