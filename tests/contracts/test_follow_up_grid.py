"""Programme staff's follow-up of the contracts (issue 15): the grid of the contract cities ×
their commitments with each cell's status in a year, the agencies' status per city on the
agencies' index, their downloads (exactly what the pages show), who may read them, and
their query counts (the same whatever the number of cities, commitments or follow-ups)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from contracts.models import Commitment
from tests.contracts.conftest import words
from tests.factories import contract_version

GRID = "/programkontoret/kontrakt/uppfoljning/"
AGENCIES = "/programkontoret/myndigheter/"
THIS_YEAR = timezone.localdate().year

#: Umeå's 2024 version: 10 commitments of the city, 5 of Viable Cities, 4 of the agencies
#: together, 6 strategic projects and the joint follow-up (7) of all parties.
UMEA_COMMITMENTS = 26


def commitment(contracts, number: str) -> Commitment:
    return Commitment.objects.get(section__contract=contracts[2024], number=number)


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    return response.content.decode()


def row_of(html: str, slug: str) -> str:
    match = re.search(rf'<tr id="kommun-{slug}"[^>]*>(.*?)</tr>', html, flags=re.S)
    assert match, f"no row for {slug}"
    return match.group(1)


def cells_of(row_html: str) -> list[str]:
    return [words(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row_html, flags=re.S)]


# --- The grid ------------------------------------------------------------------------------


def test_staff_see_each_commitments_status_of_the_year_per_city(
    client, umea_follow_ups, staff_user
):
    client.force_login(staff_user)
    html = page(client, f"{GRID}?ar=2025")
    text = words(html)
    assert "Uppföljning av klimatkontrakten 2025" in text
    assert "1 av 23 kommuner har kontraktstext i tjänsten" in text
    assert html.count('<tr id="kommun-') == 23
    # Umeå's counts per status (ej påbörjat, pågår, genomfört, ändrat, avbrutet, ej
    # bedömd), then a cell per commitment, in the contract's order of parties and numbers.
    cells = cells_of(row_of(html, "umea"))
    assert cells[:6] == ["1", "1", "1", "1", "1", str(UMEA_COMMITMENTS - 5)]
    statuses = cells[6:]
    assert len(statuses) == UMEA_COMMITMENTS
    assert statuses[0] == "✓ Genomfört"  # 3.1
    assert statuses[1] == "◐ Pågår utkast"  # 3.2, a draft
    assert statuses[2] == "– Ej bedömd"  # 3.3: assessed for 2024, not 2025
    assert statuses[9] == "– Ej bedömd"  # 3.10 after 3.9
    assert statuses[10] == "↻ Ändrat"  # 4.1
    assert statuses[15] == "○ Ej påbörjat"  # 5.1
    assert statuses[19 + 4] == "✕ Avbrutet"  # 6.5
    # Each column headed by its number, its title beside it.
    assert '<abbr title="Kommunens klimatmål" lang="sv">3.1</abbr>' in html
    assert '<abbr title="Gemensamt arbete kring uppföljning, utvärdering' in html
    for group in ["Kommunen", "Viable Cities", "Myndigheterna gemensamt", "Alla parter gemensamt"]:
        assert 'scope="colgroup" colspan' in html and f">{group}</th>" in html
    assert "Formas</th>" not in html  # no agency has commitments of its own here
    # Per column: how many cities have each status (here Umeå alone).
    footer = re.search(r"<tfoot>(.*?)</tfoot>", html, flags=re.S).group(1)
    done = words(re.findall(r"<tr>(.*?)</tr>", footer, flags=re.S)[2]).split()
    assert done[:3] == ["✓", "Genomfört", "1"] and done[3:5] == ["1", "0"]


def test_a_city_without_contract_text_says_so_and_links_its_contract_page(
    client, umea_follow_ups, staff_user
):
    client.force_login(staff_user)
    html = page(client, f"{GRID}?ar=2025")
    malmo = row_of(html, "malmo")
    assert words(malmo).strip() == "Malmö Kontraktstext saknas i tjänsten. Malmös kontraktssida"
    assert 'href="/kommuner/malmo/kontrakt/"' in malmo
    assert "Ej bedömd" not in malmo  # nothing invented for a contract we do not have


def test_the_version_in_force_in_the_year_gives_the_columns(
    client, umea_contracts, malmo_versions, staff_user, commitment_follow_up_factory
):
    cycle = Commitment.objects.get(section__contract=malmo_versions[0], number="3.1")
    commitment_follow_up_factory(commitment=cycle, year=2023, status="ongoing", published=True)
    client.force_login(staff_user)
    html = page(client, f"{GRID}?ar=2023")
    # Umeå signed no version in 2023: the 2022 one, whose text is not in our sources, held.
    assert words(row_of(html, "umea")).strip() == (
        "Umeå Kontraktstext saknas i tjänsten (version 2022). Umeås kontraktssida"
    )
    malmo = cells_of(row_of(html, "malmo"))
    assert "version 2023" in words(row_of(html, "malmo"))
    assert malmo[:6] == ["0", "1", "0", "0", "0", "2"]
    assert "1 av 23 kommuner har kontraktstext" in words(html)  # Malmö; Umeå lacks 2022


def test_the_year_defaults_to_this_year_and_offers_the_years_with_follow_ups(
    client, umea_follow_ups, staff_user
):
    client.force_login(staff_user)
    html = page(client, GRID)
    assert f"Uppföljning av klimatkontrakten {THIS_YEAR}" in words(html)
    options = re.findall(r'<option value="(\d+)"( selected)?>', html)
    assert options == [(str(THIS_YEAR), " selected"), ("2025", ""), ("2024", "")]
    assert cells_of(row_of(html, "umea"))[:6] == ["0", "0", "0", "0", "0", "26"]
    page(client, f"{GRID}?ar=2019", status=404)
    page(client, f"{GRID}?ar=tjugo", status=404)


def test_the_page_is_for_programme_staff_only(client, umea_follow_ups, umea_officer, umea_admin):
    for url in [GRID, f"{GRID}tabell.csv", f"{AGENCIES}status-per-kommun.xlsx"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for person in (umea_officer, umea_admin):
            client.force_login(person)
            assert client.get(url).status_code == 403
        client.logout()


def test_staff_find_the_grid_from_their_pages(client, umea_follow_ups, staff_user, two_cities):
    client.force_login(staff_user)
    for url in [AGENCIES, "/programkontoret/jamfor/", "/min-kommun/"]:
        assert f'<a href="{GRID}">' in page(client, url)
    assert 'aria-current="page">Programkontoret<' in page(client, GRID)


def test_the_grid_in_english(client, umea_follow_ups, staff_user):
    client.force_login(staff_user)
    client.cookies["django_language"] = "en"
    text = words(page(client, f"{GRID}?ar=2025"))
    assert "Follow-up of the climate contracts 2025" in text
    assert "Contract text not in the service" in text
    assert "◐ In progress draft" in text


# --- Downloads ---------------------------------------------------------------------------


def test_the_downloads_hold_exactly_the_grid(client, umea_follow_ups, staff_user):
    client.force_login(staff_user)
    html = page(client, f"{GRID}?ar=2025")
    response = client.get(f"{GRID}tabell.csv?ar=2025")
    assert response["Content-Disposition"] == 'attachment; filename="kontraktsuppfoljning-2025.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, by_code = rows[0], {r[0]: r for r in rows[1:]}
    assert len(by_code) == 23
    assert header[:10] == [
        "Kommunkod",
        "Kommun",
        "Kontraktsversion",
        "Kontraktstext",
        "Antal: Ej påbörjat",
        "Antal: Pågår",
        "Antal: Genomfört",
        "Antal: Ändrat",
        "Antal: Avbrutet",
        "Antal: Ej bedömd",
    ]
    assert header[10] == "Kommunen: 3.1 Kommunens klimatmål"
    umea = by_code["2480"]
    assert umea[:4] == ["2480", "Umeå", "2024", "finns"]
    on_page = cells_of(row_of(html, "umea"))
    assert umea[4:10] == on_page[:6]
    # The statuses as on the page (without the symbol), a draft marked.
    assert umea[10:] == [c.split(" ", 1)[1].replace(" utkast", " (utkast)") for c in on_page[6:]]
    assert by_code["1280"][:4] == ["1280", "Malmö", "", "Kontraktstext saknas i tjänsten"]
    sheets = load_workbook(
        io.BytesIO(client.get(f"{GRID}tabell.xlsx?ar=2025").content), read_only=True
    )
    assert sheets.sheetnames == ["Uppföljning 2025", "Om"]
    cells = [["" if v is None else str(v) for v in r] for r in sheets.worksheets[0].values]
    assert cells == rows
    about = [r[0] for r in sheets["Om"].values]
    assert about[0] == "Uppföljning av klimatkontrakten 2025" and about[1].startswith("Källa:")


# --- The agencies' index: each agency's commitments per city, by status ------------------


@pytest.fixture
def trafikverket_own(umea_follow_ups, commitment_factory, commitment_follow_up_factory):
    """A commitment of Trafikverket alone, plainly test data, in Umeå's 2024 version."""
    section = commitment(umea_follow_ups, "5.1").section
    own = commitment_factory(section=section, party="trafikverket", number="5.9", title="Testlabb")
    commitment_follow_up_factory(commitment=own, year=2025, status="done", published=True)
    return own


