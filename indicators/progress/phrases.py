"""The words of the progress engine's sentences, in Swedish (the UI default) and English.

A ``Language`` says how its numbers read (``formatting``), how it names the measured
quantity (``Wording``) and every phrase, with ``{placeholders}`` where the numbers and
years go. The phrases stand in one table, Swedish beside English, and the sentence
builders (``explain`` for targets, ``budget`` for carbon budgets) are written once for
both, so the two languages cannot drift apart; where they differ in more than words
(Swedish puts the verb second: "minskade de", English "they fell"), the phrase holds
the whole clause.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from indicators.progress.formatting import (
    english_count,
    format_level_en,
    format_level_sv,
    format_percent_en,
    format_percent_sv,
    swedish_count,
)
from indicators.progress.model import Wording


@dataclass(frozen=True)
class Language:
    """What one language's sentences are made of."""

    code: str  # "sv" or "en"
    level: Callable[[float, str], str]  # a level with its unit: "72 271 t", "72,271 t"
    percent: Callable[[float], str]  # a rate: "9,8 %", "9.8%"
    count: Callable[[int], str]  # a small count in words: "fem", "five"
    points: str  # the unit of a change in a share
    words: Callable[[Wording], dict[str, str]]  # the quantity's name and its agreements
    phrases: Mapping[str, str]

    def say(self, key: str, **values: object) -> str:
        """The phrase ``key`` with its placeholders filled in."""
        return self.phrases[key].format(**values)


def _swedish_words(w: Wording) -> dict[str, str]:
    return {"subject": w.subject_sv, "pronoun": w.pronoun_sv, "unchanged": w.unchanged_sv}


def _english_words(w: Wording) -> dict[str, str]:
    plural = w.plural_en
    return {
        "subject": w.subject_en,
        "pronoun": w.pronoun_en,
        "was": "were" if plural else "was",
        "need": "need" if plural else "needs",
        "are": "are" if plural else "is",
    }


