"""The current progress report of a year: what it says, that it holds published data
only, and what it costs in queries."""

from __future__ import annotations

import pytest

from cities.services import content_publish, goal_create
from contracts.models import Commitment
from contracts.services import commitment_follow_up_save
from tests.report.conftest import DONE_COMMENT, DRAFT_COMMENT, NBSP, words

URL = "/kommuner/umea/lagesrapport/2024/"

pytestmark = pytest.mark.django_db


def test_the_report_states_goals_with_status_explanation_and_swedish_numbers(client, umea_report):
    response = client.get(URL)
    assert response.status_code == 200
    text = words(response.content)
    assert "Lägesrapport 2024 – Umeå" in text
    assert "Umeå ska vara klimatneutralt 2040, d v s ha nettonoll utsläpp av växthusgaser." in text
    assert "Inte i fas" in text
    assert (
        f"Utsläppen behöver minska med 9,6{NBSP}% per år till 2040; de senaste fem åren "
        f"(2020–2024) ökade de med 1,7{NBSP}% per år." in text
    )
    # SMHI's newest release (via Klimatkollen): 365 009.52 t CO2e in 2024, 481 807 in 1990.
    assert f"365{NBSP}010 t CO2e" in text
    assert f"\u221224,2{NBSP}%" in text
    # The per-person consumption goal has two values only (SEI 2022 and 2023): too little
    # data for a trend.
    assert (
        "Konsumtionsbaserade utsläpp per invånare: Högst 2,0 t CO2e/invånare till år 2040 "
        "För lite data Utsläppen per person behöver minska med 5,6"
    ) in text
    # Each chart comes with its table: the 1990 value of the territorial chart.
    assert f"481{NBSP}807" in text


def test_the_report_has_emissions_by_sector_portfolio_commitments_and_texts(client, umea_report):
    text = words(client.get(URL).content)
    assert "Utsläpp per sektor och år" in text
    assert f"Transporter 164{NBSP}349 45,0{NBSP}%" in text  # the 2024 shares table
    # The portfolio: the gap to the 2040 target and the demo actions from the contract.
    assert f"Glappet är 384{NBSP}209 t CO2e per år." in text
    assert "Fossilfritt flyg i norra Sverige (FFFLY)" in text
    # The commitments of the 2024 version with their follow-up for 2024.
    assert "Version 2024 av kontraktet gäller för 2024." in text
    assert "3.9 Klimatsmart mobilitet Genomfört " + DONE_COMMENT in text
    assert "4.1 Samordning Klimatkontrakt 2030 Pågår" in text
    assert "3.2 Strategi Ej bedömd" in text
    # The parties' follow-up texts (section 7 of the seed).
    assert "7.1 Viktigaste uppdateringar för kommunen" in text
    assert "7.2 Mest angelägna erfarenheter att dela för kommunen" in text


def test_the_report_holds_published_data_only_whoever_reads_it(
    client, umea_report, umea_admin, umea_officer
):
    goal_create(city=umea_report, title="Utkastmål som inte får synas", scope="area", by=umea_admin)
    client.force_login(umea_officer)  # the city's people see drafts elsewhere, not here
    text = words(client.get(URL).content)
    assert DRAFT_COMMENT not in text
    assert "Utkastmål som inte får synas" not in text
    assert "3.1 Kommunens klimatmål Ej bedömd" in text  # the draft status stays unseen


def test_a_later_year_uses_the_version_in_force_and_that_years_follow_up(client, umea_report):
    text = words(client.get("/kommuner/umea/lagesrapport/2025/").content)
    assert "Version 2024 av kontraktet gäller för 2025." in text
    assert "3.9 Klimatsmart mobilitet Ej bedömd" in text  # followed up for 2024, not 2025


