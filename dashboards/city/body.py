"""The public city page's content as HTML, built in Python: what the template
``city/_body.html`` wrote, byte for byte, before this module replaced it.

The page is rebuilt whenever its data changes, and the template engine spent more time
on the body's tags (a hundred translations, six links, the conditions between them)
than the page's words and numbers needed. Here the fixed words are translated once per
language (``_words``: marked for makemessages with ``gettext_noop``), and every other
text is escaped as the template's autoescaping escaped it (``_v``). The goal cards and
chart blocks are the functions the template's tags called (``goal_card_html``,
``chart_block``). The whitespace between the parts is the template's, so that the
stored pages of every city stay the same bytes.
"""

from __future__ import annotations

from html import escape as plain_escape
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_noop

from cities.models import City
from core.formatting import num, pct
from core.i18n import get_language
from core.i18n import gettext as _
from dashboards.charts.chart import Chart
from dashboards.city.cards import goal_card_html
from dashboards.city.goals import GoalCard
from dashboards.templatetags.charts import chart_block

if TYPE_CHECKING:
    from dashboards.city.pages import CityPage

_WORDS: dict[str, dict[str, str]] = {}

#: The fixed words of the body, as the template's ``{% translate %}`` tags wrote them.
_TRANSLATED = {
    "here": gettext_noop("Du är här"),
    "cities": gettext_noop("Kommuner"),
    "code": gettext_noop("kommunkod"),
    "contract_city": gettext_noop("Klimatkontraktsstad"),
    "plan": gettext_noop("Klimatplan:"),
    "partnerships": gettext_noop("Klimatpartnerskap:"),
    "actions": gettext_noop("Åtgärder: räcker de för att nå målet?"),
    "capability": gettext_noop("Förmåga att ställa om: kommunens självskattning"),
    "reporting": gettext_noop("Rapportering till CDP, Global Covenant of Mayors, EU och CSRD"),
    "tonnes": gettext_noop("ton koldioxidekvivalenter"),
    "tonnes_person": gettext_noop("ton koldioxidekvivalenter per invånare"),
    "contents": gettext_noop("Innehåll"),
    "goals": gettext_noop("Klimatmål"),
    "references": gettext_noop("Referenser"),
    "emissions": gettext_noop("Utsläpp"),
    "budget": gettext_noop("Koldioxidbudget"),
    "legend": gettext_noop("Så bedöms målen"),
    "reported_goals": gettext_noop("Mål som staden har rapporterat till CDP-ICLEI"),
    "reported_note": gettext_noop(
        "Staden har själv rapporterat de här målen till CDP-ICLEI. De visas som staden angav "
        "dem och bedöms mot SMHI:s statistik där en indikator mäter det målet gäller. Mål "
        "som kommunen själv lägger in här gäller före dem."
    ),
    "references_heading": gettext_noop("Referenser: nationellt mål och Parislinjen"),
    "references_note": gettext_noop(
        "Referenserna gäller alla kommuner och är inte kommunens egna beslut. De bedömer "
        "kommunens territoriella utsläpp på samma sätt som ett mål."
    ),
    "status": gettext_noop("Status:"),
    "source": gettext_noop("Källa:"),
    "emissions_heading": gettext_noop("Territoriella utsläpp av växthusgaser"),
    "no_emissions": gettext_noop("Det finns inga utsläppsdata för kommunen ännu."),
    "per_person": gettext_noop("Utsläpp per invånare"),
    "own_inventory": gettext_noop("Stadens egen inventering"),
    "net": gettext_noop("Utsläpp och upptag"),
    "plan_default": gettext_noop("kommunens klimatplan"),
    "no_plan": gettext_noop("ingen klimatplan hittad"),
}

