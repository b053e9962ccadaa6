"""Each written status rule (see ``indicators.progress.rules``), one test per rule.

The scenario, worked by hand: a lower-is-better indicator at 100 in 2010 with a target
of 50 in 2030. The linear pathway falls 2.5 a year (75 in 2020); the 10 % band is
0.1 · (100 − 50) = 5. Trends are fitted linearly here so the arithmetic stays simple.
"""

from __future__ import annotations

import pytest

from indicators.progress import (
    Reason,
    Series,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    assess,
)
from indicators.progress.formatting import NBSP

TARGET = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010, unit="t")


def _assess(values: dict[int, float], target: TargetSpec = TARGET, **kwargs):
    series = Series.from_mapping({2010: 100.0, **values})
    kwargs.setdefault("trend_model", TrendModel.LINEAR)
    return assess(target, series, **kwargs)


def test_rule_1_no_observations_is_no_data() -> None:
    result = assess(TARGET, Series())
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)
    assert result.explanation == "Det finns inga värden att följa upp ännu."
    assert result.explanation_en == "There are no values to follow up yet."


def test_rule_2_a_base_year_without_a_value_is_insufficient_data() -> None:
    result = assess(TARGET, Series.from_mapping({2018: 80.0, 2019: 79.0, 2020: 78.0}))
    assert (result.status, result.reason) == (
        Status.INSUFFICIENT_DATA,
        Reason.BASE_VALUE_MISSING,
    )
    assert result.explanation == (
        "Värdet för basåret 2010 saknas i serien och har inte angetts, "
        "så målet kan inte följas upp."
    )


def test_rule_3_a_latest_value_meeting_the_target_is_achieved() -> None:
    result = _assess({2019: 52.0, 2020: 45.0})
    assert (result.status, result.reason) == (Status.ACHIEVED, Reason.LATEST_MEETS_TARGET)
    assert result.year_reached == 2020
    assert result.needed_rate_pct is None
    assert result.explanation == (
        f"Målet är nått: utsläppen var 45{NBSP}t år 2020, och målet för 2030 är högst 50{NBSP}t."
    )


def test_rule_3_exactly_on_the_target_counts_as_achieved() -> None:
    assert _assess({2020: 50.0}).status is Status.ACHIEVED


def test_rule_4_a_missed_target_year_is_off_track_whatever_the_trend() -> None:
    result = _assess({2028: 70.0, 2029: 62.0, 2030: 55.0})
    assert (result.status, result.reason) == (Status.OFF_TRACK, Reason.DEADLINE_MISSED)
    assert result.projected_value is None
    assert result.explanation == (
        "Målåret 2030 har passerats utan att målet nåtts: utsläppen var "
        f"55{NBSP}t år 2030 mot målet högst 50{NBSP}t."
    )


def test_rule_5_fewer_than_three_values_are_insufficient_data() -> None:
    result = _assess({2020: 80.0})
    assert (result.status, result.reason) == (Status.INSUFFICIENT_DATA, Reason.TOO_FEW_POINTS)
    # Two values still give rates: needed (50/80)^(1/10) − 1 = −4.59 % a year; actual
    # (80/100)^(1/10) − 1 = −2.21 % a year.
    assert result.needed_rate_pct == pytest.approx(-4.5912, abs=1e-4)
    assert result.actual_rate_pct == pytest.approx(-2.2067, abs=1e-4)
    assert result.explanation == (
        f"Utsläppen behöver minska med 4,6{NBSP}% per år till 2030; mellan 2010 och 2020 "
        f"minskade de med 2,2{NBSP}% per år, men minst tre värden behövs för att bedöma "
        "trenden."
    )


def test_rule_6_a_trend_reaching_the_target_is_on_track() -> None:
    # 2016–2020 falls 4 a year from 90: the line gives 74 − 40 = 34 in 2030 ≤ 50.
    result = _assess({2016: 90.0, 2017: 86.0, 2018: 82.0, 2019: 78.0, 2020: 74.0})
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.TREND_MEETS_TARGET)
    assert result.projected_value == pytest.approx(34.0)
    # The line reaches 50 in 74 − 4·(y − 2020) ≤ 50 → y ≥ 2026.
    assert result.year_reached == 2026
    assert result.explanation.endswith("vilket räcker för att nå målet om takten håller i sig.")


