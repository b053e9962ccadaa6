"""Pages built when their data changes (``core.stored_pages``): a visitor is served the
stored page, a data change rebuilds it after the commit, and until then visitors get the
previous page; the request path reads the data generation from the shared cache at most
once a second."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

import core.cache
import core.stored_pages
from cities.models import City
from cities.services import goal_create
from core.cache import bump_generation, generation
from core.models import StoredPage
from core.stored_pages import rebuild_stale, unpacked
from dashboards.city.tasks import city_pages_warm

PAGE = "/kommuner/umea/"


@pytest.fixture
def two_contract_cities(umea_emissions, umea_goals):
    # Two contract cities keep the tests quick; the rest are left out.
    City.objects.exclude(code__in=["2480", "1280"]).update(is_contract_city=False)
    return City.objects.get(code="2480")


def _publish_goal(city: City, title: str) -> None:
    goal_create(city=city, title=title, scope="area", is_published=True)


def test_the_warm_task_stores_the_home_page_and_the_contract_cities_pages(
    client, two_contract_cities, django_assert_num_queries
):
    assert city_pages_warm() == 3 * 2  # home, two contract cities; Swedish and English
    assert city_pages_warm() == 0  # nothing changed since
    assert StoredPage.objects.filter(key="city:umea").count() == 2
    with django_assert_num_queries(1):  # the stored page, read once
        assert "Umeå" in client.get(PAGE).content.decode()
    with django_assert_num_queries(0):  # then from this process's memory
        assert client.get(PAGE).status_code == 200


def test_a_published_change_is_on_the_page_once_committed(
    client, two_contract_cities, django_capture_on_commit_callbacks
):
    city_pages_warm()
    assert "Nytt mål" not in client.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _publish_goal(two_contract_cities, "Nytt mål")
    # Rebuilt right after the commit (in-process: Celery runs eagerly here).
    assert StoredPage.objects.get(key="city:umea", language="sv").generation == generation()
    assert "Nytt mål" in client.get(PAGE).content.decode()
    assert (
        "Nytt mål"
        in client.get("/kommuner/umea/", HTTP_COOKIE="django_language=en").content.decode()
    )


def test_until_rebuilt_visitors_get_the_previous_page_whole(
    client, two_contract_cities, settings, monkeypatch
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker would rebuild; here we do, below
    asked = []
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: asked.append(1))
    client.get(PAGE)
    before = unpacked(StoredPage.objects.get(key="city:umea", language="sv").html)
    _publish_goal(two_contract_cities, "Nytt mål")  # not committed: no rebuild yet
    core.stored_pages.forget_local()
    stale = client.get(PAGE).content
    assert b"Nytt m\xc3\xa5l" not in stale
    assert before in stale  # the previous page, whole
    assert asked == [1]  # and a rebuild was asked for, once per generation
    client.get(PAGE)
    assert asked == [1]
    assert rebuild_stale() == 1
    core.stored_pages.forget_local()
    assert "Nytt mål" in client.get(PAGE).content.decode()


def test_a_stale_page_is_served_from_memory_at_most_a_second(
    client, two_contract_cities, settings, monkeypatch, django_assert_num_queries
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: None)
    client.get(PAGE)
    bump_generation()
    with django_assert_num_queries(1):  # the data moved on: the database is asked
        client.get(PAGE)
    with django_assert_num_queries(0):  # still older than the data, checked under a second ago
        client.get(PAGE)
    later = time.monotonic() + 1.5
    monkeypatch.setattr(time, "monotonic", lambda: later)
    with django_assert_num_queries(1):  # a second later: the database is asked
        client.get(PAGE)
    with django_assert_num_queries(0):  # and not again within the second
        client.get(PAGE)


def test_drafts_never_reach_the_stored_page(
    client, two_contract_cities, django_capture_on_commit_callbacks
):
    client.get(PAGE)
    with django_capture_on_commit_callbacks(execute=True):
        goal_create(city=two_contract_cities, title="Hemligt utkast", scope="area")
    assert "Hemligt utkast" not in client.get(PAGE).content.decode()
    assert b"Hemligt utkast" not in unpacked(
        StoredPage.objects.get(key="city:umea", language="sv").html
    )


def test_a_cache_flush_loses_no_page(
    client, two_contract_cities, settings, monkeypatch, django_assert_num_queries
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker rebuilds (not here)
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: None)
    client.get(PAGE)
    cache.clear()
    core.cache.forget_local()
    core.stored_pages.forget_local()
    with django_assert_num_queries(1):  # the stored page; nothing rebuilt by the visitor
        assert "Umeå" in client.get(PAGE).content.decode()


def test_a_deploy_or_a_rollback_rebuilds_every_page_other_code_built(
    client, two_contract_cities, settings, monkeypatch
):
    """A page is built by the code as much as by the data: a process of another build
    (``core.build``: its files changed) serves the pages other code built until they are
    rebuilt (no visitor waits, no data changed), and the rebuild replaces them all; so
    does a rollback to the build before, and a data change after it is still seen."""
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker rebuilds: here, below
    asked = []
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: asked.append(1))
    old = client.get(PAGE).content
    first = StoredPage.objects.get(key="city:umea", language="sv").build
    assert first == core.stored_pages.fingerprint() != ""
    assert rebuild_stale() == 0

    def deployed(build: str) -> None:  # a new process of that build: same cache and data
        monkeypatch.setattr(core.stored_pages, "fingerprint", lambda: build)
        core.stored_pages.forget_local()

    deployed("new-build")
    assert client.get(PAGE).content == old  # served as stored, not built by the visitor
    assert asked == [1]  # and a rebuild asked for
    assert rebuild_stale() == 1
    assert StoredPage.objects.get(key="city:umea", language="sv").build == "new-build"
    assert rebuild_stale() == 0

    deployed(first)  # rolled back
    assert rebuild_stale() == 1
    assert StoredPage.objects.get(key="city:umea", language="sv").build == first
    _publish_goal(two_contract_cities, "Mål efter återställningen")
    assert rebuild_stale() == 1
    core.stored_pages.forget_local()
    assert "Mål efter återställningen" in client.get(PAGE).content.decode()


def test_the_build_fingerprint_follows_the_projects_files(settings, tmp_path):
    """The same files give the same fingerprint, any changed file another; byte-compiled
    caches and the installed packages do not count."""
    from core import build

    static = tmp_path / "static"
    (static / "js" / "__pycache__").mkdir(parents=True)
    (static / "js" / "site.js").write_text("const text = 'före';\n")
    (static / "js" / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"x")
    settings.BASE_DIR = tmp_path  # the project's apps are elsewhere: not its own here
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]
    settings.STATICFILES_DIRS, settings.LOCALE_PATHS = [static], []

    def fresh() -> str:
        build.fingerprint.cache_clear()
        return build.fingerprint()

    try:
        first = fresh()
        assert [name for _path, name in build._files()] == ["static/js/site.js"]
        (static / "js" / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"y")
        assert fresh() == first
        (static / "js" / "site.js").write_text("const text = 'efter';\n")
        assert fresh() != first
    finally:
        build.fingerprint.cache_clear()


def test_the_build_is_the_projects_own_files_only(settings):
    """The apps, the settings' package, templates, static files and translations: not
    Django's or any installed package's apps, though the virtual environment may be in
    the project's folder."""
    from core import build

    base = settings.BASE_DIR.resolve()
    names = {str(folder.relative_to(base)) for folder in build._folders()}
    assert {"core", "cities", "dashboards", "klimat", "templates", "static", "locale"} <= names
    assert all("/" not in name for name in names), names  # no installed package


