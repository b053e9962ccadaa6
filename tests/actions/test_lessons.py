"""The lessons library: what cities share, for staff and every city's people; the public
sees what a city has published."""

from __future__ import annotations

import pytest

from tests.actions.conftest import words

URL = "/lardomar/"


@pytest.fixture
def lessons(umea, malmo, action_factory):
    return {
        "published": action_factory(
            city=umea,
            title="Leadgrupper i klimatfärdplanen",
            published=True,
            lessons_learned="Låt partner ta lead-ansvar.",
            share_with_other_cities=True,
            sector="other",
            lever="partnership",
        ),
        "draft": action_factory(
            city=umea,
            title="Cykelpilot",
            stage="pilot",
            share_with_other_cities=True,
            sector="Transporter",
        ),
        "not_shared": action_factory(
            city=umea,
            title="Internt",
            published=True,
            lessons_learned="Bara för oss.",
            share_with_other_cities=False,
        ),
        "malmo": action_factory(
            city=malmo,
            title="Solceller på tak",
            published=True,
            lessons_learned="Upphandla tillsammans.",
            share_with_other_cities=True,
            sector="El och fjärrvärme",
            lever="procurement",
        ),
    }


def test_the_public_sees_published_shared_lessons(client, lessons):
    text = words(client.get(URL).content.decode())
    assert "Leadgrupper i klimatfärdplanen" in text and "Låt partner ta lead-ansvar." in text
    assert "Solceller på tak" in text
    assert "Cykelpilot" not in text
    assert "Internt" not in text
    assert "2 lärdomar från 2 kommuner." in text
    assert "1 lärdom från 1 kommun." in words(client.get(URL + "?sektor=other").content.decode())


@pytest.mark.parametrize("actor", ["malmo_officer", "staff_user"])
def test_other_cities_and_staff_also_see_shared_drafts(client, lessons, actor, request):
    client.force_login(request.getfixturevalue(actor))
    text = words(client.get(URL).content.decode())
    assert "Cykelpilot Utkast" in text
    assert "En pilot; inga lärdomar är nedskrivna ännu." in text
    assert "Internt" not in text
    # and the shared draft's page opens for them
    response = client.get(f"/kommuner/umea/atgarder/{lessons['draft'].pk}/")
    assert response.status_code == 200


def test_the_public_cannot_open_a_shared_draft(client, lessons):
    assert client.get(f"/kommuner/umea/atgarder/{lessons['draft'].pk}/").status_code == 404


def test_another_citys_officer_cannot_open_a_draft_that_is_not_shared(
    client, lessons, malmo_officer, action_factory, umea
):
    secret = action_factory(city=umea, title="Ej delat utkast")
    client.force_login(malmo_officer)
    assert client.get(f"/kommuner/umea/atgarder/{secret.pk}/").status_code == 404


def test_it_filters_by_sector_lever_stage_and_words(client, lessons):
    assert "Solceller på tak" in words(
        client.get(URL + "?sektor=El och fjärrvärme").content.decode()
    )
    text = words(client.get(URL + "?typ=partnership").content.decode())
    assert "Leadgrupper" in text and "Solceller" not in text
    text = words(client.get(URL + "?q=upphandla").content.decode())
    assert "Solceller på tak" in text and "Leadgrupper" not in text
    assert "Inga lärdomar matchar sökningen." in words(
        client.get(URL + "?skede=scaling").content.decode()
    )


def test_each_lesson_links_to_its_action(client, lessons):
    html = client.get(URL).content.decode()
    assert f'href="/kommuner/umea/atgarder/{lessons["published"].pk}/"' in html


def test_the_library_costs_one_query_for_the_public(client, lessons, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get(URL)
