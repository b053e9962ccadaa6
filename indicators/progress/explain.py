"""One sentence per assessment, in Swedish (the UI default) and English.

The sentence follows the rule that decided the status, e.g. for a target the trend
misses (Umeå, data to 2024): "Utsläppen behöver minska med 9,6 % per år till 2040; de
senaste fem åren (2020–2024) ökade de med 1,7 % per år." Numbers follow ``formatting``:
Swedish decimal comma, no-break spaces as thousands separator and before "%". For share
targets yearly changes are in percentage points (procentenheter), since "% per year" of
a percentage is ambiguous.

The builder is written once; each language's words are its table in ``phrases``.
"""

from __future__ import annotations

from indicators.progress.model import Direction, Reason, TargetKind, Wording
from indicators.progress.phrases import ENGLISH, SWEDISH, Language
from indicators.progress.result import Assessment
from indicators.progress.series import ObservationStatus


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Parts:
    """The clauses a sentence is built from, in one language."""

    def __init__(self, a: Assessment, w: Wording, lang: Language) -> None:
        self.a, self.lang = a, lang
        self.words = lang.words(w)

    def say(self, key: str, **values: object) -> str:
        return self.lang.say(key, **self.words, **values)

    def level(self, value: float) -> str:
        return self.lang.level(value, self.a.unit)

    def _change(self, value: float) -> str:
        """A yearly change in a level (in percentage points for a share)."""
        unit = self.lang.points if self.a.kind is TargetKind.SHARE else self.a.unit
        return self.lang.level(value, unit)

    def needed(self) -> str:
        a = self.a
        if a.needed_rate_pct is not None and a.kind is not TargetKind.SHARE:
            falling = a.needed_rate_pct < 0
            amount = self.lang.percent(abs(a.needed_rate_pct))
        else:
            change = a.needed_change_per_year or 0.0
            falling = change < 0
            amount = self._change(abs(change))
        verb = self.lang.say("fall" if falling else "rise")
        return self.say("needed", verb=verb, amount=amount, year=a.target_year)

    def window(self) -> str:
        years = self.a.window_years
        first, last, n = years[0], years[-1], len(years)
        if n == 2:
            return self.say("window_two", first=first, last=last)
        if last - first + 1 == n:
            return self.say("window_run", count=self.lang.count(n), first=first, last=last)
        return self.say("window_gaps", first=first, last=last, n=n)

    def _actual_parts(self) -> tuple[bool, str, str]:
        """(flat, verb, amount) of the recent change."""
        a = self.a
        if a.actual_in_percent:
            assert a.actual_rate_pct is not None
            amount = self.lang.percent(abs(a.actual_rate_pct))
            flat = amount == self.lang.percent(0.0)
            falling = a.actual_rate_pct < 0
        else:
            change = a.actual_change_per_year or 0.0
            amount = self._change(abs(change))
            # Flat: the number, without its unit, reads as zero.
            flat = self.lang.level(abs(change), "") == "0"
            falling = change < 0
        return flat, self.lang.say("fell" if falling else "rose"), amount

    def actual(self) -> str:
        """The recent change after a semicolon: "de senaste fem åren minskade de med …"."""
        flat, verb, amount = self._actual_parts()
        if flat:
            return self.say("actual_flat", window=self.window())
        return self.say("actual", window=self.window(), verb=verb, amount=amount)

    def actual_leading(self) -> str:
        """The recent change opening a sentence: "Utsläppen minskade med … de senaste …"."""
        flat, verb, amount = self._actual_parts()
        if flat:
            return self.say("leading_flat", window=self.window())
        return self.say("leading", window=self.window(), verb=verb, amount=amount)

    def bound(self) -> str:
        lower = self.a.direction is Direction.LOWER_IS_BETTER
        return self.lang.say("at_most" if lower else "at_least")

    def status_note(self) -> str:
        latest = self.a.latest
        if latest is None or latest.status is ObservationStatus.FINAL:
            return ""
        key = "preliminary" if latest.status is ObservationStatus.PRELIMINARY else "estimate"
        return self.say(key, year=latest.year)


