"""The sector comparison (issue 15): which main sector drives each municipality's change
since 2015, on the staff and the public comparison, as a table, a chart and downloads.

The numbers are checked against sums made here from the emission rows the real release
loaded (SMHI's 2026 release via Klimatkollen), not against the code's own helpers."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections import defaultdict

import plotly.graph_objects as go
import pytest
from django.conf import settings
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from dashboards.compare.sectors import SECTOR_CHART, build_sector_changes, sector_changes
from indicators.models import EmissionRow
from tests.compare.conftest import URL, words
from tests.conftest import MALMO, UMEA, load_emissions

pytestmark = pytest.mark.django_db

PUBLIC = "/jamfor/"
BLOCK = f'id="{SECTOR_CHART}"'


def changes_from_rows(code: str) -> tuple[int, dict[str, float]]:
    """The latest year the loaded release has, and ``code``'s change per main sector from
    2015 to it (tonnes), summed here from the rows."""
    latest = max(EmissionRow.objects.values_list("year", flat=True))
    by_year: dict[int, dict[str, float]] = defaultdict(dict)
    for year, sector, tonnes in EmissionRow.objects.filter(
        city__code=code, year__in=(2015, latest), subsector="Alla"
    ).values_list("year", "sector", "tonnes"):
        if sector != "Alla":
            by_year[year][sector] = by_year[year].get(sector, 0.0) + tonnes
    names = by_year[2015].keys() | by_year[latest].keys()
    return latest, {
        n: by_year[latest].get(n, 0.0) - by_year[2015].get(n, 0.0) for n in sorted(names)
    }


def swedish(value: float, decimals: int = 1) -> str:
    """A change as the Swedish page writes it: "+7,6", "−35,6" (a space between thousands,
    as ``words`` reads the no-break space)."""
    text = f"{abs(value):,.{decimals}f}".replace(",", " ").replace(".", ",")
    if value < 0 and text.strip("0,"):
        return "\u2212" + text
    return "+" + text if value > 0 and text.strip("0,") else text


def block_rows(content: bytes) -> dict[str, list[str]]:
    """The sector table's rows (municipality → cells as shown)."""
    text = content.decode()
    start = text.index(BLOCK)
    body = text[text.index("<tbody>", start) : text.index("</tbody>", start)]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S):
        name = words(re.search(r"<th[^>]*>(.*?)</th>", row, flags=re.S).group(1)).strip()
        rows[name] = [words(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    return rows


def block_headers(content: bytes) -> list[str]:
    text = content.decode()
    start = text.index(BLOCK)
    head = text[text.index("<thead>", start) : text.index("</thead>", start)]
    return [words(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, flags=re.S)]


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


# --- The computation ---------------------------------------------------------------


def test_the_change_is_split_by_sector_and_the_largest_either_way_drives_it():
    rows = [
        (1, 2015, "Transporter", 100.0),
        (1, 2015, "Jordbruk", 50.0),
        (1, 2024, "Transporter", 40.0),
        (1, 2024, "Jordbruk", 120.0),  # +70: larger than transport's −60, the other way
        (2, 2015, "Transporter", 10.0),  # no 2024
        (3, 2020, "Transporter", 10.0),  # neither year
    ]
    changes, years_of = sector_changes(rows, base_year=2015, latest_year=2024)
    assert changes[1].by_sector == {"Transporter": -60.0, "Jordbruk": 70.0}
    assert changes[1].total == 10.0 and changes[1].driver == "Jordbruk"
    assert set(changes) == {1} and years_of == {2: (2015,)}


def test_the_stated_total_is_the_total_and_a_tie_goes_to_smhis_order():
    rows = [
        (1, 2015, "Alla", 1000.0),
        (1, 2015, "Jordbruk", 10.0),
        (1, 2015, "Transporter", 20.0),
        (1, 2024, "Alla", 900.0),
        (1, 2024, "Jordbruk", 0.0),
        (1, 2024, "Transporter", 10.0),
    ]
    changes, _ = sector_changes(rows, base_year=2015, latest_year=2024)
    assert changes[1].total == -100.0  # the source's total, not the sectors' −20
    assert changes[1].driver == "Transporter"  # −10 each: Transporter comes first at SMHI


SECTORS = ("Transporter", "Jordbruk", "Avfall (inkl.avlopp)", "El och fjärrvärme")
tonnes = st.floats(min_value=0, max_value=1e7, allow_nan=False)


@given(st.dictionaries(st.sampled_from(SECTORS), st.tuples(tonnes, tonnes), min_size=1))
def test_without_a_stated_total_the_sectors_add_up_to_the_total(values):
    rows = [(1, 2015, name, base) for name, (base, _l) in values.items()]
    rows += [(1, 2024, name, last) for name, (_b, last) in values.items()]
    change = sector_changes(rows, base_year=2015, latest_year=2024)[0][1]
    assert sum(change.by_sector.values()) == pytest.approx(change.total, abs=1e-6)
    if change.driver:
        largest = max(abs(v) for v in change.by_sector.values())
        assert abs(change.by_sector[change.driver]) == largest
    else:
        assert all(abs(v) < 0.5 for v in change.by_sector.values())


def test_all_290_are_computed_in_two_queries(all_cities, django_assert_num_queries):
    with django_assert_num_queries(2):  # the release, its main-sector rows for two years
        data = build_sector_changes()
    assert data.latest_year == 2024 and len(data.changes) == 290
    _latest, umea = changes_from_rows(UMEA)
    found = data.changes[all_cities[UMEA].pk].by_sector
    assert found == pytest.approx(umea)


# --- The page shows it -----------------------------------------------------------------


@pytest.mark.parametrize("code", [UMEA, MALMO])
def test_the_public_page_shows_each_sectors_change_summed_from_the_rows(client, two_cities, code):
    latest, expected = changes_from_rows(code)
    assert latest == 2024
    response = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}")
    assert response.status_code == 200
    text = words(response.content)
    assert "Vilken sektor driver förändringen 2015–2024?" in text
    headers = block_headers(response.content)
    assert headers[0] == "Kommun" and headers[-2:] == ["Totalt (kt)", "Drivande sektor"]
    name = two_cities[code].name
    cells = dict(zip(headers[1:], block_rows(response.content)[name], strict=True))
    for sector, tonnes in expected.items():
        assert cells[f"{sector} (kt)"] == swedish(tonnes / 1000), sector
    assert cells["Totalt (kt)"] == swedish(sum(expected.values()) / 1000)


def test_the_driving_sector_is_named_with_its_share_of_the_change(client, two_cities):
    content = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}").content
    rows = block_rows(content)
    for code, name in ((UMEA, "Umeå"), (MALMO, "Malmö")):
        _latest, expected = changes_from_rows(code)
        driver = max(expected, key=lambda s: abs(expected[s]))
        total = sum(expected.values())
        share = round(expected[driver] / total * 100)
        assert total < 0 and expected[driver] < 0  # both cities cut, the driver with them
        assert rows[name][-1] == (
            f"{driver}: {swedish(expected[driver] / 1000)} kt, {share} % av minskningen"
        )
    # Umeå's transport, Malmö's district heating (the real 2026 release)
    assert rows["Umeå"][-1].startswith("Transporter: −35,6 kt, 71 %")
    assert rows["Malmö"][-1].startswith("El och fjärrvärme: −296,1 kt, 94 %")