def test_the_agencies_index_counts_each_agencys_commitments_per_city(
    client, trafikverket_own, staff_user
):
    client.force_login(staff_user)
    html = page(client, f"{AGENCIES}?ar=2025")
    text = words(html)
    assert "Status per kommun och myndighet, uppföljning 2025" in text
    matrix = re.search(r'<table class="data agency-matrix">(.*?)</table>', html, flags=re.S)[1]
    head = words(re.search(r"<thead>(.*?)</thead>", matrix, flags=re.S)[1]).split()
    assert head[:7] == [
        "Kommun",
        *["Formas", "Naturvårdsverket", "Energimyndigheten", "Tillväxtverket"],
        *["Trafikverket", "Vinnova"],
    ]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", matrix.split("<tbody>")[1], flags=re.S)
    assert len(rows) == 23
    umea = next(r for r in rows if ">Umeå<" in r)
    cells = cells_of(umea)
    # The agencies' 4 joint commitments and all parties' 7 (6.1–6.6 and 7): 5.1 not started,
    # 6.5 dropped, the rest not umea_follow_ups; Trafikverket also its own, done.
    joint = "11 åtaganden ○ Ej påbörjat 1 ✕ Avbrutet 1 – Ej bedömd 9"
    assert cells == [joint] * 4 + [
        "12 åtaganden ○ Ej påbörjat 1 ✓ Genomfört 1 ✕ Avbrutet 1 – Ej bedömd 9",
        joint,
        joint,
    ]
    assert 'href="/programkontoret/myndigheter/trafikverket/"' in umea
    assert f'href="{GRID}?ar=2025#kommun-umea"' in umea  # the joint column: the grid
    malmo = next(r for r in rows if ">Malmö<" in r)
    assert "Kontraktstext saknas i tjänsten" in words(malmo)


