"""Pages built when their data changes (``core.stored_pages``): a visitor is served the
stored page, a data change rebuilds it after the commit, and until then visitors get the
previous page; the request path reads the data generation from the shared cache at most
once a second."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

import core.cache
import core.stored_pages
from cities.models import City
from cities.services import goal_create
from core.cache import bump_generation, generation
from core.models import StoredPage
from core.stored_pages import rebuild_stale
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
    before = bytes(StoredPage.objects.get(key="city:umea", language="sv").html)
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
    with django_assert_num_queries(0):  # older than the data, but checked under a second ago
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
    assert b"Hemligt utkast" not in bytes(
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


def test_the_home_page_is_stored_and_its_frame_per_visitor(
    client, two_contract_cities, umea_officer, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        content = client.get("/").content.decode()
    assert "Klimatkontraktsstäderna" in content and "Logga in" in content
    client.force_login(umea_officer)
    assert "Logga ut" in client.get("/").content.decode()


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


def test_a_bump_in_this_process_is_seen_at_once(db):
    before = generation()
    bump_generation()
    assert generation() > before
