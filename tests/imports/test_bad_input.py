"""Every kind of bad file in the issue's list, generated here, uploaded through the page and
imported with the command: a clear Swedish message naming the file, row and column, no
rows written, never a server error."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import ImportJob, ImportJobStatus

from .bad_files import CASES
from .conftest import last_job, login, nothing_written, text_of, upload

# id → (row, column) of the first problem; (None, None) for a problem with the whole file.
WHERE: dict[str, tuple[int | None, str | None]] = {
    "empty_csv": (None, None),
    "empty_xlsx": (None, None),
    "only_whitespace": (None, None),
    "windows_1252_template_with_bad_value": (2, "Värde"),
    "windows_1252_lansrapport_bad_number": (13, "2019"),
    "template_missing_value_column": (1, None),
    "template_wrong_columns": (None, None),
    "lansrapport_without_kommun_column": (7, None),
    "template_xlsx_sheet_renamed_without_header": (None, None),
    "sei_xlsx_sheet_renamed": (None, None),
    "text_for_a_number_template": (3, "Värde"),
    "text_for_a_number_lansrapport": (13, "1990"),
    "text_for_a_number_template_xlsx": (2, "Värde"),
    "text_for_a_number_kolada_dump": (3, "n00401"),
    "negative_emissions_csv": (13, "1990"),
    "negative_emissions_xlsx": (7, "1990"),
    "year_before_1990_template": (2, "År"),
    "year_after_next_year_template": (2, "År"),
    "year_before_1990_lansrapport_header": (7, "1985"),
    "year_after_next_year_kolada_dump": (2, "year"),
    "unknown_municipality_code_template": (2, "Kommunkod"),
    "unknown_municipality_name_lansrapport": (13, "Kommun"),
    "unknown_municipality_code_kolada_api": (1, "municipality"),
    "unknown_municipality_name_klimatkollen": (1, "name"),
    "same_year_twice_template": (3, "Värde"),
    "same_year_twice_lansrapport": (13, "Kommun"),
    "same_year_twice_kolada_dump": (3, "geo"),
    "xlsx_zip_bomb": (None, None),
    "zip_that_is_not_a_workbook": (None, None),
    "picture_named_xlsx": (None, None),
    "damaged_workbook": (None, None),
    "formula_in_template_value": (2, "Värde"),
    "formula_in_template_xlsx_value": (2, "Värde"),
    "formula_in_lansrapport_name": (13, "Kommun"),
    "formula_in_lansrapport_xlsx_number": (7, "1990"),
    "duplicated_ids_sei_county_json": (2, "code"),
    "duplicated_ids_kolada_api": (2, "value"),
    "double_encoded_klimatkollen": (1, "name"),
    "double_encoded_sei_county": (2, "name"),
    "double_encoded_lansrapport": (10, "Kommun"),
    "unknown_indicator_template": (2, "Indikator"),
    "emission_indicator_in_template": (2, "Indikator"),
}
IDS = [case[0] for case in CASES]


def test_there_are_at_least_thirty_generated_bad_files_and_each_has_an_expectation():
    assert len(CASES) >= 30
    assert set(IDS) == set(WHERE)


@pytest.fixture
def indicators(municipalities):
    from indicators.demo import shared_indicators_load
    from indicators.models import Indicator

    loaded = shared_indicators_load()
    # The shared Kolada indicator programme staff made, which an officer's Kolada files
    # fill (an officer's upload never creates one: tests/imports/test_shared_catalogue.py).
    Indicator.objects.get_or_create(
        key="kolada:N00401",
        defaults={
            "name": "Utsläpp av växthusgaser",
            "unit": "ton CO2-ekv/inv",
            "kolada_id": "N00401",
        },
    )
    return loaded


@pytest.mark.parametrize(("case", "name", "content", "who"), CASES, ids=IDS)
def test_a_bad_upload_is_explained_and_nothing_is_written(
    client, case, name, content, who, umea_officer, staff_user, umea, indicators, confirm
):
    login(client, umea_officer if who == "umea" else staff_user)
    response = upload(client, name, content, city=umea.pk if who == "umea" else "national")
    assert response.status_code in (200, 400)
    page = text_of(response)
    assert name in page
    row, column = WHERE[case]
    job = last_job()
    if response.status_code == 400:  # refused by the form before anything was stored
        assert f"{name}: filen är tom." in page
        assert job is None
    else:
        first = next(e for e in job.errors if e["severity"] == "error")
        assert (first["file"], first["row"], first["column"]) == (name, row, column)
        assert first["message"] in page.replace("&quot;", '"')
        if row is not None:
            # the table cells read: file, row, column, message
            assert f"{name} {row} {column or '–'} " in page
        assert job.status in (ImportJobStatus.FAILED, ImportJobStatus.PREVIEW)
        assert "Bekräfta och importera" not in page or "avvisades" in page
        if job.status == ImportJobStatus.PREVIEW:
            confirm(job)  # confirming without choosing to skip rejected rows
            job.refresh_from_db()
            assert job.status == ImportJobStatus.PREVIEW
    assert nothing_written()


@pytest.mark.parametrize(("case", "name", "content", "who"), CASES, ids=IDS)
def test_a_bad_file_given_to_the_command_is_explained_and_nothing_is_written(
    case, name, content, who, tmp_path, indicators
):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("import_data", str(path))
    message = str(raised.value)
    assert name in message
    row, column = WHERE[case]
    if row is not None and content:
        where = f"{name}, rad {row}" + (f", kolumn {column}" if column else "")
        assert where in message
    assert nothing_written()
    assert all(job.status == ImportJobStatus.FAILED for job in ImportJob.objects.all())


def test_a_60_mb_file_given_to_the_command_is_refused_with_the_limit(tmp_path, municipalities):
    path = tmp_path / "stor.csv"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: 60 MB without writing them
    with pytest.raises(CommandError) as raised:
        call_command("import_data", str(path))
    assert "stor.csv: Filen är för stor (60 MB); största tillåtna storlek är 50 MB." in str(
        raised.value
    )
    assert nothing_written()
