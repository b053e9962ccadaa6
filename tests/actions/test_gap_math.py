"""The portfolio arithmetic on hand-checked examples (pure functions, no database)."""

import pytest

from actions.portfolio import (
    ActionEffect,
    CostLine,
    Exclusion,
    GapState,
    Money,
    Span,
    cost_per_tonne,
    counts,
    investment_plan,
    portfolio_gap,
    sector_coverage,
)

TRANSPORT = "Transporter"
HEAT = "El och fjärrvärme"
FARMING = "Jordbruk"


def effect(
    key, expected=None, *, low=None, high=None, first=2026, status="ongoing", sector=TRANSPORT
):
    return ActionEffect(
        key=key,
        title=f"Åtgärd {key}",
        sector=sector,
        status=status,
        expected=expected,
        low=low,
        high=high,
        first_year=first,
    )


def umea_like(actions):
    return portfolio_gap(
        actions=actions,
        target_year=2040,
        latest_year=2024,
        trend_value=400_000,
        pathway_value=72_000,
    )


def test_the_gap_is_the_trend_minus_the_pathway_and_only_eligible_actions_count():
    result = umea_like(
        [
            effect("A", 100_000, low=80_000, high=120_000, first=2026),
            effect("B", 50_000, first=2030, sector=HEAT),
            effect("C", 30_000, first=2020),  # already in the 2024 data, so in the trend
            effect("D", 20_000, first=2045),  # too late for 2040
            effect("E"),  # nobody has estimated it
            effect("F", 40_000, status="cancelled"),
        ]
    )
    # 400 000 − 72 000 = 328 000 t a year above the pathway in 2040
    assert result.gap == 328_000
    # A (80–100–120 thousand) + B (50 thousand exactly)
    assert result.counted == Span(130_000, 150_000, 170_000)
    assert result.counted_keys == ("A", "B")
    assert dict(result.excluded) == {
        "C": Exclusion.ALREADY_IN_DATA,
        "D": Exclusion.AFTER_TARGET_YEAR,
        "E": Exclusion.NO_EFFECT,
        "F": Exclusion.CANCELLED,
    }
    # left: 328 − 170 = 158, 328 − 150 = 178, 328 − 130 = 198 thousand
    assert result.remaining == Span(158_000, 178_000, 198_000)
    assert result.after_actions == Span(230_000, 250_000, 270_000)
    assert result.share_of_gap_pct == pytest.approx(150 / 328 * 100)  # 45,7 %
    assert result.state is GapState.DOES_NOT_CLOSE
    assert result.by_sector == {
        TRANSPORT: Span(80_000, 100_000, 120_000),
        HEAT: Span(50_000, 50_000, 50_000),
    }


def test_a_range_that_straddles_the_gap_may_close_it():
    result = portfolio_gap(
        actions=[effect(1, 60, low=50, high=70), effect(2, 50, low=40, high=60)],
        target_year=2030,
        latest_year=2024,
        trend_value=150,
        pathway_value=50,
    )
    assert result.gap == 100
    assert result.counted == Span(90, 110, 130)  # low 90 < 100 ≤ high 130
    assert result.state is GapState.MAY_CLOSE
    assert result.remaining == Span(-30, -10, 10)


def test_when_even_the_low_estimate_covers_the_gap_it_closes():
    result = portfolio_gap(
        actions=[effect(1, 120, low=100, high=150)],
        target_year=2030,
        latest_year=2024,
        trend_value=150,
        pathway_value=50,
    )
    assert result.state is GapState.CLOSES


def test_a_trend_at_or_below_the_pathway_needs_no_portfolio():
    result = portfolio_gap(
        actions=[], target_year=2030, latest_year=2024, trend_value=40, pathway_value=50
    )
    assert result.gap == -10
    assert result.state is GapState.TREND_REACHES_TARGET
    assert result.share_of_gap_pct is None


def test_a_known_gap_with_no_estimated_effect_says_so():
    result = umea_like([effect(1), effect(2), effect(3, 500, first=2010)])
    assert result.gap == 328_000
    assert result.state is GapState.NO_EFFECTS
    assert result.counted.is_zero
    assert result.excluded_count(Exclusion.NO_EFFECT) == 2


@pytest.mark.parametrize(
    ("kwargs", "state"),
    [
        ({"target_year": None}, GapState.NO_TARGET),
        ({"has_target": False}, GapState.NO_TARGET),
        ({"latest_year": None}, GapState.NO_DATA),
        ({"latest_year": 2040}, GapState.TARGET_YEAR_IN_DATA),
        ({"trend_value": None}, GapState.TOO_LITTLE_DATA),
    ],
)
def test_it_says_why_the_gap_cannot_be_computed(kwargs, state):
    args = {
        "actions": [effect(1, 10)],
        "target_year": 2040,
        "latest_year": 2024,
        "trend_value": 100.0,
        "pathway_value": 50.0,
        **kwargs,
    }
    result = portfolio_gap(**args)
    assert result.state is state
    assert result.gap is None
    assert result.remaining is None


def test_an_effect_starting_the_year_after_the_latest_data_counts_and_in_the_target_year_too():
    result = umea_like(
        [effect(1, 10, first=2025), effect(2, 5, first=2040), effect(3, 1, first=2024)]
    )
    assert result.counted_keys == (1, 2)