def test_the_home_page_is_stored_and_its_frame_per_visitor(
    client, two_contract_cities, umea_officer, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        content = client.get("/").content.decode()
    assert "Klimatkontraktsstäderna" in content and "Logga in" in content
    client.force_login(umea_officer)
    assert "Logga ut" in client.get("/").content.decode()


def test_the_content_is_stored_packed_and_a_row_written_before_is_read_as_it_is(
    two_contract_cities,
):
    import lz4.frame

    content = core.stored_pages.stored_content("city", "umea")  # built and stored
    row = StoredPage.objects.get(key="city:umea", language="sv")
    assert len(row.html) < len(content.body) / 2  # packed
    assert lz4.frame.decompress(bytes(row.html)) == content.body
    # A row written before the content was packed holds the HTML as it is.
    StoredPage.objects.filter(pk=row.pk).update(html=content.body)
    core.stored_pages.forget_local()
    assert core.stored_pages.stored_content("city", "umea").body == content.body


def test_an_unknown_city_is_not_stored(client, two_contract_cities):
    assert client.get("/kommuner/finns-inte/").status_code == 404
    assert not StoredPage.objects.filter(key="city:finns-inte").exists()


def test_the_generation_is_read_from_the_shared_cache_at_most_once_a_second(
    db, monkeypatch, django_assert_num_queries
):
    seen = generation()
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(a) or original(*a, **k))
    for _ in range(50):
        assert generation() == seen
    assert reads == []
    later = time.monotonic() + 1.5
    monkeypatch.setattr(time, "monotonic", lambda: later)
    generation()
    assert len(reads) == 1  # a second later: asked again, once