def test_the_rows_follow_the_comparisons_order(client, two_cities):
    by_name = block_rows(client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}").content)
    assert list(by_name) == ["Malmö", "Umeå"]
    by_total = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}&sort=utslapp").content
    assert list(block_rows(by_total)) == ["Umeå", "Malmö"]  # 365 010 t before 1,1 Mt


def test_a_municipality_without_data_says_so_and_is_left_out_of_the_chart(client, two_cities):
    # Lund and Kiruna have no emissions loaded; Umeå loses its 2015.
    EmissionRow.objects.filter(city=two_cities[UMEA], year=2015).delete()
    cache.clear()
    response = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO},Lund,Kiruna")
    assert response.status_code == 200
    rows = block_rows(response.content)
    assert list(rows) == ["Kiruna", "Lund", "Malmö", "Umeå"]
    assert rows["Umeå"][-1] == "värden för 2015 saknas"
    assert rows["Lund"][-1] == "värden för 2015 och 2024 saknas"
    assert set(rows["Umeå"][:-1]) == {"–"}
    text = words(response.content)
    assert "Saknar sektorvärden för 2015 eller 2024 och visas inte: Kiruna, Lund, Umeå." in text
    figure = _figure(response.content)
    assert figure["data"][0]["y"] == ["Malmö"]


