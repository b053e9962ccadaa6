"""The import pages as officers and programme staff use them: upload → preview →
confirm → progress → summary, history with re-run and downloads, and refusals."""

from __future__ import annotations

import csv
import io

import pytest

from indicators.models import EmissionRow, ImportJob, ImportJobStatus, Observation
from tests.parsers.conftest import UMEA_ROWS, ned_csv_text

from .conftest import last_job, login, nothing_written, text_of, upload

TEMPLATE = "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar\r\n"


def template_csv(*rows: str) -> bytes:
    return (TEMPLATE + "".join(r + "\r\n" for r in rows)).encode("utf-8")


@pytest.fixture
def trips(municipalities):
    from indicators.demo import shared_indicators_load

    return shared_indicators_load()["sustainable_trips_share"]


# --- who may ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/import/", "/import/historik/", "/import/mall.csv", "/import/jobb/1/"]
)
def test_anonymous_visitors_get_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_anonymous_visitors_cannot_upload(client, municipalities):
    response = upload(client, "mall.csv", template_csv("2480;x;2024;1"), follow=False)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert ImportJob.objects.count() == 0


def test_a_person_without_a_role_is_refused(client, municipalities, user_factory):
    login(client, user_factory(username="utan.roll"))
    response = client.get("/import/")
    assert response.status_code == 403


def test_an_officer_may_choose_only_their_own_city(client, umea_officer, malmo):
    login(client, umea_officer)
    page = text_of(client.get("/import/"))
    assert "Umeå" in page and "Malmö" not in page
    assert "nationell import" not in page
    response = upload(client, "mall.csv", template_csv("1280;x;2024;1"), city=malmo.pk)
    assert response.status_code == 403
    assert "Du får inte importera data för det valet." in text_of(response)
    response = upload(client, "mall.csv", template_csv("1280;x;2024;1"), city="national")
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_an_officers_file_with_other_cities_rows_imports_only_their_own(
    client, umea_officer, umea, trips, confirm
):
    # Issue 14: a national or county file is not refused whole; the other rows are left
    # aside and counted.
    login(client, umea_officer)
    content = template_csv(
        "2480;sustainable_trips_share;2023;61",
        "1280;sustainable_trips_share;2023;55",
        "0180;sustainable_trips_share;2023;70",
    )
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Nya värden 1" in page
    assert "2 rader för 2 andra kommuner lämnades utanför; bara värdena för Umeå läses in." in page
    page = text_of(confirm(last_job()))
    assert "2 rader för andra kommuner, län eller riket lämnades utanför." in page
    assert list(Observation.objects.values_list("city__code", "value")) == [("2480", 61.0)]


def test_an_officers_file_without_any_of_their_rows_is_refused(client, umea_officer, umea, trips):
    login(client, umea_officer)
    content = template_csv(
        "1280;sustainable_trips_share;2023;55",
        "0180;sustainable_trips_share;2023;70",
    )
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Filen har inga värden för Umeå; dess 2 rader gäller 2 andra kommuner." in page
    assert "Bekräfta och importera" not in page
    assert last_job().status == ImportJobStatus.FAILED
    assert Observation.objects.count() == 0


def test_a_malmo_officer_cannot_see_or_rerun_umeas_job(
    client, umea_officer, malmo_officer, umea, trips
):
    login(client, umea_officer)
    upload(client, "resor.csv", template_csv("2480;sustainable_trips_share;2023;61"), city=umea.pk)
    job = last_job()
    client.logout()
    login(client, malmo_officer)
    # Refused like every route the person may not use (the permission matrix's rule).
    assert client.get(f"/import/jobb/{job.pk}/").status_code == 403
    assert client.post(f"/import/jobb/{job.pk}/bekrafta/").status_code == 403
    assert client.post(f"/import/jobb/{job.pk}/kor-igen/").status_code == 403
    assert client.get(f"/import/jobb/{job.pk}/fil/").status_code == 403
    assert client.get(f"/import/jobb/{job.pk + 1000}/").status_code == 404
    assert ImportJob.objects.count() == 1
    assert Observation.objects.count() == 0


def test_staff_run_national_imports(client, staff_user, municipalities, confirm):
    login(client, staff_user)
    assert "Alla kommuner (nationell import)" in text_of(client.get("/import/"))
    response = upload(client, "lansrapport.csv", ned_csv_text(UMEA_ROWS).encode())
    page = text_of(response)
    assert "Förhandsgranskning" in page and "Nationell import" in page
    assert "Nya värden 6" in page
    assert EmissionRow.objects.count() == 0  # the preview wrote nothing
    page = text_of(confirm(last_job()))
    assert "Klar" in page and "Nya värden 6" in page
    assert EmissionRow.objects.count() == 6