#: The template's ``{% blocktranslate %}`` texts: translated once, their values escaped.
_BLOCKS = {
    "contract": gettext_noop("Klimatkontrakt 2030 för %(name)s: åtaganden och uppföljning"),
    "compare": gettext_noop("Jämför %(name)s med andra kommuner"),
    "emissions_year": gettext_noop("Utsläpp %(year)s"),
    "change": gettext_noop("Förändring 1990–%(year)s"),
    "per_person_year": gettext_noop("Per invånare %(year)s"),
    "consumption_year": gettext_noop("Konsumtionsbaserat per invånare %(year)s"),
    "no_goals": gettext_noop("Inga klimatmål har registrerats för %(name)s ännu."),
    "no_removals": gettext_noop(
        "Inga upptag (kolsänkor, t.ex. skog och mark) är registrerade för %(name)s, så "
        "nettoutsläppen kan inte visas."
    ),
}


def _words() -> dict[str, str]:
    """The body's fixed words in the active language (once per language), and the
    status legend as ``_status_legend.html`` writes it (it has no data)."""
    language = get_language() or settings.LANGUAGE_CODE
    words = _WORDS.get(language)
    if words is None:
        # Safe, as the template's tags left them: a literal's translation is not escaped.
        words = {key: mark_safe(_(text)) for key, text in _TRANSLATED.items()}
        words.update({key: _(text) for key, text in _BLOCKS.items()})
        words["legend_list"] = render_to_string("_status_legend.html", {"pad": "    "})
        _WORDS[language] = words
    return words


def _v(value: object) -> str:
    """A value as the template wrote it: localized (years), then escaped unless safe."""
    if type(value) is str:  # most values: what conditional_escape does to them, sooner
        return plain_escape(value)
    localized = localize(value)
    return str(conditional_escape(localized if isinstance(localized, str) else str(localized)))


def _chart(chart: Chart | None, slug: str) -> str:
    return chart_block(chart, slug) if chart is not None else ""


def body_html(city: City, page: CityPage) -> str:
    """The city page's content (what ``city/_body.html`` rendered of ``city`` and
    ``page``)."""
    w = _words()
    slug, name = city.slug, _v(city.name)
    out = [
        "\n",
        f'<nav aria-label="{w["here"]}" class="breadcrumbs"><a href="{_v(reverse("city:home"))}">'
        f"{w['cities']}</a> › {name}</nav>\n",
        f"<h1>{name}</h1>\n",
        f'<p class="meta">{_v(page.county_name)} · {w["code"]} {_v(page.code)}',
        f' · <span class="badge">{w["contract_city"]}</span>' if page.is_contract_city else "",
        "</p>\n",
    ]
    if city.is_contract_city:
        url = _v(reverse("contracts:list", args=[slug]))
        contract = w["contract"] % {"name": name}
        out.append(f'<p class="contract-link"><a href="{url}">{contract}</a></p>')
    out.append("\n\n")
    plan = page.climate_plan
    if plan:
        out.append(f'\n<p class="climate-plan">{w["plan"]}\n  ')
        if plan.link:
            title = _v(plan.title or w["plan_default"])
            out.append(f'<a href="{_v(plan.link)}" rel="noopener">{title}</a>')
        else:
            out.append(_v(plan.title or w["no_plan"]))
        if plan.year:
            out.append(f" ({_v(plan.year)})")
        out.append(f'\n  <span class="source">{_v(plan.source)}</span></p>\n')
    out.append("\n")
    compare = w["compare"] % {"name": name}
    out.append(
        f'<p><a href="{_v(reverse("compare-public:page"))}?kommuner={_v(page.code)}">'
        f"{compare}</a></p>\n"
    )
    if page.partnerships:
        names = ", ".join(_v(partner) for _id, partner in page.partnerships)
        url = _v(reverse("partners:index", kwargs={"slug": slug}))
        out.append(
            f'<p class="partnership-link">{w["partnerships"]} <a href="{url}">{names}</a></p>'
        )
    out += [
        "\n",
        f'<p><a href="{_v(reverse("portfolio:index", kwargs={"slug": slug}))}">'
        f"{w['actions']}</a></p>\n",
        f'<p><a href="{_v(reverse("capability:city", kwargs={"slug": slug}))}">'
        f"{w['capability']}</a></p>\n",
        f'<p><a href="{_v(reverse("reporting:index", kwargs={"slug": slug}))}">'
        f"{w['reporting']}</a></p>\n",
        "\n",
    ]
    out.append(_key_figures(page, w))
    out.append(_contents(page, w))
    out.append(_goals(page, w, slug, name))
    out.append(_references(page, w))
    out.append(_emissions(page, w, slug, name))
    out.append(_budget(page, w, slug))
    return "".join(out)


