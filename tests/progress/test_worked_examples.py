"""Worked examples checked by hand: Umeå's climate goals (Klimatkontrakt 2030, 2024,
section 3.1 and footnote 2) against real published data, plus one synthetic share goal.
"""

from __future__ import annotations

import json

import pytest

from indicators.progress import (
    ObservationStatus,
    PathwayKind,
    Reason,
    Series,
    Status,
    TargetKind,
    TargetSpec,
    TrendModel,
    assess,
)
from indicators.progress.formatting import NBSP
from indicators.progress.series import DataPoint

from .realdata import ggt_sector_totals, kolada, sei_per_person_t

# Umeå's territorial greenhouse gases (t CO2e), newest SMHI release via Klimatkollen's
# pipeline, summed over the main sectors (the file's own values, see SOURCES.md).
UMEA_GGT = {
    1990: 481807.23,
    2015: 415089.51,
    2020: 329720.15,
    2021: 340974.82,
    2022: 316772.63,
    2023: 329824.84,
    2024: 365009.52,
}

# "Umeå ska vara klimatneutralt 2040 … utsläppen av växthusgaser från Umeå ska vara
# minst 85 procent lägre år 2040 än utsläppen år 1990" (footnote 2).
UMEA_2040 = TargetSpec(TargetKind.PERCENT_CHANGE, 2040, value=-85, base_year=1990, unit="t")


@pytest.fixture(scope="module")
def umea_ggt() -> Series:
    return Series.from_mapping(ggt_sector_totals("Umeå"))


def test_the_umea_values_are_the_published_ones(umea_ggt: Series) -> None:
    assert umea_ggt.years == [1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024]
    for year, value in UMEA_GGT.items():
        assert umea_ggt.get(year).value == pytest.approx(value, abs=0.005)


def test_umea_2040_is_off_track_with_emissions_rising_since_2020(umea_ggt: Series) -> None:
    result = assess(UMEA_2040, umea_ggt)

    # Target value: 481 807.23 · (1 − 0.85) = 72 271.0845 t. (The brief's 72 271.05 is
    # 0.15 · 481 807, the 1990 value rounded to whole tonnes.)
    assert result.base_value == pytest.approx(481807.23)
    assert result.target_value == pytest.approx(72271.0845)

    # Linear pathway: (72 271.0845 − 481 807.23) / 50 = −8 190.72 t a year, so in 2024
    # 481 807.23 − 34 · 8 190.7229 = 203 322.65 t. Umeå's 365 009.52 t is 161 687 t
    # behind it, far outside the 10 % band (0.1 · 409 536.15 = 40 953.6 t).
    assert result.pathway_kind is PathwayKind.LINEAR
    assert result.pathway_value_at_latest == pytest.approx(203322.651)
    assert result.pathway[0] == (1990, pytest.approx(481807.23))
    assert result.pathway[-1] == (2040, pytest.approx(72271.0845))
    assert dict(result.pathway)[2024] == pytest.approx(203322.651)

    # Needed rate from 2024: (72 271.0845 / 365 009.52)^(1/16) − 1
    # = exp(ln 0.1979978 / 16) − 1 = exp(−1.6194993 / 16) − 1 = exp(−0.1012187) − 1
    # = −9.626 % a year (−18 296 t a year if it were linear).
    assert result.needed_rate_pct == pytest.approx(-9.6265, abs=1e-4)
    assert result.needed_change_per_year == pytest.approx(-18296.152, abs=1e-3)

    # Actual rate, log-linear over the last five published years 2020–2024
    # (x = year − 2022): ln values 12.706000, 12.739564, 12.665940, 12.706317, 12.807679;
    # Σx·ln y = 0.1701114, Sxx = 10 → slope 0.01701114 → e^0.01701114 − 1 = +1.716 %.
    assert result.window_years == (2020, 2021, 2022, 2023, 2024)
    assert result.trend_model is TrendModel.LOG_LINEAR
    assert result.actual_rate_pct == pytest.approx(1.7157, abs=1e-4)
    # Linear slope: Σx·y / 10 = 59 428.76 / 10 = +5 942.9 t a year.
    assert result.actual_change_per_year == pytest.approx(5942.876)

    # Projection for 2040 (x = 18): exp(12.7250997 + 18 · 0.01701114) = 456 480 t.
    # Residuals in ln: 0.014922, 0.031475, −0.059160, −0.035794, 0.048557 → SSR 0.0083522,
    # s = √(0.0083522 / 3) = 0.052764; half-width t(0.975; 3) · s · √(1 + 1/5 + 18²/10)
    # = 3.18245 · 0.052764 · 5.79655 = 0.973356 → exp(ln 456 480 ∓ 0.973356)
    # = 172 464 … 1 208 217 t. The target 72 271 t lies below the interval.
    assert result.projected_value == pytest.approx(456480.07, abs=0.01)
    assert result.projected_low == pytest.approx(172464.07, abs=0.01)
    assert result.projected_high == pytest.approx(1208217.2, abs=0.1)
    assert result.year_reached is None  # a rising trend never gets there before 2100

    # Rules: not achieved (365 010 > 72 271), 2024 < 2040, five points, projection misses,
    # behind the pathway, target outside the interval, outside the band → off_track.
    assert result.status is Status.OFF_TRACK
    assert result.reason is Reason.TREND_MISSES_TARGET
    assert result.explanation == (
        f"Utsläppen behöver minska med 9,6{NBSP}% per år till 2040; de senaste fem åren "
        f"(2020–2024) ökade de med 1,7{NBSP}% per år."
    )
    assert result.explanation_en == (
        "Emissions need to fall by 9.6% per year until 2040; over the last five years "
        "(2020–2024) they rose by 1.7% per year."
    )