def test_an_import_shows_at_once(
    client, two_cities, ggt_newest, django_capture_on_commit_callbacks
):
    query = f"?kommuner={UMEA},Kiruna"
    rows = block_rows(client.get(PUBLIC + query).content)
    assert rows["Kiruna"][-1] == "värden för 2015 och 2024 saknas"
    with django_capture_on_commit_callbacks(execute=True):  # the generation moves on
        load_emissions(ggt_newest, {"2584"})  # Kiruna
    rows = block_rows(client.get(PUBLIC + query).content)
    _latest, kiruna = changes_from_rows("2584")
    driver = max(kiruna, key=lambda s: abs(kiruna[s]))
    total = sum(kiruna.values())
    # The machinery rose while the total fell: said so, not as a share of the decrease.
    assert kiruna[driver] > 0 > total
    assert rows["Kiruna"][-1] == (
        f"{driver}: {swedish(kiruna[driver] / 1000)} kt, fast totalen minskade "
        f"({swedish(total / 1000)} kt)"
    )
    assert rows["Kiruna"][-1] == "Arbetsmaskiner: +20,6 kt, fast totalen minskade (−2,6 kt)"


def test_nothing_to_draw_leaves_the_table_and_says_why(client, two_cities):
    response = client.get(PUBLIC + "?kommuner=Lund,Kiruna")
    assert response.status_code == 200
    text = words(response.content)
    assert "Ingen av kommunerna har sektorvärden för både 2015 och 2024." in text
    assert f'data-figure="{SECTOR_CHART}-figure"' not in response.content.decode()
    assert block_rows(response.content)["Lund"][-1] == "värden för 2015 och 2024 saknas"


def _figure(content: bytes) -> dict:
    import json

    text = content.decode()
    start = text.index(f'<script id="{SECTOR_CHART}-figure" type="application/json">')
    body = text[text.index(">", start) + 1 : text.index("</script>", start)]
    return json.loads(body)


def test_the_chart_stacks_each_sectors_change_and_credits_smhi(client, two_cities):
    response = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}")
    figure = _figure(response.content)
    go.Figure(figure)  # a valid Plotly figure
    assert figure["layout"]["barmode"] == "relative"
    bars = {t["name"]: t for t in figure["data"] if t["type"] == "bar"}
    _latest, umea = changes_from_rows(UMEA)
    at = bars["Transporter"]["y"].index("Umeå")
    assert bars["Transporter"]["x"][at] == pytest.approx(umea["Transporter"] / 1000, abs=1e-3)
    total = next(t for t in figure["data"] if t["name"] == "Total förändring")
    assert total["x"][total["y"].index("Umeå")] == pytest.approx(
        sum(umea.values()) / 1000, abs=1e-3
    )
    text = words(response.content)
    assert (
        "Källa: SMHI, Nationella emissionsdatabasen (bearbetat av Klimatkollen) "
        "(SMHI:s senaste publicering, via Klimatkollen (data t.o.m. 2024))"
    ) in text


def test_the_download_carries_the_pages_numbers(client, two_cities):
    query = f"?kommuner={UMEA},{MALMO}"
    page = client.get(PUBLIC + query).content
    assert f"/jamfor/diagram/{SECTOR_CHART}.csv?kommuner={MALMO},{UMEA}" in page.decode()
    shown = block_rows(page)
    headers = block_headers(page)
    answer = client.get(PUBLIC + f"diagram/{SECTOR_CHART}.csv{query}")
    assert answer.status_code == 200
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == headers
    for name, *values in rows[1:]:
        assert [swedish(float(v)) for v in values[:-1]] == shown[name][:-1]
        assert values[-1].replace("\u00a0", " ") == shown[name][-1]
    _latest, umea = changes_from_rows(UMEA)
    umea_row = next(r for r in rows if r[0] == "Umeå")
    assert float(umea_row[1]) == pytest.approx(umea["Transporter"] / 1000, abs=1e-3)
    excel = client.get(PUBLIC + f"diagram/{SECTOR_CHART}.xlsx{query}")
    sheet = load_workbook(io.BytesIO(excel.content))["Data"]
    assert [c.value for c in sheet[1]] == headers
    about = load_workbook(io.BytesIO(excel.content))["Om data"]
    assert any("Nationella emissionsdatabasen" in str(c.value) for c in about["A"])