#: Every phrase, Swedish then English.
_PHRASES: dict[str, tuple[str, str]] = {
    # The target's sentence (explain).
    "no_population": (
        "Det finns inga år med både utfall och folkmängd.",
        "There are no years with both a value and a population figure.",
    ),
    "no_removals": (
        "Det finns inga år med både utsläpp och upptag.",
        "There are no years with both emissions and removals.",
    ),
    "no_values": (
        "Det finns inga värden att följa upp ännu.",
        "There are no values to follow up yet.",
    ),
    "base_missing": (
        (
            "Värdet för basåret {base_year} saknas i serien och har inte angetts, så målet kan "
            "inte följas upp."
        ),
        (
            "The value for the base year {base_year} is missing from the series and was not "
            "given, so the target cannot be followed up."
        ),
    ),
    "preliminary": (" (värdet för {year} är preliminärt)", " (the {year} value is preliminary)"),
    "estimate": (" (värdet för {year} är en uppskattning)", " (the {year} value is an estimate)"),
    "needed": (
        "{subject} behöver {verb} med {amount} per år till {year}",
        "{subject} {need} to {verb} by {amount} per year until {year}",
    ),
    "fall": ("minska", "fall"),
    "rise": ("öka", "rise"),
    "fell": ("minskade", "fell"),
    "rose": ("ökade", "rose"),
    "window_two": ("mellan {first} och {last}", "between {first} and {last}"),
    "window_run": (
        "de senaste {count} åren ({first}\u2013{last})",
        "over the last {count} years ({first}\u2013{last})",
    ),
    "window_gaps": (
        "under {first}\u2013{last} ({n} redovisade år)",
        "over {first}\u2013{last} ({n} reported years)",
    ),
    "actual_flat": (
        "{window} var {pronoun} i stort sett {unchanged}",
        "{window} {pronoun} {was} roughly unchanged",
    ),
    "actual": (
        "{window} {verb} {pronoun} med {amount} per år",
        "{window} {pronoun} {verb} by {amount} per year",
    ),
    "leading_flat": (
        "{subject} var i stort sett {unchanged} {window}",
        "{subject} {was} roughly unchanged {window}",
    ),
    "leading": (
        "{subject} {verb} med {amount} per år {window}",
        "{subject} {verb} by {amount} per year {window}",
    ),
    "at_most": ("högst", "at most"),
    "at_least": ("minst", "at least"),
    "reached": (
        (
            "Målet är nått: {subject_lower} var {latest} år {year}, och målet för {target_year} "
            "är {bound} {target}"
        ),
        (
            "The target has been reached: {subject_lower} {was} {latest} in {year}, and the "
            "{target_year} target is {bound} {target}"
        ),
    ),
    "deadline_missed": (
        (
            "Målåret {target_year} har passerats utan att målet nåtts: {subject_lower} var "
            "{latest} år {year} mot målet {bound} {target}"
        ),
        (
            "The target year {target_year} has passed without the target being reached: "
            "{subject_lower} {was} {latest} in {year} against a target of {bound} {target}"
        ),
    ),
    "one_value": (
        "Det finns bara ett värde ({year}); minst tre behövs för att bedöma trenden",
        "There is only one value ({year}); at least three are needed to judge the trend",
    ),
    "too_few": (
        ", men minst tre värden behövs för att bedöma trenden",
        ", but at least three values are needed to judge the trend",
    ),
    "trend_meets": (
        ", vilket räcker för att nå målet om takten håller i sig",
        ", which is enough to reach the target if the pace holds",
    ),
    "on_par": ("i nivå med", "on a par with"),
    "better": ("bättre än", "better than"),
    "ahead": (
        (
            "{subject} var {latest} år {year}, {relation} målbanans {pathway}, men med trenden "
            "från {first}\u2013{last} nås inte målet till {target_year}"
        ),
        (
            "{subject} {was} {latest} in {year}, {relation} the target pathway's {pathway}, but "
            "on the trend from {first}\u2013{last} the target is not reached by {target_year}"
        ),
    ),
    "within_interval": (
        (
            ", vilket enligt trenden inte räcker, men målet ligger inom prognosens "
            "osäkerhetsintervall ({low}\u2013{high} år {target_year})"
        ),
        (
            ", which is not enough on the trend, but the target lies within the projection's "
            "uncertainty range ({low}\u2013{high} in {target_year})"
        ),
    ),
    "near": (
        "{subject} var {latest} år {year}, något sämre än målbanans {pathway}; {actual}",
        (
            "{subject} {was} {latest} in {year}, slightly worse than the target pathway's "
            "{pathway}; {actual}"
        ),
    ),
    "base_level": ("nivån för {base_year} ({level})", "the {base_year} level ({level})"),
    "decreasing": ("{leading} och ligger under {base}", "{leading} and {are} below {base}"),
    "not_decreasing": (
        "{leading} och ligger inte under {base}",
        "{leading} and {are} not below {base}",
    ),
    "below": ("{leading}, men ligger under {base}", "{leading}, but {are} below {base}"),
    "not_below": (
        "{leading}, men ligger inte under {base}",
        "{leading}, but {are} still not below {base}",
    ),
    # The carbon budget's sentences (budget).
    "budget_amount": (
        "utsläppsutrymmet på {amount} från {start_year}",
        "the carbon budget of {amount} from {start_year}",
    ),
    "budget_part_published": ("publicerat {span}: {value}", "published {span}: {value}"),
    "budget_part_interpolated": ("interpolerat {years}: {value}", "interpolated {years}: {value}"),
    "budget_part_estimated": ("uppskattat {span}: {value}", "estimated {span}: {value}"),
    "budget_parts_separator": (", ", "; "),
    "budget_used": ("Använt: {used} ({parts})", "Used: {used} ({parts})"),
    "budget_used_nothing": ("Använt: {used}", "Used: {used}"),
    "budget_estimate_note": (
        "Uppskattningen förlänger trenden {base} från det senast publicerade värdet ({anchor}).",
        "The estimate extends the {base} trend from the last published value ({anchor}).",
    ),
    "budget_missing_note": (
        "För {years} finns inga publicerade värden; de ingår inte i summan.",
        "There are no published values for {years}; the sum lacks them.",
    ),
    "budget_unestimated_note": (
        (
            "För {years} finns varken publicerad statistik eller en uppskattning{why}, så "
            "{those} saknas i summan."
        ),
        (
            "For {years} there are neither published statistics nor an estimate{why}, so "
            "the sum lacks {those}."
        ),
    ),
    "budget_those_years": ("de åren", "those years"),
    "budget_that_year": ("det året", "that year"),
    "budget_too_few_values": (
        " (för få publicerade värden sedan 2010)",
        " (too few published values since 2010)",
    ),
    "budget_ran_out_published": (
        "; det tog slut {year} enligt publicerad statistik",
        "; it ran out in {year} according to published statistics",
    ),
    "budget_ran_out_estimate": (
        "; det tog slut {year} enligt uppskattningen",
        "; it ran out in {year} by the estimate",
    ),
    "budget_over": (", {value} mer än utrymmet", ", {value} more than the budget"),
    "budget_used_up": (
        "{label}: {amount} är förbrukat{when}.",
        "{label}: {amount} is used up{when}.",
    ),
    "budget_runs_out": (
        "Med nuvarande trend tar det slut {year}.",
        "On the current trend it runs out in {year}.",
    ),
    "budget_lasts": (
        "Med nuvarande trend tar det inte slut före {year}.",
        "On the current trend it does not run out before {year}.",
    ),
    "budget_no_trend": (
        "Det finns för få värden för att beräkna när det tar slut.",
        "There are too few values to tell when it runs out.",
    ),
    "budget_nothing_known": (
        (
            "{label}: inga utsläpp är publicerade, så det går inte att säga hur mycket av "
            "{amount} som är använt."
        ),
        "{label}: no emissions are published, so how much of {amount} is used cannot be told.",
    ),
    "budget_none_used": (
        "{label}: inget av {amount} är använt ännu.",
        "{label}: none of {amount} is used yet.",
    ),
    "budget_remaining": (
        "{label}: av {amount} återstår {remaining} efter {year}.",
        "{label}: of {amount}, {remaining} remain after {year}.",
    ),
    # The references every municipality is compared with (``references``).
    "paris_within": (
        (
            "Med trenden {first}\u2013{last} blir utsläppen {years} sammanlagt {trend}, inom "
            "Koldioxidlagens bana ({rate} per år från {years_from}): {path}."
        ),
        (
            "On the {first}\u2013{last} trend, emissions over {years} add up to {trend}, within "
            "the Carbon Law path ({rate} a year from {years_from}): {path}."
        ),
    ),
    "paris_over": (
        (
            "Med trenden {first}\u2013{last} blir utsläppen {years} sammanlagt {trend}, "
            "{times} gånger Koldioxidlagens bana ({rate} per år från {years_from}): {path}."
        ),
        (
            "On the {first}\u2013{last} trend, emissions over {years} add up to {trend}, "
            "{times} times the Carbon Law path ({rate} a year from {years_from}): {path}."
        ),
    ),
    "paris_no_trend": (
        "Det finns för få värden för att beräkna en trend (minst tre behövs).",
        "There are too few values to compute a trend (at least three are needed).",
    ),
}


SWEDISH = Language(
    code="sv",
    level=format_level_sv,
    percent=format_percent_sv,
    count=swedish_count,
    points="procentenheter",
    words=_swedish_words,
    phrases={key: sv for key, (sv, _en) in _PHRASES.items()},
)

ENGLISH = Language(
    code="en",
    level=format_level_en,
    percent=format_percent_en,
    count=english_count,
    points="percentage points",
    words=_english_words,
    phrases={key: en for key, (_sv, en) in _PHRASES.items()},
)

LANGUAGES = (SWEDISH, ENGLISH)
