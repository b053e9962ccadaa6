"""What a city itself reported to CDP-ICLEI, read straight from CDP's open data files in
``KLIMAT_DATA_DIR/cdp/`` (any reporting year: the parser maps columns by meaning).

Issue 16 asks for Umeå's reported values in ``GET /api/v1/cities/{code}/cdp/``. The
import that stores CDP targets and inventories in the database is another branch's
(issue 15); until it lands, this module parses the files through
``indicators.parsers.cdp`` and keeps the Swedish rows per process, keyed by the files'
names, sizes and modification times, so a new file is read on the next request.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from indicators.parsers import cdp
from indicators.parsers.base import RowError
from indicators.parsers.cdp_records import CdpInventory, CdpTarget


@dataclass
class CdpReported:
    """The Swedish rows of every CDP file, per municipality code, and the files read."""

    inventories: dict[str, list[CdpInventory]] = field(default_factory=dict)
    targets: dict[str, list[CdpTarget]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


_lock = threading.Lock()
_cache: dict[tuple, CdpReported] = {}


def _files() -> list[Path]:
    folder = Path(settings.KLIMAT_DATA_DIR) / "cdp"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def cdp_reported(municipalities: Mapping[str, str]) -> CdpReported:
    """Every CDP file's Swedish rows matched to municipalities (code → name)."""
    files = _files()
    key = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            return found
        found = CdpReported(files=[p.name for p in files])
        for path in files:
            with path.open("rb") as stream:
                parsed = cdp.parse(stream, filename=path.name, municipalities=municipalities)
                with parsed:
                    for record in parsed.rows():
                        if isinstance(record, RowError) or not getattr(
                            record, "municipality_code", None
                        ):
                            continue
                        code = str(record.municipality_code)  # type: ignore[union-attr]
                        if isinstance(record, CdpInventory):
                            found.inventories.setdefault(code, []).append(record)
                        elif isinstance(record, CdpTarget):
                            found.targets.setdefault(code, []).append(record)
        _cache.clear()
        _cache[key] = found
        return found
