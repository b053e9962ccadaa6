"""Backtest of the nowcast (``indicators.progress.nowcast``): how far off are the estimates
of the lag years, over all 290 municipalities?

Across releases (the real situation): in 2022 the newest SMHI release was the 2021 one
(greenhouse gases, published through 2019), so the product would have estimated 2020 and
2021 from it. Those estimates are compared with what the 2026 release (via Klimatkollen's
JSON) publishes for 2020 and 2021. Every file is read with the project's own parsers
(``indicators.parsers.detect.parse_any``), no database needed; totals are the ``Alla``
rows of SMHI's reports and the sum of the main sectors of Klimatkollen's file.

Releases revise history (Umeå 1990: 458 141 t in the 2021 release, 481 807 t in the
2026 one), so an estimate can be off because the method missed the year or because SMHI
later changed the level of the whole series. The headline figure keeps both (it is what
a reader would have seen). The revision-adjusted figure removes the level change, as an
anchor shift: each estimate is scaled by that municipality's revision in 2015, the
latest year both releases publish (2019, the real anchor, is not in the 2026 release),
new 2015 / old 2015. What remains is roughly the method's own error.

Within one release (no revision at all): the 2026 release cut after 2022 estimates 2023
and 2024; the CO2 release of 2024-04-18 cut after 2020 estimates 2021 and 2022. There is
no newer CO2 release than 2024-04-18 among the project's data files, so the CO2 estimates
the carbon budget uses (2023–2025) cannot be backtested across releases yet; the
within-release holdout is the nearest evidence.

Figures (``name value unit``), mean absolute percentage error, |estimate − published| /
published, over municipality-years:

- ``nowcast_mape_pct``: 2021 release → 2020 and 2021, against the 2026 release (580).
- ``nowcast_mape_pct_2020`` / ``nowcast_mape_pct_2021``: one and two years ahead.
- ``nowcast_mpe_pct``: the mean signed error (positive: estimates too high).
- ``nowcast_mape_pct_revision_adjusted``: the same after the 2015 anchor shift.
- ``nowcast_naive_mape_pct``: baseline, repeating the last published value (2019).
- ``nowcast_mape_pct_holdout_ggt_2026``: 2026 release, 2015–2022 → 2023, 2024.
- ``nowcast_mape_pct_holdout_co2_2024``: CO2 release 2024-04-18, 2015–2020 → 2021, 2022.
"""

from __future__ import annotations

import os
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

from indicators.parsers.base import EmissionRecord, RowError
from indicators.parsers.detect import parse_any
from indicators.parsers.scb import load_municipality_list
from indicators.progress.nowcast import nowcast
from indicators.progress.series import Series

ROOT = Path(__file__).resolve().parents[1]
GGT_2021_CSV = "ned/smhi_GGT_lansrapport_2021-10-14_kommun_sektor_1990-2019.csv"
GGT_2026_JSON = "ned/klimatkollen_municipality-sector-emissions_GGT_1990-2024.json"
CO2_2024_XLSX = "ned/smhi_CO2_lansrapport_2024-04-18_kommun_sektor_1990-2022.xlsx"
SCB_LIST = "scb/scb_kommunlankod_2023.xls"
REVISION_YEAR = 2015  # the latest year both the 2021 and the 2026 release publish

Totals = dict[str, dict[int, float]]  # municipality code → year → tonnes


def run() -> Iterator[tuple[str, float, str]]:
    data = Path(os.environ.get("KLIMAT_DATA_DIR") or ROOT.parent / "shared" / "data")
    _, municipalities = load_municipality_list(data / SCB_LIST)
    names = {m.code: m.name for m in municipalities}
    old = _totals(data / GGT_2021_CSV, names)
    new = _totals(data / GGT_2026_JSON, names)
    co2 = _totals(data / CO2_2024_XLSX, names)

    errors: dict[int, list[float]] = defaultdict(list)
    adjusted: list[float] = []
    naive: list[float] = []
    for code in sorted(names):
        published = Series.from_mapping(old[code])
        estimate = nowcast(published, 2021)
        revision = new[code][REVISION_YEAR] / old[code][REVISION_YEAR]
        last = old[code][max(old[code])]
        for year, value in estimate.points:
            actual = new[code][year]
            errors[year].append(_pct(value, actual))
            adjusted.append(_pct(value * revision, actual))
            naive.append(_pct(last, actual))
    pooled = errors[2020] + errors[2021]
    yield ("nowcast_mape_pct", _mean_abs(pooled), "%")
    yield ("nowcast_mape_pct_2020", _mean_abs(errors[2020]), "%")
    yield ("nowcast_mape_pct_2021", _mean_abs(errors[2021]), "%")
    yield ("nowcast_mpe_pct", round(statistics.fmean(pooled), 2), "%")
    yield ("nowcast_mape_pct_revision_adjusted", _mean_abs(adjusted), "%")
    yield ("nowcast_naive_mape_pct", _mean_abs(naive), "%")
    yield ("nowcast_mape_pct_holdout_ggt_2026", _holdout(new, 2022, 2024), "%")
    yield ("nowcast_mape_pct_holdout_co2_2024", _holdout(co2, 2020, 2022), "%")
    print(
        "# nowcast: no CO2 release newer than 2024-04-18 in the data files, so CO2 "
        "estimates are backtested within that release only",
        file=sys.stderr,
    )


def _totals(path: Path, names: Mapping[str, str]) -> Totals:
    """Municipality totals per year: SMHI's ``Alla/Alla`` rows, or the sum of the main
    sectors where the file has no total row (Klimatkollen's JSON)."""
    alla: Totals = defaultdict(dict)
    sectors: Totals = defaultdict(lambda: defaultdict(float))
    with (
        path.open("rb") as fileobj,
        parse_any(fileobj, filename=path.name, municipalities=names) as parsed,
    ):
        for record in parsed.rows():
            if isinstance(record, RowError):
                if record.is_error:
                    raise RuntimeError(str(record))
                continue
            if not isinstance(record, EmissionRecord):
                continue
            if record.sector == "Alla" and record.subsector == "Alla":
                alla[record.municipality_code][record.year] = record.tonnes
            elif record.subsector == "Alla":
                sectors[record.municipality_code][record.year] += record.tonnes
    found = alla or sectors
    missing = set(names) - set(found)
    if missing:
        raise RuntimeError(f"{path.name}: no totals for {len(missing)} municipalities")
    return {code: dict(years) for code, years in found.items()}


def _holdout(totals: Totals, cut: int, last_year: int) -> float:
    """MAPE of estimating ``cut`` + 1 … ``last_year`` from the years up to ``cut`` of the
    same release."""
    errors: list[float] = []
    for years in totals.values():
        estimate = nowcast(Series.from_mapping(years).until(cut), last_year)
        errors.extend(_pct(value, years[year]) for year, value in estimate.points)
    return _mean_abs(errors)


def _pct(estimate: float, actual: float) -> float:
    """Signed error in % of the published value (municipal totals are never zero)."""
    return (estimate - actual) / actual * 100


def _mean_abs(errors: list[float]) -> float:
    return round(statistics.fmean(abs(e) for e in errors), 2)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for figure, value, unit in run():
        print(f"{figure} {value} {unit}", flush=True)
