"""The beat task that renders the contract cities' pages after a data change."""

from __future__ import annotations

from cities.models import City
from cities.services import goal_create
from dashboards.city.tasks import city_pages_warm


def test_it_renders_every_contract_citys_page_once_per_data_generation(
    client, umea_emissions, umea_goals, django_assert_num_queries
):
    # Two contract cities keep the test quick; the rest are left out.
    City.objects.exclude(code__in=["2480", "1280"]).update(is_contract_city=False)
    assert city_pages_warm() == 2 * 2  # two contract cities, Swedish and English
    assert city_pages_warm() == 0  # nothing changed since
    with django_assert_num_queries(0):  # a visitor gets the warm page
        assert client.get("/kommuner/umea/").status_code == 200
    goal_create(
        city=City.objects.get(code="2480"), title="Nytt mål", scope="area", is_published=True
    )
    assert city_pages_warm() == 4
    with django_assert_num_queries(0):
        assert "Nytt mål" in client.get("/kommuner/umea/").content.decode()