def test_after_a_flush_the_generation_is_set_anew_and_read_once(db, monkeypatch):
    before = generation()
    cache.clear()
    core.cache.forget_local()
    reads = []
    original = cache.get
    monkeypatch.setattr(cache, "get", lambda *a, **k: reads.append(a) or original(*a, **k))
    after = generation()
    assert after > before  # never a number handed out before the flush
    assert len(reads) == 1  # the one it set is not asked for again
    core.cache.forget_local()
    assert generation() == after


def test_a_bump_in_this_process_is_seen_at_once(db):
    before = generation()
    bump_generation()
    assert generation() > before


# --- the whole page for a visitor with no cookie ----------------------------------------

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def test_a_visitor_with_no_cookie_gets_the_whole_page_as_stored_gzipped_once(
    client, two_contract_cities, django_assert_num_queries
):
    import gzip

    client.get(PAGE)  # built and stored on its first visit
    stored = StoredPage.objects.get(key="city:umea", language="sv")
    core.stored_pages.forget_local()
    with django_assert_num_queries(1):  # the gzipped page, nothing else of the row
        packed = client.get(PAGE, **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"] and "Cookie" in packed["Vary"]
    # Served as stored: not compressed again (and not padded: it holds no secret).
    assert packed.content == bytes(stored.page_gz)
    html = gzip.decompress(packed.content)
    assert html == bytes(stored.page)
    assert unpacked(stored.html) in html  # the content, in its frame
    text = html.decode()
    assert "<title>Umeå – " in text and "Logga in" in text and "</html>" in text
    assert 'name="next" value="/kommuner/umea/"' in text
    with django_assert_num_queries(0):  # then from this process's memory
        assert client.get(PAGE, **GZIP).content == packed.content
    with django_assert_num_queries(1):  # a browser that takes no gzip: the page as it is
        plain = client.get(PAGE)
    assert "Content-Encoding" not in plain
    assert plain.content == html


def test_a_stored_whole_page_holds_no_csrf_token_and_sets_no_cookie(client, two_contract_cities):
    for path in ("/", PAGE):
        response = client.get(path)
        assert b"csrfmiddlewaretoken" not in response.content
        assert not response.cookies  # no CSRF cookie, no session
    for row in StoredPage.objects.exclude(page=b""):
        assert b"csrfmiddlewaretoken" not in bytes(row.page)
        assert b"csrftoken" not in bytes(row.page)


def test_the_language_switch_works_without_a_token(two_contract_cities):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "en", "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    html = strict.get(PAGE).content.decode()
    assert '<html lang="en">' in html and '<button type="submit" lang="sv">Svenska</button>' in html


def test_the_english_whole_page_is_stored_apart(client, two_contract_cities):
    client.cookies["django_language"] = "en"
    html = client.get(PAGE).content.decode()
    assert '<html lang="en">' in html and "Log in" in html
    english = StoredPage.objects.get(key="city:umea", language="en")
    assert bytes(english.page).decode() == html


def test_a_signed_in_visitor_or_a_query_gets_the_frame_rendered_for_them(
    client, two_contract_cities, umea_officer
):
    client.get(PAGE)
    with_query = client.get(PAGE + "?visa=alla").content.decode()
    assert 'name="next" value="/kommuner/umea/?visa=alla"' in with_query
    client.force_login(umea_officer)
    for path in ("/", PAGE):
        html = client.get(path).content.decode()
        assert "Logga ut" in html and "Min kommun" in html
        assert "Umeå" in html


# --- the public portfolio page ----------------------------------------------------------

PORTFOLIO = "/kommuner/umea/atgarder/"


def test_the_public_portfolio_is_stored_whole_and_rebuilt_when_an_action_is_published(
    client,
    two_contract_cities,
    umea_officer,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    from actions.services import action_create, action_publish

    umea = two_contract_cities
    assert "Cykelbanor längs Kungsgatan" not in client.get(PORTFOLIO).content.decode()
    stored = StoredPage.objects.get(key="portfolio:umea", language="sv")
    assert b"csrfmiddlewaretoken" not in bytes(stored.page)
    with django_assert_num_queries(0):  # from this process's memory
        html = client.get(PORTFOLIO).content.decode()
    assert "Åtgärder i Umeå" in html and "Logga in" in html
    with django_capture_on_commit_callbacks(execute=True):
        action = action_create(
            city=umea, by=None, values={"title": "Cykelbanor längs Kungsgatan"}
        )  # a draft
    assert "Cykelbanor längs Kungsgatan" not in client.get(PORTFOLIO).content.decode()
    client.force_login(umea_officer)  # the city's people see their draft, rendered for them
    assert "Cykelbanor längs Kungsgatan" in client.get(PORTFOLIO).content.decode()
    client.logout()
    client.cookies.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action_publish(action=action, by=None)
    # Rebuilt right after the commit: the next visitor reads the new page.
    assert StoredPage.objects.get(key="portfolio:umea", language="sv").generation == generation()
    with django_assert_num_queries(1):
        assert "Cykelbanor längs Kungsgatan" in client.get(PORTFOLIO).content.decode()


def test_a_published_follow_up_rebuilds_the_public_portfolio(
    client, two_contract_cities, django_capture_on_commit_callbacks
):
    from actions.services import action_create, follow_up_create

    with django_capture_on_commit_callbacks(execute=True):
        action = action_create(
            city=two_contract_cities, by=None, values={"title": "Solceller"}, publish=True
        )
    before = client.get(PORTFOLIO).content
    with django_capture_on_commit_callbacks(execute=True):
        follow_up_create(
            action=action,
            by=None,
            values={"period_year": 2025, "period_number": 1, "text": "Klart till hälften"},
            publish=True,
        )
    after = client.get(PORTFOLIO).content
    assert after != before
    assert after == bytes(StoredPage.objects.get(key="portfolio:umea", language="sv").page)


def test_a_filtered_portfolio_is_rendered_for_the_request(client, two_contract_cities):
    client.get(PORTFOLIO)
    html = client.get(PORTFOLIO + "?sektor=Transporter").content.decode()
    assert 'name="next" value="/kommuner/umea/atgarder/?sektor=Transporter"' in html
    assert client.get("/kommuner/finns-inte/atgarder/").status_code == 404
    assert not StoredPage.objects.filter(key="portfolio:finns-inte").exists()


# --- pages whose content depends on the date --------------------------------------------


def _at(monkeypatch, moment: datetime.datetime) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


NEW_YEARS_EVE = datetime.datetime(2026, 12, 31, 12, tzinfo=datetime.UTC)
NEW_YEARS_DAY = datetime.datetime(2027, 1, 1, 9, tzinfo=datetime.UTC)


def test_on_new_years_day_the_city_page_moves_on_without_a_data_change(
    client, two_contract_cities, monkeypatch
):
    from dashboards.city.pages import render_city_page

    _at(monkeypatch, NEW_YEARS_EVE)
    eve = client.get(PAGE).content
    _at(monkeypatch, NEW_YEARS_DAY)
    # No data changed, but the last year that has ended did: 2026 is estimated now.
    new_year = client.get(PAGE).content
    assert new_year != eve
    assert render_city_page("umea").body in new_year
    row = StoredPage.objects.get(key="city:umea", language="sv")
    assert timezone.localdate(row.built_at).year == 2027


def test_the_rebuilding_task_rebuilds_what_the_date_made_stale(
    client, two_contract_cities, monkeypatch, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a worker rebuilds: beat runs it every minute
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: None)
    _at(monkeypatch, datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC))
    client.get(PAGE)
    client.get(PORTFOLIO)
    assert rebuild_stale() == 0
    _at(monkeypatch, datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC))
    # The portfolio counts what is due today: rebuilt; the city page depends on the year.
    assert rebuild_stale() == 1
    assert rebuild_stale() == 0
    _at(monkeypatch, NEW_YEARS_DAY)
    assert rebuild_stale() == 2
    # Until rebuilt, a visitor gets the page of the day before, and a rebuild is asked for.
    asked = []
    monkeypatch.setattr(core.stored_pages, "rebuild_soon", lambda: asked.append(1))
    _at(monkeypatch, NEW_YEARS_DAY + datetime.timedelta(days=1))
    core.stored_pages.forget_local()
    before = bytes(StoredPage.objects.get(key="portfolio:umea", language="sv").page)
    assert client.get(PORTFOLIO).content == before
    assert asked == [1]


def test_a_whole_page_its_builder_could_not_frame_is_completed_by_the_first_visit(
    client, two_contract_cities, monkeypatch, django_assert_num_queries
):
    import dataclasses
    import gzip

    from core.stored_pages import ensure, page_key

    kind = core.stored_pages._kinds["city"]

    def no_static_manifest(_arg, _content):
        raise ValueError("Missing staticfiles manifest entry for 'img/favicon.svg'")

    # A worker without the collected static files: the content is stored, not the frame.
    monkeypatch.setitem(
        core.stored_pages._kinds, "city", dataclasses.replace(kind, public=no_static_manifest)
    )
    assert ensure([page_key("city", "umea")]) == 2
    row = StoredPage.objects.get(key="city:umea", language="sv")
    assert unpacked(row.html) and not bytes(row.page)
    monkeypatch.setitem(core.stored_pages._kinds, "city", kind)  # the web process
    packed = client.get(PAGE, **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.content)
    assert unpacked(row.html) in html and b"Logga in" in html
    row.refresh_from_db()
    assert bytes(row.page) == html and bytes(row.page_gz) == packed.content  # for everyone
    with django_assert_num_queries(1):  # then read as stored
        assert client.get(PAGE, **GZIP).content == packed.content