def test_the_agency_page_shows_its_own_commitments_status_per_city(
    client, trafikverket_own, staff_user
):
    client.force_login(staff_user)
    text = words(page(client, f"{AGENCIES}trafikverket/"))
    assert (
        "Trafikverkets egna åtaganden Kommun Version Åtagande Part Status "
        "Umeå 2024 5.9 Testlabb Trafikverket Genomfört 2025" in text
    )
    assert "Umeå 2024 5.1 Smart policyutveckling Myndigheterna gemensamt Ej påbörjat 2025" in text


def test_the_agencies_download_holds_exactly_the_matrix(client, trafikverket_own, staff_user):
    client.force_login(staff_user)
    response = client.get(f"{AGENCIES}status-per-kommun.csv?ar=2025")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Kommunkod",
        "Kommun",
        "Kontraktsversion",
        "Myndighet",
        "Åtaganden",
        "Ej påbörjat",
        "Pågår",
        "Genomfört",
        "Ändrat",
        "Avbrutet",
        "Ej bedömd",
    ]
    umea = [r for r in rows if r[0] == "2480"]
    assert [r[3] for r in umea] == [
        "Formas",
        "Naturvårdsverket",
        "Energimyndigheten",
        "Tillväxtverket",
        "Trafikverket",
        "Vinnova",
        "Myndigheterna gemensamt",
    ]
    assert umea[4][4:] == ["12", "1", "0", "1", "0", "1", "9"]
    assert umea[6][4:] == ["11", "1", "0", "0", "0", "1", "9"]
    assert ["1280", "Malmö", "", "Kontraktstext saknas i tjänsten"] in rows
    assert len(rows) == 1 + 7 + 22
    workbook = load_workbook(
        io.BytesIO(client.get(f"{AGENCIES}status-per-kommun.xlsx?ar=2025").content)
    )
    cells = [["" if v is None else str(v) for v in r] for r in workbook.worksheets[0].values]
    assert [c[: len(r)] for c, r in zip(cells, rows, strict=True)] == rows


# --- Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (f"{GRID}?ar=2025", 7),
        (f"{GRID}tabell.csv?ar=2025", 7),
        (f"{AGENCIES}?ar=2025", 8),
        (f"{AGENCIES}status-per-kommun.csv?ar=2025", 7),
    ],
)
def test_the_pages_cost_a_fixed_number_of_queries_whatever_the_cities(
    client, umea_follow_ups, staff_user, django_assert_num_queries, municipalities, url, queries
):
    client.force_login(staff_user)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    # Three more cities with contract text, commitments and follow-ups.
    for code in ["1280", "1480", "0180"]:
        version = contract_version(
            municipalities[code],
            2024,
            [("3", "Kommunens åtaganden", "city", [("3.1", "Mål", "Test."), ("3.2", "B", "T.")])],
        )
        for item in Commitment.objects.filter(section__contract=version):
            item.follow_ups.create(year=2025, status="ongoing", is_published=True)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    assert "4 av 23 kommuner har kontraktstext" in words(page(client, f"{GRID}?ar=2025"))
