"""The city page's goal cards as HTML: each goal with its targets (status, explanation,
the facts behind it) and the charts of its indicators.

Written here rather than in a template, as the chart blocks are (``chart_html``): a city
has many goals and targets, and the template engine spent more time on the cards' tags
than on their words. The fixed words are translated once per language; every other text
is escaped (``html.escape``, what the template's autoescaping does to a string).
"""

from __future__ import annotations

from html import escape

from django.conf import settings
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.city.goals import GoalCard, TargetCard
from dashboards.templatetags.charts import chart_block

_WORDS: dict[str, dict[str, str]] = {}


def _text(value: object) -> str:
    """A value as the template wrote it: escaped, unless it is marked safe."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else escape(str(value))


def _words() -> dict[str, str]:
    """The cards' fixed words in the active language, escaped (once per language)."""
    language = get_language() or settings.LANGUAGE_CODE
    words = _WORDS.get(language)
    if words is None:
        words = {
            key: _text(text)
            for key, text in {
                "reported": _("Rapporterat av staden"),
                "decided_by": _("beslutat av"),
                "description": _("Målets beskrivning"),
                "status": _("Status:"),
                "latest": _("Senaste värde"),
                "needed": _("Förändring som behövs"),
                "actual": _("Förändring hittills (trend)"),
                "chart": _("Se diagram och tabell"),
                "source": _("Källa:"),
            }.items()
        }
        # As the template's blocktranslate wrote it: the words as translated, the year
        # escaped.
        words["with_trend"] = _("Med trenden år %(year)s")
        _WORDS[language] = words
    return words


def goal_card_html(goal: GoalCard, slug: str) -> SafeString:
    """One goal's card: its words, each target, and the charts of its indicators."""
    words = _words()
    gid = _text(goal.id)
    meta = []
    if goal.is_reported:
        meta.append(f'<span class="badge badge-reported">{words["reported"]}</span> · ')
    meta.append(_text(goal.scope_label))
    if goal.decided_by:
        meta.append(
            f' · {words["decided_by"]} <span lang="sv">{_text(str(goal.decided_by).lower())}</span>'
        )
    if goal.decided_on:
        meta.append(" " + _text(date_format(goal.decided_on, "F Y")))
    parts = [
        f'<article class="card goal" aria-labelledby="goal-{gid}-title">',
        f'<h3 id="goal-{gid}-title" lang="sv">{_text(goal.title)}</h3>',
        f'<p class="meta">{"".join(meta)}</p>',
    ]
    if goal.description:
        parts.append(
            f'<details class="goal-description"><summary>{words["description"]}</summary>'
            f'<p lang="sv">{_text(goal.description)}</p></details>'
        )
    parts.extend(_target_html(target, words) for target in goal.targets)
    # As the template wrote them: one after the other, nothing between.
    parts.append("".join(chart_block(chart, slug) for chart in goal.charts))
    if goal.source_reference:
        parts.append(
            f'<p class="source">{words["source"]} '
            f'<span lang="sv">{_text(goal.source_reference)}</span></p>'
        )
    parts.append("</article>")
    # Safe: every text above went through escape(), or is a chart block (escaped there).
    return mark_safe("\n".join(parts))


def _target_html(target: TargetCard, words: dict[str, str]) -> str:
    tid = _text(target.id)
    resolved = f" ({_text(target.resolved_text)})" if target.resolved_text else ""
    parts = [
        f'<section class="target" aria-labelledby="target-{tid}">',
        '<div class="target-head">',
        f'<h4 id="target-{tid}" class="target-title"><span class="target-indicator">'
        f"{_text(target.indicator_name)}:</span> {_text(target.summary)}{resolved}</h4>",
        f'<p class="status status-{_text(target.status)}"><span class="visually-hidden">'
        f'{words["status"]} </span><span class="status-icon" aria-hidden="true"></span>'
        f"{_text(target.status_label)}</p>",
        "</div>",
        f'<p class="explanation">{_text(target.explanation)}</p>',
    ]
    if target.latest_text or target.needed_text or target.actual_text:
        facts = ['<dl class="target-facts">']
        for key, text in (
            ("latest", target.latest_text),
            ("needed", target.needed_text),
            ("actual", target.actual_text),
        ):
            if text:
                facts.append(f"<div><dt>{words[key]}</dt><dd>{_text(text)}</dd></div>")
        if target.projection_text:
            label = words["with_trend"] % {"year": _text(target.target_year)}
            extent = (
                f'<span class="range">{_text(target.projection_range)}</span>'
                if target.projection_range
                else ""
            )
            facts.append(
                f"<div><dt>{label}</dt><dd>{_text(target.projection_text)}{extent}</dd></div>"
            )
        if target.reached_text:
            facts.append(
                f"<div><dt>{_text(target.reached_label)}</dt>"
                f"<dd>{_text(target.reached_text)}</dd></div>"
            )
        facts.append("</dl>")
        parts.append("\n".join(facts))
    parts.append("".join(f'<p class="note">{_text(note)}</p>' for note in target.notes))
    if target.chart_id:
        parts.append(
            f'<p class="chart-link"><a href="#{_text(target.chart_id)}">{words["chart"]}</a></p>'
        )
    parts.append("</section>")
    return "\n".join(parts)
