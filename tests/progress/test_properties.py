"""Properties of the status engine that must hold for any data (hypothesis).

- The status does not depend on the unit: multiplying every value, the base value and
  an absolute target by a positive constant (t → kt, or per person → per 1 000) gives
  the same status for the same reason. Rescaling by a constant that is not a power of
  two rounds differently (about 1e-16 relative); the engine's 1e-9 relative tolerance
  absorbs that, so only values lying within 1e-9 of a threshold could flip. Published
  data never do — they have a few decimals — so the scenarios here are drawn with one
  decimal, as SMHI and SCB publish (hypothesis otherwise finds 1.000000001 vs 1.0).
- Adding the next year's value exactly on the pathway never worsens the status: it
  gives on_track, or achieved. (Excluded: a status that was already achieved — a value
  on the pathway after the target had been met is a real step back.)
- Any input gives a JSON-serialisable assessment.
- ``judge`` (what a page that compares statuses only asks) gives exactly ``assess``'s
  status, for any input and any year it is judged as of.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os

from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from indicators.progress import (
    DataPoint,
    Direction,
    ObservationStatus,
    PathwayKind,
    Series,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    assess,
    judge,
)

PROPERTY = settings(
    # 200 keeps the suite fast; raise it for a deeper search, e.g. PROGRESS_EXAMPLES=5000.
    max_examples=int(os.environ.get("PROGRESS_EXAMPLES", "200")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Units a city might switch between, including ones that are not powers of two (so
# rounding differs) and large/small factors (t ↔ kt ↔ Mt).
SCALES = [2.0**-7, 0.001, 0.37, 3.0, 1000.0, 2.0**20, 1e6]

STATUS_RANK = {
    Status.NO_DATA: 0,
    Status.INSUFFICIENT_DATA: 0,
    Status.OFF_TRACK: 1,
    Status.AT_RISK: 2,
    Status.ON_TRACK: 3,
    Status.ACHIEVED: 4,
}


@dataclasses.dataclass(frozen=True)
class Scenario:
    target: TargetSpec
    series: Series
    window: int
    trend_model: TrendModel

    def run(self, series: Series | None = None, target: TargetSpec | None = None):
        return assess(
            target or self.target,
            self.series if series is None else series,
            window=self.window,
            trend_model=self.trend_model,
        )


def _chance(draw, one_in: int) -> bool:
    return draw(st.integers(min_value=1, max_value=one_in)) == 1


@st.composite
def scenarios(
    draw, kinds: tuple[TargetKind, ...], min_points: int = 0, decimals: int | None = None
) -> Scenario:
    """A target and a series; mostly realistic (a noisy trend before the target year,
    the base year published), sometimes arbitrary, so that every rule gets exercised.
    With ``decimals`` every value and level is rounded as a publisher would."""

    def published(x: float) -> float:
        return x if decimals is None else round(x, decimals)

    kind = draw(st.sampled_from(kinds))
    target_year = draw(st.integers(min_value=2020, max_value=2050))
    # One scenario in five has values up to or after the target year.
    last_year = target_year + 3 if _chance(draw, 5) else target_year - 1
    years = sorted(
        draw(
            st.lists(
                st.integers(min_value=1990, max_value=last_year),
                unique=True,
                # Empty series are covered, but rarely: one scenario in ten.
                min_size=min_points or (0 if _chance(draw, 10) else 1),
                max_size=10,
            )
        )
    )
    signed = kind is not TargetKind.SHARE and _chance(draw, 4)
    low, high = (0.0, 100.0) if kind is TargetKind.SHARE else (-1e5 if signed else 1.0, 1e6)
    if _chance(draw, 3):
        values = [draw(st.floats(min_value=low, max_value=high)) for _ in years]
    else:
        # A noisy constant-rate trend: start · (1 + r)^t · (1 + noise).
        start = draw(st.floats(min_value=max(low, 1.0), max_value=high))
        rate = draw(st.floats(min_value=-0.15, max_value=0.1))
        noise = st.floats(min_value=-0.1, max_value=0.1)
        first = years[0] if years else 0
        values = [
            min(high, max(low, start * (1 + rate) ** (y - first) * (1 + draw(noise))))
            for y in years
        ]
    statuses = st.sampled_from(list(ObservationStatus))
    points = tuple(
        DataPoint(y, published(v), draw(statuses)) for y, v in zip(years, values, strict=True)
    )

    base_year = None
    early = [y for y in years if y < target_year]
    if kind in (TargetKind.PERCENT_CHANGE, TargetKind.NET_ZERO) or draw(st.booleans()):
        if early and not _chance(draw, 5):
            base_year = draw(st.sampled_from(early[:3]))
        else:
            base_year = draw(st.integers(min_value=1980, max_value=target_year - 1))
    base_value = draw(st.none() | st.floats(min_value=1.0, max_value=1e6).map(published))

    direction: Direction | None = None
    if kind in (TargetKind.ABSOLUTE, TargetKind.PER_PERSON, TargetKind.PERCENT_CHANGE):
        direction = draw(st.sampled_from(list(Direction)))
    if kind is TargetKind.PERCENT_CHANGE:
        value: float | None = draw(st.floats(min_value=-100.0, max_value=50.0))
    elif kind is TargetKind.NET_ZERO:
        value = draw(st.floats(min_value=0.0, max_value=50.0))
    elif kind is TargetKind.DECREASE:
        value = None
    else:
        value = draw(st.floats(min_value=low, max_value=high))
    value = None if value is None else published(value)

    target = TargetSpec(
        kind,
        None if kind is TargetKind.DECREASE and draw(st.booleans()) else target_year,
        value=value,
        base_year=base_year,
        base_value=base_value,
        direction=direction,
        pathway=draw(st.sampled_from([PathwayKind.LINEAR, PathwayKind.CONSTANT_RATE])),
        unit="t",
        tolerance=draw(st.sampled_from([0.0, 0.05, 0.1, 0.3])),
    )
    return Scenario(
        target=target,
        series=Series(points),
        window=draw(st.integers(min_value=3, max_value=8)),
        trend_model=draw(st.sampled_from(list(TrendModel))),
    )


def _scaled(scenario: Scenario, factor: float) -> Scenario:
    spec = scenario.target
    value = spec.value
    # Percentages (percent_change, net_zero residual) are unit-free; levels scale.
    if spec.kind in (TargetKind.ABSOLUTE, TargetKind.PER_PERSON) and value is not None:
        value *= factor
    target = dataclasses.replace(
        spec,
        value=value,
        base_value=None if spec.base_value is None else spec.base_value * factor,
    )
    series = Series(tuple(dataclasses.replace(p, value=p.value * factor) for p in scenario.series))
    return dataclasses.replace(scenario, target=target, series=series)


UNIT_KINDS = (
    TargetKind.ABSOLUTE,
    TargetKind.PERCENT_CHANGE,
    TargetKind.NET_ZERO,
    TargetKind.PER_PERSON,
    TargetKind.DECREASE,
)


@PROPERTY
@given(scenario=scenarios(UNIT_KINDS, decimals=1), factor=st.sampled_from(SCALES))
def test_the_status_does_not_depend_on_the_unit(scenario: Scenario, factor: float) -> None:
    before = scenario.run()
    after = _scaled(scenario, factor).run()
    event(f"reason: {before.reason.value}")
    assert (after.status, after.reason) == (before.status, before.reason)


PATHWAY_KINDS = (
    TargetKind.ABSOLUTE,
    TargetKind.PERCENT_CHANGE,
    TargetKind.NET_ZERO,
    TargetKind.PER_PERSON,
    TargetKind.SHARE,
)


@PROPERTY
@given(
    scenario=scenarios(PATHWAY_KINDS, min_points=2),
    years_ahead=st.integers(min_value=1, max_value=6),
)
def test_adding_the_next_year_on_the_pathway_never_worsens_the_status(
    scenario: Scenario, years_ahead: int
) -> None:
    before = scenario.run()
    assume(before.pathway and before.status is not Status.ACHIEVED)
    latest = before.latest
    assert latest is not None
    year = latest.year + years_ahead
    path = dict(before.pathway)
    first_year, last_year = before.pathway[0][0], before.pathway[-1][0]
    on_path = path[min(max(year, first_year), last_year)]

    after = scenario.run(series=scenario.series.with_point(DataPoint(year, on_path)))
    event(f"{before.reason.value} -> {after.reason.value}")

    assert after.status in (Status.ON_TRACK, Status.ACHIEVED), after.explanation
    assert STATUS_RANK[after.status] >= STATUS_RANK[before.status]


ALL_KINDS = (*PATHWAY_KINDS, TargetKind.DECREASE)


@PROPERTY
@given(scenario=scenarios(ALL_KINDS))
def test_every_assessment_is_json_ready_and_explained(scenario: Scenario) -> None:
    result = scenario.run()
    data = result.to_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["status"] == result.status.value
    assert result.explanation.endswith(".")
    assert result.explanation_en.endswith(".")
    assert "None" not in result.explanation
    assert "nan" not in result.explanation_en.lower()
    for _, value in (*result.pathway, *result.trend):
        assert math.isfinite(value)


@PROPERTY
@given(scenario=scenarios(ALL_KINDS), as_of=st.one_of(st.none(), st.integers(1995, 2060)))
def test_the_status_alone_is_the_assessments_status(scenario: Scenario, as_of: int | None) -> None:
    whole = assess(
        scenario.target,
        scenario.series,
        window=scenario.window,
        trend_model=scenario.trend_model,
        today_year=as_of,
    )
    alone = judge(
        scenario.target,
        scenario.series,
        window=scenario.window,
        trend_model=scenario.trend_model,
        today_year=as_of,
    ).status
    event(f"status: {whole.status.value}")
    assert alone is whole.status
