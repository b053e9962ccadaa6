"""The home page: the 23 contract cities with their latest emissions, and every municipality."""

import re

from django.urls import reverse

from tests.conftest import load_emissions


def words(client) -> str:
    response = client.get(reverse("city:home"))
    assert response.status_code == 200
    html = response.content.decode()
    plain = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", plain).replace("\u00a0", " "))


def test_it_lists_the_contract_cities_with_latest_emissions_and_change(
    client, municipalities, ggt_newest
):
    load_emissions(ggt_newest, {"2480", "1280"})
    text = words(client)
    # Umeå 2024: 365 010 t, 1990: 481 807 t → −24,2 %
    assert "Umeå Västerbottens län 2024 365 010 −24,2 %" in text
    assert "Källa: SMHI, Nationella emissionsdatabasen" in text
    for name in ["Borlänge", "Östersund", "Karlstad", "Malmö"]:
        assert name in text


def test_it_reaches_every_one_of_the_290_municipalities(client, municipalities):
    response = client.get(reverse("city:home"))
    links = set(re.findall(r'href="(/kommuner/[^"]+/)"', response.content.decode()))
    assert len(links) == 290
    assert "/kommuner/upplands-vasby/" in links


def test_it_costs_a_fixed_number_of_queries(
    client, municipalities, django_assert_max_num_queries, django_assert_num_queries
):
    # The first visit ever builds the stored page (3 queries) and stores it (5).
    with django_assert_max_num_queries(8):
        client.get(reverse("city:home"))
    with django_assert_num_queries(0):  # then every visitor gets it from memory
        assert "Klimatkontraktsstäderna" in client.get(reverse("city:home")).content.decode()