def test_rule_7_at_or_better_than_the_pathway_is_on_track_even_when_the_trend_misses() -> None:
    # Flat around 74.5, projected ≈ 73 in 2030 > 50, but 74.5 ≤ the pathway's 75.
    result = _assess({2016: 75.0, 2017: 74.0, 2018: 75.0, 2019: 74.0, 2020: 74.5})
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.AHEAD_OF_PATHWAY)
    assert result.pathway_value_at_latest == pytest.approx(75.0)
    assert result.explanation == (
        f"Utsläppen var 74,5{NBSP}t år 2020, bättre än målbanans 75{NBSP}t, men med trenden "
        "från 2016–2020 nås inte målet till 2030."
    )


def test_rule_8_a_target_inside_the_prediction_interval_is_at_risk() -> None:
    # Noisy: slope −2.2 → 59.6 in 2030, interval ±94.5 (see test_trend) contains 50.
    result = _assess({2016: 95.0, 2017: 80.0, 2018: 92.0, 2019: 78.0, 2020: 85.0})
    assert (result.status, result.reason) == (Status.AT_RISK, Reason.TARGET_WITHIN_INTERVAL)
    assert result.projected_low < 50.0 < result.projected_value
    assert "målet ligger inom prognosens osäkerhetsintervall" in result.explanation


def test_rule_9_slightly_behind_the_pathway_is_at_risk() -> None:
    # Exactly linear −1 a year: 66 in 2030 with a zero-width interval; 76 is 1 behind
    # the pathway's 75, within the band of 5. The quoted rate is log-linear:
    # ln(76/80)/4 ≈ −0.01282 → −1.27 % a year.
    result = _assess({2016: 80.0, 2017: 79.0, 2018: 78.0, 2019: 77.0, 2020: 76.0})
    assert (result.status, result.reason) == (Status.AT_RISK, Reason.NEAR_PATHWAY)
    assert result.explanation == (
        f"Utsläppen var 76{NBSP}t år 2020, något sämre än målbanans 75{NBSP}t; de senaste fem "
        f"åren (2016–2020) minskade de med 1,3{NBSP}% per år."
    )


def test_rule_9_the_band_is_the_targets_tolerance() -> None:
    values = {2016: 80.0, 2017: 79.0, 2018: 78.0, 2019: 77.0, 2020: 76.0}
    strict = TargetSpec(TargetKind.ABSOLUTE, 2030, value=50.0, base_year=2010, tolerance=0.01)
    assert _assess(values, strict).status is Status.OFF_TRACK


def test_rule_10_otherwise_off_track() -> None:
    # −1 a year from 90: 76 in 2030; 86 is 11 behind the pathway, outside the band of 5.
    result = _assess({2016: 90.0, 2017: 89.0, 2018: 88.0, 2019: 87.0, 2020: 86.0})
    assert (result.status, result.reason) == (Status.OFF_TRACK, Reason.TREND_MISSES_TARGET)
    # Needed: (50/86)^(1/10) − 1 = −5.28 %; actual log-linear ≈ −1.13 % a year.
    assert result.explanation == (
        f"Utsläppen behöver minska med 5,3{NBSP}% per år till 2030; de senaste fem åren "
        f"(2016–2020) minskade de med 1,1{NBSP}% per år."
    )


def test_higher_is_better_mirrors_the_rules() -> None:
    # Sustainable trips from 40 % (2010) to 60 % (2030): pathway 50 % in 2020.
    target = TargetSpec(TargetKind.SHARE, 2030, value=60.0, base_year=2010)
    rising = {2016: 44.0, 2017: 46.0, 2018: 48.0, 2019: 50.0, 2020: 52.0}
    assert _assess_share(rising, target).reason is Reason.TREND_MEETS_TARGET
    falling = {2016: 44.0, 2017: 43.0, 2018: 42.0, 2019: 41.0, 2020: 40.0}
    assert _assess_share(falling, target).reason is Reason.TREND_MISSES_TARGET
    assert _assess_share({2020: 61.0}, target).status is Status.ACHIEVED