def test_umea_net_zero_2040_resolves_to_the_same_residual(umea_ggt: Series) -> None:
    # Net zero with a residual of 15 % of 1990: the same 72 271.0845 t. No removals are
    # recorded, so net equals gross and the verdict is the same.
    net_zero = TargetSpec(TargetKind.NET_ZERO, 2040, value=15, base_year=1990, unit="t")
    result = assess(net_zero, umea_ggt)
    assert result.target_value == pytest.approx(72271.0845)
    assert result.status is Status.OFF_TRACK
    assert result.explanation.startswith(f"Nettoutsläppen behöver minska med 9,6{NBSP}%")


def test_umea_net_zero_with_removals_judges_net_emissions_against_gross_1990(
    umea_ggt: Series,
) -> None:
    # SYNTHETIC removals (no municipal removal data is in shared/data): 150 000 t taken
    # up every year from 2020. Net 2024 = 365 009.52 − 150 000 = 215 009.52 t, still
    # above the residual 72 271.0845 t, which is 15 % of the *gross* 1990 emissions.
    removals = Series.from_mapping(dict.fromkeys(range(2020, 2025), 150000.0))
    net_zero = TargetSpec(TargetKind.NET_ZERO, 2040, value=15, base_year=1990, unit="t")
    result = assess(net_zero, umea_ggt, removals=removals)
    assert result.base_value == pytest.approx(481807.23)
    assert result.target_value == pytest.approx(72271.0845)
    assert result.latest.value == pytest.approx(215009.52)
    assert result.window_years == (2020, 2021, 2022, 2023, 2024)
    assert "net_series" in result.notes
    # Removals large enough to cover the residual: net 2024 = 365 009.52 − 300 000
    # = 65 009.52 t ≤ 72 271.08 t → achieved.
    big = Series.from_mapping(dict.fromkeys(range(2020, 2025), 300000.0))
    assert assess(net_zero, umea_ggt, removals=big).status is Status.ACHIEVED


def test_umea_with_a_preliminary_latest_value_says_so(umea_ggt: Series) -> None:
    latest = umea_ggt.latest
    series = umea_ggt.with_point(
        DataPoint(latest.year, latest.value, ObservationStatus.PRELIMINARY)
    )
    result = assess(UMEA_2040, series)
    assert result.status is Status.OFF_TRACK  # preliminary values count in the trend
    assert result.explanation.endswith("per år (värdet för 2024 är preliminärt).")
    assert result.explanation_en.endswith("per year (the 2024 value is preliminary).")
    assert "latest_preliminary" in result.notes


def test_umea_consumption_per_person_has_too_few_values_to_judge() -> None:
    # "Umeås konsumtionsbaserade klimatpåverkan minskar till 2 ton CO2-ekvivalent per
    # person till år 2040." SEI: 5 541 kg (2022) and 5 282.186 kg (2023) per person.
    values = sei_per_person_t("2480")
    assert values[2022] == pytest.approx(5.541)
    assert values[2023] == pytest.approx(5.28219, abs=1e-5)
    target = TargetSpec(TargetKind.PER_PERSON, 2040, value=2.0, unit="t")
    result = assess(target, Series.from_mapping(values))

    # No base year in the goal: the pathway starts at the first value, 5.541 t in 2022.
    assert (result.base_year, result.base_value) == (2022, pytest.approx(5.541))
    assert result.target_value == 2.0
    # Needed: (2 / 5.282186)^(1/17) − 1 = exp(ln 0.378631 / 17) − 1 = exp(−0.0571289) − 1
    # = −5.553 % a year.
    assert result.needed_rate_pct == pytest.approx(-5.5527, abs=1e-3)
    # Actual: two points, 5.282186 / 5.541 − 1 = −4.671 % a year.
    assert result.actual_rate_pct == pytest.approx(-4.6709, abs=1e-3)
    # Two values are not a trend (rule 5).
    assert result.status is Status.INSUFFICIENT_DATA
    assert result.reason is Reason.TOO_FEW_POINTS
    assert result.explanation == (
        f"Utsläppen per person behöver minska med 5,6{NBSP}% per år till 2040; mellan 2022 "
        f"och 2023 minskade de med 4,7{NBSP}% per år, men minst tre värden behövs för att "
        "bedöma trenden."
    )
    assert result.explanation_en == (
        "Emissions per person need to fall by 5.6% per year until 2040; between 2022 and "
        "2023 they fell by 4.7% per year, but at least three values are needed to judge "
        "the trend."
    )


