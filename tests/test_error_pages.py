"""A missing page and a server error: Swedish pages in the site's frame (English when the
visitor chose English); under /api/ a JSON 404. The 500 page renders with no database
and no context, as Django's server_error view renders it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import include, path
from django.utils import translation
from django.views.defaults import server_error


def english(client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.django_db
def test_a_missing_page_is_swedish_in_the_sites_frame(client):
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="sv">' in html
    assert "<h1>Sidan finns inte</h1>" in html
    assert 'aria-label="Huvudmeny"' in html and "Till startsidan" in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_a_missing_municipality_gets_the_same_page(client, municipalities):
    response = client.get("/kommuner/ingenstans/")
    assert response.status_code == 404
    assert "<h1>Sidan finns inte</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_missing_page_is_english_when_english_is_chosen(client):
    english(client)
    response = client.get("/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert "Sidan finns inte" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/nothing/", "/api/v1/cities/9999/goals/"])
def test_the_api_keeps_its_json_404(client, municipalities, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_500_page_renders_without_database_or_context():
    # No django_db mark: any query here fails the test.
    request = RequestFactory().get("/kommuner/umea/")
    with translation.override("sv"):
        html = server_error(request).content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Ett fel uppstod</h1>" in html
    assert 'aria-label="Huvudmeny"' in html
    with translation.override("en"):
        html = server_error(request).content.decode()
    assert "<h1>An error occurred</h1>" in html


def broken(request):
    raise RuntimeError("a bug")


# The site's addresses and one that fails (see the next test's ROOT_URLCONF).
urlpatterns = [path("trasig/", broken), path("", include("klimat.urls"))]


@pytest.mark.django_db
def test_a_failing_page_answers_500_in_the_frame(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    english(client)
    response = client.get("/trasig/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>An error occurred</h1>" in html and 'aria-label="Main menu"' in html