def test_an_officers_national_emission_file_imports_only_their_citys_rows(
    client, umea_officer, umea, confirm
):
    # SMHI's Länsrapport holds Riket, the county, Umeå and Skellefteå: Umeå's rows are
    # read in, Skellefteå's and the aggregates left aside and counted (the emission import
    # once counted none of the officer's own rows and refused such a file whole).
    login(client, umea_officer)
    page = text_of(
        upload(client, "lansrapport.csv", ned_csv_text(UMEA_ROWS).encode(), city=umea.pk)
    )
    assert "Filen har inga värden för Umeå" not in page
    assert "Nya värden 4" in page
    assert "2 rader för 1 annan kommun lämnades utanför; bara värdena för Umeå läses in." in page
    assert EmissionRow.objects.count() == 0  # the preview wrote nothing
    page = text_of(confirm(last_job()))
    assert "Klar" in page and "Nya värden 4" in page
    assert set(EmissionRow.objects.values_list("city__code", flat=True)) == {"2480"}


# --- the flow ----------------------------------------------------------------------------


def test_an_officer_uploads_previews_confirms_and_sees_the_summary(
    client, umea_officer, umea, trips, confirm
):
    login(client, umea_officer)
    content = template_csv(
        "2480;sustainable_trips_share;2022;58,5;slutligt;RVU 2022;",
        "2480;sustainable_trips_share;2023;61;preliminärt;;Enkät",
    )
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Ingenting har sparats ännu" in page
    assert "Nya värden 2" in page and "Avvisade rader 0" in page
    assert Observation.objects.count() == 0

    page = text_of(confirm(last_job()))
    assert "Klar" in page
    assert "resor.csv (Kommunens egna uppgifter): 2 nya, 0 ändrade, 0 oförändrade rader." in page
    values = {o.year: o for o in Observation.objects.all()}
    assert values[2022].value == 58.5 and values[2023].status == "preliminary"
    # The city's own values follow the forms' draft rule (tests/imports/test_import_drafts.py).
    assert all(not o.is_published and o.updated_by == umea_officer for o in values.values())
    assert (values[2022].reference, values[2022].note) == ("RVU 2022", "")
    assert (values[2023].reference, values[2023].note) == ("", "Enkät")


def test_the_preview_shows_changed_values_old_and_new(client, umea_officer, umea, trips, confirm):
    login(client, umea_officer)
    upload(client, "resor.csv", template_csv("2480;sustainable_trips_share;2023;61"), city=umea.pk)
    confirm(last_job())
    content = template_csv(
        "2480;sustainable_trips_share;2023;62,5", "2480;sustainable_trips_share;2024;64"
    )
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "Nya värden 1" in page and "Ändrade värden 1" in page
    assert "Umeå Andel resor med kollektivtrafik, cykel eller till fots 2023 61,000 62,500" in page
    assert Observation.objects.get(year=2023).value == 61  # not yet
    confirm(last_job())
    assert Observation.objects.get(year=2023).value == 62.5


def test_rejected_rows_block_the_import_unless_the_person_confirms_only_valid_rows(
    client, umea_officer, umea, trips, confirm
):
    login(client, umea_officer)
    content = template_csv(
        "2480;sustainable_trips_share;2023;61", "2480;sustainable_trips_share;2024;många"
    )
    page = text_of(upload(client, "resor.csv", content, city=umea.pk))
    assert "1 rad avvisades" in page
    assert "resor.csv 3 Värde" in page  # file, row and column of the problem
    job = last_job()
    page = text_of(confirm(job))
    assert "Kryssa i rutan för att importera bara de giltiga raderna" in page
    assert Observation.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJobStatus.PREVIEW

    page = text_of(confirm(job, skip_rejected=True))
    assert "1 avvisad rad hoppades över" in page
    assert list(Observation.objects.values_list("year", "value")) == [(2023, 61.0)]


def test_a_job_cannot_be_confirmed_twice(client, umea_officer, umea, trips, confirm):
    login(client, umea_officer)
    upload(client, "resor.csv", template_csv("2480;sustainable_trips_share;2023;61"), city=umea.pk)
    job = last_job()
    confirm(job)
    confirm(job)
    assert Observation.objects.count() == 1
    job.refresh_from_db()
    assert job.attempts == 1


def test_the_progress_bar_follows_a_running_job(client, umea_officer, umea, trips):
    from indicators.import_jobs import _beat

    login(client, umea_officer)
    upload(client, "resor.csv", template_csv("2480;sustainable_trips_share;2023;61"), city=umea.pk)
    job = last_job()
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, rows_total=4000)
    _beat(job.pk, 1000)
    status = client.get(f"/import/jobb/{job.pk}/status.json").json()
    assert status["status"] == "running" and status["finished"] is False
    assert (status["rows_read"], status["rows_total"], status["percent"]) == (1000, 4000, 25)
    page = client.get(f"/import/jobb/{job.pk}/")
    text = text_of(page)
    assert "Pågår: 1 000 av 4 000 värden lästa." in text
    assert f'href="/import/jobb/{job.pk}/"' in page.content.decode()  # works without JS
    assert 'value="1000"' in page.content.decode()