def test_umea_territorial_per_person_divides_by_the_same_years_population() -> None:
    # Kolada: N07702 (t CO2e) / N01951 (inhabitants) must equal Kolada's own N00401
    # (t CO2e per inhabitant), e.g. 2022: 318 702.11926 / 132 235 = 2.41011925.
    totals = Series.from_mapping(kolada("N07702", "2480"))
    population = Series.from_mapping(kolada("N01951", "2480"))
    published = kolada("N00401", "2480")
    target = TargetSpec(TargetKind.PER_PERSON, 2045, value=0.5, unit="t")
    result = assess(target, totals, population=population)
    assert result.latest.year == 2022
    assert result.latest.value == pytest.approx(2.41011925, rel=1e-8)
    # Population exists every year 1994–2022 but emissions only for published years;
    # only years with both are kept, so the window is 2018–2022, not interpolated.
    assert result.window_years == (2018, 2019, 2020, 2021, 2022)
    assert result.base_year == 2000  # the first year with both
    assert result.base_value == pytest.approx(published[2000], rel=1e-8)
    assert "per_person" in result.notes


# SYNTHETIC TEST NUMBERS, not Umeå's: the seed's goal is real ("År 2025 är andelen resor
# med kollektivtrafik, cykel eller till fots tillsammans minst 65 procent"), the values
# below are made up for a hand-checkable example.
SYNTHETIC_SHARE = {2015: 52.0, 2019: 55.0, 2020: 56.0, 2021: 57.5, 2022: 58.0, 2023: 59.5}


def test_a_share_goal_behind_its_pathway_is_off_track_in_percentage_points() -> None:
    target = TargetSpec(TargetKind.SHARE, 2025, value=65.0, base_year=2015)
    result = assess(target, Series.from_mapping(SYNTHETIC_SHARE), trend_model=TrendModel.LINEAR)
    # Pathway 52 → 65 over 2015–2025: +1.3 points a year, 52 + 8 · 1.3 = 62.4 in 2023.
    assert result.pathway_value_at_latest == pytest.approx(62.4)
    # Needed: (65 − 59.5) / 2 = +2.75 points a year.
    assert result.needed_change_per_year == pytest.approx(2.75)
    # Trend 2019–2023 (x = year − 2021): Σx·y = −110 − 56 + 58 + 119 = 11 → +1.1 a year;
    # mean 57.2, so 2025 projects to 57.2 + 4 · 1.1 = 61.6 < 65.
    assert result.actual_change_per_year == pytest.approx(1.1)
    assert result.projected_value == pytest.approx(61.6)
    # Residuals 0, −0.1, 0.3, −0.3, 0.1 → SSR 0.2, s = 0.2582; half-width
    # 3.1824 · 0.2582 · √(1 + 1/5 + 16/10) = 1.375 → 60.2 … 63.0, below 65.
    assert result.projected_high == pytest.approx(62.975, abs=1e-3)
    # Behind the pathway by 62.4 − 59.5 = 2.9 points, more than 0.1 · 13 = 1.3 → off_track.
    assert result.status is Status.OFF_TRACK
    assert result.reason is Reason.TREND_MISSES_TARGET
    assert result.explanation == (
        f"Andelen behöver öka med 2,75{NBSP}procentenheter per år till 2025; de senaste fem "
        f"åren (2019–2023) ökade den med 1,1{NBSP}procentenheter per år."
    )
    assert result.explanation_en == (
        "The share needs to rise by 2.75 percentage points per year until 2025; over the "
        "last five years (2019–2023) it rose by 1.1 percentage points per year."
    )


def test_a_share_goal_reached_is_achieved() -> None:
    # SYNTHETIC: 66 % in 2024 meets "minst 65 procent".
    series = Series.from_mapping({**SYNTHETIC_SHARE, 2024: 66.0})
    result = assess(TargetSpec(TargetKind.SHARE, 2025, value=65.0, base_year=2015), series)
    assert result.status is Status.ACHIEVED
    assert result.year_reached == 2024
    assert result.explanation == (
        f"Målet är nått: andelen var 66{NBSP}% år 2024, och målet för 2025 är minst 65{NBSP}%."
    )


def test_the_umea_assessment_serialises_to_json(umea_ggt: Series) -> None:
    data = assess(UMEA_2040, umea_ggt).to_dict()
    text = json.dumps(data, allow_nan=False, ensure_ascii=False)
    back = json.loads(text)
    assert back["kind"] == "percent_change"
    assert back["status"] == "off_track"
    assert back["target_value"] == pytest.approx(72271.0845)
    assert back["pathway"][0] == {"year": 1990, "value": pytest.approx(481807.23)}
    assert back["trend"][0]["year"] == 2020
    assert back["trend"][-1]["year"] == 2040