def _key_figures(page: CityPage, w: dict[str, str]) -> str:
    latest = page.latest
    if not latest:
        return "\n\n"
    year = _v(latest.year)
    out = [
        '\n<dl class="key-figures">\n  <div>\n',
        f"    <dt>{w['emissions_year'] % {'year': year}}</dt>\n",
        f'    <dd>{_v(num(latest.total, 0))} <abbr title="{w["tonnes"]}">t CO2e</abbr></dd>\n',
        "  </div>\n  ",
    ]
    if page.change_since_base_pct is not None:
        out += [
            "\n  <div>\n",
            f"    <dt>{w['change'] % {'year': year}}</dt>\n",
            f"    <dd>{_v(pct(page.change_since_base_pct, 1))}</dd>\n",
            "  </div>\n  ",
        ]
    out.append("\n  ")
    for key, figure in (
        ("per_person_year", page.per_person_latest),
        ("consumption_year", page.consumption_latest),
    ):
        if figure:
            out += [
                "\n  <div>\n",
                f"    <dt>{w[key] % {'year': _v(figure[0])}}</dt>\n",
                f"    <dd>{_v(num(figure[1], 2))} "
                f'<abbr title="{w["tonnes_person"]}">t CO2e</abbr></dd>\n',
                "  </div>\n  ",
            ]
        out.append("\n  " if key == "per_person_year" else "\n")
    out.append("</dl>\n\n\n")
    return "".join(out)


def _contents(page: CityPage, w: dict[str, str]) -> str:
    references = (
        f'<li><a href="#references-heading">{w["references"]}</a></li>' if page.references else ""
    )
    budget = f'<li><a href="#budget-heading">{w["budget"]}</a></li>' if page.budget else ""
    return (
        f'<nav aria-label="{w["contents"]}" class="toc">\n  <ul>\n'
        f'    <li><a href="#goals-heading">{w["goals"]}</a></li>\n'
        f"    {references}\n"
        f'    <li><a href="#emissions-heading">{w["emissions"]}</a></li>\n'
        f"    {budget}\n"
        "  </ul>\n</nav>\n\n"
    )


def _goals(page: CityPage, w: dict[str, str], slug: str, name: str) -> str:
    out = [
        '<section aria-labelledby="goals-heading">\n',
        f'  <h2 id="goals-heading">{w["goals"]}</h2>\n  ',
    ]
    if page.goals:
        out.append(
            f'\n  <details class="status-legend">\n    <summary>{w["legend"]}</summary>\n'
            f"{w['legend_list']}\n  </details>\n  "
        )
    out.append("\n  ")
    out += [f'<p class="note revision-note">{_v(note)}</p>' for note in page.revision_notes]
    out.append("\n  ")
    own = page.own_goals
    for goal in own:
        out.append(f"\n  {_card(goal, slug)}\n  ")
    if not own:
        out.append(f"\n  <p>{w['no_goals'] % {'name': name}}</p>\n  ")
    out.append("\n  ")
    reported = page.reported_goals
    if reported:
        out.append(
            f'\n  <h3 id="reported-goals-heading">{w["reported_goals"]}</h3>\n'
            f'  <p class="note">{w["reported_note"]}</p>\n  '
        )
        for goal in reported:
            out.append(f"\n  {_card(goal, slug)}\n  ")
        out.append("\n  ")
    out.append("\n</section>\n\n")
    return "".join(out)


def _card(goal: GoalCard, slug: str) -> str:
    return goal_card_html(goal, slug)


