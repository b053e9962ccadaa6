"""Speed of the portfolio analysis (``actions.portfolio``): the gap, sector coverage and
investment plan of a large portfolio, computed in pure Python."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator

from actions.portfolio import (
    ActionEffect,
    CostLine,
    investment_plan,
    portfolio_gap,
    sector_coverage,
)
from indicators.parsers.sectors import MAIN_SECTORS

SIZES = (100, 10_000)


def _portfolio(n: int, rng: random.Random) -> tuple[list[ActionEffect], list[CostLine]]:
    sectors = [*MAIN_SECTORS, "other"]
    actions, lines = [], []
    for i in range(n):
        sector = rng.choice(sectors)
        expected = rng.choice([None, rng.uniform(10, 5000)])
        actions.append(
            ActionEffect(
                key=i,
                title=f"Åtgärd {i}",
                sector=sector,
                status=rng.choice(["planned", "ongoing", "completed", "cancelled"]),
                expected=expected,
                low=None if expected is None else expected * 0.8,
                high=None if expected is None else expected * 1.3,
                first_year=rng.randint(2020, 2045),
            )
        )
        for year in range(2025, 2025 + rng.randint(0, 5)):
            lines.append(CostLine(i, year, sector, "granted", rng.randint(0, 10**7), None))
    return actions, lines


def run() -> Iterator[tuple[str, float, str]]:
    rng = random.Random(2030)  # noqa: S311 - reproducible test data, not security
    emissions = {s: rng.uniform(1000, 100_000) for s in MAIN_SECTORS}
    for n in SIZES:
        actions, lines = _portfolio(n, rng)
        best = float("inf")
        for _ in range(5):
            start = time.perf_counter()
            portfolio_gap(
                actions=actions,
                target_year=2040,
                latest_year=2024,
                trend_value=450_000,
                pathway_value=72_000,
            )
            sector_coverage(sectors=MAIN_SECTORS, emissions=emissions, actions=actions)
            investment_plan(lines)
            best = min(best, time.perf_counter() - start)
        yield f"portfolio_analysis_{n}_actions", round(best * 1000, 2), "ms"
