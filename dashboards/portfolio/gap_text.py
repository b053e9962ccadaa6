"""The portfolio page's gap in words: why it cannot be computed, or the trend against the
pathway, the gap, how much of it the actions close, and which actions do not count."""

from __future__ import annotations

from django.utils.translation import ngettext

from actions.portfolio import Exclusion, GapAnalysis, GapState
from core.formatting import num, pct
from core.i18n import gettext as _
from dashboards.portfolio.target import GapBasis


def gap_sentences(
    gap: GapAnalysis,
    basis: GapBasis,
    *,
    city_name: str,
    shown_actions: int,
    missing_effect: int,
) -> list[str]:
    """The sentences above the gap's chart, in reading order."""
    lines = _state_sentences(gap, basis, city_name)
    if shown_actions:
        lines.append(_effects_sentence(shown_actions, missing_effect))
    lines += _exclusion_sentences(gap, basis)
    lines.extend(basis.notes)
    return lines


def _state_sentences(gap: GapAnalysis, basis: GapBasis, name: str) -> list[str]:
    """Why the gap cannot be computed, or what it is and what the portfolio does to it."""
    ty = basis.target_year
    why_not = {
        GapState.NO_TARGET: _(
            "%(city)s har inget publicerat mål för de territoriella utsläppen av "
            "växthusgaser med ett målvärde, så glappet till målet kan inte beräknas."
        )
        % {"city": name},
        GapState.NO_DATA: _(
            "Det finns inga utsläppsdata för %(city)s, så glappet kan inte beräknas."
        )
        % {"city": name},
        GapState.TARGET_YEAR_IN_DATA: _(
            "Målåret %(year)s har redan utsläppsdata, så det finns ingen trend att "
            "jämföra med; se utfallet på kommunens sida."
        )
        % {"year": ty},
        GapState.TOO_LITTLE_DATA: _(
            "Det finns för lite utsläppsdata för en trend fram till %(year)s, så glappet "
            "kan inte beräknas."
        )
        % {"year": ty},
    }
    if gap.state in why_not:
        return [why_not[gap.state]]
    return _trend_sentences(gap, basis)


def _trend_sentences(gap: GapAnalysis, basis: GapBasis) -> list[str]:
    """The trend against the pathway in the target year, the gap, and the trend's
    uncertainty."""
    ty = basis.target_year
    state = gap.state
    assert gap.trend_value is not None and gap.pathway_value is not None and ty is not None
    lines = [
        _(
            "På nuvarande trend blir utsläppen %(trend)s t CO2e år %(year)s. Målet%(target)s "
            "kräver att de då är högst %(path)s t."
        )
        % {
            "trend": num(gap.trend_value),
            "year": ty,
            "target": f" ({basis.target_summary})" if basis.target_summary else "",
            "path": num(gap.pathway_value),
        }
    ]
    if state is GapState.TREND_REACHES_TARGET:
        lines.append(_("Trenden räcker alltså för att nå målet, om den håller i sig."))
    else:
        assert gap.gap is not None
        lines.append(_("Glappet är %(gap)s t CO2e per år.") % {"gap": num(gap.gap)})
        lines += _portfolio_sentences(gap)
    if basis.trend_low is not None and basis.trend_high is not None:
        lines.append(
            _("Trenden är osäker: 95 %% prognosintervall %(low)s–%(high)s t år %(year)s.")
            % {"low": num(basis.trend_low), "high": num(basis.trend_high), "year": ty}
        )
    return lines


def _portfolio_sentences(gap: GapAnalysis) -> list[str]:
    """How much of the gap the actions' expected reductions close, and the verdict."""
    state = gap.state
    if state is GapState.NO_EFFECTS:
        return [
            _(
                "Ingen åtgärd har en förväntad effekt som kan räknas mot glappet, så "
                "det går inte att säga hur mycket av glappet portföljen sluter."
            )
        ]
    remaining = gap.remaining
    assert remaining is not None
    verdict = {
        GapState.CLOSES: _("Portföljen räcker för att sluta glappet."),
        GapState.MAY_CLOSE: _(
            "Portföljen kan räcka: glappet ligger inom spannet av förväntad minskning."
        ),
        GapState.DOES_NOT_CLOSE: _(
            "Portföljen räcker inte: även den högsta förväntade minskningen är mindre än glappet."
        ),
    }[state]
    return [
        _(
            "Åtgärdernas förväntade minskning är %(central)s t per år "
            "(%(low)s–%(high)s), %(share)s av glappet. Kvar efter åtgärderna: "
            "%(left)s t per år."
        )
        % {
            "central": num(gap.counted.central),
            "low": num(gap.counted.low),
            "high": num(gap.counted.high),
            "share": pct(gap.share_of_gap_pct, 0, signed=False),
            "left": num(max(remaining.central, 0)),
        },
        verdict,
    ]


def _effects_sentence(shown_actions: int, missing_effect: int) -> str:
    """How many of the shown actions lack an expected effect."""
    if missing_effect:
        return _("Förväntad effekt saknas för %(missing)s av %(total)s åtgärder.") % {
            "missing": missing_effect,
            "total": shown_actions,
        }
    return ngettext(
        "Åtgärden har en förväntad effekt.",
        "Alla %(total)s åtgärder har en förväntad effekt.",
        shown_actions,
    ) % {"total": shown_actions}


def _exclusion_sentences(gap: GapAnalysis, basis: GapBasis) -> list[str]:
    """Which actions do not count against the gap, and why."""
    lines = []
    n = gap.excluded_count(Exclusion.ALREADY_IN_DATA)
    if n:
        lines.append(
            ngettext(
                "%(n)s åtgärd räknas inte eftersom effekten började senast %(year)s och därför "
                "redan syns i utsläppsdata och trenden.",
                "%(n)s åtgärder räknas inte eftersom effekten började senast %(year)s och "
                "därför redan syns i utsläppsdata och trenden.",
                n,
            )
            % {"n": n, "year": basis.latest_year}
        )
    n = gap.excluded_count(Exclusion.AFTER_TARGET_YEAR)
    if n:
        lines.append(
            ngettext(
                "%(n)s åtgärd räknas inte eftersom effekten börjar efter målåret.",
                "%(n)s åtgärder räknas inte eftersom effekten börjar efter målåret.",
                n,
            )
            % {"n": n}
        )
    n = gap.excluded_count(Exclusion.CANCELLED)
    if n:
        lines.append(
            ngettext(
                "%(n)s avbruten åtgärd räknas inte.", "%(n)s avbrutna åtgärder räknas inte.", n
            )
            % {"n": n}
        )
    return lines