def test_cost_per_tonne_sums_the_reduction_over_the_years_it_acts():
    action = effect(1, 1000, low=800, high=1250, first=2031)
    # 2031–2040 is 10 years: 10 000 t central, 8 000 t low, 12 500 t high
    result = cost_per_tonne(total_cost=12_000_000, action=action, horizon_year=2040)
    assert result == Span(low=960, central=1200, high=1500)


@pytest.mark.parametrize(
    ("cost", "action", "horizon"),
    [
        (0, effect(1, 100), 2040),
        (1000, effect(1), 2040),
        (1000, effect(1, 100, first=2041), 2040),
        (1000, effect(1, 100), None),
        (1000, effect(1, 0), 2040),
    ],
)
def test_cost_per_tonne_is_unknown_without_cost_effect_or_years(cost, action, horizon):
    assert cost_per_tonne(total_cost=cost, action=action, horizon_year=horizon) is None


def test_sector_coverage_makes_a_large_sector_without_actions_stand_out():
    rows = sector_coverage(
        sectors=[TRANSPORT, HEAT, FARMING],
        emissions={TRANSPORT: 600, HEAT: 300, FARMING: 100},
        actions=[
            effect(1, 50, sector=TRANSPORT),
            effect(2, sector=TRANSPORT),
            effect(3, sector="other"),
            effect(4, 10, sector=FARMING, status="cancelled"),
        ],
    )
    by = {r.sector: r for r in rows}
    assert [r.sector for r in rows] == [TRANSPORT, HEAT, FARMING, "other"]
    assert by[TRANSPORT].share_pct == 60 and by[TRANSPORT].actions == 2
    assert by[TRANSPORT].with_effect == 1 and by[TRANSPORT].expected == Span(50, 50, 50)
    assert by[TRANSPORT].stands_out is False
    assert by[HEAT].share_pct == 30 and by[HEAT].actions == 0 and by[HEAT].stands_out
    # a cancelled action addresses nothing; 10 % is large enough to stand out
    assert by[FARMING].actions == 0 and by[FARMING].stands_out
    assert by["other"].share_pct is None and by["other"].actions == 1


def test_the_investment_plan_sums_per_year_status_and_sector():
    plan = investment_plan(
        [
            CostLine(1, 2025, TRANSPORT, "granted", investment=1_000_000, operating=200_000),
            CostLine(1, 2026, TRANSPORT, "granted", operating=200_000),
            CostLine(2, 2025, HEAT, "applied", investment=5_000_000),
            CostLine(3, 2025, HEAT, "", operating=50_000),
        ]
    )
    assert plan.years == [2025, 2026]
    assert plan.by_year[2025] == Money(6_000_000, 250_000)
    assert plan.by_year_status[(2025, "granted")] == Money(1_000_000, 200_000)
    assert plan.by_year_status[(2025, "")] == Money(0, 50_000)
    assert plan.by_status["granted"] == Money(1_000_000, 400_000)
    assert plan.by_sector[HEAT] == Money(5_000_000, 50_000)
    assert plan.by_year_sector[(2026, TRANSPORT)] == Money(0, 200_000)
    assert plan.by_action[1].total == 1_400_000
    assert plan.total == Money(6_000_000, 450_000)


def test_counts_keep_zeros_in_order_and_put_unknown_values_last():
    assert counts(["b", "a", "", "b"], ["a", "b", "c"]) == [("a", 1), ("b", 2), ("c", 0), ("", 1)]


# --- One progress path (integration): the gap reads the city page's assessments ---------


def test_the_portfolio_and_the_city_page_read_the_same_assessment(
    client, umea_emissions, umea_goals
):
    """The gap's trend, pathway and target value are those of the shared assessments
    (``indicators.assessments``) that the city page and the goals API show, for every
    emission target the portfolio can be measured against."""
    from dashboards.portfolio.filters import Filters
    from dashboards.portfolio.pages import portfolio_page
    from dashboards.portfolio.target import gap_basis
    from indicators.assessments import city_assessments, city_progress

    umea = umea_goals[0].city
    progress = city_progress(umea)
    api = {
        t["id"]: t
        for goal in client.get("/api/v1/cities/2480/goals/").json()["goals"]
        for t in goal["targets"]
    }
    basis = gap_basis(progress)
    assert len(basis.choices) >= 1
    for target_id, _label in basis.choices:
        chosen = gap_basis(progress, target_id=target_id)
        assessed = next(a for a in city_assessments(umea) if a.target.pk == target_id)
        engine = assessed.assessment
        assert chosen.trend_value == engine.projected_value == api[target_id]["projected_value"]
        assert (chosen.trend_low, chosen.trend_high) == (
            engine.projected_low,
            engine.projected_high,
        )
        assert (
            chosen.pathway_value == engine.pathway[-1][1] == api[target_id]["pathway"][-1]["value"]
        )
        assert api[target_id]["target_value"] == engine.target_value
    # The page is built on exactly that basis.
    page = portfolio_page(umea, drafts=False, filters=Filters.from_query({}))
    assert page.basis == basis and page.gap.trend_value == basis.trend_value
