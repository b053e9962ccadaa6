"""The Content-Security-Policy in real Chromium: every public page, every workspace page
of Umeå's administrator and every page of programme staff is loaded with the policy
enforced (scripts and styles only from our own files), and the browser reports no
violation: no inline script, style or event handler anywhere, charts still drawn.

The pages are found by following the links of the site from the home page, the
workspace and the staff pages (so that pages added later are checked too), within Umeå
and the site's own sections; downloads, logout and other municipalities are skipped."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.browser.conftest import axe_violations
from tests.browser.test_workspace import log_in, log_out
from tests.report.conftest import report_media, umea_report  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

#: Records every violation the browser reports, before any of the page's own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""
SKIP = re.compile(
    r"\.(csv|xlsx|pdf|json|svg|png)$|/pdf/$|^/admin/|^/i18n/|^/static/|^/media/"
    r"|^/api/(?!docs/)|/logout/|/ta-bort/|/avpublicera/|/publicera/"
)
MAX_PAGES = 80
#: True once every chart of the page is drawn (``static/js/charts.js`` marks each one,
#: the linked figures once fetched): what a page does after it has loaded is done. It
#: replaces waiting for the network to be idle (half a second of nothing on every page,
#: over a minute in all), and it checks more: each page's charts draw under the policy.
DRAWN = """() => [...document.querySelectorAll("[data-figure], [data-figure-src]")]
  .every((el) => el.getAttribute("data-drawn") === "true")"""


def allowed(path: str) -> bool:
    """Within the site's own sections and Umeå (not the 290 municipalities' pages)."""
    if SKIP.search(path):
        return False
    parts = path.strip("/").split("/")
    if parts[0] in ("kommuner", "min-kommun") and len(parts) > 1:
        return parts[1] == "umea"
    return True


def shape(path: str) -> str:
    """The page's kind: one action, value or commitment stands for all the others."""
    return re.sub(r"/\d+(?=/)", "/N", path)


def crawl(page, live_server, starts: list[str]) -> dict[str, list[str]]:
    """Visit ``starts`` and every allowed page linked from them (one page of each kind);
    return each visited page's violations (console errors about the policy included)."""
    found: dict[str, list[str]] = {}
    kinds: set[str] = set()
    queue = list(starts)
    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    while queue and len(found) < MAX_PAGES:
        path = queue.pop(0)
        if path in found or shape(path) in kinds:
            continue
        kinds.add(shape(path))
        console.clear()
        response = page.goto(live_server.url + path)
        page.wait_for_function(DRAWN)
        assert response is not None and response.status < 500, (path, response and response.status)
        header = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in header and "unsafe-inline" not in header, path
        found[path] = page.evaluate("window.__cspViolations") + console
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            parts = urlsplit(href)
            new = parts.path not in found and parts.path not in queue
            if href.startswith(live_server.url) and allowed(parts.path) and new:
                queue.append(parts.path)
    return found


def test_the_policy_is_strict():
    policy = dict(
        part.strip().split(" ", 1) for part in settings.CONTENT_SECURITY_POLICY.split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in settings.CONTENT_SECURITY_POLICY


def test_no_page_breaks_the_policy(
    browser,
    live_server,
    umea_report,  # noqa: F811
    umea_co2,
    umea_budget,
    umea_population,
):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.add_init_script(LISTEN)
    page = context.new_page()
    visited = crawl(page, live_server, ["/", "/kommuner/umea/", "/api/docs/", "/accounts/login/"])
    # the charts are drawn by plotly.js under the policy
    page.goto(live_server.url + "/kommuner/umea/")
    count = page.locator("[data-figure]").count()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-figure][data-drawn=\"true\"]').length === n",
        arg=count,
    )
    assert count >= 5
    # Swagger UI drew the operations from its own static files
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)
    visited["/api/docs/ (drawn)"] = page.evaluate("window.__cspViolations")

    log_in(page, live_server, "erik.umea")
    visited |= crawl(page, live_server, ["/min-kommun/", "/min-kommun/umea/", "/import/"])
    log_out(page)
    log_in(page, live_server, "programkontoret")
    visited |= crawl(page, live_server, ["/programkontoret/jamfor/", "/min-kommun/"])
    context.close()

    assert len(visited) >= 25, sorted(visited)
    for needed in ("/", "/kommuner/umea/", "/kommuner/umea/atgarder/", "/min-kommun/umea/"):
        assert needed in visited, sorted(visited)
    broken = {path: found for path, found in visited.items() if found}
    assert broken == {}, "\n".join(f"{p}: {v}" for p, v in broken.items())


def test_the_api_docs_have_a_language_a_way_back_and_pass_axe(page, live_server, db):
    page.goto(live_server.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator("html").get_attribute("lang") == "sv"
    back = page.get_by_role("link", name="← Till Klimatkontrakt 2030 – uppföljning")
    assert back.get_attribute("href") == "/"
    # Swagger UI's markup puts each operation's copy button inside its summary button
    # (nested-interactive), which our stylesheet cannot change; everything else passes.
    found = [v for v in axe_violations(page) if v["id"] != "nested-interactive"]
    assert found == [], "\n".join(f"{v['id']}: {v['nodes']}" for v in found)