def _references(page: CityPage, w: dict[str, str]) -> str:
    if not page.references:
        return "\n\n"
    out = [
        '\n<section aria-labelledby="references-heading">\n',
        f'  <h2 id="references-heading">{w["references_heading"]}</h2>\n',
        f'  <p class="note">{w["references_note"]}</p>\n  ',
    ]
    credit = page.credit
    source = (
        f'<p class="source">{w["source"]} {_v(credit.publisher)} ({_v(credit.name)})</p>'
        if credit
        else ""
    )
    for ref in page.references:
        rid = _v(ref.id)
        out += [
            f'\n  <article class="card goal reference" aria-labelledby="{rid}">\n',
            '    <div class="target-head">\n',
            f'      <h3 id="{rid}" class="target-title">{_v(ref.label)}</h3>\n',
            f'      <p class="status status-{_v(ref.status)}"><span class="visually-hidden">'
            f'{w["status"]} </span><span class="status-icon" aria-hidden="true"></span>'
            f"{_v(ref.status_label)}</p>\n",
            "    </div>\n",
            f'    <p class="explanation">{_v(ref.explanation)}</p>\n',
            f'    <p class="note">{_v(ref.definition)}</p>\n',
            f"    {source}\n",
            "  </article>\n  ",
        ]
    out.append("\n</section>\n\n\n")
    return "".join(out)


def _emissions(page: CityPage, w: dict[str, str], slug: str, name: str) -> str:
    out = [
        '<section aria-labelledby="emissions-heading">\n',
        f'  <h2 id="emissions-heading">{w["emissions_heading"]}</h2>\n  ',
    ]
    if page.sector_chart:
        out.append(f"\n  {_chart(page.sector_chart, slug)}\n  {_chart(page.share_chart, slug)}\n  ")
    elif not page.latest:
        out.append(f"\n  <p>{w['no_emissions']}</p>\n  ")
    out.append("\n\n  ")
    if page.latest:
        out.append(f'\n  <h3 id="per-person-heading">{w["per_person"]}</h3>\n  ')
        out += [f'<p class="note">{_v(text)}</p>' for text in page.per_person_missing]
        out.append(f"\n  {_chart(page.per_person_chart, slug)}\n\n  ")
        if page.reported_chart:
            out.append(
                f'\n  <h3 id="reported-heading">{w["own_inventory"]}</h3>\n'
                f"  {_chart(page.reported_chart, slug)}\n  "
            )
        out.append(f'\n\n  <h3 id="net-heading">{w["net"]}</h3>\n  ')
        if page.net_chart:
            out.append(f"\n  {_chart(page.net_chart, slug)}\n  ")
        else:
            out.append(f'\n  <p class="note">{w["no_removals"] % {"name": name}}</p>\n  ')
        out.append("\n  ")
    out.append("\n</section>\n\n")
    return "".join(out)


def _budget(page: CityPage, w: dict[str, str], slug: str) -> str:
    budget = page.budget
    if not budget:
        return "\n"
    facts = "".join(
        f"<div><dt>{_v(label)}</dt><dd>{_v(value)}</dd></div>" for label, value in budget.facts
    )
    out = [
        '\n<section aria-labelledby="budget-heading">\n',
        f'  <h2 id="budget-heading">{w["budget"]} – {_v(budget.label)}</h2>\n',
        f'  <dl class="key-figures">\n    {facts}\n  </dl>\n  ',
    ]
    if budget.explanation:
        out.append(f'<p class="explanation">{_v(budget.explanation)}</p>')
    out.append("\n  ")
    if budget.data_note:
        out.append(f'<p class="note">{_v(budget.data_note)}</p>')
    out.append("\n  ")
    if budget.chart:
        out.append(f"{_chart(budget.chart, slug)}\n  ")
    else:
        out += [f'<p class="source">{_v(source)}</p>' for source in budget.sources]
    out.append("\n</section>\n\n")
    return "".join(out)