def _assess_share(values: dict[int, float], target: TargetSpec):
    return assess(target, Series.from_mapping({2010: 40.0, **values}))


class TestDecrease:
    """Direction-only goals: "Transporternas klimatpåverkan i Umeå ska minska"."""

    target = TargetSpec(TargetKind.DECREASE, None, base_year=2010, unit="t")
    no_base = TargetSpec(TargetKind.DECREASE, None, unit="t")

    @staticmethod
    def _with_base(base: float, recent: dict[int, float], target: TargetSpec):
        # Five recent values so the window (2016–2020) never reaches back to 2010.
        return assess(target, Series.from_mapping({2010: base, **recent}))

    def test_a_falling_trend_below_the_base_is_on_track(self) -> None:
        recent = {2016: 90.0, 2017: 88.0, 2018: 86.0, 2019: 84.0, 2020: 82.0}
        result = self._with_base(100.0, recent, self.target)
        assert (result.status, result.reason) == (Status.ON_TRACK, Reason.DECREASING)
        assert result.target_value is None
        assert result.pathway == ()
        # ln(82/90)/4 ≈ −0.0233 → about −2.3 % a year.
        assert result.explanation == (
            f"Utsläppen minskade med 2,3{NBSP}% per år de senaste fem åren (2016–2020) och "
            f"ligger under nivån för 2010 (100{NBSP}t)."
        )

    def test_a_falling_trend_without_a_base_is_on_track(self) -> None:
        series = Series.from_mapping({2018: 90.0, 2019: 88.0, 2020: 86.0})
        assert assess(self.no_base, series).status is Status.ON_TRACK

    def test_a_falling_trend_still_above_the_base_is_at_risk(self) -> None:
        recent = {2016: 130.0, 2017: 125.0, 2018: 120.0, 2019: 115.0, 2020: 110.0}
        result = self._with_base(100.0, recent, self.target)
        assert (result.status, result.reason) == (Status.AT_RISK, Reason.MIXED_SIGNALS)
        assert result.explanation.endswith(f"men ligger inte under nivån för 2010 (100{NBSP}t).")

    def test_a_rising_trend_below_the_base_is_at_risk(self) -> None:
        recent = {2016: 76.0, 2017: 78.0, 2018: 80.0, 2019: 82.0, 2020: 84.0}
        result = self._with_base(100.0, recent, self.target)
        assert (result.status, result.reason) == (Status.AT_RISK, Reason.MIXED_SIGNALS)
        assert result.explanation.endswith(f"men ligger under nivån för 2010 (100{NBSP}t).")

    def test_a_rising_trend_above_the_base_is_off_track(self) -> None:
        recent = {2016: 101.0, 2017: 102.0, 2018: 103.0, 2019: 104.0, 2020: 105.0}
        result = self._with_base(100.0, recent, self.target)
        assert (result.status, result.reason) == (Status.OFF_TRACK, Reason.NOT_DECREASING)
        assert result.explanation_en.endswith("and are not below the 2010 level (100 t).")

    def test_an_unchanged_series_is_not_a_decrease(self) -> None:
        series = Series.from_mapping(dict.fromkeys(range(2016, 2021), 90.0))
        result = assess(self.no_base, series)
        assert (result.status, result.reason) == (Status.OFF_TRACK, Reason.NOT_DECREASING)
        assert result.explanation == (
            "Utsläppen var i stort sett oförändrade de senaste fem åren (2016–2020)."
        )

    def test_two_values_are_too_few(self) -> None:
        series = Series.from_mapping({2019: 90.0, 2020: 80.0})
        result = assess(self.no_base, series)
        assert result.status is Status.INSUFFICIENT_DATA
        assert result.explanation.endswith("men minst tre värden behövs för att bedöma trenden.")

    def test_it_refuses_a_number_or_a_higher_is_better_indicator(self) -> None:
        with pytest.raises(ValueError, match="direction only"):
            TargetSpec(TargetKind.DECREASE, None, value=10.0)
        with pytest.raises(ValueError, match="lower-is-better"):
            TargetSpec(TargetKind.DECREASE, None, direction="higher_is_better")