def test_an_earlier_year_judges_only_values_published_for_years_up_to_it(client, umea_report):
    text = words(client.get("/kommuner/umea/lagesrapport/2022/").content)
    assert "Territoriella utsläpp 2022" in text
    assert "Territoriella utsläpp 2024" not in text
    # Version 2022 is in force; its text is not in our sources, so it links the document.
    assert "Version 2022 av kontraktet gäller för 2022." in text
    assert "Texten i denna version finns inte i våra källor ännu" in text


def test_years_outside_the_contracts_time_are_not_found(client, umea_report):
    assert client.get("/kommuner/umea/lagesrapport/2018/").status_code == 404
    assert client.get("/kommuner/umea/lagesrapport/2999/").status_code == 404
    assert client.get("/kommuner/ingenstans/lagesrapport/2024/").status_code == 404


def test_the_reports_links_carry_the_address_the_site_is_served_at(client, umea_report, settings):
    settings.ALLOWED_HOSTS = ["klimat.example.se"]
    html = client.get(
        "/kommuner/umea/lagesrapport/2024/", HTTP_HOST="klimat.example.se", secure=True
    ).content.decode()
    assert 'href="https://klimat.example.se/kommuner/umea/atgarder/"' in html
    assert ">https://klimat.example.se/kommuner/umea/lagesrapport/2024/</a>" in html
    assert "127.0.0.1" not in html and "http://testserver" not in html


def test_swedish_data_in_the_english_report_is_marked_swedish(client, umea_report):
    client.cookies["django_language"] = "en"
    html = client.get("/kommuner/umea/lagesrapport/2024/").content.decode()
    assert '<html lang="en">' in html
    assert 'lang="sv">ABC – återbruksmarknad för byggmaterial</a>' in html  # an action
    assert '<h3 lang="sv">Umeå ska vara klimatneutralt 2040' in html  # a goal


def test_the_index_lists_the_years_with_pdf_links(client, umea_report):
    response = client.get("/kommuner/umea/lagesrapport/")
    text = words(response.content)
    assert "Lägesrapport 2020" in text  # Umeå's first contract version
    assert b'href="/kommuner/umea/lagesrapport/2024/pdf/"' in response.content
    assert "Inga sparade rapporter ännu." in text


def test_the_report_page_costs_a_fixed_number_of_queries(
    client, umea_report, django_assert_num_queries
):
    # 17: the goals are assessed once, as of the report's year (six queries; the action
    # portfolio's gap reads the same assessment), then the actions, the contract,
    # follow-ups and saved reports.
    with django_assert_num_queries(17):
        client.get(URL)
    with django_assert_num_queries(2):  # warm: the city and the saved reports of the year
        client.get(URL)


def test_the_query_count_does_not_grow_with_follow_ups_goals_or_actions(
    client, umea_report, umea_admin, staff_user, django_assert_num_queries
):
    from actions.services import action_create

    for commitment in Commitment.objects.filter(section__contract__year=2024, party="joint"):
        commitment_follow_up_save(
            commitment=commitment, year=2024, status="ongoing", publish=True, by=staff_user
        )
    for n in range(5):
        action_create(
            city=umea_report, by=umea_admin, values={"title": f"Åtgärd {n}"}, publish=True
        )
    goal = goal_create(city=umea_report, title="Ett mål till", scope="area", by=umea_admin)
    content_publish(item=goal, by=umea_admin, expected_version=goal.version)
    with django_assert_num_queries(17):
        response = client.get(URL)
    assert "Ett mål till" in words(response.content)


def test_a_municipality_with_nothing_entered_gets_an_honest_report(client, malmo):
    response = client.get("/kommuner/malmo/lagesrapport/2024/")
    assert response.status_code == 200
    text = words(response.content)
    assert "Lägesrapport 2024 – Malmö" in text
    assert "Inga klimatmål har publicerats för Malmö ännu." in text
    assert "Det finns inga publicerade utsläppsdata för kommunen till och med 2024." in text
    assert "Inget publicerat klimatkontrakt för Malmö gäller för 2024." in text
    assert "Inga uppföljningstexter är publicerade" in text
