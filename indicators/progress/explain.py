"""One sentence per assessment, in Swedish (the UI default) and English.

The sentence follows the rule that decided the status, e.g. for a target the trend
misses (Umeå, data to 2024): "Utsläppen behöver minska med 9,6 % per år till 2040; de
senaste fem åren (2020–2024) ökade de med 1,7 % per år." Numbers follow ``formatting``:
Swedish decimal comma, no-break spaces as thousands separator and before "%". For share
targets yearly changes are in percentage points (procentenheter), since "% per year" of
a percentage is ambiguous.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from indicators.progress.formatting import (
    EN_DASH,
    english_count,
    format_level_en,
    format_level_sv,
    format_percent_en,
    format_percent_sv,
    swedish_count,
)
from indicators.progress.model import (
    Direction,
    ObservationStatus,
    Reason,
    TargetKind,
    Wording,
)

if TYPE_CHECKING:
    from indicators.progress.assessment import Assessment


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _change_unit(a: Assessment, *, english: bool) -> str:
    if a.kind is TargetKind.SHARE:
        return "percentage points" if english else "procentenheter"
    return a.unit


class _Sv:
    """Swedish sentence parts."""

    def __init__(self, a: Assessment, w: Wording) -> None:
        self.a, self.w = a, w

    def level(self, value: float) -> str:
        return format_level_sv(value, self.a.unit)

    def needed(self) -> str:
        a, w = self.a, self.w
        if a.needed_rate_pct is not None and a.kind is not TargetKind.SHARE:
            falling = a.needed_rate_pct < 0
            amount = format_percent_sv(abs(a.needed_rate_pct))
        else:
            change = a.needed_change_per_year or 0.0
            falling = change < 0
            amount = format_level_sv(abs(change), _change_unit(a, english=False))
        verb = "minska" if falling else "öka"
        return f"{w.subject_sv} behöver {verb} med {amount} per år till {a.target_year}"

    def window(self) -> str:
        years = self.a.window_years
        first, last, n = years[0], years[-1], len(years)
        if n == 2:
            return f"mellan {first} och {last}"
        if last - first + 1 == n:
            return f"de senaste {swedish_count(n)} åren ({first}{EN_DASH}{last})"
        return f"under {first}{EN_DASH}{last} ({n} redovisade år)"

    def _actual_parts(self) -> tuple[bool, str, str]:
        """(flat, verb, amount) of the recent change."""
        a = self.a
        if a.actual_rate_pct is not None and a.kind is not TargetKind.SHARE:
            amount = format_percent_sv(abs(a.actual_rate_pct))
            flat = amount == format_percent_sv(0.0)
            falling = a.actual_rate_pct < 0
        else:
            change = a.actual_change_per_year or 0.0
            amount = format_level_sv(abs(change), _change_unit(a, english=False))
            flat = amount.split("\u00a0")[0] == "0"
            falling = change < 0
        return flat, "minskade" if falling else "ökade", amount

    def actual(self) -> str:
        """The recent change after a semicolon: "de senaste fem åren minskade de med …"."""
        flat, verb, amount = self._actual_parts()
        if flat:
            return f"{self.window()} var {self.w.pronoun_sv} i stort sett {self.w.unchanged_sv}"
        return f"{self.window()} {verb} {self.w.pronoun_sv} med {amount} per år"

    def actual_leading(self) -> str:
        """The recent change opening a sentence: "Utsläppen minskade med … de senaste …"."""
        flat, verb, amount = self._actual_parts()
        if flat:
            return f"{self.w.subject_sv} var i stort sett {self.w.unchanged_sv} {self.window()}"
        return f"{self.w.subject_sv} {verb} med {amount} per år {self.window()}"

    def bound(self) -> str:
        return "högst" if self.a.direction is Direction.LOWER_IS_BETTER else "minst"


class _En:
    """English sentence parts."""

    def __init__(self, a: Assessment, w: Wording) -> None:
        self.a, self.w = a, w

    def level(self, value: float) -> str:
        return format_level_en(value, self.a.unit)

    @property
    def was(self) -> str:
        return "were" if self.w.plural_en else "was"

    def needed(self) -> str:
        a, w = self.a, self.w
        if a.needed_rate_pct is not None and a.kind is not TargetKind.SHARE:
            falling = a.needed_rate_pct < 0
            amount = format_percent_en(abs(a.needed_rate_pct))
        else:
            change = a.needed_change_per_year or 0.0
            falling = change < 0
            amount = format_level_en(abs(change), _change_unit(a, english=True))
        need = "need" if w.plural_en else "needs"
        verb = "fall" if falling else "rise"
        return f"{w.subject_en} {need} to {verb} by {amount} per year until {a.target_year}"

    def window(self) -> str:
        years = self.a.window_years
        first, last, n = years[0], years[-1], len(years)
        if n == 2:
            return f"between {first} and {last}"
        if last - first + 1 == n:
            return f"over the last {english_count(n)} years ({first}{EN_DASH}{last})"
        return f"over {first}{EN_DASH}{last} ({n} reported years)"

    def _actual_parts(self) -> tuple[bool, str, str]:
        a = self.a
        if a.actual_rate_pct is not None and a.kind is not TargetKind.SHARE:
            amount = format_percent_en(abs(a.actual_rate_pct))
            flat = amount == format_percent_en(0.0)
            falling = a.actual_rate_pct < 0
        else:
            change = a.actual_change_per_year or 0.0
            amount = format_level_en(abs(change), _change_unit(a, english=True))
            flat = amount.split(" ")[0].rstrip("%") == "0"
            falling = change < 0
        return flat, "fell" if falling else "rose", amount

    def actual(self) -> str:
        flat, verb, amount = self._actual_parts()
        if flat:
            return f"{self.window()} {self.w.pronoun_en} {self.was} roughly unchanged"
        return f"{self.window()} {self.w.pronoun_en} {verb} by {amount} per year"

    def actual_leading(self) -> str:
        flat, verb, amount = self._actual_parts()
        if flat:
            return f"{self.w.subject_en} {self.was} roughly unchanged {self.window()}"
        return f"{self.w.subject_en} {verb} by {amount} per year {self.window()}"

    def bound(self) -> str:
        return "at most" if self.a.direction is Direction.LOWER_IS_BETTER else "at least"


def _status_note_sv(a: Assessment) -> str:
    if a.latest is None or a.latest.status is ObservationStatus.FINAL:
        return ""
    if a.latest.status is ObservationStatus.PRELIMINARY:
        return f" (värdet för {a.latest.year} är preliminärt)"
    return f" (värdet för {a.latest.year} är en uppskattning)"


def _status_note_en(a: Assessment) -> str:
    if a.latest is None or a.latest.status is ObservationStatus.FINAL:
        return ""
    if a.latest.status is ObservationStatus.PRELIMINARY:
        return f" (the {a.latest.year} value is preliminary)"
    return f" (the {a.latest.year} value is an estimate)"


def sentence_sv(a: Assessment, w: Wording) -> str:
    """The Swedish explanation of ``a`` (one sentence)."""
    r, p = a.reason, _Sv(a, w)
    if r is Reason.NO_OBSERVATIONS:
        if "per_person" in a.notes:
            return "Det finns inga år med både utfall och folkmängd."
        if "net_series" in a.notes:
            return "Det finns inga år med både utsläpp och upptag."
        return "Det finns inga värden att följa upp ännu."
    if r is Reason.BASE_VALUE_MISSING:
        return (
            f"Värdet för basåret {a.base_year} saknas i serien och har inte angetts, "
            "så målet kan inte följas upp."
        )
    assert a.latest is not None
    ly, note = a.latest.year, _status_note_sv(a)
    subject = _lower_first(w.subject_sv)
    latest = p.level(a.latest.value)
    if r is Reason.LATEST_MEETS_TARGET:
        assert a.target_value is not None
        body = (
            f"Målet är nått: {subject} var {latest} år {ly}, och målet för {a.target_year} "
            f"är {p.bound()} {p.level(a.target_value)}"
        )
    elif r is Reason.DEADLINE_MISSED:
        assert a.target_value is not None
        body = (
            f"Målåret {a.target_year} har passerats utan att målet nåtts: {subject} var "
            f"{latest} år {ly} mot målet {p.bound()} {p.level(a.target_value)}"
        )
    elif r is Reason.TOO_FEW_POINTS:
        if len(a.window_years) < 2:
            body = f"Det finns bara ett värde ({ly}); minst tre behövs för att bedöma trenden"
        elif a.kind is TargetKind.DECREASE:
            body = f"{p.actual_leading()}, men minst tre värden behövs för att bedöma trenden"
        else:
            body = f"{p.needed()}; {p.actual()}, men minst tre värden behövs för att bedöma trenden"
    elif r is Reason.TREND_MEETS_TARGET:
        body = f"{p.needed()}; {p.actual()}, vilket räcker för att nå målet om takten håller i sig"
    elif r is Reason.AHEAD_OF_PATHWAY:
        assert a.pathway_value_at_latest is not None
        relation = (
            "i nivå med"
            if p.level(a.latest.value) == p.level(a.pathway_value_at_latest)
            else "bättre än"
        )
        first, last = a.window_years[0], a.window_years[-1]
        body = (
            f"{w.subject_sv} var {latest} år {ly}, {relation} målbanans "
            f"{p.level(a.pathway_value_at_latest)}, men med trenden från {first}{EN_DASH}{last} "
            f"nås inte målet till {a.target_year}"
        )
    elif r is Reason.TARGET_WITHIN_INTERVAL:
        assert a.projected_low is not None and a.projected_high is not None
        low = format_level_sv(a.projected_low)
        body = (
            f"{p.needed()}; {p.actual()}, vilket enligt trenden inte räcker, men målet ligger "
            f"inom prognosens osäkerhetsintervall ({low}{EN_DASH}{p.level(a.projected_high)} "
            f"år {a.target_year})"
        )
    elif r is Reason.NEAR_PATHWAY:
        assert a.pathway_value_at_latest is not None
        body = (
            f"{w.subject_sv} var {latest} år {ly}, något sämre än målbanans "
            f"{p.level(a.pathway_value_at_latest)}; {p.actual()}"
        )
    elif r is Reason.TREND_MISSES_TARGET:
        body = f"{p.needed()}; {p.actual()}"
    else:
        body = _decrease_sv(a, p)
    return f"{body}{note}."


def _decrease_sv(a: Assessment, p: _Sv) -> str:
    assert a.latest is not None
    if a.base_value is None:
        return p.actual_leading()
    base = f"nivån för {a.base_year} ({p.level(a.base_value)})"
    below = a.latest.value < a.base_value
    if a.reason is Reason.DECREASING:
        return f"{p.actual_leading()} och ligger under {base}"
    if a.reason is Reason.NOT_DECREASING:
        return f"{p.actual_leading()} och ligger inte under {base}"
    if below:
        return f"{p.actual_leading()}, men ligger under {base}"
    return f"{p.actual_leading()}, men ligger inte under {base}"


def sentence_en(a: Assessment, w: Wording) -> str:
    """The English explanation of ``a`` (one sentence)."""
    r, p = a.reason, _En(a, w)
    if r is Reason.NO_OBSERVATIONS:
        if "per_person" in a.notes:
            return "There are no years with both a value and a population figure."
        if "net_series" in a.notes:
            return "There are no years with both emissions and removals."
        return "There are no values to follow up yet."
    if r is Reason.BASE_VALUE_MISSING:
        return (
            f"The value for the base year {a.base_year} is missing from the series and was "
            "not given, so the target cannot be followed up."
        )
    assert a.latest is not None
    ly, note = a.latest.year, _status_note_en(a)
    subject = _lower_first(w.subject_en)
    latest = p.level(a.latest.value)
    if r is Reason.LATEST_MEETS_TARGET:
        assert a.target_value is not None
        body = (
            f"The target has been reached: {subject} {p.was} {latest} in {ly}, and the "
            f"{a.target_year} target is {p.bound()} {p.level(a.target_value)}"
        )
    elif r is Reason.DEADLINE_MISSED:
        assert a.target_value is not None
        body = (
            f"The target year {a.target_year} has passed without the target being reached: "
            f"{subject} {p.was} {latest} in {ly} against a target of {p.bound()} "
            f"{p.level(a.target_value)}"
        )
    elif r is Reason.TOO_FEW_POINTS:
        if len(a.window_years) < 2:
            body = f"There is only one value ({ly}); at least three are needed to judge the trend"
        elif a.kind is TargetKind.DECREASE:
            body = f"{p.actual_leading()}, but at least three values are needed to judge the trend"
        else:
            body = (
                f"{p.needed()}; {p.actual()}, but at least three values are needed to judge "
                "the trend"
            )
    elif r is Reason.TREND_MEETS_TARGET:
        body = f"{p.needed()}; {p.actual()}, which is enough to reach the target if the pace holds"
    elif r is Reason.AHEAD_OF_PATHWAY:
        assert a.pathway_value_at_latest is not None
        relation = (
            "on a par with"
            if p.level(a.latest.value) == p.level(a.pathway_value_at_latest)
            else "better than"
        )
        first, last = a.window_years[0], a.window_years[-1]
        body = (
            f"{w.subject_en} {p.was} {latest} in {ly}, {relation} the target pathway's "
            f"{p.level(a.pathway_value_at_latest)}, but on the trend from {first}{EN_DASH}{last} "
            f"the target is not reached by {a.target_year}"
        )
    elif r is Reason.TARGET_WITHIN_INTERVAL:
        assert a.projected_low is not None and a.projected_high is not None
        low = format_level_en(a.projected_low)
        body = (
            f"{p.needed()}; {p.actual()}, which is not enough on the trend, but the target "
            f"lies within the projection's uncertainty range ({low}{EN_DASH}"
            f"{p.level(a.projected_high)} in {a.target_year})"
        )
    elif r is Reason.NEAR_PATHWAY:
        assert a.pathway_value_at_latest is not None
        body = (
            f"{w.subject_en} {p.was} {latest} in {ly}, slightly worse than the target "
            f"pathway's {p.level(a.pathway_value_at_latest)}; {p.actual()}"
        )
    elif r is Reason.TREND_MISSES_TARGET:
        body = f"{p.needed()}; {p.actual()}"
    else:
        body = _decrease_en(a, p)
    return f"{body}{note}."


def _decrease_en(a: Assessment, p: _En) -> str:
    assert a.latest is not None
    if a.base_value is None:
        return p.actual_leading()
    base = f"the {a.base_year} level ({p.level(a.base_value)})"
    are = "are" if p.w.plural_en else "is"
    below = a.latest.value < a.base_value
    if a.reason is Reason.DECREASING:
        return f"{p.actual_leading()} and {are} below {base}"
    if a.reason is Reason.NOT_DECREASING:
        return f"{p.actual_leading()} and {are} not below {base}"
    if below:
        return f"{p.actual_leading()}, but {are} below {base}"
    return f"{p.actual_leading()}, but {are} still not below {base}"