def sentence(a: Assessment, w: Wording, lang: Language) -> str:
    """The explanation of ``a`` in ``lang`` (one sentence)."""
    r, p = a.reason, _Parts(a, w, lang)
    if r is Reason.NO_OBSERVATIONS:
        if "per_person" in a.notes:
            return lang.say("no_population")
        if "net_series" in a.notes:
            return lang.say("no_removals")
        return lang.say("no_values")
    if r is Reason.BASE_VALUE_MISSING:
        return lang.say("base_missing", base_year=a.base_year)
    assert a.latest is not None
    ly = a.latest.year
    facts = {
        "subject_lower": _lower_first(p.words["subject"]),
        "latest": p.level(a.latest.value),
        "year": ly,
        "target_year": a.target_year,
    }
    if r in (Reason.LATEST_MEETS_TARGET, Reason.DEADLINE_MISSED):
        assert a.target_value is not None
        key = "reached" if r is Reason.LATEST_MEETS_TARGET else "deadline_missed"
        body = p.say(key, **facts, bound=p.bound(), target=p.level(a.target_value))
    elif r is Reason.TOO_FEW_POINTS:
        if len(a.window_years) < 2:
            body = p.say("one_value", year=ly)
        elif a.kind is TargetKind.DECREASE:
            body = p.actual_leading() + p.say("too_few")
        else:
            body = f"{p.needed()}; {p.actual()}" + p.say("too_few")
    elif r is Reason.TREND_MEETS_TARGET:
        body = f"{p.needed()}; {p.actual()}" + p.say("trend_meets")
    elif r is Reason.AHEAD_OF_PATHWAY:
        assert a.pathway_value_at_latest is not None
        pathway = p.level(a.pathway_value_at_latest)
        relation = p.say("on_par" if facts["latest"] == pathway else "better")
        first, last = a.window_years[0], a.window_years[-1]
        body = p.say("ahead", **facts, relation=relation, pathway=pathway, first=first, last=last)
    elif r is Reason.TARGET_WITHIN_INTERVAL:
        assert a.projected_low is not None and a.projected_high is not None
        interval = p.say(
            "within_interval",
            low=lang.level(a.projected_low, ""),
            high=p.level(a.projected_high),
            target_year=a.target_year,
        )
        body = f"{p.needed()}; {p.actual()}{interval}"
    elif r is Reason.NEAR_PATHWAY:
        assert a.pathway_value_at_latest is not None
        pathway = p.level(a.pathway_value_at_latest)
        body = p.say("near", **facts, pathway=pathway, actual=p.actual())
    elif r is Reason.TREND_MISSES_TARGET:
        body = f"{p.needed()}; {p.actual()}"
    else:
        body = _decrease(a, p)
    return f"{body}{p.status_note()}."


def _decrease(a: Assessment, p: _Parts) -> str:
    """A target that only asks for a decrease: the recent change, and where the latest
    value stands against the base year's."""
    assert a.latest is not None
    leading = p.actual_leading()
    if a.base_value is None:
        return leading
    base = p.say("base_level", base_year=a.base_year, level=p.level(a.base_value))
    if a.reason is Reason.DECREASING:
        key = "decreasing"
    elif a.reason is Reason.NOT_DECREASING:
        key = "not_decreasing"
    else:
        key = "below" if a.latest.value < a.base_value else "not_below"
    return p.say(key, leading=leading, base=base)


def sentence_sv(a: Assessment, w: Wording) -> str:
    """The Swedish explanation of ``a`` (one sentence)."""
    return sentence(a, w, SWEDISH)


def sentence_en(a: Assessment, w: Wording) -> str:
    """The English explanation of ``a`` (one sentence)."""
    return sentence(a, w, ENGLISH)