def test_the_staff_comparison_shows_it_and_its_download(staff, two_cities):
    response = staff.get(URL + f"?urval=valda&kommuner={UMEA},{MALMO}")
    assert response.status_code == 200
    rows = block_rows(response.content)
    assert rows["Umeå"][-1].startswith("Transporter: −35,6 kt, 71 % av minskningen")
    answer = staff.get(URL + f"diagram/{SECTOR_CHART}.csv?urval=valda&kommuner={UMEA},{MALMO}")
    assert answer.status_code == 200
    assert "Transporter: −35,6 kt, 71\u00a0% av minskningen" in answer.content.decode()
    # The contract cities' page (stored) has it too, one row per contract city.
    assert len(block_rows(staff.get(URL).content)) == 23
    # "Så räknas siffrorna" says how the sector columns are made.
    assert "Drivande sektor är den som förändrats mest åt något håll" in response.content.decode()


def test_the_page_of_all_290_links_the_figure_the_contract_cities_page_carries(staff, two_cities):
    # The page of all 290 links its figure (the script fetches it) instead of carrying
    # some 60 kB of it; its table, summary and downloads are in the page all the same.
    many = staff.get(URL + "?urval=alla").content.decode()
    address = f"{URL}diagram/{SECTOR_CHART}.json?urval=alla"
    assert f'data-figure-src="{address}"' in many
    assert f'<script id="{SECTOR_CHART}-figure"' not in many
    assert len(block_rows(many.encode())) == 290
    answer = staff.get(address)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    figure = answer.json()
    go.Figure(figure)  # a valid Plotly figure
    # The municipalities with sector values for both years, in the table's order.
    drawn = [name for name, cells in block_rows(many.encode()).items() if cells[-2] != "–"]
    assert figure["data"][0]["y"] == drawn == ["Malmö", "Umeå"]
    # The same figure the page of a few municipalities carries.
    few = staff.get(URL + f"?urval=valda&kommuner={UMEA},{MALMO}").content
    assert f'data-figure="{SECTOR_CHART}-figure"' in few.decode()
    assert _figure(few)["data"] == figure["data"]
    assert staff.get(f"{URL}diagram/per-invanare.json?urval=alla").status_code == 404


def test_the_linked_figure_is_stored_with_its_page_and_rebuilt_with_it(
    staff, two_cities, ggt_newest, django_capture_on_commit_callbacks
):
    # The figure of the stored view of all 290 is a stored page of its own: built with the
    # data, read by the script as the page is (gzipped when it was built), and rebuilt
    # once an import commits, as the page's table is.
    address = f"{URL}diagram/{SECTOR_CHART}.json?urval=alla"
    before = staff.get(address).json()
    assert before["data"][0]["y"] == ["Malmö", "Umeå"]
    zipped = staff.get(address, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and zipped["Content-Type"] == "application/json"
    assert json.loads(gzip.decompress(zipped.content)) == before
    with django_capture_on_commit_callbacks(execute=True):  # rebuilt once committed
        load_emissions(ggt_newest, {"2584"})  # Kiruna
    after = staff.get(address).json()
    assert after["data"][0]["y"] == ["Kiruna", "Malmö", "Umeå"]
    page = block_rows(staff.get(URL + "?urval=alla").content)
    assert [n for n, cells in page.items() if cells[-2] != "–"] == after["data"][0]["y"]


def test_the_linked_figure_is_refused_to_a_visitor(client, two_cities):
    answer = client.get(f"{URL}diagram/{SECTOR_CHART}.json?urval=alla")
    assert answer.status_code == 302 and "/login" in answer["Location"]


def test_the_download_is_refused_to_a_visitor_on_the_staff_route(client, two_cities):
    answer = client.get(URL + f"diagram/{SECTOR_CHART}.csv?urval=kontrakt")
    assert answer.status_code == 302 and "/login" in answer["Location"]


def test_it_reads_in_english(client, two_cities):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = client.get(PUBLIC + f"?kommuner={UMEA},{MALMO}").content
    text = words(content)
    assert "Which sector drives the change 2015–2024?" in text
    assert block_headers(content)[-2:] == ["Total (kt)", "Driving sector"]
    assert block_rows(content)["Umeå"][-1] == "Domestic transport: −35.6 kt, 71% of the decrease"
