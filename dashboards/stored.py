"""The pages built when their data changes (``core.stored_pages``): what each kind renders.

- ``city:<slug>``: a municipality's public page (its content; the frame is per request);
- ``home:``: the home page's content;
- ``compare:kontrakt@<day>`` and ``compare:alla@<day>``: the comparison's two most
  asked-for views, with the choices its form needs, so a staff member's request reads no
  dataset; ``compare-figure:alla@<day>``: the sector chart's figure the view of all 290
  links (Plotly JSON);
- ``portfolio:<slug>``: a municipality's public action portfolio, stored whole only (as a
  visitor with no cookie and no filter gets it); its own people, who see their drafts,
  and filtered views get it rendered per request.

The home page and the city pages are stored whole too, frame included, for visitors with
no cookie (``core.stored_pages.stored_response``).
"""

from __future__ import annotations

import time

from django.http import Http404, QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cities.models import City
from core import stored_pages
from core.stored_pages import Content, anonymous_request


def _city(slug: str) -> Content:
    from dashboards.city.pages import render_city_page

    page = render_city_page(slug)
    return Content(page.body, {"title": page.title, "has_charts": page.has_charts})


def _city_whole(slug: str, content: Content) -> bytes:
    from dashboards.city.pages import RenderedCityPage
    from dashboards.city.views import city_framed

    page = RenderedCityPage(content.meta["title"], content.body, content.meta["has_charts"])
    path = reverse("city:detail", kwargs={"slug": slug})
    return city_framed(anonymous_request(path), page).content


def _city_priority(slug: str) -> int:
    # The contract cities' pages are the most visited: rebuilt right after the home page.
    return 1 if slug in _contract_slugs() else 3


_contract: tuple[float, set[str]] = (0.0, set())


def _contract_slugs() -> set[str]:
    # Asked once per page to rebuild: kept for a minute (the list changes once a year).
    global _contract
    if time.monotonic() - _contract[0] > 60:
        slugs = set(City.objects.contract_cities().values_list("slug", flat=True))
        _contract = (time.monotonic(), slugs)
    return _contract[1]


def _home(_arg: str) -> Content:
    from dashboards.city.home import home_page

    body = render_to_string("city/_home_body.html", {"page": home_page()})
    return Content(body.encode())


def _home_whole(_arg: str, content: Content) -> bytes:
    from dashboards.city.views import home_framed

    return home_framed(anonymous_request(reverse("city:home")), content.body).content


def dated(arg: str) -> str:
    """``arg`` for today: the comparison and the portfolio count what is due this period,
    so their stored pages are per day (yesterday's are removed at their next rebuild)."""
    return f"{arg}@{timezone.localdate().isoformat()}"


def _undated(arg: str) -> str:
    arg, _sep, day = arg.partition("@")
    if day != timezone.localdate().isoformat():
        raise Http404(arg)
    return arg


def _compare(arg: str) -> Content:
    from dashboards.compare import pages
    from dashboards.compare.selection import ALL, CONTRACT, CompareForm, Selection

    scope = _undated(arg)
    if scope not in (CONTRACT, ALL):
        raise Http404(scope)
    ds = pages.dataset()
    rendered = pages.render_body(Selection(scope=scope), ds)
    selection = Selection(scope=scope)
    form = CompareForm(
        QueryDict(f"urval={scope}"),
        municipalities=[(r.code, r.name) for r in ds.rows],
        counties=ds.counties,
    )
    meta = {
        "count": rendered.count,
        "has_charts": rendered.has_charts,
        # The form as this view shows it (no choice made, nothing picked): the same for
        # every member of the programme staff, so a request renders only the site's frame.
        "form_html": pages.form_html(form, selection, ds, picked_text=""),
    }
    return Content(rendered.body, meta)


def _compare_figure(arg: str) -> Content:
    """The sector chart's figure the stored view of all 290 links rather than carries
    (``compare:alla``, ``pages.LINKED_FIGURE_OVER``), stored like the view and rebuilt
    with it: the chart is drawn as soon as the page is, after a restart or a cache flush
    too, and from the same dataset as the page's table."""
    from dashboards.compare import pages
    from dashboards.compare.sectors import SECTOR_CHART
    from dashboards.compare.selection import ALL, Selection

    scope = _undated(arg)
    if scope != ALL:
        raise Http404(scope)
    figure = pages.build_figure_json(Selection(scope=ALL), SECTOR_CHART, pages.dataset())
    return Content(figure.encode())


def _portfolio(_slug: str) -> Content:
    # Nothing of it is rendered per request around stored content: it is stored whole.
    return Content(b"")


def _portfolio_whole(slug: str, _content: Content) -> bytes:
    """A city's public portfolio page (published actions and follow-ups, no filter) as a
    visitor with no cookie gets it."""
    from cities.selectors import city_get
    from dashboards.portfolio.views import portfolio_rendered

    path = reverse("portfolio:index", kwargs={"slug": slug})
    return portfolio_rendered(anonymous_request(path), city_get(slug=slug)).content


def register_all() -> None:
    # The home page and the city pages count the years up to the last that has ended
    # (estimates): built in an earlier year, they are stale.
    stored_pages.register(
        "home", _home, priority=lambda _arg: 0, public=_home_whole, by_date="year"
    )
    stored_pages.register(
        "city", _city, priority=_city_priority, public=_city_whole, by_date="year"
    )
    stored_pages.register("compare", _compare, priority=lambda _arg: 2, by_date="day")
    stored_pages.register("compare-figure", _compare_figure, priority=lambda _arg: 2, by_date="day")
    # The portfolio counts the follow-ups due this period: built on an earlier day, stale.
    stored_pages.register(
        "portfolio", _portfolio, priority=lambda _arg: 4, public=_portfolio_whole, by_date="day"
    )