def test_the_error_report_never_exports_a_formula(client, umea_officer, umea, trips):
    login(client, umea_officer)
    content = template_csv(
        "2480;sustainable_trips_share;2023;=1+1",
        "2480;sustainable_trips_share;2024;60;;@SUM(A1);-2+3",
    )
    upload(client, "formler.csv", content, city=umea.pk)
    job = last_job()
    response = client.get(f"/import/jobb/{job.pk}/felrapport.csv")
    assert response["Content-Disposition"] == f'attachment; filename="felrapport-jobb-{job.pk}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Fil", "Rad", "Kolumn", "Typ", "Meddelande", "Värde"]
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, "the report lists the problems"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    assert "'=1+1" in cells


def test_the_original_file_can_be_downloaded(client, umea_officer, umea, trips):
    login(client, umea_officer)
    content = template_csv("2480;sustainable_trips_share;2023;61")
    upload(client, "resor.csv", content, city=umea.pk)
    response = client.get(f"/import/jobb/{last_job().pk}/fil/")
    assert b"".join(response.streaming_content) == content
    assert 'filename="resor.csv"' in response["Content-Disposition"]


def test_rerun_starts_a_new_preview_of_the_same_file(client, umea_officer, umea, trips, confirm):
    login(client, umea_officer)
    upload(client, "resor.csv", template_csv("2480;sustainable_trips_share;2023;61"), city=umea.pk)
    first = last_job()
    confirm(first)
    page = text_of(client.post(f"/import/jobb/{first.pk}/kor-igen/", follow=True))
    second = last_job()
    assert second.pk != first.pk and second.rerun_of == first
    assert second.status == ImportJobStatus.PREVIEW
    assert "Oförändrade värden 1" in page and "Nya värden 0" in page


def test_the_history_lists_jobs_in_a_fixed_number_of_queries(
    client, umea_officer, umea, trips, django_assert_num_queries
):
    login(client, umea_officer)
    for year in (2021, 2022, 2023):
        content = template_csv(f"2480;sustainable_trips_share;{year};61")
        upload(client, f"resor-{year}.csv", content, city=umea.pk)
    with django_assert_num_queries(5):
        page = text_of(client.get("/import/historik/"))
    for year in (2021, 2022, 2023):
        assert f"resor-{year}.csv Umeå Väntar på bekräftelse anna.umea" in page


def test_the_templates_can_be_downloaded(client, umea_officer):
    login(client, umea_officer)
    response = client.get("/import/mall.csv")
    assert response.content.decode("utf-8-sig").startswith(
        "Kommunkod;Indikator;År;Värde;Status;Källa;Kommentar"
    )
    xlsx = client.get("/import/mall.xlsx")
    assert xlsx.content[:2] == b"PK"
    assert client.get("/import/mall.pdf").status_code == 404


def test_a_60_mb_file_is_refused_with_the_limit_named(client, staff_user, municipalities):
    login(client, staff_user)
    response = upload(client, "stor.csv", b"0" * (60 * 1024 * 1024))
    assert response.status_code == 400
    assert "stor.csv: Filen är för stor (60 MB); största tillåtna storlek är 50 MB." in (
        text_of(response)
    )
    assert ImportJob.objects.count() == 0
    assert nothing_written()


def test_the_upload_and_job_pages_cost_a_fixed_number_of_queries(
    client, umea_officer, umea, trips, django_assert_num_queries
):
    login(client, umea_officer)
    rows = [f"2480;sustainable_trips_share;{year};{year - 1960}" for year in range(1990, 2025)]
    upload(
        client,
        "resor.csv",
        template_csv(*rows, "2480;sustainable_trips_share;2025;x"),
        city=umea.pk,
    )
    job = last_job()
    with django_assert_num_queries(4):
        page = text_of(client.get(f"/import/jobb/{job.pk}/"))
    assert "Nya värden 35" in page and "Avvisade rader 1" in page
    with django_assert_num_queries(5):  # + the cities whose pre-filled template is offered
        client.get("/import/")


def test_an_officer_uploads_koladas_national_dump_and_gets_only_their_citys_rows(
    client, umea_officer, umea, confirm, data_dir, indicator_factory
):
    # Kolada's dump covers every municipality, the counties and Riket (read at test time);
    # a city reads a Kolada KPI into its own indicator with that Kolada id.
    indicator_factory(city=umea, key="umea_n00401", name="Utsläpp N00401", kolada_id="N00401")
    path = data_dir / "kolada" / "ddf_kolada_dump" / "ddf--datapoints--n00401--by--geo--year.csv"
    umea_rows = sum(1 for line in path.read_text().splitlines() if line.startswith("2480,"))
    login(client, umea_officer)
    page = text_of(upload(client, path.name, path.read_bytes(), city=umea.pk))
    assert f"Nya värden {umea_rows}" in page
    assert "andra kommuner lämnades utanför; bara värdena för Umeå läses in." in page
    confirm(last_job())
    assert set(Observation.objects.values_list("city__code", flat=True)) == {"2480"}
    assert Observation.objects.count() == umea_rows
